"""The timeline function: the home feed (/push/article/), /timeline/, /timeline/sync/ and /notifications/."""

from __future__ import annotations

from chalicelib.feed.notices.routes import bp as notices
from chalicelib.feed.reading.routes import bp as reading
from chalicelib.functions.factory import build
from chalicelib.users import principals

principals.wire()
app = build(reading, notices)

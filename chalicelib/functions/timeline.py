"""The timeline function: the home feed (/push/article/), /timeline/ and /timeline/sync/."""

from __future__ import annotations

from chalicelib.feed.reading.routes import bp as reading
from chalicelib.functions.factory import build
from chalicelib.users import principals

principals.wire()
app = build(reading)

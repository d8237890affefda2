"""The follow function: GET and PUT /article/focus/."""

from __future__ import annotations

from chalicelib.feed.follows.routes import bp as follows
from chalicelib.functions.factory import build
from chalicelib.users import principals

principals.wire()
app = build(follows)

"""Follow routes (its own blueprint, so the follow function imports only the follows sub-context)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint

from chalicelib.core.auth import Principal
from chalicelib.core.routing import route
from chalicelib.feed.follows import service as follows
from chalicelib.feed.follows.requests import FocusQuery, FocusRequest

bp = Blueprint(__name__)
_TOGGLE = {409: "lost a race with another change, or not allowed in this state"}


def _now() -> datetime:
    return datetime.now(UTC)


@route(bp, "/article/focus/", query=FocusQuery, auth="optional")
def focus_status(user: Principal | None, query: FocusQuery) -> dict[str, Any]:
    return follows.focus_status(user, query.author_id)


@route(bp, "/article/focus/", ["PUT"], body=FocusRequest, auth="user", responses=_TOGGLE)
def toggle_focus(user: Principal, body: FocusRequest) -> dict[str, Any]:
    return follows.toggle_focus(user, body, int(_now().timestamp() * 1_000_000))

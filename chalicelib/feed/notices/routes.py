"""Notification routes (beyond the seeds): the aggregated notifications of a user's articles and follows."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.core.auth import Principal
from chalicelib.core.routing import route
from chalicelib.feed.notices import service
from chalicelib.feed.notices.requests import NoticesQuery

bp = Blueprint(__name__)


@route(bp, "/notifications/", query=NoticesQuery, auth="user")
def notifications(user: Principal, query: NoticesQuery) -> dict[str, Any]:
    return service.page(user.user_id, query.page, query.size)


@route(bp, "/notifications/counts/", auth="user")
def notification_counts(user: Principal) -> dict[str, Any]:
    return service.counts(user.user_id)


@route(bp, "/notifications/seen/", ["PUT"], auth="user")
def notifications_seen(user: Principal) -> dict[str, Any]:
    return service.mark_seen(user.user_id)


@route(bp, "/notifications/{group}/read/", ["PUT"], auth="user", responses={404: "no such notification of yours"})
def notification_read(user: Principal, group: str) -> dict[str, Any]:
    return service.mark_read(user.user_id, group)

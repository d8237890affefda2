"""Follow use cases: the focus status, follow and unfollow (the seed's FocusAPIView), follower lists."""

from __future__ import annotations

from typing import Any, Literal

from chalicelib.core import queues
from chalicelib.core.auth import Principal
from chalicelib.core.errors import NotFound, field_error
from chalicelib.core.observability import logger
from chalicelib.feed.fanout.messages import QUEUE, BackfillMessage, Sender
from chalicelib.feed.follows import repository
from chalicelib.feed.follows.models import FOLLOWING, NOT_FOLLOWING, NOT_LOGGED_IN, SELF, Relation
from chalicelib.feed.follows.repository import Follows
from chalicelib.feed.follows.requests import FocusRequest, PeopleQuery
from chalicelib.users import repository as users


def _author_name(author_id: int) -> str:
    author = users.get_user(author_id)
    if author is None:
        raise NotFound("author not found")
    return author.username


def focus_status(principal: Principal | None, author_id: int, *, follows: Follows = repository) -> dict[str, Any]:
    """-2 anonymous, -1 the author themself, 1 following, 0 not (the seed answers -2 with HTTP 200)."""
    if principal is None:
        return {"status": NOT_LOGGED_IN, "detail": "not logged in"}
    _author_name(author_id)
    if author_id == principal.user_id:
        return {"status": SELF, "detail": "you are the author"}
    if follows.following(principal.user_id, author_id) is None:
        return {"status": NOT_FOLLOWING, "detail": "not following"}
    return {"status": FOLLOWING, "detail": "following"}


def toggle_focus(
    principal: Principal,
    request: FocusRequest,
    now_us: int,
    *,
    follows: Follows = repository,
    send: Sender = queues.send,
) -> dict[str, Any]:
    """Unfollow when the caller says they follow (1), follow when not (0); repeating either changes nothing."""
    if request.author_id == principal.user_id:
        raise field_error("author_id", "you cannot follow yourself")
    author_name = _author_name(request.author_id)
    if request.status == FOLLOWING:
        follows.unfollow(principal.user_id, request.author_id)
        return {"status": NOT_FOLLOWING, "detail": "unfollowed"}
    pull = follows.stats(request.author_id).pull_since is not None
    reader, author = principal.user_id, request.author_id
    if follows.follow(Relation(reader, author, principal.username, author_name, since_us=now_us), pull):
        _queue_backfill(send, BackfillMessage(reader_id=reader, author_id=author, since_us=now_us))
    return {"status": FOLLOWING, "detail": "followed"}


def _queue_backfill(send: Sender, message: BackfillMessage) -> None:
    # The follow has committed: failing the request now would only make the client retry a done follow.
    try:
        send(QUEUE, message)
    except Exception:
        logger.warning("backfill not queued; the reader gets new posts only", exc_info=True)


def people(
    user_id: int, query: PeopleQuery, side: Literal["followers", "followees"], *, follows: Follows = repository
) -> dict[str, Any]:
    """One page of a user's followers or followees by id, with the total from the user's counters."""
    _author_name(user_id)
    page_of = follows.followers_page if side == "followers" else follows.followees_page
    found, more = page_of(user_id, query.cursor, query.size)
    stats = follows.stats(user_id)
    return {
        "count": stats.followers if side == "followers" else stats.followees,
        "results": [{"id": person.id, "username": person.username} for person in found],
        "next_cursor": found[-1].id if more and found else None,
    }

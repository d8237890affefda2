"""Follow use cases: the focus status, follow and unfollow (the seed's FocusAPIView), follower lists."""

from __future__ import annotations

from typing import Any, Literal

from chalicelib.core.auth import Principal
from chalicelib.core.errors import NotFound, field_error
from chalicelib.core.observability import logger
from chalicelib.feed import messages
from chalicelib.feed import relations_repository as relations
from chalicelib.feed.models import FocusRequest, PeopleQuery
from chalicelib.users import repository as users

NOT_LOGGED_IN, SELF, NOT_FOLLOWING, FOLLOWING = -2, -1, 0, 1


def _author(author_id: int) -> users.UserModel:
    author = users.get_user(author_id)
    if author is None:
        raise NotFound("author not found")
    return author


def focus_status(principal: Principal | None, author_id: int) -> dict[str, Any]:
    """-2 anonymous, -1 the author themself, 1 following, 0 not (the seed answers -2 with HTTP 200)."""
    if principal is None:
        return {"status": NOT_LOGGED_IN, "detail": "not logged in"}
    _author(author_id)
    if author_id == principal.user_id:
        return {"status": SELF, "detail": "you are the author"}
    if relations.following(principal.user_id, author_id) is None:
        return {"status": NOT_FOLLOWING, "detail": "not following"}
    return {"status": FOLLOWING, "detail": "following"}


def toggle_focus(principal: Principal, request: FocusRequest, now_us: int) -> dict[str, Any]:
    """Unfollow when the caller says they follow (1), follow when not (0); repeating either changes nothing."""
    if request.author_id == principal.user_id:
        raise field_error("author_id", "you cannot follow yourself")
    author = _author(request.author_id)
    if request.status == FOLLOWING:
        relations.unfollow(principal.user_id, request.author_id)
        return {"status": NOT_FOLLOWING, "detail": "unfollowed"}
    pull = relations.stats(request.author_id).pull_since is not None
    relation = relations.RelationModel(
        principal.user_id,
        request.author_id,
        follower_name=principal.username,
        author_name=author.username,
        since_us=now_us,
    )
    if relations.follow(relation, pull):
        _queue_backfill(principal.user_id, request.author_id, now_us)
    return {"status": FOLLOWING, "detail": "followed"}


def _queue_backfill(reader_id: int, author_id: int, since_us: int) -> None:
    # The follow has committed: failing the request now would only make the client retry a done follow.
    try:
        messages.send(messages.BackfillMessage(reader_id=reader_id, author_id=author_id, since_us=since_us))
    except Exception:
        logger.warning("backfill not queued; the reader gets new posts only", exc_info=True)


def people(user_id: int, query: PeopleQuery, side: Literal["followers", "followees"]) -> dict[str, Any]:
    """One page of a user's followers or followees by id, with the total from the user's counters."""
    _author(user_id)
    page_of = relations.followers_page if side == "followers" else relations.followees_page
    found, more = page_of(user_id, query.cursor, query.size)
    stats = relations.stats(user_id)
    return {
        "count": int((stats.followers if side == "followers" else stats.followees) or 0),
        "results": [{"id": person.id, "username": person.username} for person in found],
        "next_cursor": found[-1].id if more and found else None,
    }

"""Specials use cases: staff create and change specials and name their managers; a manager lists the specials
they manage with whether an article is in each, and adds public articles to them (once each)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, NotFound, field_error
from chalicelib.core.links import media_url
from chalicelib.core.storage import next_id
from chalicelib.feed.articles import service as articles
from chalicelib.feed.articles.models import PUBLIC, Article
from chalicelib.specials import repository
from chalicelib.specials.models import MAX_MANAGED, PostRequest, Special, SpecialRequest
from chalicelib.specials.repository import Specials
from chalicelib.users import accounts

UserLookup = Callable[[int], Any]  # a user's standing, None when there is no such user
ArticleLookup = Callable[[Principal, int], Article]


def to_admin(special: Special) -> dict[str, Any]:
    """A special as staff see it: the image as stored, the managers' ids and the article count."""
    return {
        "id": special.special_id,
        "name": special.name,
        "image": special.image,
        "managers": list(special.managers),
        "article_count": special.article_count,
    }


def _known(managers: list[int], users: UserLookup) -> tuple[int, ...]:
    unknown = [user_id for user_id in managers if users(user_id) is None]
    if unknown:
        raise field_error("managers", f"no such users: {unknown}")
    return tuple(sorted(managers))


def create(
    req: SpecialRequest,
    now: datetime,
    *,
    specials: Specials = repository,
    users: UserLookup = accounts.standing,
    new_id: Callable[[str], int] = next_id,
) -> dict[str, Any]:
    """A new special with its managers (existing users, 400 naming `managers` otherwise)."""
    special = Special(new_id("special"), req.name, req.image, _known(req.managers, users))
    specials.add(special, now)
    return to_admin(special)


def update(
    special_id: int, req: SpecialRequest, *, specials: Specials = repository, users: UserLookup = accounts.standing
) -> dict[str, Any]:
    """Replace a special's name, image and managers; 404 for an unknown id, 409 if it changed since it was read."""
    managers = _known(req.managers, users)
    before = specials.get(special_id)
    if before is None:
        raise NotFound("special not found")
    after = before._replace(name=req.name, image=req.image, managers=managers, version=before.version + 1)
    if not specials.change(before, after):
        raise Conflict("the special changed meanwhile; reload it")
    return to_admin(after)


def catalog(*, specials: Specials = repository) -> list[dict[str, Any]]:
    """Every special, for staff."""
    return [to_admin(s) for s in specials.catalog()]


def managed(principal: Principal, article_id: int, *, specials: Specials = repository) -> list[dict[str, Any]]:
    """The specials the caller manages (MAX_MANAGED at most, by id), each saying whether the article is in it."""
    ids = specials.managed_by(principal.user_id, MAX_MANAGED)
    if not ids:
        return []
    found, holding = specials.with_article(ids, article_id)
    return [
        {"id": s.special_id, "name": s.name, "image": media_url(s.image), "post_status": s.special_id in holding}
        for s in found
    ]


def post(
    principal: Principal,
    req: PostRequest,
    now: datetime,
    *,
    specials: Specials = repository,
    read: ArticleLookup = articles.readable,
) -> dict[str, Any]:
    """Add a public article to a special the caller manages; again is no change. Another special: 404."""
    article = read(principal, req.article_id)  # 404 for a missing one and another author's private one
    if article.status != PUBLIC:
        raise Conflict("the article is not public: publish it first")
    outcome = specials.post(req.special_id, principal.user_id, req.article_id, now)
    if outcome == "not_manager":
        raise NotFound("no such special of yours")
    detail = "added to the special" if outcome == "added" else "already in the special"
    return {"detail": detail, "special_id": req.special_id, "article_id": req.article_id, "post_status": True}

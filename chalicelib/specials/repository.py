"""Specials in DynamoDB: the only code building their keys; this module's functions implement `Specials`."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol

from pynamodb.expressions.update import Action

from chalicelib.core.storage import get_or_none
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.specials.models import Special
from chalicelib.specials.tables import LISTED, SPECIAL, SpecialModel, article_entry, manager_entry

Posted = Literal["added", "already", "not_manager"]
MAX_CATALOG = 1000  # staff's list of specials


class Specials(Protocol):
    """Where specials are kept."""

    def add(self, special: Special, now: datetime) -> None: ...
    def get(self, special_id: int) -> Special | None: ...
    def catalog(self) -> list[Special]: ...
    def change(self, before: Special, after: Special) -> bool: ...
    def managed_by(self, user_id: int, limit: int) -> list[int]: ...
    def with_article(self, special_ids: list[int], article_id: int) -> tuple[list[Special], set[int]]: ...
    def post(self, special_id: int, manager_id: int, article_id: int, now: datetime) -> Posted: ...


def _special(row: SpecialModel) -> Special:
    managers = tuple(sorted(int(m) for m in row.managers or ()))
    counts = int(row.article_count or 0), int(row.version or 0)
    return Special(int(row.special_id), row.name or "", row.image or "", managers, *counts)


def _manager(special_id: int, user_id: int) -> SpecialModel:
    return SpecialModel(special_id, manager_entry(user_id), manager_id=user_id)


def add(special: Special, now: datetime) -> None:
    """Store a new special and its manager items in one transaction."""
    row = SpecialModel(
        special.special_id,
        SPECIAL,
        name=special.name,
        image=special.image,
        managers=set(special.managers),
        article_count=0,
        version=0,
        created_at=now,
        catalog_part=LISTED,
    )
    with Transaction() as tx:
        tx.save(row, condition=SpecialModel.entry.does_not_exist(), label="special")
        for user_id in special.managers:
            tx.save(_manager(special.special_id, user_id), label=f"manager {user_id}")


def get(special_id: int) -> Special | None:
    """One special, read consistently (a change follows it), or None."""
    row = get_or_none(SpecialModel, special_id, SPECIAL, consistent_read=True)
    return None if row is None else _special(row)


def catalog() -> list[Special]:
    """Every special by id (MAX_CATALOG at most), from the sparse index of their own items."""
    return [_special(r) for r in SpecialModel.catalog.query(LISTED, limit=MAX_CATALOG)]


def change(before: Special, after: Special) -> bool:
    """Write the special's new name, image and managers if it is still as `before` was read; False if it changed."""
    actions: list[Action] = [
        SpecialModel.name.set(after.name),
        SpecialModel.image.set(after.image),
        SpecialModel.managers.set(set(after.managers)),
        SpecialModel.version.add(1),
    ]
    unchanged = SpecialModel.version == before.version
    try:
        with Transaction() as tx:
            tx.update(SpecialModel(before.special_id, SPECIAL), actions=actions, condition=unchanged, label="special")
            for user_id in set(before.managers) - set(after.managers):
                tx.delete(SpecialModel(before.special_id, manager_entry(user_id)), label=f"gone {user_id}")
            for user_id in set(after.managers) - set(before.managers):
                tx.save(_manager(before.special_id, user_id), label=f"new {user_id}")
    except TransactionCancelled as exc:
        if "special" in exc.failed:
            return False
        raise
    return True


def managed_by(user_id: int, limit: int) -> list[int]:
    """The ids of the specials the user manages, ascending, `limit` at most."""
    return [int(r.special_id) for r in SpecialModel.managed.query(user_id, limit=limit)]


def with_article(special_ids: list[int], article_id: int) -> tuple[list[Special], set[int]]:
    """The specials, and which of them hold the article: one BatchGetItem for both (two keys per special)."""
    keys = [(s, entry) for s in special_ids for entry in (SPECIAL, article_entry(article_id))]
    specials, holding = [], set()
    for row in SpecialModel.batch_get(keys):
        if row.entry == SPECIAL:
            specials.append(_special(row))
        else:
            holding.add(int(row.special_id))
    return sorted(specials, key=lambda s: s.special_id), holding


def post(special_id: int, manager_id: int, article_id: int, now: datetime) -> Posted:
    """Add the article to the special if `manager_id` manages it, counted in the same transaction; once only."""
    entry = SpecialModel(special_id, article_entry(article_id), article_id=article_id, posted_by=manager_id)
    entry.posted_at = now
    try:
        with Transaction() as tx:
            tx.check(SpecialModel, special_id, manager_entry(manager_id), SpecialModel.entry.exists(), "manager")
            tx.save(entry, condition=SpecialModel.entry.does_not_exist(), label="article")
            count: list[Action] = [SpecialModel.article_count.add(1)]
            tx.update(
                SpecialModel(special_id, SPECIAL), actions=count, condition=SpecialModel.entry.exists(), label="special"
            )
    except TransactionCancelled as exc:
        if "manager" in exc.failed:
            return "not_manager"
        if "article" in exc.failed:
            return "already"
        raise
    return "added"

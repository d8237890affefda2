"""Per-category, per-day visit counters (the seed's GoodsVisitCount) as atomic `ADD`s."""

from __future__ import annotations

import random
from collections import Counter

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model

from chalicelib.core.storage import table_meta


class VisitsByDate(GlobalSecondaryIndex["VisitModel"]):
    """The same records keyed the other way round: one day's (or one day-shard's) categories."""

    class Meta:
        index_name = "by-date"
        projection = IncludeProjection(["count"])

    date = UnicodeAttribute(hash_key=True)
    category_id = NumberAttribute(range_key=True)


class VisitModel(Model):
    """One category's visits on one business day: `date` is "YYYY-MM-DD", or "YYYY-MM-DD#k" when sharded."""

    Meta = table_meta("visits")
    category_id = NumberAttribute(hash_key=True)
    date = UnicodeAttribute(range_key=True)
    # `count` is the seed's column name; in Python it would shadow Model.count().
    visits = NumberAttribute(attr_name="count", default=0)
    by_date = VisitsByDate()


def _dates(day: str, shards: int) -> list[str]:
    # The unsharded key is read too, so raising VISIT_SHARDS during a day loses nothing already counted.
    return [day] if shards <= 1 else [day] + [f"{day}#{k}" for k in range(shards)]


def add_visit(category_id: int, day: str, shards: int = 1) -> None:
    """Count one visit with a single UpdateItem: `ADD count 1` creates the record on the first visit, no read first.

    With shards > 1 the visit lands on a random one of `shards` records, spreading a hot category's
    writes (and, since the index is keyed by the same string, the index's writes) over several keys.
    """
    date = day if shards <= 1 else f"{day}#{random.randrange(shards)}"
    VisitModel(category_id, date).update(actions=[VisitModel.visits.add(1)])


def day_counts(day: str, shards: int = 1) -> dict[int, int]:
    """Visits per category on a day, summed over its shards: one index Query per shard key, never a Scan."""
    totals: Counter[int] = Counter()
    for date in _dates(day, shards):
        for record in VisitModel.by_date.query(date):
            totals[int(record.category_id)] += int(record.visits)
    return dict(totals)


def category_count(category_id: int, day: str) -> int:
    """One category's visits on a day over all its shards: one Query with `begins_with` on the date."""
    return sum(int(r.visits) for r in VisitModel.query(category_id, VisitModel.date.startswith(day)))

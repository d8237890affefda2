"""The specials table and its indexes as pynamodb models; specials/repository.py is the adapter that uses them.

One partition per special holds its own item (`entry` "special"), one item per manager ("manager#<user id>") and one
per article in it ("article#<article id>"), so adding an article checks its manager and counts it in one transaction.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, NumberSetAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.core.storage import table_meta

SPECIAL = "special"
LISTED = 1  # the one value of `catalog_part`: present on a special's own item only


def manager_entry(user_id: int) -> str:
    """The entry of a manager's item."""
    return f"manager#{user_id}"


def article_entry(article_id: int) -> str:
    """The entry of an article's item."""
    return f"article#{article_id}"


class ManagedIndex(GlobalSecondaryIndex["SpecialModel"]):
    """The specials a user manages (keys only, sparse: manager items alone carry `manager_id`)."""

    class Meta:
        index_name = "managed"
        projection = KeysOnlyProjection()

    manager_id = NumberAttribute(hash_key=True)
    special_id = NumberAttribute(range_key=True)


class CatalogIndex(GlobalSecondaryIndex["SpecialModel"]):
    """Every special's own item, for staff (sparse: only those carry `catalog_part`)."""

    class Meta:
        index_name = "catalog"
        projection = AllProjection()

    catalog_part = NumberAttribute(hash_key=True)
    special_id = NumberAttribute(range_key=True)


class SpecialModel(Model):
    """A special's own item, a manager's item or an article's item, told apart by `entry`."""

    Meta = table_meta("specials")
    special_id = NumberAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute(null=True)
    image = UnicodeAttribute(null=True)
    managers = NumberSetAttribute(null=True)  # the manager items' users, for showing them (never empty)
    article_count = NumberAttribute(null=True)
    version = NumberAttribute(null=True)
    created_at = UTCDateTimeAttribute(null=True)
    catalog_part = NumberAttribute(null=True)
    manager_id = NumberAttribute(null=True)
    article_id = NumberAttribute(null=True)
    posted_by = NumberAttribute(null=True)
    posted_at = UTCDateTimeAttribute(null=True)
    managed = ManagedIndex()
    catalog = CatalogIndex()

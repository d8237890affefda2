"""The articles table and its indexes as pynamodb models, and its items in wire format; articles/repository.py is the
adapter that writes them. Readers of articles in batches spanning tables (the reader log, read marks, notices) need
only this module, not the repository and the collections it updates.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.storage import table_meta
from chalicelib.feed.articles.models import COUNTERS, PRIVATE, Article, Heading

LISTED = 1  # the one value of the sparse index keys: present means "in the index"


class PublicIndex(GlobalSecondaryIndex["ArticleModel"]):
    """Public articles, newest id first: the pool the hot ranking sorts (keys only, so counters never touch it)."""

    class Meta:
        index_name = "public"
        projection = KeysOnlyProjection()

    public_part = NumberAttribute(hash_key=True)
    article_id = NumberAttribute(range_key=True)


class TimedIndex(GlobalSecondaryIndex["ArticleModel"]):
    """Timed articles by due second: the sweeper's Query (sparse, so it never reads a published one)."""

    class Meta:
        index_name = "timed"
        projection = KeysOnlyProjection()

    timed_part = NumberAttribute(hash_key=True)
    due_at = NumberAttribute(range_key=True)


class CollectionIndex(GlobalSecondaryIndex["ArticleModel"]):
    """A collection's articles in id order: the writer page's list (keys only; the articles come by BatchGet)."""

    class Meta:
        index_name = "collection"
        projection = KeysOnlyProjection()

    collection_id = NumberAttribute(hash_key=True)
    article_id = NumberAttribute(range_key=True)


class ArticleModel(Model):
    """The stored article: `Article`'s fields plus the sparse index keys."""

    Meta = table_meta("feed-articles")
    article_id = NumberAttribute(hash_key=True)
    author_id = NumberAttribute()
    author_name = UnicodeAttribute()
    author_avatar = UnicodeAttribute(null=True)  # a media key, copied from the author at create and publish
    author_nickname = UnicodeAttribute(null=True)  # copied with the avatar
    title = UnicodeAttribute()
    content = UnicodeAttribute(default="")
    html_content = UnicodeAttribute(default="")
    status = UnicodeAttribute(default=PRIVATE)
    pub_date = UTCDateTimeAttribute(null=True)
    feed_key = NumberAttribute(null=True)
    due_at = NumberAttribute(null=True)
    public_part = NumberAttribute(null=True)
    timed_part = NumberAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    read_count = NumberAttribute(default=0)
    like_count = NumberAttribute(default=0)
    collect_count = NumberAttribute(default=0)
    comment_count = NumberAttribute(default=0)
    reward_count = NumberAttribute(default=0)
    collection_id = NumberAttribute(null=True)
    position = NumberAttribute(null=True)  # the writer's order within the collection (models.place)
    # Counts the writes of text and status (what search shows): the search index keeps the highest it was given.
    version = NumberAttribute(default=0)
    public = PublicIndex()
    timed = TimedIndex()
    collection = CollectionIndex()


TABLE = str(ArticleModel.Meta.table_name)
HEADING = ("article_id", "author_id", "title")  # what a projected read of a `Heading` asks for


def article_of(row: ArticleModel) -> Article:
    """The `Article` a stored row holds."""
    counters = {name: int(getattr(row, name) or 0) for name in COUNTERS}
    return Article(
        int(row.article_id),
        int(row.author_id),
        row.author_name,
        row.title,
        row.created_at,
        content=row.content or "",
        html_content=row.html_content or "",
        status=row.status or PRIVATE,
        pub_date=row.pub_date,
        feed_key=None if row.feed_key is None else int(row.feed_key),
        due_at=None if row.due_at is None else int(row.due_at),
        **counters,
        collection_id=None if row.collection_id is None else int(row.collection_id),
        author_avatar=row.author_avatar,
        author_nickname=row.author_nickname,
        position=None if row.position is None else int(row.position),
    )


def from_raw(item: raw.Raw) -> Article:
    """An article item read in wire format (by a batch spanning tables)."""
    return article_of(ArticleModel.from_raw_data(item))


def heading_of(item: raw.Raw) -> Heading:
    """An article's heading from an item read with a projection of HEADING (by a batch spanning tables)."""
    return Heading(int(item["article_id"]["N"]), int(item["author_id"]["N"]), item["title"]["S"])


def key(article_id: int) -> raw.Raw:
    """An article's key in wire format, for batches spanning tables."""
    return {"article_id": raw.num(article_id)}

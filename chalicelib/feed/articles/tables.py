"""The articles table and its indexes as pynamodb models; articles/repository.py is the adapter that uses them."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.core.storage import table_meta
from chalicelib.feed.articles.models import PRIVATE

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

"""A collection (the seed's ArticleCollection) and the name of the one an article goes to when none is named."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

DEFAULT_NAME = "默认文集"  # "default collection": created on first use, renamed like any other
# The writer page reads a collection's articles as one bare list, so a collection holds a bounded number of them:
# the list is one index Query and one BatchGetItem (100 keys), and a write beyond is refused (409).
MAX_ARTICLES = 100


class Collection(NamedTuple):
    """One of a user's collections; `article_count` is kept by the article writes, so a delete can check it."""

    collection_id: int
    owner_id: int
    name: str
    created_at: datetime
    article_count: int = 0
    is_default: bool = False

"""What a recommendation's candidates are to their reader: one batch read across the articles, the reader's log and
the home feed's read marks. Apart from the behaviour log, so a reader of the log alone (a reward's check in the
payments function) loads no read marks or inboxes.
"""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.core import raw_dynamodb as raw
from chalicelib.feed.articles import tables as articles
from chalicelib.feed.articles.models import Article
from chalicelib.feed.reading import read_marks
from chalicelib.feed.recommendations import behaviour_log


def check(user_id: int, article_ids: Iterable[int], marks: bool) -> tuple[dict[int, Article], set[int], set[int]]:
    """Articles by id, which of them the user has a log of and (`marks`) which the home feed showed them.

    One BatchGetItem per 100 keys: two keys per article, three with the home feed's read marks.
    """
    ids = list(dict.fromkeys(article_ids))
    keys = {
        articles.TABLE: [articles.key(i) for i in ids],
        behaviour_log.TABLE: [behaviour_log.key(user_id, i) for i in ids],
    }
    if marks:
        keys[read_marks.TABLE] = [read_marks.key(user_id, i) for i in ids]
    found = raw.batch_get(keys) if ids else {}
    fetched = map(articles.from_raw, found.get(articles.TABLE, []))
    logged = {int(item["article_id"]["N"]) for item in found.get(behaviour_log.TABLE, [])}
    shown = {int(item["article_id"]["N"]) for item in found.get(read_marks.TABLE, [])}
    return {a.article_id: a for a in fetched}, logged, shown

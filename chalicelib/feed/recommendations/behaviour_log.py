"""The behaviour log (the seed's user_message_log_table): one item per (user, article), every change a transaction
with the article's counter, so a counter moves exactly when the log does.

This module's functions are the DynamoDB implementation of `BehaviourLog`.
"""

from __future__ import annotations

from typing import Protocol

from pynamodb.attributes import NumberAttribute
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action as Update
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection, LocalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.storage import table_meta
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.feed.articles import tables as articles
from chalicelib.feed.articles.models import PUBLIC, Article
from chalicelib.feed.articles.tables import ArticleModel
from chalicelib.feed.recommendations.models import Action, Log, Outcome


class BehaviourLog(Protocol):
    """Where users' behaviour on articles is logged and counted."""

    def load(self, user_id: int, article_id: int) -> tuple[Article | None, Log | None]: ...
    def read(self, user_id: int, article_id: int, now_s: int) -> Outcome: ...
    def like(self, user_id: int, article_id: int, now_s: int) -> Outcome: ...
    def unlike(self, user_id: int, article_id: int) -> Outcome: ...
    def collect(self, user_id: int, article_id: int, now_s: int) -> Outcome: ...
    def uncollect(self, user_id: int, article_id: int) -> Outcome: ...
    def comment(self, user_id: int, article_id: int, now_s: int) -> Outcome: ...
    def reward(self, user_id: int, article_id: int, money: int, now_s: int) -> Outcome: ...
    def recent(self, user_id: int, since_s: int, limit: int) -> list[Log]: ...
    def actors(self, article_id: int, since_s: int, limit: int) -> list[Action]: ...


class ByArticleIndex(GlobalSecondaryIndex["LogModel"]):
    """Who acted on an article, latest action first: related users are one Query per article (keys only)."""

    class Meta:
        index_name = "by-article"
        projection = KeysOnlyProjection()

    article_id = NumberAttribute(hash_key=True)
    acted_at = NumberAttribute(range_key=True)


class RecentIndex(LocalSecondaryIndex["LogModel"]):
    """A user's logs by latest action: the newest of a window are one bounded Query."""

    class Meta:
        index_name = "recent"
        projection = IncludeProjection(["read_at", "liked_at", "commented_at", "rewarded_at"])

    user_id = NumberAttribute(hash_key=True)
    acted_at = NumberAttribute(range_key=True)


class LogModel(Model):
    """A user's behaviour on one article: when they read, liked, last commented and rewarded (epoch seconds)."""

    Meta = table_meta("feed-logs")
    user_id = NumberAttribute(hash_key=True)
    article_id = NumberAttribute(range_key=True)
    acted_at = NumberAttribute()  # the latest action (the seed's `timestamp`); an unlike leaves it
    read_at = NumberAttribute(null=True)
    liked_at = NumberAttribute(null=True)  # removed by an unlike
    # 收藏: not among the seed's weighted behaviours, so it leaves `acted_at` (and the recommendations) alone
    collected_at = NumberAttribute(null=True)
    commented_at = NumberAttribute(null=True)
    comments = NumberAttribute(null=True)
    rewarded_at = NumberAttribute(null=True)
    rewards = NumberAttribute(null=True)
    reward_total = NumberAttribute(null=True)  # yuan
    by_article = ByArticleIndex()
    recent = RecentIndex()


TABLE = str(LogModel.Meta.table_name)


def _log(row: LogModel) -> Log:
    return Log(
        int(row.user_id),
        int(row.article_id),
        int(row.acted_at),
        read=row.read_at is not None,
        liked=row.liked_at is not None,
        commented=row.commented_at is not None,
        rewarded=row.rewarded_at is not None,
        collected=row.collected_at is not None,
    )


def key(user_id: int, article_id: int) -> raw.Raw:
    """A log item's key in wire format, for batches spanning tables."""
    return {"user_id": raw.num(user_id), "article_id": raw.num(article_id)}


def load(user_id: int, article_id: int) -> tuple[Article | None, Log | None]:
    """The article and the user's log of it, read consistently in one BatchGetItem."""
    keys = {articles.TABLE: [articles.key(article_id)], TABLE: [key(user_id, article_id)]}
    found = raw.batch_get(keys, consistent=True)
    article = next((articles.from_raw(i) for i in found[articles.TABLE]), None)
    return article, next((_log(LogModel.from_raw_data(i)) for i in found[TABLE]), None)


def _write(user_id: int, article_id: int, actions: list[Update], condition: Condition, counter: Update) -> Outcome:
    """Change the log under its condition and the article's counter under "public, not the user's", or neither."""
    visible = (ArticleModel.status == PUBLIC) & (ArticleModel.author_id != user_id)
    try:
        with Transaction() as tx:
            tx.update(LogModel(user_id, article_id), actions=actions, condition=condition, label="log")
            tx.update(ArticleModel(article_id), actions=[counter], condition=visible, label="article")
    except TransactionCancelled as exc:
        return "article" if "article" in exc.failed else "log"
    return "done"


def read(user_id: int, article_id: int, now_s: int) -> Outcome:
    """Record the first read and count it; "log" if the user had read it already."""
    actions: list[Update] = [LogModel.read_at.set(now_s), LogModel.acted_at.set(now_s)]
    return _write(user_id, article_id, actions, LogModel.read_at.does_not_exist(), ArticleModel.read_count.add(1))


def like(user_id: int, article_id: int, now_s: int) -> Outcome:
    """Like a read, not yet liked article; "log" if it is not read or already liked."""
    actions: list[Update] = [LogModel.liked_at.set(now_s), LogModel.acted_at.set(now_s)]
    condition = LogModel.read_at.exists() & LogModel.liked_at.does_not_exist()
    return _write(user_id, article_id, actions, condition, ArticleModel.like_count.add(1))


def unlike(user_id: int, article_id: int) -> Outcome:
    """Withdraw a like; "log" if there is none."""
    actions: list[Update] = [LogModel.liked_at.remove()]
    return _write(user_id, article_id, actions, LogModel.liked_at.exists(), ArticleModel.like_count.add(-1))


def collect(user_id: int, article_id: int, now_s: int) -> Outcome:
    """收藏 a read, not yet collected article; "log" if it is not read or already collected."""
    condition = LogModel.read_at.exists() & LogModel.collected_at.does_not_exist()
    actions: list[Update] = [LogModel.collected_at.set(now_s)]
    return _write(user_id, article_id, actions, condition, ArticleModel.collect_count.add(1))


def uncollect(user_id: int, article_id: int) -> Outcome:
    """Withdraw a 收藏; "log" if there is none."""
    actions: list[Update] = [LogModel.collected_at.remove()]
    return _write(user_id, article_id, actions, LogModel.collected_at.exists(), ArticleModel.collect_count.add(-1))


def comment(user_id: int, article_id: int, now_s: int) -> Outcome:
    """Record one comment on a read article; "log" if it is not read."""
    actions: list[Update] = [LogModel.commented_at.set(now_s), LogModel.acted_at.set(now_s)]
    actions.append(LogModel.comments.add(1))
    return _write(user_id, article_id, actions, LogModel.read_at.exists(), ArticleModel.comment_count.add(1))


def reward(user_id: int, article_id: int, money: int, now_s: int) -> Outcome:
    """Record one reward of `money` yuan on a read article; "log" if it is not read."""
    actions: list[Update] = [LogModel.rewarded_at.set(now_s), LogModel.acted_at.set(now_s)]
    actions += [LogModel.rewards.add(1), LogModel.reward_total.add(money)]
    return _write(user_id, article_id, actions, LogModel.read_at.exists(), ArticleModel.reward_count.add(1))


def recent(user_id: int, since_s: int, limit: int) -> list[Log]:
    """The user's newest `limit` logs with an action since `since_s`: one Query of the `recent` index."""
    rows = LogModel.recent.query(user_id, LogModel.acted_at >= since_s, scan_index_forward=False, limit=limit)
    return [_log(row) for row in rows]


def newest(user_id: int, keep: int, span_s: int) -> list[Log]:
    """The user's logs newest first: the `keep` newest and any more within `span_s` of their latest action.

    Consistent reads of the `recent` index, `keep` + 1 a page: one Query unless more than that fall in the span.
    """
    found: list[Log] = []
    rows = LogModel.recent.query(user_id, scan_index_forward=False, consistent_read=True, page_size=keep + 1)
    for row in rows:
        log = _log(row)
        if len(found) >= keep and log.acted_at < found[0].acted_at - span_s:
            break
        found.append(log)
    return found


def actors(article_id: int, since_s: int, limit: int) -> list[Action]:
    """The `limit` users who acted on the article most recently since `since_s`: one Query of `by-article`."""
    rows = LogModel.by_article.query(article_id, LogModel.acted_at >= since_s, scan_index_forward=False, limit=limit)
    return [Action(int(r.user_id), int(r.article_id), int(r.acted_at)) for r in rows]

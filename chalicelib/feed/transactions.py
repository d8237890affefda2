"""What the feed offers other contexts' transactions: a paid reward counted on its article and in the reader's log."""

from __future__ import annotations

from pynamodb.expressions.update import Action

from chalicelib.core.transactions import Transaction
from chalicelib.feed.articles.tables import ArticleModel
from chalicelib.feed.recommendations.behaviour_log import LogModel


def count_reward(tx: Transaction, article_id: int, label: str) -> None:
    """One more reward on an existing article; the transaction is cancelled under `label` if the article is gone."""
    actions: list[Action] = [ArticleModel.reward_count.add(1)]
    tx.update(ArticleModel(article_id), actions=actions, condition=ArticleModel.article_id.exists(), label=label)


def log_reward(tx: Transaction, user_id: int, article_id: int, yuan: int, at: int, label: str) -> None:
    """The reader rewarded the article at `at` (epoch seconds): their behaviour log, as recommendations read it."""
    log: list[Action] = [LogModel.rewarded_at.set(at), LogModel.acted_at.set(at), LogModel.rewards.add(1)]
    log.append(LogModel.reward_total.add(yuan))
    tx.update(LogModel(user_id, article_id), actions=log, label=label)

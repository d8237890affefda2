"""Behaviour on articles as CF weighs it, the outcome of a log write, and a scored recommendation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from chalicelib.feed.articles.models import Article

# The seed's behaviour flags: like toggles, comment records one; 收藏 (is_collect) toggles as like does.
Kind = Literal["is_like", "is_comment", "is_collect"]
# Which condition refused a log write: none, the log's (already read, not read yet, like changed) or the article's.
Outcome = Literal["done", "log", "article"]


@dataclass(frozen=True)
class Action:
    """Someone acted on an article; `acted_at` is their latest action on it (epoch seconds)."""

    user_id: int
    article_id: int
    acted_at: int


@dataclass(frozen=True)
class Log(Action):
    """One user's behaviour on one article: which of the weighted actions they took."""

    read: bool = False
    liked: bool = False
    commented: bool = False
    rewarded: bool = False
    collected: bool = False  # 收藏: shown to the author, weighed by nothing (the seed weighs only the four above)


class Scored(NamedTuple):
    """A recommended article and its score."""

    article: Article
    score: int

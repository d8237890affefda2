"""Behaviour on articles as CF weighs it, the outcome of a log write, and a scored recommendation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from chalicelib.feed.articles.models import Article

Kind = Literal["is_like", "is_comment"]  # the seed's behaviour flags: like toggles, comment records one
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


@dataclass(frozen=True)
class Scored:
    """A recommended article and its score."""

    article: Article
    score: int

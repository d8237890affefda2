"""Demo feed: follows among demo1…demo5, ten public articles pushed through the fan-out queue, and some behaviour."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.storage import CounterModel, get_or_none, next_id, write_if
from chalicelib.feed.articles import repository
from chalicelib.feed.articles import service as articles
from chalicelib.feed.collections import service as collections
from chalicelib.feed.follows import service as relations
from chalicelib.feed.follows.requests import FocusRequest
from chalicelib.feed.recommendations import behaviour
from chalicelib.feed.recommendations import behaviour_log as logs
from chalicelib.users import repository as users

# (follower, author): demo1 and demo2 are the popular authors.
FOLLOWS = [
    ("demo2", "demo1"),
    ("demo3", "demo1"),
    ("demo4", "demo1"),
    ("demo5", "demo1"),
    ("demo1", "demo2"),
    ("demo3", "demo2"),
    ("demo5", "demo3"),
]
# (demo slot, author, title): a slot remembers its article's id, so a second load finds it instead of a copy.
ARTICLES = [
    (1, "demo1", "Feed 流系统的三种推送方式"),
    (2, "demo1", "写扩散 · 粉丝的收件箱"),
    (3, "demo1", "读扩散 · 大V 的发件箱"),
    (4, "demo1", "推拉结合的阈值怎么定"),
    (5, "demo2", "自增序列与未读池"),
    (6, "demo2", "定时发布 · 一次性调度加兜底扫描"),
    (7, "demo2", "首页的已读标记"),
    (8, "demo3", "热门文章的排序规则"),
    (9, "demo3", "关注与取消关注的计数"),
    (10, "demo4", "一篇来自 demo4 的随笔"),
]
Done = Literal["is_like", "is_comment", "reward"]
# (reader, demo slot, what else they did after reading): enough for demo5 to get recommendations.
BEHAVIOURS: list[tuple[str, int, tuple[Done, ...]]] = [
    ("demo2", 1, ("is_like",)),
    ("demo2", 8, ()),
    ("demo2", 10, ("is_comment",)),
    ("demo3", 1, ()),
    ("demo3", 2, ("is_like",)),
    ("demo3", 5, ("reward",)),
    ("demo4", 1, ("is_comment",)),
    ("demo4", 6, ()),
    ("demo4", 9, ("is_like",)),
    ("demo5", 1, ()),
    ("demo5", 8, ()),
    ("demo1", 5, ()),
    ("demo1", 10, ("is_like",)),
]


def _principals() -> dict[str, Principal]:
    names = {name for pair in FOLLOWS for name in pair} | {author for _, author, _ in ARTICLES}
    names |= {reader for reader, _, _ in BEHAVIOURS}
    found = {name: users.find_by_account(name, by_mobile=False) for name in sorted(names)}
    missing = [name for name, user in found.items() if user is None]
    if missing:
        raise RuntimeError(f"demo users missing: {missing} (load them first)")
    # With their avatars, as a caller's principal has them: publishing copies the author's onto the article.
    return {name: Principal(int(u.user_id), u.username, avatar=u.avatar) for name, u in found.items() if u}


def load_feed() -> dict[str, int]:
    """Follow, then create and publish the demo articles (so followers get them pushed); safe to run twice."""
    people, now = _principals(), datetime.now(UTC)
    for follower, author in FOLLOWS:
        request = FocusRequest(author_id=people[author].user_id, status=0)
        relations.toggle_focus(people[follower], request, int(now.timestamp() * 1_000_000))
    published = 0
    for slot, author, title in ARTICLES:
        article_id = slot_id(slot)
        existing = repository.get(article_id)
        if existing is None:
            home = collections.default_for(people[author].user_id, now)  # each author's demo articles share one
            repository.create(_article(article_id, people[author], title, now, home.collection_id))
        if existing is None or existing.status == repository.PRIVATE:
            articles.toggle(get_redis(), people[author], article_id, now)
            published += 1
    # The neighbourhoods and the authors' notifications follow from the behaviour log's stream: on a fresh state
    # the pump reads every stream from its oldest record, this load's included.
    recorded = sum(_behave(people[reader], slot_id(slot), done, now) for reader, slot, done in BEHAVIOURS)
    return {"follows": len(FOLLOWS), "articles": len(ARTICLES), "published": published, "recorded": recorded}


def _behave(reader: Principal, article_id: int, done: tuple[Done, ...], now: datetime) -> int:
    """Read, then like, comment or reward unless the log shows it done (a like would toggle back); how many new."""
    log = logs.load(reader.user_id, article_id)[1]
    if log is None:
        behaviour.read(reader, article_id, now)
    had = {"is_like": log.liked, "is_comment": log.commented, "reward": log.rewarded} if log else {}
    todo = [action for action in done if not had.get(action)]
    for action in todo:
        if action == "reward":
            behaviour.reward(reader, article_id, 5, now)
        else:
            behaviour.status(reader, article_id, action, now)
    return (log is None) + len(todo)


def slot_id(slot: int) -> int:
    """The article id of a demo slot: allocated once, then remembered in a named counter item."""
    name = f"feed-demo-article-{slot}"
    found = get_or_none(CounterModel, name, consistent_read=True)
    if found is not None:
        return int(found.value)
    guard = CounterModel(name, value=next_id("article"))
    if write_if(lambda: guard.save(condition=CounterModel.name.does_not_exist())):
        return int(guard.value)
    # A concurrent load won: use its id.
    return int(CounterModel.get(name, consistent_read=True).value)


def _article(article_id: int, author: Principal, title: str, now: datetime, collection: int) -> repository.Article:
    text = f"{title}。这是演示文章的正文。"
    return repository.Article(
        article_id,
        author_id=author.user_id,
        author_name=author.username,
        title=title,
        content=text,
        html_content=f"<p>{text}</p>",
        status=repository.PRIVATE,
        created_at=now,
        collection_id=collection,
    )

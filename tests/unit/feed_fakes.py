"""In-memory stand-ins for the feed's stores and its queue, keeping the DynamoDB ones' conditional rules.

Articles change state only from the state a write names, and are counted in their collection as the transaction
does; a collection is deleted only empty and not the default; a follow exists once and changes the reader's head
as its transaction does; an author is marked pulled once. Inboxes and sequence claims are in inbox_fakes.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import BaseModel

from chalicelib.feed.articles.models import PRIVATE, PUBLIC, TIMED, Article, Writing
from chalicelib.feed.collections.models import MAX_ARTICLES, Collection
from chalicelib.feed.fanout.models import Post
from chalicelib.feed.fanout.service import Stores
from chalicelib.feed.follows.models import Person, Relation, Stats
from tests.unit.inbox_fakes import FakeInboxes, FakeSequences


@dataclass
class FakeCollections:
    """Collections by (owner, id); the default is made once, a delete needs an empty, non-default collection."""

    rows: dict[tuple[int, int], Collection] = field(default_factory=dict)
    defaults: dict[int, int] = field(default_factory=dict)  # owner -> default id: the marker

    def get(self, owner_id: int, collection_id: int) -> Collection | None:
        return self.rows.get((owner_id, collection_id))

    def owned(self, owner_id: int) -> list[Collection]:
        return [c for (owner, _), c in sorted(self.rows.items()) if owner == owner_id]

    def find_default(self, owner_id: int) -> Collection | None:
        return next((c for c in self.owned(owner_id) if c.is_default), None)

    def add(self, collection: Collection) -> None:
        key = (collection.owner_id, collection.collection_id)
        assert key not in self.rows, "a collection id is used once"
        self.rows[key] = collection

    def add_default(self, collection: Collection) -> bool:
        if collection.owner_id in self.defaults:
            return False
        self.defaults[collection.owner_id] = collection.collection_id
        self.add(collection)
        return True

    def rename(self, owner_id: int, collection_id: int, name: str) -> Collection | None:
        found = self.rows.get((owner_id, collection_id))
        if found is None:
            return None
        self.rows[(owner_id, collection_id)] = found._replace(name=name)
        return self.rows[(owner_id, collection_id)]

    def remove(self, owner_id: int, collection_id: int) -> bool:
        found = self.rows.get((owner_id, collection_id))
        if found is None or found.is_default or found.article_count:
            return False
        del self.rows[(owner_id, collection_id)]
        return True

    def has_room(self, owner_id: int, collection_id: int) -> bool:
        """Whether the collection exists and holds fewer than MAX_ARTICLES, as the count's condition checks."""
        found = self.rows.get((owner_id, collection_id))
        return found is not None and found.article_count < MAX_ARTICLES

    def count(self, owner_id: int, collection_id: int, change: int) -> None:
        """What the article transactions do to a collection's count."""
        found = self.rows[(owner_id, collection_id)]
        self.rows[(owner_id, collection_id)] = found._replace(article_count=found.article_count + change)


@dataclass
class FakeArticles:
    """Articles by id; each state change is applied only if its condition holds, as the conditional UpdateItem."""

    rows: dict[int, Article] = field(default_factory=dict)
    collections: FakeCollections = field(default_factory=FakeCollections)

    def create(self, article: Article) -> bool:
        assert article.article_id not in self.rows, "an article id is used once"
        if article.collection_id is not None:
            if not self.collections.has_room(article.author_id, article.collection_id):
                return False
            self.collections.count(article.author_id, article.collection_id, 1)
        self.rows[article.article_id] = article
        return True

    def get(self, article_id: int) -> Article | None:
        return self.rows.get(article_id)

    def save(self, article_id: int, author_id: int, writing: Writing) -> Article | None:
        return self._update(article_id, lambda a: a.author_id == author_id, **writing._asdict())

    def move(
        self, article_id: int, author_id: int, writing: Writing | None, source: int | None, target: int, position: int
    ) -> bool:
        row = self.rows.get(article_id)
        gone = source is not None and self.collections.get(author_id, source) is None
        if row is None or row.author_id != author_id or row.collection_id != source or gone:
            return False
        if not self.collections.has_room(author_id, target):
            return False
        if source is not None:
            self.collections.count(author_id, source, -1)
        self.collections.count(author_id, target, 1)
        text = writing._asdict() if writing is not None else {}
        self.rows[article_id] = row._replace(**text, collection_id=target, position=position)
        return True

    def in_collection(self, collection_id: int, after: int | None, limit: int) -> tuple[list[int], bool]:
        ids = sorted(i for i, a in self.rows.items() if a.collection_id == collection_id and i > (after or 0))
        return ids[:limit], len(ids[:limit]) == limit

    def many(self, article_ids: Iterable[int]) -> dict[int, Article]:
        return {i: self.rows[i] for i in article_ids if i in self.rows}

    def _update(self, article_id: int, allowed: Callable[[Article], bool], **changes: object) -> Article | None:
        row = self.rows.get(article_id)
        if row is None or not allowed(row):
            return None
        self.rows[article_id] = row._replace(**changes)  # type: ignore[arg-type]
        return self.rows[article_id]

    def publish(
        self,
        article_id: int,
        author_id: int,
        feed_key: int,
        when: datetime,
        avatar: str | None = None,
        nickname: str | None = None,
    ) -> Article | None:
        owned = _owned_in(author_id, PRIVATE)
        copied = {k: v for k, v in (("author_avatar", avatar), ("author_nickname", nickname)) if v is not None}
        return self._update(article_id, owned, status=PUBLIC, feed_key=feed_key, pub_date=when, **copied)

    def make_private(self, article_id: int, author_id: int, status: str) -> Article | None:
        return self._update(article_id, _owned_in(author_id, status), status=PRIVATE, pub_date=None, due_at=None)

    def set_timed(self, article_id: int, author_id: int, status: str, due: datetime) -> Article | None:
        owned = _owned_in(author_id, status)
        return self._update(article_id, owned, status=TIMED, pub_date=due, due_at=int(due.timestamp()))

    def publish_due(self, article_id: int, due_at: int, feed_key: int, now_s: int | None) -> Article | None:
        def still_due(a: Article) -> bool:
            return a.status == TIMED and a.due_at == due_at and (now_s is None or due_at <= now_s)

        return self._update(article_id, still_due, status=PUBLIC, feed_key=feed_key, due_at=None)

    def due(self, now_s: int, limit: int) -> list[tuple[int, int]]:
        timed = sorted((a.due_at, a.article_id) for a in self.rows.values() if a.status == TIMED and a.due_at)
        return [(article_id, due_at) for due_at, article_id in timed if due_at <= now_s][:limit]

    def public_ids(self, limit: int) -> list[int]:
        return sorted((i for i, a in self.rows.items() if a.status == PUBLIC), reverse=True)[:limit]


def _owned_in(author_id: int, status: str) -> Callable[[Article], bool]:
    return lambda a: a.author_id == author_id and a.status == status


@dataclass
class FakeFollows:
    """Follows and pull marks; a follow or unfollow changes the reader's head as the real transaction does."""

    inboxes: FakeInboxes
    relations: dict[tuple[int, int], Relation] = field(default_factory=dict)
    pulled: dict[int, int] = field(default_factory=dict)

    def following(self, follower_id: int, author_id: int) -> Relation | None:
        return self.relations.get((follower_id, author_id))

    def stats(self, user_id: int) -> Stats:
        followers = sum(author == user_id for _, author in self.relations)
        followees = sum(reader == user_id for reader, _ in self.relations)
        return Stats(user_id, followers, followees, self.pulled.get(user_id))

    def follow(self, relation: Relation, pull: bool) -> bool:
        key = (relation.follower_id, relation.author_id)
        if key in self.relations:
            return False
        self.relations[key] = relation
        if pull:
            self.inboxes.add_pull(*key)
        return True

    def unfollow(self, follower_id: int, author_id: int) -> bool:
        if self.relations.pop((follower_id, author_id), None) is None:
            return False
        head = self.inboxes.item(follower_id)
        head.muted[author_id] = head.seq
        head.pulls.discard(author_id)
        return True

    def followers_page(self, author_id: int, after: int | None, limit: int) -> tuple[list[Person], bool]:
        people = [
            Person(r.follower_id, r.follower_name, r.since_us)
            for r in self.relations.values()
            if r.author_id == author_id
        ]
        return _page(people, after, limit)

    def followees_page(self, follower_id: int, after: int | None, limit: int) -> tuple[list[Person], bool]:
        people = [
            Person(r.author_id, r.author_name, r.since_us)
            for r in self.relations.values()
            if r.follower_id == follower_id
        ]
        return _page(people, after, limit)

    def mark_pulled(self, author_id: int, now_us: int) -> bool:
        if author_id in self.pulled:
            return False
        self.pulled[author_id] = now_us
        return True


def _page(people: list[Person], after: int | None, limit: int) -> tuple[list[Person], bool]:
    page = sorted((p for p in people if after is None or p.id > after), key=lambda p: p.id)[:limit]
    return page, len(page) == limit


@dataclass
class FakeOutboxes:
    """Posts by (author, feed key): writing one twice leaves one."""

    posts: dict[tuple[int, int], Post] = field(default_factory=dict)

    def put(self, post: Post) -> None:
        self.posts[(post.author_id, post.feed_key)] = post

    def latest(self, author_id: int, before: int | None, limit: int) -> tuple[list[Post], bool]:
        mine = [p for (a, k), p in self.posts.items() if a == author_id and (before is None or k < before)]
        page = sorted(mine, key=lambda p: p.feed_key, reverse=True)[:limit]
        return page, len(page) == limit


@dataclass
class FakeQueue:
    """What `core.queues.send` was given, in order."""

    sent: list[tuple[str, BaseModel]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, queue: str, message: BaseModel) -> None:
        with self.lock:
            self.sent.append((queue, message))

    def take(self) -> list[BaseModel]:
        """The messages sent so far, removed from the queue."""
        with self.lock:
            taken, self.sent[:] = [m for _, m in self.sent], []
        return taken


@dataclass
class FakeFeed:
    """Every store fan-out uses, in memory, and `stores` that hands them to the service."""

    articles: FakeArticles = field(default_factory=FakeArticles)
    inboxes: FakeInboxes = field(default_factory=FakeInboxes)
    outboxes: FakeOutboxes = field(default_factory=FakeOutboxes)
    queue: FakeQueue = field(default_factory=FakeQueue)

    def __post_init__(self) -> None:
        self.follows = FakeFollows(self.inboxes)
        self.sequences = FakeSequences(self.inboxes)
        self.stores = Stores(self.articles, self.follows, self.outboxes, self.inboxes, self.sequences, self.queue)

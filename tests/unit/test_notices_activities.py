"""What a stream record tells an author, the group an activity joins, the newest actors, and own actions left out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from chalicelib.feed.articles.models import Heading
from chalicelib.feed.notices.activities import Change, from_follow, from_log
from chalicelib.feed.notices.consumer import resolve
from chalicelib.feed.notices.models import GROUP_ID, Actor, group_id, with_actor
from chalicelib.users.models import Profile

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOG = {"user_id": Decimal(7), "article_id": Decimal(9), "acted_at": Decimal(100), "read_at": Decimal(100)}


def test_a_log_change_names_each_new_activity_and_nothing_else():
    liked = {**LOG, "liked_at": Decimal(200), "acted_at": Decimal(200)}
    assert from_log("e1", LOG, liked) == [Change("e1.like", "like", 7, 9, 200)]
    assert from_log("e2", liked, LOG) == []  # an unlike
    assert from_log("e3", None, LOG) == []  # a first read
    commented = {**LOG, "comments": Decimal(2), "commented_at": Decimal(300)}
    assert from_log("e4", {**LOG, "comments": Decimal(1)}, commented) == [Change("e4.comment", "comment", 7, 9, 300)]
    both = {**LOG, "rewards": Decimal(1), "rewarded_at": Decimal(400), "collected_at": Decimal(401)}
    assert from_log("e5", LOG, both) == [
        Change("e5.collect", "collect", 7, 9, 401),
        Change("e5.reward", "reward", 7, 9, 400),
    ]
    assert from_log("e6", both, None) == []  # a removed item


def test_a_relation_inserted_is_a_follow_and_nothing_else_is():
    relation = {"follower_id": Decimal(3), "author_id": Decimal(4), "since_us": Decimal(1_700_000_000_123_456)}
    assert from_follow("e", "INSERT", relation) == [Change("e.follow", "follow", 3, None, 1_700_000_000, 1, 4)]
    assert from_follow("e", "MODIFY", relation) == []
    assert from_follow("e", "REMOVE", None) == []


def test_groups_are_per_verb_article_and_business_day():
    # 2026-12-05 16:30 UTC is already the 6th in Shanghai
    at = int(datetime(2026, 12, 5, 16, 30, tzinfo=ZoneInfo("UTC")).timestamp())
    assert group_id("like", 12, at, SHANGHAI) == "like-12-20261206"
    assert group_id("follow", None, at, SHANGHAI) == "follow-20261206"
    assert group_id("like", 12, at, ZoneInfo("UTC")) == "like-12-20261205"
    assert all(GROUP_ID.match(g) for g in ("like-12-20261206", "follow-20261206"))
    assert not any(GROUP_ID.match(g) for g in ("like-0-20261206", "like-12", "poke-20261206", "like-1-2026120"))


def test_the_newest_three_actors_each_once():
    a, b, c, d = (Actor(i, f"u{i}") for i in range(1, 5))
    assert with_actor((), a) == (a,)
    assert with_actor((c, b, a), d) == (d, c, b)
    assert with_actor((c, b, a), a) == (a, c, b)


class Lookups:
    def __init__(self, articles: dict[int, Heading], people: dict[int, Profile]) -> None:
        self.found, self.people = articles, people

    def read(self, article_ids: set[int], actor_ids: set[int]) -> tuple[dict[int, Heading], dict[int, Profile]]:
        articles = {i: self.found[i] for i in article_ids if i in self.found}
        return articles, {i: self.people[i] for i in actor_ids if i in self.people}


def test_resolving_finds_the_author_told_and_leaves_out_own_actions_and_the_gone():
    article = Heading(9, author_id=4, title="T")
    lookups = Lookups({9: article}, {7: Profile(7, "reader", "R", "u/7/a.png"), 4: Profile(4, "w")})
    changes = [
        Change("a.like", "like", 7, 9, 10),
        Change("b.like", "like", 4, 9, 10),  # the author's own
        Change("c.like", "like", 7, 99, 10),  # an article gone
        Change("d.like", "like", 8, 9, 10),  # an actor gone
        Change("e.follow", "follow", 7, None, 10, recipient_id=4),
    ]
    found = resolve(changes, lookups)
    assert sorted(found) == ["a.like", "e.follow"]
    like = found["a.like"]
    assert (like.recipient_id, like.article_title, like.actor) == (4, "T", Actor(7, "reader", "R", "u/7/a.png"))
    assert (found["e.follow"].recipient_id, found["e.follow"].article_id) == (4, None)

"""Recommendations from the precomputed neighbourhoods give the read-time computation's answers, at any later clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.feed.recommendations import cf, neighbours, precompute, service
from chalicelib.feed.recommendations.models import Log
from tests.unit.recommendations_oracle import MemoryLog, MemoryNeighbourhoods, ranked_at_read_time
from tests.unit.test_feed_cf import SEED_LOGS, SEED_RANKING_FOR_USER_2

START = datetime(2026, 1, 1, tzinfo=UTC)
HOUR = 3600
SMALL_CAPS = {"MY_LOGS": 3, "ACTORS_PER_ARTICLE": 2, "RELATED_USERS": 2, "THEIR_LOGS": 3}

# A log: (user, article, flags: like, comment, reward), an hour of its latest action, and an unlike some hours on.
logs_strategy = st.lists(
    st.tuples(st.integers(1, 7), st.integers(1, 10), st.tuples(st.booleans(), st.booleans(), st.booleans())),
    min_size=1,
    max_size=40,
    unique_by=lambda t: (t[0], t[1]),
).flatmap(
    lambda logs: st.tuples(
        st.just(logs),
        st.lists(st.integers(0, 150 * 24), min_size=len(logs), max_size=len(logs), unique=True),
        st.lists(st.none() | st.integers(1, 30 * 24), min_size=len(logs), max_size=len(logs)),
        st.lists(st.booleans(), min_size=len(logs), max_size=len(logs)),
    )
)


def _replay(drawn: tuple) -> tuple[MemoryLog, MemoryNeighbourhoods, int]:
    """Write the logs in time order, refreshing the pending users at each batch end; the last event's hour."""
    shapes, hours, unlikes, batch_ends = drawn
    events: list[tuple[int, Log]] = []
    for (user, article, (like, comment, reward)), hour, unlike in zip(shapes, hours, unlikes, strict=True):
        at = int((START + timedelta(hours=hour)).timestamp())
        events.append((hour, Log(user, article, at, read=True, liked=like, commented=comment, rewarded=reward)))
        if like and unlike is not None:  # an unlike leaves the latest action's time
            events.append((hour + unlike, Log(user, article, at, read=True, commented=comment, rewarded=reward)))
    events.sort(key=lambda e: e[0])
    source, hoods, pending = MemoryLog(), MemoryNeighbourhoods(), set[int]()
    for i, (_, log) in enumerate(events):
        source.write(log)
        pending.add(log.user_id)
        if batch_ends[i % len(batch_ends)] or i == len(events) - 1:
            for user in sorted(pending):
                precompute.refresh(user, logs=source, hoods=hoods)
            pending.clear()
    return source, hoods, events[-1][0]


def _precomputed(reader: int, now: datetime, source: MemoryLog, hoods: MemoryNeighbourhoods) -> list[tuple[int, int]]:
    mine = [log.article_id for log in source.recent(reader, cf.since(now, cf.OWN_DAYS), service.MY_LOGS)]
    return service.rank(reader, mine, hoods.fetch(mine), now)


@settings(max_examples=300, deadline=None)
@given(drawn=logs_strategy, reader=st.integers(1, 7), later=st.integers(0, 120 * 24), small=st.booleans())
def test_the_precomputed_ranking_is_the_read_time_one_for_any_logs_and_later_clock(drawn, reader, later, small):
    caps: dict[str, Any] = SMALL_CAPS if small else {name: getattr(service, name) for name in SMALL_CAPS}
    trims: dict[str, Any] = (
        {"KEEP": 2, "TRIM_AT": 3} if small else {"KEEP": neighbours.KEEP, "TRIM_AT": neighbours.TRIM_AT}
    )
    with patch.multiple(service, **caps), patch.multiple(neighbours, **trims):
        source, hoods, last = _replay(drawn)
        now = START + timedelta(hours=last + later)
        assert _precomputed(reader, now, source, hoods) == ranked_at_read_time(reader, now, source)


def test_the_seeds_worked_example_through_the_refresh():
    # Given the seed's 27 logs written a second apart, user by user, each user refreshed after their own logs
    source, hoods = MemoryLog(), MemoryNeighbourhoods()
    for i, (user, article, comment, like, _, reward) in enumerate(SEED_LOGS):
        at = int(START.timestamp()) + i
        source.write(
            Log(user, article, at, read=True, liked=bool(like), commented=bool(comment), rewarded=bool(reward))
        )
        precompute.refresh(user, logs=source, hoods=hoods)
    # Then user 2's ranking is the seed's
    assert _precomputed(2, START + timedelta(days=1), source, hoods) == SEED_RANKING_FOR_USER_2


def test_a_refresh_rewrites_the_articles_of_the_last_15_days_before_the_users_latest_action():
    source, hoods = MemoryLog(), MemoryNeighbourhoods()
    t = int(START.timestamp())
    for article, days_before in ((1, 0), (2, 15), (3, 16)):
        source.write(Log(9, article, t - days_before * 86_400, read=True))
    assert precompute.refresh(9, logs=source, hoods=hoods) == 2
    assert sorted(hoods.items) == [1, 2]
    assert [log.article_id for log in hoods.items[1][9].profile] == [1, 2, 3]


def test_a_profile_survives_its_stored_form():
    profile = (Log(4, 7, 1_700_000_000, read=True, liked=True), Log(4, 8, 1_600_000_000, read=True, rewarded=True))
    assert neighbours.decode(4, neighbours.encode(profile)) == profile

"""Item-based collaborative filtering without AWS: the seed's worked example, weights, windows, caps, ties."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.feed.recommendations import cf
from chalicelib.feed.recommendations.models import Action, Log

NOW = datetime(2026, 5, 1, 2, 0, 0, tzinfo=UTC)
T = int(NOW.timestamp())
DAY = 86_400

# The seed's test data (004, `tablestore log`): (user, article, is_comment, is_like, is_read, is_reward).
SEED_LOGS = [
    (1, 23, 1, 0, 1, 0), (1, 5, 0, 1, 1, 1), (1, 6, 1, 0, 1, 0), (1, 8, 0, 0, 1, 1), (1, 13, 0, 0, 1, 0),
    (2, 5, 0, 1, 1, 0), (2, 16, 0, 0, 1, 1), (2, 13, 1, 1, 1, 0), (2, 8, 0, 0, 1, 0), (2, 23, 0, 1, 1, 1),
    (3, 17, 0, 0, 1, 0), (3, 13, 0, 0, 1, 1), (3, 23, 0, 0, 1, 0), (3, 7, 1, 0, 1, 0), (3, 4, 1, 1, 1, 0),
    (4, 8, 0, 0, 1, 1), (4, 6, 0, 0, 1, 0), (4, 13, 0, 0, 1, 1), (4, 16, 0, 1, 1, 0), (4, 9, 1, 0, 1, 1),
    (4, 23, 0, 0, 1, 0),
    (5, 5, 0, 0, 1, 0), (5, 6, 0, 0, 1, 1), (5, 7, 0, 1, 1, 0), (5, 8, 0, 0, 1, 0), (5, 16, 1, 0, 1, 1),
    (5, 17, 0, 0, 1, 0),
]  # fmt: skip
# The seed's printed answer for user 2: [(6, 18), (9, 16), (7, 9), (4, 8), (17, 2)].
SEED_RANKING_FOR_USER_2 = [(6, 18), (9, 16), (7, 9), (4, 8), (17, 2)]


def _seed_logs(acted_at: int = T) -> list[Log]:
    return [
        Log(user, article, acted_at, read=bool(r), liked=bool(lk), commented=bool(c), rewarded=bool(rw))
        for user, article, c, lk, r, rw in SEED_LOGS
    ]


def test_the_seeds_worked_example_ranks_user_2s_recommendations_with_its_scores():
    assert cf.item_cf(2, _seed_logs(), NOW) == SEED_RANKING_FOR_USER_2


def test_weights_are_read_1_like_2_comment_5_reward_10_summed_per_log():
    assert cf.weight(Log(1, 1, T, read=True)) == 1
    assert cf.weight(Log(1, 1, T, read=True, liked=True)) == 3
    assert cf.weight(Log(1, 1, T, read=True, commented=True)) == 6
    assert cf.weight(Log(1, 1, T, read=True, rewarded=True)) == 11
    assert cf.weight(Log(1, 1, T, read=True, liked=True, commented=True, rewarded=True)) == 18


def test_the_readers_own_window_is_90_days_inclusive():
    # Given the reader's log of article 1 exactly 90 days old, of article 2 a second older, a peer on both
    logs = [
        Log(9, 1, T - 90 * DAY, read=True),
        Log(9, 2, T - 90 * DAY - 1, read=True),
        Log(7, 1, T, read=True),
        Log(7, 2, T, read=True),
        Log(7, 3, T, read=True),
    ]
    # Then article 1 makes the peer related and is not recommended; article 2, outside the window, is
    assert cf.item_cf(9, logs, NOW) == [(3, 1), (2, 1)]


def test_related_users_acted_on_a_shared_article_within_15_days():
    # Given the reader's article 1, peer 7 on it 15 days ago, peer 8 on it 15 days and a second ago
    logs = [
        Log(9, 1, T, read=True),
        Log(7, 1, T - 15 * DAY, read=True),
        Log(7, 2, T, read=True, liked=True),
        Log(8, 1, T - 15 * DAY - 1, read=True),
        Log(8, 3, T, read=True, rewarded=True),
    ]
    # Then only peer 7's other article scores
    assert cf.item_cf(9, logs, NOW) == [(2, 3)]


def test_related_users_logs_count_within_90_days_only():
    logs = [
        Log(9, 1, T, read=True),
        Log(7, 1, T, read=True),
        Log(7, 2, T - 90 * DAY, read=True),
        Log(7, 3, T - 90 * DAY - 1, read=True, rewarded=True),
    ]
    assert cf.item_cf(9, logs, NOW) == [(2, 1)]


def test_equal_scores_rank_by_article_id_descending():
    logs = [Log(9, 1, T, read=True)] + [Log(7, a, T, read=True) for a in (1, 4, 12, 8)]
    assert cf.item_cf(9, logs, NOW) == [(12, 1), (8, 1), (4, 1)]


def test_the_related_cap_keeps_the_most_recently_active_users():
    actions = [Action(7, 1, T - 30), Action(8, 1, T - 10), Action(6, 2, T - 20), Action(5, 3, T), Action(9, 1, T)]
    assert cf.related_users(9, {1, 2}, actions, T - 100, cap=2) == [8, 6]
    assert cf.related_users(9, {1, 2}, actions, T - 100, cap=10) == [8, 6, 7]
    assert cf.since(NOW, 15) == T - 15 * DAY

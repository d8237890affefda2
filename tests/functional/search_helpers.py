"""Words no other test uses (so hits are this test's), and a refresh so what was written is searchable now."""

from __future__ import annotations

import random
import uuid

from chalicelib.search.engine import client
from chalicelib.search.mapping import IndexName
from chalicelib.search.settings import get_search_settings

# Common Han characters: two random ones make a bigram that no other test's text holds. A query of four matches a
# document holding two of its three bigrams (queries.MINIMUM_SHOULD_MATCH), so the alphabet is large enough that
# the run's other random words share two bigrams with one of them only by a rare chance (the first 39 alone were not).
_HAN = (
    "东西南北春夏秋冬山水火木金土日月星云风雨花草鱼鸟龙虎马牛羊猫狗书画琴棋茶酒米面"
    "江河湖海林森石田竹叶雪霜雷电光影桥船车门窗灯笔纸墨刀弓箭盾旗鼓钟铃珠玉银铜松柏桃李杏梅兰菊荷莲蜂"
)


def han_word(length: int = 4) -> str:
    """A random Han word (its bigrams are all but unique to this test run)."""
    return "".join(random.choice(_HAN) for _ in range(length))


def latin_word() -> str:
    """A random Latin word."""
    return "w" + uuid.uuid4().hex[:10]


def refresh(index: IndexName) -> None:
    """Make every write so far visible to search (the engine refreshes on its own each second)."""
    client().indices.refresh(index=get_search_settings().index(index), ignore=[404])

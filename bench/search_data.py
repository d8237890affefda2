"""Search's bench data: 10,000 SKUs and 10,000 public articles of Chinese and Latin words, written to the tables."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal

from chalicelib.catalogue.repository import SkuModel
from chalicelib.feed.articles.tables import LISTED, ArticleModel

SIZE = 10_000
FIRST_ID = 70_000_001  # far from the ids the rest of the run and the demo data use
BRANDS = ["华为", "小米", "苹果", "联想", "格力", "美的", "海尔", "索尼", "Apple", "Lenovo", "Sony", "Dell"]
GOODS = ["手机", "电视", "平板", "笔记本", "耳机", "空调", "冰箱", "相机", "手表", "音箱", "路由器", "显示器"]
COLOURS = ["金色", "银色", "黑色", "白色", "蓝色", "红色"]
WORDS = ["春天", "旅行", "读书", "咖啡", "城市", "故事", "音乐", "电影", "spring", "travel", "coffee", "python"]
QUERIES = [*BRANDS, *GOODS, "华为手机", "小米电视", "apple", "金色", "旅行", "咖啡", "spring", "读书笔记"]


def sku_items(rng: random.Random, count: int = SIZE) -> list[SkuModel]:
    """`count` SKUs with a brand, a kind of goods, a colour and a model number in their names."""
    now = datetime.now(UTC)
    return [
        SkuModel(
            FIRST_ID + i,
            spu_id=FIRST_ID + i // 4,
            category_id=FIRST_ID,
            name=f"{rng.choice(BRANDS)} {rng.choice(GOODS)} {rng.choice(COLOURS)} M{rng.randint(100, 999)}",
            caption=f"{rng.choice(GOODS)} {rng.choice(WORDS)}",
            price=Decimal(rng.randint(100, 999_999)) / 100,
            stock=10,
            create_time=now,
        )
        for i in range(count)
    ]


def article_items(rng: random.Random, count: int = SIZE) -> list[ArticleModel]:
    """`count` public articles, titles of two words, bodies of forty."""
    now = datetime.now(UTC)
    return [
        ArticleModel(
            FIRST_ID + i,
            author_id=FIRST_ID,
            author_name="bench",
            title=f"{rng.choice(WORDS)}{rng.choice(WORDS)}",
            content=" ".join(rng.choice(WORDS + GOODS) for _ in range(40)),
            status="public",
            pub_date=now,
            public_part=LISTED,
            created_at=now,
        )
        for i in range(count)
    ]


def write(items: list[SkuModel] | list[ArticleModel]) -> None:
    """Store the items in batches of 25 (BatchWriteItem), as a catalogue load does."""
    model = type(items[0])
    with model.batch_write() as batch:
        for item in items:
            batch.save(item)

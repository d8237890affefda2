"""What the catalogue offers other contexts' writes and reads: stock moves for their transactions, and the SKU keys
and parse for their batch reads. Only this context names its tables; callers see SKU ids and labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from pynamodb.expressions.update import Action

from chalicelib.catalogue.models import SkuView
from chalicelib.catalogue.repository import VIEW_ATTRIBUTES, SkuModel, SpuModel
from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.transactions import Transaction

_SKU_LABEL = "sku:"


class StockLine(Protocol):
    """A line that moves stock: which SKU, its SPU, how many."""

    @property
    def sku_id(self) -> int: ...

    @property
    def spu_id(self) -> int: ...

    @property
    def count(self) -> int: ...


def take_stock(tx: Transaction, lines: Iterable[StockLine]) -> None:
    """Take each line's stock (never below zero, else the transaction is cancelled) and count it as sold."""
    _move(tx, lines, -1)


def release_stock(tx: Transaction, lines: Iterable[StockLine]) -> None:
    """Give each line's stock back and take it off the sales, unconditionally."""
    _move(tx, lines, +1)


def short_skus(failed: Iterable[str]) -> list[int]:
    """The SKUs whose stock a cancelled transaction could not take, from its failed labels."""
    return [int(label.removeprefix(_SKU_LABEL)) for label in failed if label.startswith(_SKU_LABEL)]


def _move(tx: Transaction, lines: Iterable[StockLine], sign: int) -> None:
    per_spu: Counter[int] = Counter()
    for line in lines:
        # Taking stock is conditional (never below zero); giving it back needs no condition.
        condition = (SkuModel.stock >= line.count) if sign < 0 else None
        actions: list[Action] = [SkuModel.stock.add(sign * line.count), SkuModel.sales.add(-sign * line.count)]
        tx.update(SkuModel(line.sku_id), actions=actions, condition=condition, label=f"{_SKU_LABEL}{line.sku_id}")
        per_spu[line.spu_id] += line.count
    # A transaction may touch an item once, so SPU sales are summed over the SKUs of each SPU first.
    for spu_id, count in per_spu.items():
        tx.update(SpuModel(spu_id), actions=[SpuModel.sales.add(-sign * count)], label=f"spu:{spu_id}")


def skus_table() -> str:
    """The SKU table's name, for a batch read that spans contexts."""
    return str(SkuModel.Meta.table_name)


def sku_keys(sku_ids: Iterable[int]) -> list[raw.Raw]:
    """The keys of SKUs in a batch read."""
    return [{"sku_id": raw.num(sku_id)} for sku_id in sku_ids]


def sku_read() -> dict[str, object]:
    """A batch read's options for SKUs: the attributes `sku_of` needs, eventually consistent (prices change rarely;
    the stock a transaction takes is checked by its condition, not by this read)."""
    return {**raw.projection(VIEW_ATTRIBUTES), "ConsistentRead": False}


def sku_of(item: raw.Raw) -> SkuView:
    """A SKU as a batch read found it."""
    sku = SkuModel.from_raw_data(item)
    return SkuView(int(sku.sku_id), int(sku.spu_id), sku.name, sku.price, int(sku.stock), sku.default_image_url or "")

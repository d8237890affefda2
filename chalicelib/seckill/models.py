"""The flash sale's queue message and the types it shares with the request schemas (requests.py)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

SkuId = Annotated[int, Field(ge=1, le=10**12)]
TaskId = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
# Said when the gate or the table's stock condition refuses: admission and fulfilment both say it.
SOLD_OUT = "sold out: no stock left for this item"


class SeckillOrder(BaseModel):
    """An admitted request, queued for the consumer that places its order."""

    task_id: TaskId
    user_id: int = Field(ge=1)
    sku_id: SkuId
    # Read at admission (None: no default address, and the consumer fails the task). No default value, so a
    # message from before this field fails loudly instead of being read as "no address".
    address_id: Annotated[int, Field(ge=1)] | None

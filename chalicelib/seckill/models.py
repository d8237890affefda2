"""Flash-sale request schemas and the queue message."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from chalicelib.core.schemas import Body, Query

SkuId = Annotated[int, Field(ge=1, le=10**12)]
TaskId = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]


class OpenSaleRequest(Body):
    quantity: Annotated[int, Field(ge=1, le=10**6)]


class AdmitRequest(Body):
    sku_id: SkuId


class TaskQuery(Query):
    task_id: TaskId


class SeckillOrder(BaseModel):
    """An admitted request, queued for the consumer that places its order."""

    task_id: TaskId
    user_id: int = Field(ge=1)
    sku_id: SkuId

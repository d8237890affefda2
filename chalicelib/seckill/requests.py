"""The flash sale's request schemas, apart from models.py so the orders consumer never builds them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from chalicelib.core.schemas import Body, Query
from chalicelib.seckill.models import SkuId, TaskId


class OpenSaleRequest(Body):
    quantity: Annotated[int, Field(ge=1, le=10**6)]


class AdmitRequest(Body):
    sku_id: SkuId


class TaskQuery(Query):
    task_id: TaskId

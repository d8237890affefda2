"""The flash-sale gate in Redis: remaining count and buyers per sale, and task states; each call one round trip."""

from __future__ import annotations

from enum import IntEnum

import redis

TASK_TTL_SECONDS = 86400

# KEYS: remaining, buyers, task. ARGV: user id, sku id, task ttl.
# Checked in this order so a buyer who retries hears "already in" rather than "sold out".
_ADMIT = """
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return -2 end
local left = redis.call('GET', KEYS[1])
if not left then return -3 end
if tonumber(left) <= 0 then return -1 end
redis.call('DECR', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], 'user_id', ARGV[1], 'sku_id', ARGV[2], 'status', 'queued', 'order_id', '', 'errmsg', '')
redis.call('EXPIRE', KEYS[3], ARGV[3])
return tonumber(left) - 1
"""

# KEYS: remaining, buyers, task. ARGV: user id, errmsg. Gives the unit and the user's turn back, fails the task.
_RELEASE = """
if redis.call('HGET', KEYS[3], 'status') ~= 'queued' then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCR', KEYS[1]) end
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], 'status', 'failed', 'errmsg', ARGV[2])
return 1
"""


class Admission(IntEnum):
    """What the admission script answered (non-negative: admitted)."""

    SOLD_OUT = -1
    ALREADY_IN = -2
    NO_SALE = -3


def remaining_key(sku_id: int) -> str:
    """Units the sale may still admit."""
    return f"sckill_stock_{sku_id}"


def buyers_key(sku_id: int) -> str:
    """User ids admitted to the sale."""
    return f"sckill_users_{sku_id}"


def task_key(task_id: str) -> str:
    """One admitted request's state."""
    return f"sckill_task_{task_id}"


def open_sale(r: redis.Redis, sku_id: int, quantity: int) -> None:
    """Start a sale of `quantity` units with no buyers yet (atomically)."""
    pipe = r.pipeline(transaction=True)
    pipe.set(remaining_key(sku_id), quantity)
    pipe.delete(buyers_key(sku_id))
    pipe.execute()


def admit(r: redis.Redis, sku_id: int, user_id: int, task_id: str) -> int:
    """Take one unit for the user and record the task as queued, or say why not (an Admission value)."""
    keys = (remaining_key(sku_id), buyers_key(sku_id), task_key(task_id))
    return int(r.eval(_ADMIT, 3, *keys, user_id, sku_id, TASK_TTL_SECONDS))


def release(r: redis.Redis, sku_id: int, user_id: int, task_id: str, errmsg: str) -> None:
    """Undo an admission whose order cannot be placed for a reason other than stock, failing the task."""
    r.eval(_RELEASE, 3, remaining_key(sku_id), buyers_key(sku_id), task_key(task_id), user_id, errmsg)


def task(r: redis.Redis, task_id: str) -> dict[str, str]:
    """A task's fields (empty when unknown or expired)."""
    fields: dict[str, str] = r.hgetall(task_key(task_id))  # type: ignore[assignment]  # decode_responses=True
    return fields


def finish(r: redis.Redis, task_id: str, order_id: str = "", errmsg: str = "") -> None:
    """Mark a task succeeded (with its order) or failed (with why)."""
    status = "succeeded" if order_id else "failed"
    pipe = r.pipeline(transaction=True)
    pipe.hset(task_key(task_id), mapping={"status": status, "order_id": order_id, "errmsg": errmsg})
    pipe.expire(task_key(task_id), TASK_TTL_SECONDS)
    pipe.execute()

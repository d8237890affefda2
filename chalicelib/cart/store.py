"""The cart in Redis (a hash of counts and a set of selected SKUs): every change is one atomic round trip."""

from __future__ import annotations

import redis

from chalicelib.cart.models import MAX_COUNT, MAX_LINES, CartKeys, Line
from chalicelib.core.errors import Conflict

# KEYS: cart hash, selected set. ARGV: sku, count, selected (1/0), mode ("add"/"set"), max count, max lines, ttl.
_WRITE = """
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return -1 end
local new = tonumber(ARGV[2])
if ARGV[4] == 'add' then new = current + new end
if new > tonumber(ARGV[5]) then return -2 end
redis.call('HSET', KEYS[1], ARGV[1], new)
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
if tonumber(ARGV[7]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[7])
  redis.call('EXPIRE', KEYS[2], ARGV[7])
end
return new
"""

# The seed's login merge: each anonymous line overwrites the user's count and carries its selected
# state; then the anonymous cart is gone. KEYS: anon hash, anon set, user hash, user set.
_MERGE = """
local lines = redis.call('HGETALL', KEYS[1])
for i = 1, #lines, 2 do
  redis.call('HSET', KEYS[3], lines[i], lines[i + 1])
  if redis.call('SISMEMBER', KEYS[2], lines[i]) == 1 then
    redis.call('SADD', KEYS[4], lines[i])
  else
    redis.call('SREM', KEYS[4], lines[i])
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
return #lines / 2
"""


def write_line(r: redis.Redis, keys: CartKeys, sku_id: int, count: int, selected: bool, add: bool) -> int:
    """Add to or overwrite a line under the count and line limits; returns the new count."""
    mode = "add" if add else "set"
    args: list[str | int] = [sku_id, count, int(selected), mode, MAX_COUNT, MAX_LINES, keys.ttl]
    result = int(r.eval(_WRITE, 2, keys.lines, keys.selected, *args))
    if result == -1:
        raise Conflict(f"a cart holds at most {MAX_LINES} lines")
    if result == -2:
        raise Conflict(f"at most {MAX_COUNT} of one item")
    return result


def read_lines(r: redis.Redis, keys: CartKeys) -> list[Line]:
    """All lines with their selected state, in one round trip."""
    pipe = r.pipeline(transaction=False)
    pipe.hgetall(keys.lines)
    pipe.smembers(keys.selected)
    counts, selected = pipe.execute()
    return [Line(int(sku), int(n), sku in selected) for sku, n in sorted(counts.items(), key=lambda kv: int(kv[0]))]


def remove_lines(r: redis.Redis, keys: CartKeys, sku_ids: list[int]) -> None:
    """Delete lines (and their selected flags) in one round trip."""
    if not sku_ids:
        return
    pipe = r.pipeline(transaction=True)
    pipe.hdel(keys.lines, *sku_ids)
    pipe.srem(keys.selected, *sku_ids)
    pipe.execute()


def select_all(r: redis.Redis, keys: CartKeys, selected: bool) -> None:
    """Select or unselect every line atomically."""
    script = "local s = redis.call('HKEYS', KEYS[1]) if #s > 0 then redis.call(ARGV[1], KEYS[2], unpack(s)) end"
    r.eval(script, 2, keys.lines, keys.selected, "SADD" if selected else "SREM")


def merge(r: redis.Redis, anonymous: CartKeys, user: CartKeys) -> int:
    """Move an anonymous cart into the user's atomically; returns the number of lines moved."""
    return int(r.eval(_MERGE, 4, anonymous.lines, anonymous.selected, user.lines, user.selected))

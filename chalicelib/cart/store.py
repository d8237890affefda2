"""The cart in Redis (a hash of counts and a set of selected SKUs): every change is one atomic round trip.

Every change the cart's owner makes (add, overwrite, delete, selection, the login merge) also replaces the cart's
version stamp in the same script or transaction, so a stamp names one state of the cart as its owner made it.
Keyless checkout keys its retries on that stamp (orders/dedup.py). The stamp is random, not a counter: a counter
lost with Redis would start again at 1 and meet the number of an earlier state; a fresh random stamp never does.
"""

from __future__ import annotations

import secrets

import redis

from chalicelib.cart.models import MAX_COUNT, MAX_LINES, CartKeys, CartState, Line
from chalicelib.core.errors import Conflict

# KEYS: cart hash, selected set, version. ARGV: sku, count, selected (1/0), mode ("add"/"set"), max count,
# max lines, ttl, stamp.
_WRITE = """
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then return -1 end
local new = tonumber(ARGV[2])
if ARGV[4] == 'add' then new = current + new end
if new > tonumber(ARGV[5]) then return -2 end
redis.call('HSET', KEYS[1], ARGV[1], new)
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
redis.call('SET', KEYS[3], ARGV[8])
if tonumber(ARGV[7]) > 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[7])
  redis.call('EXPIRE', KEYS[2], ARGV[7])
  redis.call('EXPIRE', KEYS[3], ARGV[7])
end
return new
"""

# The seed's login merge: each anonymous line overwrites the user's count and carries its selected
# state; then the anonymous cart is gone. KEYS: anon hash, anon set, user hash, user set, anon version,
# user version. ARGV: stamp.
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
if #lines > 0 then redis.call('SET', KEYS[6], ARGV[1]) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[5])
return #lines / 2
"""

# KEYS: cart hash, selected set, version. ARGV: SADD or SREM, stamp, ttl. A cart without lines keeps its version:
# nothing in it changed.
_SELECT_ALL = """
local s = redis.call('HKEYS', KEYS[1])
if #s == 0 then return 0 end
redis.call(ARGV[1], KEYS[2], unpack(s))
redis.call('SET', KEYS[3], ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', KEYS[3], ARGV[3]) end
return #s
"""


def _stamp() -> str:
    return secrets.token_hex(8)


def write_line(r: redis.Redis, keys: CartKeys, sku_id: int, count: int, selected: bool, add: bool) -> int:
    """Add to or overwrite a line under the count and line limits; returns the new count."""
    mode = "add" if add else "set"
    args: list[str | int] = [sku_id, count, int(selected), mode, MAX_COUNT, MAX_LINES, keys.ttl, _stamp()]
    result = int(r.eval(_WRITE, 3, keys.lines, keys.selected, keys.version, *args))
    if result == -1:
        raise Conflict(f"a cart holds at most {MAX_LINES} lines")
    if result == -2:
        raise Conflict(f"at most {MAX_COUNT} of one item")
    return result


def read_cart(r: redis.Redis, keys: CartKeys) -> CartState:
    """All lines with their selected state, and the version they are, in one round trip.

    MULTI/EXEC, so the lines and the stamp come from the same state: lines of one state under another's stamp would
    let a checkout retry answer an order of other lines.
    """
    pipe = r.pipeline(transaction=True)
    pipe.hgetall(keys.lines)
    pipe.smembers(keys.selected)
    pipe.get(keys.version)
    counts, selected, version = pipe.execute()
    lines = [Line(int(sku), int(n), sku in selected) for sku, n in sorted(counts.items(), key=lambda kv: int(kv[0]))]
    return CartState(lines, str(version) if version is not None else None)


def read_lines(r: redis.Redis, keys: CartKeys) -> list[Line]:
    """All lines with their selected state, in one round trip."""
    return read_cart(r, keys).lines


def remove_lines(r: redis.Redis, keys: CartKeys, sku_ids: list[int]) -> None:
    """Delete the lines an order took (and their selected flags) in one round trip, keeping the version.

    Checkout's clearing is not a change by the owner: the cart it leaves is still the state the order was placed
    from, so a retry of that checkout, finding the lines gone, still finds the version its order is keyed on.
    """
    if not sku_ids:
        return
    pipe = r.pipeline(transaction=True)
    pipe.hdel(keys.lines, *sku_ids)
    pipe.srem(keys.selected, *sku_ids)
    pipe.execute()


def delete_lines(r: redis.Redis, keys: CartKeys, sku_ids: list[int]) -> None:
    """The owner deletes lines: remove them and replace the version, in one round trip."""
    if not sku_ids:
        return
    pipe = r.pipeline(transaction=True)
    pipe.hdel(keys.lines, *sku_ids)
    pipe.srem(keys.selected, *sku_ids)
    pipe.set(keys.version, _stamp(), ex=keys.ttl or None)
    pipe.execute()


def select_all(r: redis.Redis, keys: CartKeys, selected: bool) -> None:
    """Select or unselect every line atomically."""
    r.eval(_SELECT_ALL, 3, keys.lines, keys.selected, keys.version, "SADD" if selected else "SREM", _stamp(), keys.ttl)


def merge(r: redis.Redis, anonymous: CartKeys, user: CartKeys) -> int:
    """Move an anonymous cart into the user's atomically; returns the number of lines moved."""
    cart_keys = (anonymous.lines, anonymous.selected, user.lines, user.selected, anonymous.version, user.version)
    return int(r.eval(_MERGE, 6, *cart_keys, _stamp()))

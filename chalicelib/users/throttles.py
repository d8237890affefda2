"""Redis throttles of the users context: login per client IP and per account with backoff, verification and reset mail.

Each decision is one script, so concurrent requests cannot slip past a limit between a read and a write.
"""

from __future__ import annotations

import hashlib
import time
from typing import NamedTuple

import redis

from chalicelib.core.errors import TooFrequent

# KEYS: this minute's counter of the client IP, the account's lock. ARGV: per-minute limit.
_LOGIN_GATE = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('EXPIRE', KEYS[1], 60) end
if hits > tonumber(ARGV[1]) then return {1, redis.call('TTL', KEYS[1])} end
local locked = redis.call('TTL', KEYS[2])
if locked > 0 then return {2, locked} end
return {0, 0}
"""

# KEYS: the account's failures, its lock. ARGV: failures allowed, first lock s, longest lock s.
# The allowance-th failure locks the account; each one after it locks for twice as long as the last.
_LOGIN_FAILED = """
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
local over = n - tonumber(ARGV[1]) + 1
if over > 0 then
  local wait = math.min(tonumber(ARGV[2]) * 2 ^ (over - 1), tonumber(ARGV[3]))
  redis.call('SET', KEYS[2], '1', 'EX', math.floor(wait))
end
return n
"""

# KEYS: the user's hourly counter, the address's daily counter. ARGV: user limit, address limit.
_MAIL = """
local mine = tonumber(redis.call('GET', KEYS[1]) or '0')
if mine >= tonumber(ARGV[1]) then return {1, redis.call('TTL', KEYS[1])} end
local theirs = tonumber(redis.call('GET', KEYS[2]) or '0')
if theirs >= tonumber(ARGV[2]) then return {2, redis.call('TTL', KEYS[2])} end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], 3600) end
if redis.call('INCR', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], 86400) end
return {0, 0}
"""


class LoginPolicy(NamedTuple):
    """Per client IP per minute, and per account: failures allowed before locks of lock_seconds, doubling."""

    ip_limit_per_minute: int
    account_failures: int
    lock_seconds: int
    max_lock_seconds: int


def _account(account: str) -> str:
    # Usernames are unique case-insensitively, so "Alice" and "alice" share one allowance.
    return account.strip().lower()


def login_gate(r: redis.Redis, client_ip: str, account: str, policy: LoginPolicy) -> None:
    """429 with Retry-After when this IP asked too often this minute, or the account is locked after failures."""
    minute = int(time.time() // 60)
    keys = (f"login_ip_{client_ip}_{minute}", f"login_lock_{_account(account)}")
    verdict, wait = r.eval(_LOGIN_GATE, 2, *keys, policy.ip_limit_per_minute)
    if verdict == 1:
        raise TooFrequent("too many login attempts, wait a minute", retry_after=int(wait))
    if verdict == 2:
        raise TooFrequent("too many failed logins for this account, wait before trying again", retry_after=int(wait))


def login_failed(r: redis.Redis, account: str, policy: LoginPolicy) -> None:
    """Count a failed login for the account (known or not, so the answer says nothing of its existence)."""
    keys = (f"login_fail_{_account(account)}", f"login_lock_{_account(account)}")
    r.eval(_LOGIN_FAILED, 2, *keys, policy.account_failures, policy.lock_seconds, policy.max_lock_seconds)


def login_succeeded(r: redis.Redis, account: str) -> None:
    """Forget the account's failures."""
    r.delete(f"login_fail_{_account(account)}")


def mail_allowed(r: redis.Redis, user_id: int, address: str, per_user_hour: int, per_address_day: int) -> None:
    """429 with Retry-After when this user, or anyone, has had too many verification mails sent to this address."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    keys = (f"email_user_{user_id}", f"email_addr_{digest}")
    verdict, wait = r.eval(_MAIL, 2, *keys, per_user_hour, per_address_day)
    if verdict == 1:
        raise TooFrequent("too many verification mails requested, wait before asking again", retry_after=int(wait))
    if verdict == 2:
        raise TooFrequent("too many verification mails sent to this address today", retry_after=int(wait))


def reset_mail_allowed(r: redis.Redis, client_ip: str, address: str, per_ip_hour: int, per_address_day: int) -> None:
    """429 with Retry-After when this IP, or anyone for this address, asked for too many reset mails.

    Counted whether or not an account has the address, so the limit says nothing of who is registered.
    """
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:32]
    keys = (f"reset_ip_{client_ip}", f"reset_addr_{digest}")
    verdict, wait = r.eval(_MAIL, 2, *keys, per_ip_hour, per_address_day)
    if verdict == 1:
        raise TooFrequent("too many reset mails asked for, wait before asking again", retry_after=int(wait))
    if verdict == 2:
        raise TooFrequent("too many reset mails sent to this address today", retry_after=int(wait))

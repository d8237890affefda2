"""SMS codes in Redis: issue with resend flag and per-IP limit in one script; each guess checked and counted in one."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import NamedTuple

import redis

from chalicelib.core.errors import TooFrequent, WrongSmsCode

# One round trip decides everything, so two concurrent requests cannot both pass the flag.
# KEYS: ip counter, resend flag, code, attempts. ARGV: ip limit, resend s, code ttl s, code.
# Answers {verdict, seconds until a retry can succeed}.
_ISSUE = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('EXPIRE', KEYS[1], 3600) end
if hits > tonumber(ARGV[1]) then return {1, redis.call('TTL', KEYS[1])} end
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then return {2, redis.call('TTL', KEYS[2])} end
redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[3])
redis.call('DEL', KEYS[4])
return {0, 0}
"""

# A guess is compared and, when wrong, counted in the same atomic step: no burst of guesses can be compared with
# the live code more than max-attempts times. The digests are compared, not the codes, so the time the comparison
# takes says nothing about the code. KEYS: code, attempts. ARGV: guess, max attempts, code ttl s.
# Answers the stored code when the guess is right, else false.
_GUESS = """
local stored = redis.call('GET', KEYS[1])
if not stored then return false end
if redis.sha1hex(stored) == redis.sha1hex(ARGV[1]) then return stored end
local n = redis.call('INCR', KEYS[2])
if n == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
if n >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1], KEYS[2]) end
return false
"""

# Delete the code only if it is still the one we checked: exactly one caller can consume it.
_CONSUME = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
"""


class CodePolicy(NamedTuple):
    """How long codes live and how often they may be asked for."""

    ttl_seconds: int
    resend_seconds: int
    ip_limit_per_hour: int
    max_attempts: int


def _keys(mobile: str) -> tuple[str, str, str]:
    return f"sms_{mobile}", f"send_flag_{mobile}", f"sms_attempts_{mobile}"


def issue_code(r: redis.Redis, mobile: str, client_ip: str, policy: CodePolicy) -> str:
    """Create and store a 6-digit code; 429 when the resend flag or the IP limit says no."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    code_key, flag_key, attempts_key = _keys(mobile)
    verdict, wait = r.eval(
        _ISSUE,
        4,
        f"sms_ip_{client_ip}",
        flag_key,
        code_key,
        attempts_key,
        policy.ip_limit_per_hour,
        policy.resend_seconds,
        policy.ttl_seconds,
        code,
    )
    if verdict == 1:
        raise TooFrequent("too many codes requested from this address", retry_after=int(wait))
    if verdict == 2:
        raise TooFrequent("a code was sent recently, wait before asking again", retry_after=int(wait))
    return code


def release_flag(r: redis.Redis, mobile: str) -> None:
    """Let the user ask again at once (the code could not be queued for delivery)."""
    r.delete(_keys(mobile)[1])


def check_code(r: redis.Redis, mobile: str, given: str, policy: CodePolicy) -> str:
    """Check a guess without spending the code, counting it if wrong; 400 "4008" if wrong, used or expired."""
    code_key, _, attempts_key = _keys(mobile)
    stored = r.eval(_GUESS, 2, code_key, attempts_key, given, policy.max_attempts, policy.ttl_seconds)
    if not stored:
        raise WrongSmsCode()
    return str(stored)


def spend_code(r: redis.Redis, mobile: str, checked: str) -> None:
    """Spend a checked code; of two concurrent callers only one succeeds, the other gets "4008"."""
    code_key, _, attempts_key = _keys(mobile)
    if r.eval(_CONSUME, 2, code_key, attempts_key, checked) != 1:
        raise WrongSmsCode()


@dataclass(frozen=True)
class RedisCodes:
    """The SMS codes of one Redis under one policy: what the registration use cases are given."""

    r: redis.Redis
    policy: CodePolicy

    def issue(self, mobile: str, client_ip: str) -> str:
        """Create and store a code (see issue_code)."""
        return issue_code(self.r, mobile, client_ip, self.policy)

    def release(self, mobile: str) -> None:
        """Let the mobile ask again at once."""
        release_flag(self.r, mobile)

    def check(self, mobile: str, given: str) -> str:
        """The stored code if `given` matches it, without spending it."""
        return check_code(self.r, mobile, given, self.policy)

    def spend(self, mobile: str, checked: str) -> None:
        """Spend a checked code; only one caller can."""
        spend_code(self.r, mobile, checked)

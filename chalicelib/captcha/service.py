"""The captcha check behind GET /users/captcha/: the limits, the disaster-recovery rule, then the provider.

The limits come first and stand whichever provider is set: every check may cost a paid call to Tencent, and a
captcha oracle that answers without limit helps whoever farms tickets.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

import redis

from chalicelib.captcha.settings import CaptchaSettings, load_keys
from chalicelib.captcha.tencent import TencentCaptcha
from chalicelib.core.errors import TooFrequent, field_error
from chalicelib.core.observability import logger

# Tencent's script makes such a ticket itself when it cannot reach Tencent (业务容灾): no server can verify it.
DISASTER_PREFIX = "terror_"

# KEYS: this minute's counter of the client IP, of the account (or the same key again when none is named).
# ARGV: the IP's limit, the account's limit. Both counted and decided in one step, so a burst cannot slip through.
_GATE = """
local ip = redis.call('INCR', KEYS[1])
if ip == 1 then redis.call('EXPIRE', KEYS[1], 60) end
if ip > tonumber(ARGV[1]) then return {1, redis.call('TTL', KEYS[1])} end
if KEYS[2] == KEYS[1] then return {0, 0} end
local account = redis.call('INCR', KEYS[2])
if account == 1 then redis.call('EXPIRE', KEYS[2], 60) end
if account > tonumber(ARGV[2]) then return {2, redis.call('TTL', KEYS[2])} end
return {0, 0}
"""


class Verifier(Protocol):
    """What the check needs of a provider (Tencent's is `tencent.TencentCaptcha`)."""

    def passes(self, ticket: str, randstr: str, user_ip: str) -> bool: ...


def tencent_verifier(settings: CaptchaSettings) -> TencentCaptcha:
    """Tencent's check for the configured app; 503 while the app id or keys are missing."""
    keys = load_keys(settings)
    return TencentCaptcha(settings.captcha_app_id, keys, settings.captcha_endpoint, settings.captcha_timeout_seconds)


def gate(r: redis.Redis, client_ip: str, account: str | None, settings: CaptchaSettings) -> None:
    """429 with Retry-After when this IP, or the named account, asked too often this minute."""
    minute = int(time.time() // 60)
    ip_key = f"captcha_ip_{client_ip}_{minute}"
    # Usernames are unique case-insensitively, so "Alice" and "alice" share one allowance.
    account_key = f"captcha_account_{account.strip().lower()}_{minute}" if account else ip_key
    limits = (settings.captcha_ip_limit_per_minute, settings.captcha_account_limit_per_minute)
    verdict, wait = r.eval(_GATE, 2, ip_key, account_key, *limits)
    if verdict == 1:
        raise TooFrequent("too many captcha checks from this address, wait a minute", retry_after=int(wait))
    if verdict == 2:
        raise TooFrequent("too many captcha checks for this account, wait a minute", retry_after=int(wait))


def check(
    ticket: str,
    randstr: str,
    client_ip: str,
    account: str | None,
    r: redis.Redis,
    settings: CaptchaSettings,
    verifier: Verifier | None = None,
) -> dict[str, Any]:
    """`{detail: true}` for a ticket that passes; 400 naming `ticket` for one that does not."""
    gate(r, client_ip, account, settings)
    if ticket.startswith(DISASTER_PREFIX):
        if not settings.captcha_allow_disaster_tickets:
            raise field_error("ticket", "the captcha could not be checked: solve it again")
        logger.info("disaster-recovery captcha ticket let through", extra={"client_ip": client_ip})
        return {"detail": True}
    if settings.captcha_provider == "off":
        return {"detail": True}
    found = verifier or tencent_verifier(settings)
    if not found.passes(ticket, randstr, client_ip):
        raise field_error("ticket", "the captcha was not solved: solve it again")
    return {"detail": True}

"""How many upload forms one user may ask for: each form is an object of up to UPLOAD_MAX_BYTES in the bucket."""

from __future__ import annotations

import redis

from chalicelib.core.errors import TooFrequent

# KEYS: the user's counter for this hour. ARGV: forms allowed per hour, the window in seconds.
# Counting and deciding in one script, so a burst of requests cannot all read the same count.
_UPLOADS = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2])) end
if n > tonumber(ARGV[1]) then return redis.call('TTL', KEYS[1]) end
return 0
"""
WINDOW_SECONDS = 3600


def upload_allowed(r: redis.Redis, user_id: int, per_hour: int) -> None:
    """429 with Retry-After when the user has had `per_hour` upload forms within the hour."""
    wait = int(r.eval(_UPLOADS, 1, f"upload_user_{user_id}", per_hour, WINDOW_SECONDS))
    if wait:
        raise TooFrequent("too many uploads asked for, wait before asking again", retry_after=max(wait, 1))

"""The banner cache refresh, on an EventBridge rate rule."""

from __future__ import annotations

from typing import Any

from chalicelib.banners import service
from chalicelib.core.priming import at_init
from chalicelib.functions.observed import observed
from chalicelib.functions.triggers import Every

TRIGGER = Every(lambda settings: settings.banner_refresh_minutes)
# Deployed: the session and the clients its records use, built at init (once per process), not on the first one.
at_init(("dynamodb",), redis=True)


@observed
def handler(event: dict[str, Any], context: Any) -> None:
    """Reload the shown banners into the cache (the seed's Celery beat task)."""
    service.refresh_banner_cache()

"""Powertools Logger, Metrics and (when enabled) Tracer, created once and shared by every module."""

from __future__ import annotations

import os
import warnings
from functools import lru_cache

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "shop"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace="Shop", service=SERVICE)
# Two stages in one account share the namespace: each stage's alarms (infra/alarms.py) read their own by this
# dimension. STAGE is what .chalice/config.json sets per stage, read here as the Logger reads its variables.
metrics.set_default_dimensions(stage=os.environ.get("STAGE", "dev"))

# Most API calls record no metric; an empty flush is normal here, not worth a warning per request.
warnings.filterwarnings("ignore", message="No application metrics to publish")


def tracing_enabled() -> bool:
    """Whether X-Ray tracing is on (POWERTOOLS_TRACE_DISABLED unset or false)."""
    # Powertools' own switch, which its Tracer reads from the environment too: not one of our settings.
    return os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").lower() not in ("1", "true")


@lru_cache(maxsize=1)
def get_tracer() -> Tracer:
    """The Tracer; built on demand because the X-Ray SDK costs ~130 ms of cold start to import."""
    from chalicelib.core.aws_session import sessions_shared

    # The X-Ray SDK's sampler builds an X-Ray client at import, from botocore sessions of its own (two, 40-58 ms
    # each); under Lambda the sampling decision is Lambda's and that client is never called: let it be built from
    # the process's session instead.
    with sessions_shared():
        return Tracer(service=SERVICE)

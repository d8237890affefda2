"""Backends for the benchmark process: moto and a real Redis, set up before any app module is imported."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from devstack.moto_server import MotoServer, aws_env, start_moto
from devstack.redis_server import RedisServer, start_redis
from devstack.resources import create_resources

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Backends:
    """The running services; stop() ends them."""

    moto: MotoServer
    redis: RedisServer

    def stop(self) -> None:
        """Stop Redis and moto."""
        self.redis.stop()
        self.moto.stop()


def start_backends() -> Backends:
    """Start moto and Redis, point this process at them, and build the infra's tables and queues."""
    moto = start_moto()
    redis_server = start_redis()
    os.environ.update(aws_env(moto.url))
    os.environ.update(
        {
            "REDIS_URL": redis_server.url,
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_LOG_LEVEL": "ERROR",
            "SMS_OUTBOX": str(ROOT / ".local" / "bench" / "sms.jsonl"),
            "EMAIL_OUTBOX": str(ROOT / ".local" / "bench" / "email.jsonl"),
        }
    )
    create_resources(moto.url, ROOT / "infra" / "resources.json")
    return Backends(moto, redis_server)

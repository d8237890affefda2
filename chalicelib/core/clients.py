"""Lazily created, reused clients: AWS (botocore) and Redis (one per warm Lambda), and their SnapStart hooks.

AWS clients are botocore's, made from the process's one session: boto3 would add ~40 ms of cold import (it pulls
s3transfer and multiprocessing) for nothing we call; its clients are these same botocore clients.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from botocore.config import Config
from pynamodb.models import Model
from snapshot_restore_py import register_after_restore

from chalicelib.core.aws_session import botocore_session, creation_lock, forget_clients
from chalicelib.core.settings import get_settings

if TYPE_CHECKING:
    import redis


@cache
def aws_client(service: str) -> Any:
    """A client for one service, pointed at AWS_ENDPOINT_URL when set (one per service and process)."""
    if service == "dynamodb":
        # The models' client: raw batches and Powertools' idempotency store share its pool.
        from chalicelib.core.storage import models_connection

        return models_connection().client
    settings = get_settings()
    config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=10)
    with creation_lock:
        return botocore_session().create_client(
            service, region_name=settings.aws_region, endpoint_url=settings.aws_endpoint_url, config=config
        )


@cache
def s3_client() -> Any:
    """The S3 client of the media bucket: SigV4 (presigned forms), path-style under AWS_ENDPOINT_URL (moto's URLs)."""
    settings = get_settings()
    style = "path" if settings.aws_endpoint_url else "virtual"
    config = Config(signature_version="s3v4", s3={"addressing_style": style}, retries={"mode": "standard"})
    with creation_lock:
        return botocore_session().create_client(
            "s3", region_name=settings.aws_region, endpoint_url=settings.aws_endpoint_url, config=config
        )


@lru_cache(maxsize=1)
def get_redis() -> redis.Redis:
    """The Redis client; short timeouts and one immediate retry, so an outage answers 503 within ~1 s."""
    # On first use: redis-py costs ~115 ms of cold import that the functions never calling Redis do not pay.
    import redis
    from redis.backoff import NoBackoff
    from redis.maint_notifications import MaintNotificationsConfig
    from redis.retry import Retry

    return redis.Redis.from_url(
        get_settings().redis_url,
        decode_responses=True,
        socket_timeout=0.5,
        socket_connect_timeout=0.5,
        retry=Retry(NoBackoff(), 1),
        health_check_interval=30,
        # No CLIENT command on connect, only HELLO: CLIENT SETINFO (two round trips, and a package metadata scan for
        # every connection object, ~3 ms in the Lambda package) and CLIENT MAINT_NOTIFICATIONS (Redis Enterprise's
        # failover notices; ElastiCache answers it with an error) would fall on every restored copy's first command.
        driver_info=None,
        maint_notifications_config=MaintNotificationsConfig(enabled=False),
    )


def reset_clients() -> None:
    """Forget cached clients (tests and the local stack change endpoints)."""
    # storage builds on settings; imported late to stay light
    from chalicelib.core.storage import connection, models_connection

    aws_client.cache_clear()
    s3_client.cache_clear()
    forget_clients()
    get_redis.cache_clear()
    connection.cache_clear()
    models_connection.cache_clear()


def tables() -> Iterator[type[Model]]:
    """Every pynamodb model the process has imported that names a table (the tables its code may reach)."""
    todo = list(Model.__subclasses__())
    while todo:
        model = todo.pop()
        todo.extend(model.__subclasses__())
        if getattr(getattr(model, "Meta", None), "table_name", None):
            yield model


TRANSACTIONS_MODULE = "chalicelib.core.transactions"


def spans_tables() -> bool:
    """Whether the loaded code may send a transaction: core/transactions.py is imported."""
    return TRANSACTIONS_MODULE in sys.modules


def dynamodb_clients() -> list[Any]:
    """The distinct DynamoDB clients of the process: the models' (raw batches' too), and the transactions' if loaded."""
    from chalicelib.core.storage import connection

    found = [aws_client("dynamodb")]
    if spans_tables():  # a function sending no transaction builds no client for them
        found.append(connection().client)
    # Every model's connection shares one client (core/aws_session.py); asking each builds it once.
    found += [model._get_connection().connection.client for model in tables()]
    return list({id(client): client for client in found}.values())


def reached_services() -> tuple[str, ...]:
    """The AWS services the loaded code may call: DynamoDB, and SQS and Scheduler once their modules are loaded."""
    # A function whose routes never send or schedule never imports core/queues.py or core/schedules.py.
    loaded = {"sqs": "chalicelib.core.queues", "scheduler": "chalicelib.core.schedules"}
    return ("dynamodb", *(service for service, module in loaded.items() if module in sys.modules))


def warm_clients(services: tuple[str, ...] = ("dynamodb", "sqs"), redis: bool = True) -> None:
    """Build the clients before the first request (SnapStart's init): nothing is sent, nothing unique is made."""
    for service in services:
        aws_client(service)
    if "dynamodb" in services:
        dynamodb_clients()
    if redis:
        get_redis()  # redis-py connects on the first command, so the snapshot holds no socket


@register_after_restore
def after_restore() -> None:
    """Every copy restored from one snapshot shares its pools and random state: start both afresh."""
    if get_redis.cache_info().currsize:  # a function that never made the client has no pool to reset
        get_redis().connection_pool.reset()
    random.seed()  # random (visit shards, retry jitter) would otherwise draw the same numbers in every copy

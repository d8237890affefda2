"""moto, a real Redis, the search engine and the infra's tables and queues: one start-up for stack, tests and bench.

`start_backends()` starts what is missing and builds the infra; `backends.env` then points boto3, pynamodb and
redis-py at them. The test session announces its ports before any app module is imported (`local_env`), and
starts the servers on them later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from devstack.media import media_env
from devstack.moto_server import MotoServer, aws_env, start_moto
from devstack.redis_server import HOST, RedisServer, start_redis
from devstack.resources import Resources, create_resources
from devstack.search_server import SearchServer, start_search
from devstack.stack_env import REPO_ROOT

INFRA_TEMPLATE = Path("infra") / "resources.json"


@dataclass
class Backends:
    """The env that reaches the backends, the servers started here (None: the caller's) and what was built."""

    env: dict[str, str]
    moto: MotoServer | None = None
    redis: RedisServer | None = None
    search: SearchServer | None = None
    resources: Resources = field(default_factory=Resources)

    def stop(self) -> None:
        """Stop the search engine, Redis and moto, whichever were started here; safe to call twice."""
        if self.search is not None:
            self.search.stop()
            self.search = None
        if self.redis is not None:
            self.redis.stop()
            self.redis = None
        if self.moto is not None:
            self.moto.stop()
            self.moto = None


def backend_env(aws_endpoint_url: str, redis_url: str) -> dict[str, str]:
    """The variables that point the app at an AWS endpoint (moto's dummy credentials) and a Redis server."""
    return {**aws_env(aws_endpoint_url), **media_env(aws_endpoint_url, os.environ), "REDIS_URL": redis_url}


def local_env(moto_port: int, redis_port: int, search_port: int | None = None) -> dict[str, str]:
    """backend_env for the moto, Redis (and search engine) that start_backends(..._port=...) will start."""
    env = backend_env(f"http://{HOST}:{moto_port}", f"redis://{HOST}:{redis_port}/0")
    return env | ({"SEARCH_URL": f"http://{HOST}:{search_port}"} if search_port else {})


def build_infra(aws_endpoint_url: str, project_dir: Path = REPO_ROOT) -> Resources:
    """Create the tables, queues and schedule groups of the project's infra/resources.json (existing ones stay)."""
    return create_resources(aws_endpoint_url, project_dir / INFRA_TEMPLATE)


def _given_aws(given: Mapping[str, str]) -> dict[str, str]:
    # An existing endpoint keeps the caller's credentials and region; only the gaps get moto-style defaults.
    endpoint = given["AWS_ENDPOINT_URL"]
    found = {**aws_env(endpoint), **media_env(endpoint, given)}
    return {**{k: v for k, v in found.items() if not given.get(k)}, "AWS_ENDPOINT_URL": endpoint}


def start_backends(
    given: Mapping[str, str] | None = None,
    *,
    moto_port: int | None = None,
    redis_port: int | None = None,
    redis_dir: Path | None = None,
    redis_persist: bool = False,
    search_port: int | None = None,
    project_dir: Path = REPO_ROOT,
    build: bool = True,
) -> Backends:
    """Start moto, Redis and osmem-server unless `given` names AWS_ENDPOINT_URL / REDIS_URL / SEARCH_URL, build infra.

    Ports are free ones unless named; Redis works in `redis_dir` (a temporary one by default) and keeps its data
    there only with redis_persist. With build=False the caller builds the infra itself, with build_infra, once its
    env is in place.
    """
    given = given or {}
    backends = Backends(env={})
    try:
        if given.get("AWS_ENDPOINT_URL"):
            backends.env.update(_given_aws(given))
        else:
            backends.moto = start_moto(moto_port)
            backends.env.update(aws_env(backends.moto.url))
            backends.env.update(media_env(backends.moto.url, given))
        if given.get("REDIS_URL"):
            backends.env["REDIS_URL"] = given["REDIS_URL"]
        else:
            backends.redis = start_redis(redis_port, data_dir=redis_dir, persist=redis_persist)
            backends.env["REDIS_URL"] = backends.redis.url
        if given.get("SEARCH_URL"):
            backends.env["SEARCH_URL"] = given["SEARCH_URL"]
        else:
            backends.search = start_search(search_port)
            backends.env["SEARCH_URL"] = backends.search.url
        if build:
            backends.resources = build_infra(backends.env["AWS_ENDPOINT_URL"], project_dir)
    except BaseException:
        # Whatever did start must not outlive the failure (a port held, a redis-server orphaned).
        backends.stop()
        raise
    return backends

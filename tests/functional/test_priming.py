"""Priming answers the clients' requests in the process while it runs, and leaves them talking to the real service."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.awsrequest import AWSRequest

from chalicelib.core import clients, priming
from chalicelib.core.settings import Settings
from chalicelib.core.storage import CounterModel, get_or_none
from devstack.backends import Backends


@pytest.fixture
def fresh_clients(services: Backends) -> Any:
    """Clients built anew over moto, and dropped afterwards (priming must not leak into other tests' clients)."""
    clients.reset_clients()
    yield
    clients.reset_clients()


def _canned_answer(client: Any) -> Any:
    """What the client's `before-send` handlers answer a request with (None: it goes to the network)."""
    request = AWSRequest(method="POST", url="https://dynamodb.us-east-1.amazonaws.com/").prepare()
    _, response = client.meta.events.emit_until_response("before-send.dynamodb.GetItem", request=request)
    return response


def test_a_primed_client_sends_its_next_call_to_the_service_and_holds_no_canned_handler(fresh_clients: None) -> None:
    # Given every DynamoDB client primed, as before a snapshot
    clients.warm_clients(("dynamodb",), redis=False)
    priming.prime(("dynamodb",))
    # Then none answers in the process any more
    assert all(_canned_answer(client) is None for client in clients.dynamodb_clients())
    # And a write and a read through the models reach moto
    CounterModel("priming-check", value=7).save()
    found = get_or_none(CounterModel, "priming-check", consistent_read=True)
    assert found is not None and found.value == 7


def test_while_answered_here_nothing_reaches_the_service(fresh_clients: None, settings: Settings) -> None:
    client = clients.aws_client("dynamodb")
    table = settings.table("counters")
    item = {"name": {"S": "priming-unsent"}, "value": {"N": "1"}}
    with priming.answered_here(client):
        assert _canned_answer(client) is not None
        client.put_item(TableName=table, Item=item)
    assert "Item" not in client.get_item(TableName=table, Key={"name": item["name"]}, ConsistentRead=True)


def test_priming_the_secret_reader_and_tokens_reads_no_secret(fresh_clients: None, settings: Settings) -> None:
    """The snapshot must never hold the secret: priming reads none and leaves the settings' secret as it was."""
    before = settings.jwt_secret
    priming.prime_secret_reader(clients.aws_client("secretsmanager"))
    priming.prime_tokens()
    assert settings.jwt_secret == before
    assert _canned_answer(clients.aws_client("secretsmanager")) is None


def test_a_new_redis_connection_sends_no_client_command_before_its_own(fresh_clients: None) -> None:
    """No CLIENT SETINFO or MAINT_NOTIFICATIONS on connect: their round trips would fall on a copy's first command."""
    observer = clients.get_redis()

    def client_calls() -> int:
        return int(observer.info("commandstats").get("cmdstat_client", {}).get("calls", 0))

    before = client_calls()
    clients.get_redis.cache_clear()
    fresh = clients.get_redis()  # a new client, so a new connection
    assert fresh is not observer and fresh.ping()
    assert client_calls() == before


def test_a_client_that_cannot_be_built_at_init_does_not_fail_the_init(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.core import stage

    built: list[str] = []

    def broken() -> None:
        built.append("tried")
        raise RuntimeError("search is not configured")

    monkeypatch.setattr(stage, "deployed", lambda: True)
    priming.at_init((), builders=(broken,))
    assert built == ["tried"]

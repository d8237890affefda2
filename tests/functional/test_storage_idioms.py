"""The storage idioms of core/storage against DynamoDB (moto's server): a refused condition is False, not an error."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from botocore.exceptions import ClientError
from pynamodb.exceptions import PutError

from chalicelib.core import raw_dynamodb
from chalicelib.core.settings import get_settings
from chalicelib.core.storage import CounterModel, condition_failed, get_or_none, write_if
from devstack.backends import Backends


def test_write_if_is_true_when_made_and_false_when_its_condition_fails(services: Backends) -> None:
    name = f"idiom-{secrets.token_hex(4)}"
    first = CounterModel(name, value=1)
    assert write_if(lambda: first.save(condition=CounterModel.name.does_not_exist())) is True
    again = CounterModel(name, value=2)
    assert write_if(lambda: again.save(condition=CounterModel.name.does_not_exist())) is False
    stored = get_or_none(CounterModel, name, consistent_read=True)
    assert stored is not None and stored.value == 1


def test_write_if_raises_what_is_not_a_refused_condition(services: Backends) -> None:
    def broken() -> None:
        raise PutError("throttled", cause=ClientError({"Error": {"Code": "ThrottlingException"}}, "PutItem"))

    with pytest.raises(PutError):
        write_if(broken)


def test_condition_failed_reads_the_raw_client_error_too(services: Backends) -> None:
    name = f"idiom-{secrets.token_hex(4)}"
    table = get_settings().table("counters")
    item = {"name": {"S": name}, "value": raw_dynamodb.num(1)}
    raw_dynamodb.client().put_item(TableName=table, Item=item)
    with pytest.raises(ClientError) as refused:
        raw_dynamodb.client().put_item(
            TableName=table,
            Item=item,
            ConditionExpression="attribute_not_exists(#n)",
            ExpressionAttributeNames={"#n": "name"},
        )
    assert condition_failed(refused.value)
    assert not condition_failed(ValueError("not a storage error"))


def test_get_or_none_is_none_for_a_missing_key(services: Backends) -> None:
    assert get_or_none(CounterModel, f"absent-{secrets.token_hex(4)}") is None


def test_get_or_none_reads_only_the_attributes_asked_for(services: Backends) -> None:
    name = f"idiom-{secrets.token_hex(4)}"
    CounterModel(name, value=7).save()
    whole = get_or_none(CounterModel, name, consistent_read=True)
    partial = get_or_none(CounterModel, name, consistent_read=True, attributes_to_get=["name"])
    assert whole is not None and whole.value == 7
    # A projection leaves the other attributes unread, so the model falls back to their default.
    assert partial is not None and partial.name == name and partial.value == 0


def test_batch_get_options_shape_one_table_of_the_request(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[dict[str, Any]] = []

    class Client:
        def batch_get_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:
            sent.append(RequestItems)
            return {"Responses": {}}

    monkeypatch.setattr(raw_dynamodb, "client", Client)
    projected = {"ProjectionExpression": "#a", "ExpressionAttributeNames": {"#a": "name"}, "ConsistentRead": False}
    raw_dynamodb.batch_get(
        {"a": [{"k": {"N": "1"}}], "b": [{"k": {"N": "2"}}]}, consistent=True, options={"a": projected}
    )
    [request] = sent
    assert request["a"] == {"Keys": [{"k": {"N": "1"}}], **projected}
    assert request["b"] == {"Keys": [{"k": {"N": "2"}}], "ConsistentRead": True}

"""Deployed, a queue's URL is the stack's QUEUE_URL_PREFIX + its name: a restored copy's first send asks SQS nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.core import queues
from chalicelib.core.settings import get_settings


class _Sqs:
    """Records what is asked of SQS, answering a lookup as SQS would."""

    def __init__(self) -> None:
        self.lookups: list[str] = []

    def get_queue_url(self, QueueName: str) -> dict[str, str]:
        self.lookups.append(QueueName)
        return {"QueueUrl": f"http://localhost:5000/123456789012/{QueueName}"}


@pytest.fixture
def sqs(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Sqs]:
    fake = _Sqs()

    def sqs_only(service: str) -> Any:
        assert service == "sqs"
        return fake

    monkeypatch.setattr(queues, "aws_client", sqs_only)
    monkeypatch.setenv("QUEUE_PREFIX", "shop-prod-")
    get_settings.cache_clear()
    queues.queue_url.cache_clear()
    yield fake
    get_settings.cache_clear()
    queues.queue_url.cache_clear()


def test_with_the_stacks_prefix_a_queue_url_is_built_without_asking_sqs(
    sqs: _Sqs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUEUE_URL_PREFIX", "https://sqs.eu-west-2.amazonaws.com/123456789012/")
    get_settings.cache_clear()
    assert (
        queues.queue_url("notifications") == "https://sqs.eu-west-2.amazonaws.com/123456789012/shop-prod-notifications"
    )
    arn = "arn:aws:sqs:eu-west-2:123456789012:shop-prod-notifications"
    assert queues.url_of_arn(arn) == "https://sqs.eu-west-2.amazonaws.com/123456789012/shop-prod-notifications"
    assert sqs.lookups == []


def test_without_it_the_url_is_asked_of_sqs_once_per_process(sqs: _Sqs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUEUE_URL_PREFIX", raising=False)
    assert queues.queue_url("notifications") == queues.queue_url("notifications")
    assert queues.queue_url("notifications").endswith("/shop-prod-notifications")
    assert sqs.lookups == ["shop-prod-notifications"]

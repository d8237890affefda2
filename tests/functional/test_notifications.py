"""The notifications consumer: delivered once per message, failures retried with backoff, poison isolated."""

from __future__ import annotations

import json
import uuid

import pytest

from chalicelib.core.clients import aws_client
from chalicelib.core.queues import queue_url
from chalicelib.notifications import providers
from chalicelib.notifications.models import EmailMessage, SmsMessage
from chalicelib.notifications.queue import publish
from devstack.events import lambda_context, sqs_event
from tests.factories import unique_mobile
from tests.functional.queues import consume, outbox

pytestmark = pytest.mark.usefixtures("services")


def _visible_now() -> int:
    attrs = aws_client("sqs").get_queue_attributes(
        QueueUrl=queue_url("notifications"), AttributeNames=["ApproximateNumberOfMessages"]
    )
    return int(attrs["Attributes"]["ApproximateNumberOfMessages"])


def test_the_same_message_delivered_twice_is_sent_once():
    mobile = unique_mobile()
    message = SmsMessage(mobile=mobile, code="424242")
    publish(message)
    publish(message)  # e.g. the API retried send_message, or SQS delivered it again
    assert consume("notifications", "notifications_consumer") == 2
    assert [m["code"] for m in outbox("sms") if m["mobile"] == mobile] == ["424242"]


def test_a_failing_email_is_reported_alone_and_retried_later(monkeypatch):
    # Given a provider whose e-mail side is down and a batch with an SMS and an e-mail
    def broken(self, message, html):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(providers.OutboxProvider, "send_email", broken)
    mobile, to = unique_mobile(), f"{uuid.uuid4().hex[:8]}@example.com"
    publish(SmsMessage(mobile=mobile, code="111111"))
    publish(EmailMessage(to=to, subject="s", verify_url="http://x/"))

    # When the consumer handles them
    consume("notifications", "notifications_consumer", max_batches=1)

    # Then the SMS went out, the e-mail is back in the queue but hidden for its backoff
    assert any(m["mobile"] == mobile for m in outbox("sms"))
    assert not any(m["to"] == to for m in outbox("email"))
    assert _visible_now() == 0
    monkeypatch.undo()
    sqs = aws_client("sqs")
    waiting = sqs.receive_message(QueueUrl=queue_url("notifications"), WaitTimeSeconds=5, AttributeNames=["All"])
    bodies = [json.loads(m["Body"]) for m in waiting.get("Messages", [])]
    assert [b["to"] for b in bodies] == [to]
    sqs.change_message_visibility(
        QueueUrl=queue_url("notifications"), ReceiptHandle=waiting["Messages"][0]["ReceiptHandle"], VisibilityTimeout=0
    )
    consume("notifications", "notifications_consumer")
    assert [m["to"] for m in outbox("email") if m["to"] == to] == [to]


def test_a_malformed_message_fails_alone():
    # Given a batch of a poison record and a good one, in the shape Lambda hands over
    import app

    mobile = unique_mobile()
    bodies = {"poison": '{"kind": "pigeon"}', "good": SmsMessage(mobile=mobile, code="222222").model_dump_json()}
    messages = [
        {"MessageId": key, "ReceiptHandle": key, "Body": body, "MD5OfBody": "", "Attributes": {}}
        for key, body in bodies.items()
    ]
    event = sqs_event(messages, "arn:aws:sqs:us-east-1:123456789012:shop-notifications", "us-east-1")

    # When the consumer handles it
    result = app.notifications_consumer(event, lambda_context("notifications_consumer", 256, 30, "us-east-1", "1"))

    # Then only the poison record is reported back and the good one was delivered
    assert result == {"batchItemFailures": [{"itemIdentifier": "poison"}]}
    assert any(m["mobile"] == mobile for m in outbox("sms"))

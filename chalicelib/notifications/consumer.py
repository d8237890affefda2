"""The notifications queue consumer: one record fails alone, e-mail retries back off."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chalicelib.core.clients import aws_client
from chalicelib.core.observability import logger, metrics
from chalicelib.notifications.models import EmailMessage, SmsMessage, notification_adapter
from chalicelib.notifications.providers import get_provider

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

# The seed retries e-mail with retry_backoff=3: 3 s, 6 s, 12 s ... capped at 15 minutes.
BACKOFF_BASE_SECONDS = 3
BACKOFF_CAP_SECONDS = 900


def sms_text(message: SmsMessage) -> str:
    """The SMS body."""
    return f"Your verification code is {message.code}, valid for {message.ttl_minutes} minutes."


def email_html(message: EmailMessage) -> str:
    """The verification mail body."""
    url = message.verify_url
    return f'<p>Please confirm your e-mail {message.to}:</p><p><a href="{url}">{url}</a></p>'


def deliver(message: dict[str, Any]) -> bool:
    """Send one notification through the configured provider."""
    parsed = notification_adapter.validate_python(message)
    provider = get_provider()
    if isinstance(parsed, SmsMessage):
        provider.send_sms(parsed, sms_text(parsed))
    else:
        provider.send_email(parsed, email_html(parsed))
    metrics.add_metric(name=f"{parsed.kind.capitalize()}Sent", unit="Count", value=1)
    return True


@lru_cache(maxsize=1)
def _deliver_once() -> Any:
    # Imported here: every function shares app.py, and the API Lambda should not pay for this at cold start.
    from chalicelib.core.idempotency import once

    # Keyed on the whole message, so a redelivery or a duplicate send_message never texts twice.
    return once(deliver, data_argument="message")


def backoff_seconds(receive_count: int) -> int:
    """Exponential backoff for the n-th failed receive."""
    return int(min(BACKOFF_BASE_SECONDS * 2 ** max(receive_count - 1, 0), BACKOFF_CAP_SECONDS))


def _delay_retry(record: SQSRecord) -> None:
    count = int(record.attributes.approximate_receive_count or 1)
    queue_url = _queue_url_from_arn(record.event_source_arn)
    try:
        aws_client("sqs").change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=record.receipt_handle, VisibilityTimeout=backoff_seconds(count)
        )
    except Exception:  # the default visibility timeout still brings it back
        logger.warning("could not set retry backoff", exc_info=True)


def _queue_url_from_arn(arn: str) -> str:
    name = arn.rsplit(":", 1)[-1]
    return str(aws_client("sqs").get_queue_url(QueueName=name)["QueueUrl"])


def record_handler(record: SQSRecord) -> None:
    """Deliver one record; on failure schedule its retry and let the batch report it."""
    message = notification_adapter.validate_json(record.body).model_dump()
    try:
        _deliver_once()[0](message=message)
    except Exception:
        logger.exception("delivery failed", extra={"message_id": record.message_id})
        _delay_retry(record)
        raise


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    _deliver_once()[1].register_lambda_context(context)
    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )

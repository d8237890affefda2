"""The notifications queue consumer: one record fails alone, e-mail retries back off."""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chalicelib.core.batch import consume
from chalicelib.core.clients import aws_client
from chalicelib.core.observability import logger, metrics
from chalicelib.core.queues import url_of_arn
from chalicelib.notifications.models import EmailMessage, SmsMessage, notification_adapter
from chalicelib.notifications.providers import Provider, get_provider

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

# The seed retries e-mail with retry_backoff=3: 3 s, 6 s, 12 s ... capped at 15 minutes.
BACKOFF_BASE_SECONDS = 3
BACKOFF_CAP_SECONDS = 900


def sms_text(message: SmsMessage) -> str:
    """The SMS body."""
    return f"Your verification code is {message.code}, valid for {message.ttl_minutes} minutes."


def email_html(message: EmailMessage) -> str:
    """The mail body: a verification link, or a password reset link naming the account."""
    url = message.verify_url
    if message.purpose == "reset":
        link = html.escape(url)
        return (
            f"<p>To choose a new password for {html.escape(message.username)}, open this link (it works once, "
            f'for a short while):</p><p><a href="{link}">{link}</a></p>'
            "<p>If you did not ask for it, ignore this mail: your password stays as it is.</p>"
        )
    return f'<p>Please confirm your e-mail {message.to}:</p><p><a href="{url}">{url}</a></p>'


def deliver(message: dict[str, Any], provider: Provider | None = None) -> bool:
    """Send one notification through `provider`, by default the one the settings choose."""
    parsed = notification_adapter.validate_python(message)
    provider = provider or get_provider()
    if isinstance(parsed, SmsMessage):
        provider.send_sms(parsed, sms_text(parsed))
    else:
        provider.send_email(parsed, email_html(parsed))
    metrics.add_metric(name=f"{parsed.kind.capitalize()}Sent", unit="Count", value=1)
    return True


@lru_cache(maxsize=1)
def _deliver_once() -> Any:
    # Imported on first use: the API functions never pay for the idempotency layer at cold start.
    from chalicelib.core.idempotency import once

    # Keyed on the whole message, so a redelivery or a duplicate send_message never texts twice.
    return once(deliver, data_argument="message")


def backoff_seconds(receive_count: int) -> int:
    """Exponential backoff for the n-th failed receive."""
    return int(min(BACKOFF_BASE_SECONDS * 2 ** max(receive_count - 1, 0), BACKOFF_CAP_SECONDS))


def _retry_later(record: SQSRecord) -> None:
    """Bring a failed record back after the backoff for its receive count, not the queue's fixed timeout."""
    logger.exception("delivery failed", extra={"message_id": record.message_id})
    count = int(record.attributes.approximate_receive_count or 1)
    try:
        aws_client("sqs").change_message_visibility(
            QueueUrl=url_of_arn(record.event_source_arn),
            ReceiptHandle=record.receipt_handle,
            VisibilityTimeout=backoff_seconds(count),
        )
    except Exception:  # the default visibility timeout still brings it back
        logger.warning("could not set retry backoff", exc_info=True)


def record_handler(message: SmsMessage | EmailMessage) -> None:
    """Deliver one notification, once: a redelivered or duplicated message is not sent again."""
    _deliver_once()[0](message=message.model_dump())


def handle_batch(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Process an SQS batch, reporting only the failed records, each retried after its backoff."""
    _deliver_once()[1].register_lambda_context(context)
    return consume(event, context, notification_adapter, record_handler, on_failure=_retry_later)

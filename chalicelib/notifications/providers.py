"""Delivery providers: Amazon SNS/SES in AWS, append-only JSON-lines outboxes locally."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from chalicelib.core.clients import aws_client
from chalicelib.core.settings import get_settings
from chalicelib.notifications.models import EmailMessage, SmsMessage

_lock = threading.Lock()


class SmsProvider(Protocol):
    def send_sms(self, message: SmsMessage, text: str) -> None: ...


class EmailProvider(Protocol):
    def send_email(self, message: EmailMessage, html: str) -> None: ...


class Provider(SmsProvider, EmailProvider, Protocol):
    """Texts and mails: what the consumer delivers through."""


def _append(path: str, record: dict[str, str]) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _lock, target.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")


class OutboxProvider:
    """Writes one JSON object per message to a file, like Django's file e-mail backend."""

    def __init__(self, sms_path: str, email_path: str) -> None:
        self.sms_path = sms_path
        self.email_path = email_path

    def send_sms(self, message: SmsMessage, text: str) -> None:
        """Append the SMS to the SMS outbox."""
        record = {"mobile": message.mobile, "code": message.code, "text": text, "sent_at": _now()}
        _append(self.sms_path, record)

    def send_email(self, message: EmailMessage, html: str) -> None:
        """Append the e-mail to the e-mail outbox."""
        record = {
            "to": message.to,
            "subject": message.subject,
            "verify_url": message.verify_url,
            "html": html,
            "sent_at": _now(),
        }
        _append(self.email_path, record)


class AwsProvider:
    """Texts through SNS and mails through SES."""

    def send_sms(self, message: SmsMessage, text: str) -> None:
        """Publish the SMS with SNS."""
        aws_client("sns").publish(PhoneNumber=f"+86{message.mobile}", Message=text)

    def send_email(self, message: EmailMessage, html: str) -> None:
        """Send the e-mail with SES."""
        aws_client("ses").send_email(
            Source=get_settings().email_sender,
            Destination={"ToAddresses": [message.to]},
            Message={"Subject": {"Data": message.subject}, "Body": {"Html": {"Data": html}}},
        )


def _now() -> str:
    return datetime.now(UTC).isoformat()


def get_provider() -> Provider:
    """The provider chosen by the NOTIFY_PROVIDER setting."""
    settings = get_settings()
    if settings.notify_provider == "aws":
        return AwsProvider()
    return OutboxProvider(settings.sms_outbox, settings.email_outbox)

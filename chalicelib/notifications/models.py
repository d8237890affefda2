"""Queue messages for the notifications queue."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter


class SmsMessage(BaseModel):
    """A verification code to text to a mobile."""

    kind: Literal["sms"] = "sms"
    mobile: str = Field(pattern=r"^1[3-9]\d{9}$")
    code: str = Field(pattern=r"^\d{6}$")
    ttl_minutes: int = 5


class EmailMessage(BaseModel):
    """A link to mail: verify the address, or reset the password of the account `username`."""

    kind: Literal["email"] = "email"
    to: str = Field(max_length=254)
    subject: str
    verify_url: str
    purpose: Literal["verify", "reset"] = "verify"  # messages queued before resets existed are verifications
    username: str = ""


Notification = Annotated[SmsMessage | EmailMessage, Field(discriminator="kind")]
notification_adapter: TypeAdapter[SmsMessage | EmailMessage] = TypeAdapter(Notification)

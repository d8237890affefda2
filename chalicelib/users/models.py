"""The users context's types: the stored user and the field types its requests share (requests.py holds those)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, NamedTuple

from pydantic import StringConstraints

# ASCII digits: `\d` also takes other scripts' digits, which no phone network issues.
MOBILE_PATTERN = r"^1[3-9][0-9]{9}$"
# The seed's pattern, kept as strict as HTML forms are; the verification mail proves the rest.
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"

Username = Annotated[str, StringConstraints(min_length=5, max_length=20, pattern=r"^[A-Za-z0-9_-]{5,20}$")]
Password = Annotated[str, StringConstraints(min_length=8, max_length=20)]
Mobile = Annotated[str, StringConstraints(pattern=MOBILE_PATTERN)]
# Renran's nickname: up to 20 characters (its model's max_length), trimmed, no control characters.
Nickname = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^[^\x00-\x1f\x7f]+$")
]
SmsCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class User(NamedTuple):
    """A user as stored; `address_count` and `default_address_id` belong to the addresses context."""

    user_id: int
    username: str
    mobile: str
    password_hash: str
    created_at: datetime
    is_staff: bool = False
    email: str | None = None
    email_active: bool = False
    default_address_id: int | None = None
    address_count: int = 0
    # Tokens carry the version they were issued at; bumping it (log out everywhere, demotion) revokes them all.
    token_version: int = 0
    is_active: bool = True
    avatar: str | None = None  # a key in the media bucket (u/<user_id>/avatar/...)
    nickname: str | None = None  # renran's display name (its registration asks for one)


class Profile(NamedTuple):
    """What others are shown of a user: names and the avatar's media key."""

    user_id: int
    username: str
    nickname: str | None = None
    avatar: str | None = None


class Standing(NamedTuple):
    """What authorisation re-reads of a user on each request: what a token cannot be trusted to say for long."""

    is_staff: bool
    is_active: bool
    token_version: int
    avatar: str | None = None  # the avatar's media key: what an article shows of its author, copied at publish
    nickname: str | None = None  # renran's display name, copied onto articles with the avatar

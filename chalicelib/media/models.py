"""The media context's types: the form that carries an upload to the bucket, and whose an uploaded key is."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

# The image types a page may show inline; an SVG (scriptable) or any other type is refused.
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
Purpose = Literal["avatar", "article"]
# Every uploaded key: u/<owner>/<purpose>/<32 hex>.<ext>; the owner as new_key writes it (no leading zero: "u/01/" is
# another S3 key than "u/1/", one its user can never have uploaded), so an owner is read from the key.
KEY_PATTERN = re.compile(r"u/(?P<owner>[1-9][0-9]{0,11})/(?P<purpose>avatar|article)/[0-9a-f]{32}\.(jpg|png|gif|webp)")


class Upload(NamedTuple):
    """A presigned POST: the form `fields` go to `url` with the file last; the object is then read at public_url."""

    url: str
    fields: dict[str, str]
    key: str
    public_url: str
    max_bytes: int
    expires_in: int


def owner_of(key: str, purpose: Purpose) -> int | None:
    """The user a media key belongs to, if it is an uploaded key of that purpose."""
    match = KEY_PATTERN.fullmatch(key)
    if match is None or match["purpose"] != purpose:
        return None
    return int(match["owner"])

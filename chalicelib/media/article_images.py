"""POST /article/image/: renran's editor posts an image in a multipart form to the API, which stores it in the media
bucket under the caller's own prefix (the presigned form of service.py is the way for pages that can use it).

The same rules as a presigned upload: an image type (never SVG), at most UPLOAD_MAX_BYTES (and what one Lambda event
can carry), a fresh immutable key `u/<user>/article/<hex>.<ext>`, and UPLOAD_LIMIT_PER_USER_HOUR uploads an hour.
The type is read from the bytes, never from what the browser says.
"""

from __future__ import annotations

from typing import Any

import redis

from chalicelib.core.clients import s3_client
from chalicelib.core.errors import BodyTooLarge, field_error
from chalicelib.core.links import media_url
from chalicelib.core.settings import Settings, get_settings
from chalicelib.media import multipart
from chalicelib.media.quota import upload_allowed
from chalicelib.media.service import CACHE_CONTROL, new_key

# This module writes objects itself; infra/usage.py grants its functions the action on these keys of the bucket.
MEDIA_GRANT = ("s3:PutObject", "u/*")
FIELD = "image"
# A Lambda event carries at most 6 MB and API Gateway sends a binary body base64-encoded (4/3 of its size), so an
# image through the API stops at 4 MiB whatever UPLOAD_MAX_BYTES allows presigned forms.
EVENT_MAX_BYTES = 4 * 1024 * 1024
FORM_OVERHEAD_BYTES = 16 * 1024  # boundaries, part headers and a few small fields around the image
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniffed_type(data: bytes) -> str | None:
    """The image type the bytes are (JPEG, PNG, GIF or WebP), from their signature; None for anything else."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for signature, kind in _SIGNATURES if data.startswith(signature)), None)


def max_image_bytes(settings: Settings) -> int:
    """The largest image this route takes."""
    return min(settings.upload_max_bytes, EVENT_MAX_BYTES)


def store(
    user_id: int, content_type: str, body: bytes, r: redis.Redis, *, s3: Any = None, settings: Settings | None = None
) -> dict[str, str]:
    """Store the form's `image` as a new object of the caller's; `{image: <its public URL>}`."""
    settings = settings or get_settings()
    limit = max_image_bytes(settings)
    if len(body) > limit + FORM_OVERHEAD_BYTES:
        raise BodyTooLarge(f"an image may have at most {limit} bytes")
    part = multipart.parse(content_type, body).get(FIELD)
    if part is None or part.filename is None:
        raise field_error(FIELD, "required: the image file")
    if not 1 <= len(part.data) <= limit:
        raise field_error(FIELD, f"must have 1 to {limit} bytes")
    kind = sniffed_type(part.data)
    if kind is None:
        raise field_error(FIELD, "must be a JPEG, PNG, GIF or WebP image")
    # Counted like a presigned form: each upload is an object the user's prefix keeps for good.
    upload_allowed(r, user_id, settings.upload_limit_per_user_hour)
    key = new_key(user_id, "article", kind)
    client = s3 if s3 is not None else s3_client()
    client.put_object(
        Bucket=settings.media_bucket, Key=key, Body=part.data, ContentType=kind, CacheControl=CACHE_CONTROL
    )
    return {"image": media_url(key)}

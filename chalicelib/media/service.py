"""Presigned uploads: a form S3 itself checks (this key, this image type, at most UPLOAD_MAX_BYTES)."""

from __future__ import annotations

import uuid
from typing import Any

import redis

from chalicelib.core.clients import s3_client
from chalicelib.core.errors import InvalidInput
from chalicelib.core.links import media_url
from chalicelib.core.settings import Settings, get_settings
from chalicelib.media.models import IMAGE_TYPES, Purpose, Upload
from chalicelib.media.quota import upload_allowed
from chalicelib.media.requests import UploadRequest

# The action this module's presigned forms need; infra/usage.py grants it on these keys of the media bucket.
MEDIA_GRANT = ("s3:PutObject", "u/*")
# A key is never written twice, so browsers and CDNs may keep an object for good.
CACHE_CONTROL = "public, max-age=31536000, immutable"


def new_key(user_id: int, purpose: Purpose, content_type: str) -> str:
    """A fresh key under the caller's own prefix: nobody can name, and so overwrite, another user's object."""
    return f"u/{user_id}/{purpose}/{uuid.uuid4().hex}.{IMAGE_TYPES[content_type]}"


def presign(
    user_id: int, body: UploadRequest, r: redis.Redis, *, s3: Any = None, settings: Settings | None = None
) -> Upload:
    """A presigned POST for one image of the caller's; S3 refuses any other key, type or a larger file."""
    settings = settings or get_settings()
    if body.size is not None and body.size > settings.upload_max_bytes:
        raise InvalidInput([{"field": "size", "message": f"must be at most {settings.upload_max_bytes} bytes"}])
    # Each form can store an object the user's own prefix holds for good: without a limit, one account fills the bucket.
    upload_allowed(r, user_id, settings.upload_limit_per_user_hour)
    key = new_key(user_id, body.purpose, body.content_type)
    fields = {"Content-Type": body.content_type, "Cache-Control": CACHE_CONTROL}
    conditions: list[Any] = [
        {"Content-Type": body.content_type},
        {"Cache-Control": CACHE_CONTROL},
        ["content-length-range", 1, settings.upload_max_bytes],
    ]
    client = s3 if s3 is not None else s3_client()
    post = client.generate_presigned_post(
        settings.media_bucket, key, Fields=fields, Conditions=conditions, ExpiresIn=settings.upload_expires_seconds
    )
    return Upload(
        url=post["url"],
        fields={name: str(value) for name, value in post["fields"].items()},
        key=key,
        public_url=media_url(key),
        max_bytes=settings.upload_max_bytes,
        expires_in=settings.upload_expires_seconds,
    )

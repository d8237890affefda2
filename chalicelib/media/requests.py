"""The media context's request schema, apart from models.py: the accounts function checks whose a key is, never this."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.core.schemas import Body
from chalicelib.media.models import Purpose


class UploadRequest(Body):
    purpose: Purpose
    content_type: Literal["image/jpeg", "image/png", "image/gif", "image/webp"]
    # The file's size as the page knows it (File.size): too big is refused here, before any upload; the policy
    # of the form holds the limit either way.
    size: Annotated[int, Field(ge=1)] | None = None

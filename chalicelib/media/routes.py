"""POST /uploads/: a presigned form a logged-in user's page posts one image with, straight to the media bucket."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from chalice import Blueprint

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.routing import route
from chalicelib.media import service
from chalicelib.media.models import UploadRequest

bp = Blueprint(__name__)


@route(
    bp,
    "/uploads/",
    ["POST"],
    body=UploadRequest,
    auth="user",
    responses={200: "a form to POST the image with", 429: "UPLOAD_LIMIT_PER_USER_HOUR reached"},
)
def create_upload(user: Principal, body: UploadRequest) -> dict[str, Any]:
    return asdict(service.presign(user.user_id, body, get_redis()))

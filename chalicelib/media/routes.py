"""POST /uploads/: a presigned form a logged-in user's page posts one image with, straight to the media bucket;
POST /article/image/: renran's editor posts the image itself, which the API stores."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response
from chalice.app import Request

from chalicelib.core.auth import Principal
from chalicelib.core.clients import get_redis
from chalicelib.core.http import ok
from chalicelib.core.routing import route
from chalicelib.media import article_images, service
from chalicelib.media.requests import UploadRequest

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
    return service.presign(user.user_id, body, get_redis())._asdict()


@route(
    bp,
    "/article/image/",
    ["POST"],
    auth="user",
    responses={
        201: "multipart/form-data with the file in field `image`: `{image: <its URL>}`",
        413: "larger than the upload limit",
        415: "not multipart/form-data",
        429: "UPLOAD_LIMIT_PER_USER_HOUR reached",
    },
)
def upload_article_image(user: Principal, request: Request) -> Response:
    headers: Any = request.headers or {}
    # A form's bytes: base64-decoded by Chalice when API Gateway sends them so (multipart is a binary type, app.py).
    body = request.raw_body if isinstance(request.raw_body, bytes) else b""
    return ok(201, **article_images.store(user.user_id, str(headers.get("content-type") or ""), body, get_redis()))

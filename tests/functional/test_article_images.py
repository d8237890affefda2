"""POST /article/image/: renran's editor posts an image in a multipart form; the API stores it in the media bucket
under the caller's prefix with the type its bytes are, within the upload limits, and answers `{image: <url>}`."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
import requests

import app as app_module
from chalicelib.core.clients import s3_client
from chalicelib.core.settings import get_settings
from chalicelib.media.article_images import EVENT_MAX_BYTES, FORM_OVERHEAD_BYTES
from devstack.demo_images import png
from devstack.events import lambda_context
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("services")
IMAGE = png(6, 4, (200, 10, 10))


def _form(parts: list[tuple[str, str | None, str, bytes]]) -> tuple[str, bytes]:
    """A multipart/form-data body as a browser builds it: (name, filename, content type, bytes) per part."""
    boundary = f"----WebKitFormBoundary{uuid.uuid4().hex[:16]}"
    body = b""
    for name, filename, content_type, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        head += f"Content-Type: {content_type}\r\n" if content_type else ""
        body += head.encode() + b"\r\n" + data + b"\r\n"
    return f"multipart/form-data; boundary={boundary}", body + f"--{boundary}--\r\n".encode()


def _upload(client, token: str | None, content_type: str, body: bytes) -> tuple[int, dict]:
    headers = {"Content-Type": content_type, **({"Authorization": f"JWT {token}"} if token else {})}
    response = client.http.request("POST", "/article/image/", headers=headers, body=body)
    return response.status_code, json.loads(response.body)


def _key(url: str) -> str:
    return url.split(f"/{get_settings().media_bucket}/", 1)[1]


def test_an_image_is_stored_under_the_callers_prefix_and_served_at_its_url(client):
    owner = make_user()
    status, answer = _upload(client, owner["token"], *_form([("image", "photo.png", "image/png", IMAGE)]))
    assert (status, answer["code"]) == (201, "0"), answer
    key = _key(answer["image"])
    assert key.startswith(f"u/{owner['id']}/article/") and key.endswith(".png")
    stored = s3_client().get_object(Bucket=get_settings().media_bucket, Key=key)
    assert (stored["ContentType"], stored["CacheControl"]) == ("image/png", "public, max-age=31536000, immutable")
    served = requests.get(answer["image"], timeout=10)
    assert (served.status_code, served.content) == (200, IMAGE)


def test_the_type_is_the_bytes_not_what_the_browser_says(client):
    owner = make_user()
    status, answer = _upload(client, owner["token"], *_form([("image", "x.jpg", "image/jpeg", IMAGE)]))
    assert status == 201 and answer["image"].endswith(".png")
    gif = b"GIF89a" + bytes(20)
    status, answer = _upload(client, owner["token"], *_form([("image", "x.png", "", gif), ("other", None, "", b"1")]))
    assert status == 201 and answer["image"].endswith(".gif")


@pytest.mark.parametrize(
    ("parts", "field"),
    [
        ([("file", "photo.png", "image/png", IMAGE)], "image"),  # not the field the editor sends
        ([("image", None, "", IMAGE)], "image"),  # a plain field, not a file
        ([("image", "a.svg", "image/svg+xml", b"<svg onload='alert(1)'/>")], "image"),
        ([("image", "a.html", "image/png", b"<html><script>alert(1)</script>")], "image"),
        ([("image", "empty.png", "image/png", b"")], "image"),
        ([("image", "a.png", "image/png", IMAGE), ("image", "b.png", "image/png", IMAGE)], "image"),
    ],
)
def test_anything_but_one_image_file_is_400_naming_image(client, parts, field):
    status, answer = _upload(client, make_user()["token"], *_form(parts))
    assert (status, answer["code"], [e["field"] for e in answer["errors"]]) == (400, "4003", [field])


def test_a_body_that_is_no_form_is_refused_in_the_envelope(client):
    token = make_user()["token"]
    content_type, body = _form([("image", "a.png", "image/png", IMAGE)])
    assert _upload(client, token, "application/json", b"{}")[0] == 415
    assert _upload(client, token, "image/png", IMAGE)[0] == 415
    for broken in (body[:-20], body.replace(b"\r\n\r\n", b"\r\n", 1), b"junk" + body, b""):
        status, answer = _upload(client, token, content_type, broken)
        assert (status, [e["field"] for e in answer["errors"]]) == (400, ["body"])
    status, answer = _upload(client, token, "multipart/form-data", body)
    assert (status, [e["field"] for e in answer["errors"]]) == (400, ["Content-Type"])


def test_the_upload_limits_hold(client, settings):
    token = make_user()["token"]
    settings.upload_max_bytes = len(IMAGE)
    assert _upload(client, token, *_form([("image", "a.png", "image/png", IMAGE)]))[0] == 201
    status, answer = _upload(client, token, *_form([("image", "a.png", "image/png", IMAGE + b"\0")]))
    assert (status, [e["field"] for e in answer["errors"]]) == (400, ["image"])
    huge = IMAGE + bytes(FORM_OVERHEAD_BYTES + 1)
    status, answer = _upload(client, token, *_form([("image", "a.png", "image/png", huge)]))
    assert (status, answer["code"]) == (413, "4003")
    # And a user's uploads an hour, shared with the presigned forms
    settings.upload_max_bytes, settings.upload_limit_per_user_hour = EVENT_MAX_BYTES, 1
    other = make_user()["token"]
    assert _upload(client, other, *_form([("image", "a.png", "image/png", IMAGE)]))[0] == 201
    status, answer = _upload(client, other, *_form([("image", "a.png", "image/png", IMAGE)]))
    assert (status, answer["code"]) == (429, "4002")


def test_only_a_logged_in_user_uploads(client):
    status, answer = _upload(client, None, *_form([("image", "a.png", "image/png", IMAGE)]))
    assert (status, answer["code"]) == (401, "4101")


def test_a_form_api_gateway_sends_base64_encoded_arrives_whole(services):
    # API Gateway hands a binary media type (multipart/form-data, declared by app.py) to Lambda base64-encoded
    assert "multipart/form-data" in app_module.app.api.binary_types
    owner = make_user()
    content_type, body = _form([("image", "photo.png", "image/png", IMAGE)])
    context = {"resourcePath": "/article/image", "httpMethod": "POST", "requestId": "req-1", "identity": {}}
    event = {
        "resource": "/article/image",
        "path": "/article/image",
        "httpMethod": "POST",
        "headers": {"content-type": content_type, "authorization": f"JWT {owner['token']}"},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": context,
        "body": base64.b64encode(body).decode(),
        "isBase64Encoded": True,
    }
    response = app_module.app(event, lambda_context("api_handler", 512, 30, "us-east-1", "1"))
    answer = json.loads(response["body"])
    assert response["statusCode"] == 201, answer
    stored = s3_client().get_object(Bucket=get_settings().media_bucket, Key=_key(answer["image"]))
    assert stored["Body"].read() == IMAGE

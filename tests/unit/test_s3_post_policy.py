"""The local POST policy checks refuse what S3 refuses, so an upload test cannot pass against a looser fake."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config

from devstack.s3_post_policy import check_post

SECRET = "testing"
BUCKET = "shop-media"
KEY = "u/7/avatar/" + "ab" * 16 + ".png"


def _api_form() -> dict[str, str]:
    # The form exactly as chalicelib.media signs it, made offline by botocore.
    s3 = boto3.client(
        "s3",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key=SECRET,
        config=Config(signature_version="s3v4"),
    )
    post = s3.generate_presigned_post(
        BUCKET,
        KEY,
        Fields={"Content-Type": "image/png"},
        Conditions=[{"Content-Type": "image/png"}, ["content-length-range", 1, 1024]],
        ExpiresIn=600,
    )
    return {name: str(value) for name, value in post["fields"].items()}


def _signed(policy: dict[str, Any], form: dict[str, str]) -> dict[str, str]:
    # SigV4 for POST: the signature is an HMAC of the base64 policy under the credential scope's key.
    encoded = base64.b64encode(json.dumps(policy).encode()).decode()
    key = f"AWS4{SECRET}".encode()
    for part in form["x-amz-credential"].split("/")[1:]:
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return {**form, "policy": encoded, "x-amz-signature": hmac.new(key, encoded.encode(), hashlib.sha256).hexdigest()}


def _policy(form: dict[str, str]) -> dict[str, Any]:
    return json.loads(base64.b64decode(form["policy"]))


def _code(refusal: Any) -> tuple[int, str]:
    status, _, body = refusal
    return status, body.split("<Code>")[1].split("</Code>")[0]


def test_the_form_the_api_signs_is_accepted_for_a_file_within_the_size_range():
    assert check_post(_api_form(), BUCKET, 500, SECRET) is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"Content-Type": "text/html"}, (403, "AccessDenied")),  # eq: the exact type
        ({"Content-Type": "image/png; charset=x"}, (403, "AccessDenied")),  # eq is not starts-with
        ({"key": KEY.replace("/7/", "/8/")}, (403, "AccessDenied")),
        ({"Content-Disposition": "inline"}, (403, "AccessDenied")),  # a field no condition names
        ({"x-amz-meta-owner": "8"}, (403, "AccessDenied")),  # x-amz-* fields must be named too
        ({"success_action_redirect": "https://evil.example/"}, (403, "AccessDenied")),
    ],
)
def test_a_field_the_policy_does_not_allow_is_refused(change, expected):
    assert _code(check_post({**_api_form(), **change}, BUCKET, 500, SECRET)) == expected


def test_fields_prefixed_x_ignore_need_no_condition():
    assert check_post({**_api_form(), "x-ignore-note": "anything"}, BUCKET, 500, SECRET) is None


@pytest.mark.parametrize(("size", "code"), [(1025, "EntityTooLarge"), (0, "EntityTooSmall")])
def test_a_file_outside_content_length_range_is_refused(size, code):
    assert _code(check_post(_api_form(), BUCKET, size, SECRET)) == (400, code)


def test_a_form_without_a_file_is_refused_as_s3_refuses_it():
    assert _code(check_post(_api_form(), BUCKET, None, SECRET)) == (400, "InvalidArgument")


def test_a_form_for_another_bucket_or_signed_with_another_secret_is_refused():
    assert _code(check_post(_api_form(), "other-bucket", 500, SECRET)) == (403, "AccessDenied")
    assert _code(check_post(_api_form(), BUCKET, 500, "another-secret")) == (403, "SignatureDoesNotMatch")


def test_an_expired_policy_is_refused():
    form = _api_form()
    policy = {**_policy(form), "expiration": (datetime.now(UTC) - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}

    assert _code(check_post(_signed(policy, form), BUCKET, 500, SECRET)) == (403, "AccessDenied")


def test_a_starts_with_condition_accepts_any_value_with_that_prefix():
    form = _api_form()
    policy = _policy(form)
    policy["conditions"] = [c for c in policy["conditions"] if not (isinstance(c, dict) and "key" in c)]
    policy["conditions"].append(["starts-with", "$key", "u/7/"])

    assert check_post(_signed(policy, form), BUCKET, 500, SECRET) is None
    moved = _signed(policy, {**form, "key": "u/8/avatar/x.png"})
    assert _code(check_post(moved, BUCKET, 500, SECRET)) == (403, "AccessDenied")


@pytest.mark.parametrize(
    "broken",
    [
        {"expiration": None},  # removed below
        {"conditions": [["starts-with-ish", "$key", ""]]},  # an operator S3 does not know is not a looser match
        {"conditions": [["eq", "key", KEY]]},  # a field is named with its $
        {"conditions": [{"key": KEY, "bucket": BUCKET}]},  # one field per object
        {"conditions": [["content-length-range", "one", 1024]]},
        {"expiration": "tomorrow"},
    ],
)
def test_a_malformed_policy_is_an_invalid_policy_document_not_a_looser_match(broken):
    form = _api_form()
    policy = {**_policy(form), **broken}
    if broken == {"expiration": None}:
        del policy["expiration"]

    assert _code(check_post(_signed(policy, form), BUCKET, 500, SECRET)) == (400, "InvalidPolicyDocument")

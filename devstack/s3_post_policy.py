"""S3's checks of a presigned POST, which moto's server skips: signature, expiry, every condition, the size range.

Without them a local upload of any type, size or key would succeed where S3 refuses it, and the forms the API
hands out (chalicelib/media) would go untested. The rules are S3's ("Creating a POST policy", SigV4 only):
the policy must be signed with the caller's secret, unexpired, every form field but the signature, the file,
the policy and `x-ignore-*` must be named by a condition, and the file's size must lie in content-length-range.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

_UNCHECKED = {"x-amz-signature", "file", "policy"}
Refusal = tuple[int, dict[str, str], str]


def _error(status: int, code: str, message: str) -> Refusal:
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>'
    return status, {"Content-Type": "application/xml"}, body


def _signing_key(secret: str, scope: list[str]) -> bytes:
    key = f"AWS4{secret}".encode()
    for part in scope:
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def _signature_ok(form: Mapping[str, str], secret: str) -> bool:
    if form.get("x-amz-algorithm") != "AWS4-HMAC-SHA256":
        return False
    scope = form.get("x-amz-credential", "").split("/")[1:]
    if len(scope) != 4:
        return False
    expected = hmac.new(_signing_key(secret, scope), form["policy"].encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, form.get("x-amz-signature", ""))


def _malformed(condition: Any) -> bool:
    # S3 knows three shapes: {"field": "value"}, ["eq" | "starts-with", "$field", "value"], and
    # ["content-length-range", min, max]; anything else makes the whole policy invalid, not a looser match.
    if isinstance(condition, dict):
        return len(condition) != 1
    if not isinstance(condition, list) or len(condition) != 3:
        return True
    if condition[0] == "content-length-range":
        return not all(isinstance(bound, int) or str(bound).isdigit() for bound in condition[1:])
    return condition[0] not in ("eq", "starts-with") or not str(condition[1]).startswith("$")


def _condition_failure(condition: Any, values: Mapping[str, str], size: int) -> Refusal | None:
    if isinstance(condition, dict):
        ((name, wanted),) = condition.items()
        ok = values.get(name.lower()) == wanted
        return None if ok else _error(403, "AccessDenied", f"Policy Condition failed: ['eq', '${name}', '{wanted}']")
    op, *args = condition
    if op == "content-length-range":
        low, high = int(args[0]), int(args[1])
        if size > high:
            return _error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
        return _error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum") if size < low else None
    name, wanted = str(args[0]).lstrip("$").lower(), str(args[1])
    value = values.get(name, "")
    ok = value == wanted if op == "eq" else value.startswith(wanted)
    return None if ok else _error(403, "AccessDenied", f"Policy Condition failed: {condition}")


def _read_policy(encoded: str) -> list[Any] | Refusal:
    """The policy's conditions, or S3's refusal of a policy that is not JSON, lacks expiration or has expired."""
    try:
        policy = json.loads(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        return _error(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
    if not isinstance(policy, dict) or "expiration" not in policy:
        return _error(400, "InvalidPolicyDocument", "Invalid Policy: Policy missing expiration.")
    try:
        expires = datetime.fromisoformat(str(policy["expiration"]).replace("Z", "+00:00"))
    except ValueError:
        return _error(400, "InvalidPolicyDocument", "Invalid Policy: Invalid 'expiration' value.")
    if (expires if expires.tzinfo else expires.replace(tzinfo=UTC)) <= datetime.now(UTC):
        return _error(403, "AccessDenied", "Invalid according to Policy: Policy expired.")
    conditions = policy.get("conditions")
    if not isinstance(conditions, list) or any(_malformed(c) for c in conditions):
        return _error(400, "InvalidPolicyDocument", "Invalid Policy: Invalid Simple-Condition or conditions.")
    return conditions


def check_post(form: Mapping[str, str], bucket: str, size: int | None, secret: str) -> Refusal | None:
    """S3's answer to a POST object request whose form is `form` (file of `size`, None if none), None if stored."""
    if size is None:
        return _error(400, "InvalidArgument", "POST requires exactly one file upload per request.")
    if "policy" not in form:
        return _error(403, "AccessDenied", "Anonymous uploads are not allowed: the form carries no policy")
    if not _signature_ok(form, secret):
        return _error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match")
    conditions = _read_policy(form["policy"])
    if isinstance(conditions, tuple):
        return conditions
    values = {name.lower(): value for name, value in form.items()} | {"bucket": bucket}
    named = {next(iter(c)).lower() if isinstance(c, dict) else str(c[1]).lstrip("$").lower() for c in conditions}
    for name in values:
        if name not in _UNCHECKED and name != "bucket" and not name.startswith("x-ignore-") and name not in named:
            return _error(403, "AccessDenied", f"Invalid according to Policy: Extra input fields: {name}")
    for condition in conditions:
        if (refusal := _condition_failure(condition, values, size)) is not None:
            return refusal
    return None


def enforce_post_policies() -> None:
    """Make moto's S3 check POST object forms as S3 does (idempotent; applies to every moto server in this process)."""
    from moto.s3.responses import S3Response

    original = S3Response._bucket_response_post
    if getattr(original, "_enforced", False):
        return

    def checked(self: Any, request: Any, bucket_name: str) -> Any:
        form = {str(k): str(v) for k, v in self.form_data.items()}
        if "key" in form:  # a form upload; other POSTs to a bucket (multi-object delete) are not forms
            secret = os.environ.get("AWS_SECRET_ACCESS_KEY", "testing")
            body = self.raw_body if isinstance(self.raw_body, bytes) else str(self.raw_body).encode()
            # Without a file part moto takes the last form field's name as the body; S3 refuses such a form.
            has_file = "file" in form or bool(getattr(self.normalized_request, "files", None))
            refusal = check_post(form, bucket_name, len(body) if has_file else None, secret)
            if refusal is not None:
                return refusal
        return original(self, request, bucket_name)

    checked._enforced = True  # type: ignore[attr-defined]
    S3Response._bucket_response_post = checked  # type: ignore[method-assign]

"""The media bucket locally: created in moto from infra/resources.json's rules, read at real path-style URLs.

moto serves `GET <endpoint>/<bucket>/<key>` to anyone the bucket policy lets read, with the stored content type,
and answers CORS preflights from the bucket's CORS rules: the same two things the stack's bucket does in AWS.
The template's rules name the CorsAllowOrigins parameter; here they name CORS_ALLOW_ORIGINS.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from devstack.moto_server import aws_client

log = logging.getLogger("devstack.media")

DEFAULT_BUCKET = "shop-media"
DEFAULT_ORIGINS = "http://127.0.0.1:8080,http://localhost:8080"
BUCKET_ID, POLICY_ID = "MediaBucket", "MediaBucketPolicy"


def media_env(aws_endpoint_url: str, given: Mapping[str, str] | None = None) -> dict[str, str]:
    """MEDIA_BUCKET and MEDIA_BASE_URL for a bucket served path-style by the endpoint (the caller's win)."""
    given = given or {}
    bucket = given.get("MEDIA_BUCKET") or DEFAULT_BUCKET
    base = given.get("MEDIA_BASE_URL") or f"{aws_endpoint_url.rstrip('/')}/{bucket}"
    return {"MEDIA_BUCKET": bucket, "MEDIA_BASE_URL": base}


def cors_rules(template: Mapping[str, Any], origins: list[str]) -> list[dict[str, Any]]:
    """The template's bucket CORS rules (the branch taken when origins are set), with `origins` allowed."""
    config = template["Resources"][BUCKET_ID]["Properties"]["CorsConfiguration"]["Fn::If"][1]
    rules = []
    for rule in config["CorsRules"]:
        found = {k: v for k, v in rule.items() if k not in ("Id", "AllowedOrigins")}
        found["ExposeHeaders"] = found.pop("ExposedHeaders", [])
        found["MaxAgeSeconds"] = found.pop("MaxAge", 0)
        rules.append({**found, "AllowedOrigins": origins})
    return rules


def read_policy(template: Mapping[str, Any], bucket: str) -> dict[str, Any]:
    """The template's Allow statements with the bucket's ARN in (moto over http: the TLS-only Deny is left out)."""
    document = template["Resources"][POLICY_ID]["Properties"]["PolicyDocument"]
    text = json.dumps([s for s in document["Statement"] if s["Effect"] == "Allow"])
    statements = json.loads(text.replace('{"Fn::Sub": "${MediaBucket.Arn}/*"}', json.dumps(f"arn:aws:s3:::{bucket}/*")))
    return {"Version": document["Version"], "Statement": statements}


def create_media_bucket(endpoint_url: str, template_path: Path, env: Mapping[str, str] | None = None) -> str:
    """Create the media bucket (existing: kept) and set its public-read policy and CORS rules; return its name."""
    env = env if env is not None else os.environ
    template = json.loads(template_path.read_text())
    bucket = env.get("MEDIA_BUCKET") or DEFAULT_BUCKET
    origins = [o.strip().rstrip("/") for o in (env.get("CORS_ALLOW_ORIGINS") or DEFAULT_ORIGINS).split(",")]
    s3 = aws_client("s3", endpoint_url)
    try:
        s3.head_bucket(Bucket=bucket)
    except s3.exceptions.ClientError:
        s3.create_bucket(Bucket=bucket)
        log.info("bucket %s created (%s)", bucket, BUCKET_ID)
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(read_policy(template, bucket)))
    rules = cors_rules(template, [o for o in origins if o])
    if rules and rules[0]["AllowedOrigins"]:
        s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    return bucket

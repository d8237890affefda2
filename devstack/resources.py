"""Create the template's tables, queues, Scheduler groups and media bucket in moto (or any endpoint), idempotently."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devstack.media import create_media_bucket
from devstack.moto_server import REGION, aws_client

log = logging.getLogger("devstack.resources")

# CloudFormation queue properties that map 1:1 onto SQS attributes; the rest (tags, SSE, policies) are skipped.
_QUEUE_ATTRIBUTES = [
    "VisibilityTimeout",
    "MessageRetentionPeriod",
    "DelaySeconds",
    "MaximumMessageSize",
    "ReceiveMessageWaitTimeSeconds",
    "FifoQueue",
    "ContentBasedDeduplication",
]
_INDEX_KEYS = ["IndexName", "KeySchema", "Projection", "ProvisionedThroughput"]


class TemplateError(ValueError):
    """The template uses something the local stack cannot resolve."""


@dataclass
class Resources:
    """What exists after create_resources: table names and queue name -> URL."""

    tables: list[str] = field(default_factory=list)
    queues: dict[str, str] = field(default_factory=dict)
    schedule_groups: list[str] = field(default_factory=list)
    buckets: list[str] = field(default_factory=list)


def _literal(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TemplateError(f"{what} must be a literal string for the local stack, got {value!r}")
    return value


def _table_request(props: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {
        "TableName": _literal(props.get("TableName"), "TableName"),
        "KeySchema": props["KeySchema"],
        "AttributeDefinitions": props["AttributeDefinitions"],
        "BillingMode": props.get("BillingMode", "PROVISIONED"),
    }
    if "ProvisionedThroughput" in props:
        request["ProvisionedThroughput"] = props["ProvisionedThroughput"]
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if props.get(kind):
            request[kind] = [{k: v for k, v in index.items() if k in _INDEX_KEYS} for index in props[kind]]
    if stream := props.get("StreamSpecification"):
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]}
    return request


def _enable_stream(dynamodb: Any, name: str, stream: dict[str, Any] | None) -> None:
    # A table kept from an earlier run (.local) may predate its stream in the template.
    if stream and not dynamodb.describe_table(TableName=name)["Table"].get("StreamSpecification", {}).get(
        "StreamEnabled"
    ):
        dynamodb.update_table(TableName=name, StreamSpecification=stream)
        log.info("table %s: stream enabled (%s)", name, stream["StreamViewType"])


def _create_tables(dynamodb: Any, resources: dict[str, dict[str, Any]], out: Resources) -> None:
    existing = set()
    for page in dynamodb.get_paginator("list_tables").paginate():
        existing.update(page["TableNames"])
    for logical_id, resource in resources.items():
        if resource.get("Type") != "AWS::DynamoDB::Table":
            continue
        props = resource.get("Properties", {})
        request = _table_request(props)
        name = request["TableName"]
        out.tables.append(name)
        if name in existing:
            _enable_stream(dynamodb, name, request.get("StreamSpecification"))
            continue
        dynamodb.create_table(**request)
        ttl = props.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            dynamodb.update_time_to_live(
                TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl["AttributeName"]}
            )
        log.info("table %s created (%s)", name, logical_id)


def _dlq_logical_id(props: dict[str, Any]) -> str | None:
    target = props.get("RedrivePolicy", {}).get("deadLetterTargetArn")
    if target is None:
        return None
    if isinstance(target, dict) and "Fn::GetAtt" in target:
        ref = target["Fn::GetAtt"]
        logical_id, attribute = ref if isinstance(ref, list) else str(ref).split(".", 1)
        if attribute == "Arn":
            return str(logical_id)
    raise TemplateError(f"deadLetterTargetArn must be {{'Fn::GetAtt': [<queue>, 'Arn']}}, got {target!r}")


def _attribute_text(value: Any) -> str:
    # SQS attributes are strings; CloudFormation JSON booleans must become "true"/"false", not "True".
    return str(value).lower() if isinstance(value, bool) else str(value)


def _create_queues(sqs: Any, resources: dict[str, dict[str, Any]], out: Resources) -> None:
    queues = {lid: r.get("Properties", {}) for lid, r in resources.items() if r.get("Type") == "AWS::SQS::Queue"}
    arns: dict[str, str] = {}

    def create(logical_id: str, chain: tuple[str, ...] = ()) -> str:
        # Depth-first so every DLQ exists (and has an ARN) before the queue whose RedrivePolicy points at it.
        if logical_id in arns:
            return arns[logical_id]
        if logical_id not in queues or logical_id in chain:
            raise TemplateError(f"queue {logical_id!r} is missing or part of a redrive cycle")
        props = queues[logical_id]
        name = _literal(props.get("QueueName"), f"{logical_id}.QueueName")
        attributes = {k: _attribute_text(props[k]) for k in _QUEUE_ATTRIBUTES if k in props}
        if (dlq := _dlq_logical_id(props)) is not None:
            redrive = {"deadLetterTargetArn": create(dlq, (*chain, logical_id))}
            redrive["maxReceiveCount"] = str(props["RedrivePolicy"].get("maxReceiveCount", 10))
            attributes["RedrivePolicy"] = json.dumps(redrive)
        try:
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        except sqs.exceptions.QueueDoesNotExist:
            url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
            log.info("queue %s created (%s)", name, logical_id)
        arns[logical_id] = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        out.queues[name] = url
        return arns[logical_id]

    for logical_id in queues:
        create(logical_id)


def _create_schedule_groups(scheduler: Any, resources: dict[str, dict[str, Any]], out: Resources) -> None:
    for logical_id, resource in resources.items():
        if resource.get("Type") != "AWS::Scheduler::ScheduleGroup":
            continue
        name = _literal(resource.get("Properties", {}).get("Name"), f"{logical_id}.Name")
        try:
            scheduler.get_schedule_group(Name=name)
        except scheduler.exceptions.ResourceNotFoundException:
            scheduler.create_schedule_group(Name=name)
            log.info("schedule group %s created (%s)", name, logical_id)
        out.schedule_groups.append(name)


def create_resources(endpoint_url: str, template_path: Path, region: str = REGION) -> Resources:
    """Create the tables, queues (DLQs first), schedule groups and media bucket of a template; skip existing ones."""
    template = json.loads(Path(template_path).read_text())
    resources: dict[str, dict[str, Any]] = template.get("Resources", {})
    out = Resources()
    _create_tables(aws_client("dynamodb", endpoint_url, region), resources, out)
    _create_queues(aws_client("sqs", endpoint_url, region), resources, out)
    _create_schedule_groups(aws_client("scheduler", endpoint_url, region), resources, out)
    if "MediaBucket" in resources:  # its name and origins are settings here, not literals of the template
        out.buckets.append(create_media_bucket(endpoint_url, Path(template_path)))
    return out

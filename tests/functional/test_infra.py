"""The deployable template: Chalice's SAM output merged with infra/resources.json lints clean and matches the models."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pynamodb.attributes import Attribute, TTLAttribute
from pynamodb.indexes import GlobalSecondaryIndex, Index, LocalSecondaryIndex
from pynamodb.models import Model

from infra.usage import usage
from tests.functional.packaging import package_dir

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "infra" / "resources.json"
BIN = Path(sys.executable).parent

TEMPLATE_TABLE_PREFIX = "shop-"  # the template's literal names are the app's default TABLE_PREFIX + logical name
TABLES = {
    "UsersTable": "shop-users",
    "UniqueKeysTable": "shop-unique-keys",
    "OAuthQQTable": "shop-oauth-qq",
    "PaymentsTable": "shop-payments",
    "AddressesTable": "shop-addresses",
    "AreasTable": "shop-areas",
    "CountersTable": "shop-counters",
    "IdempotencyTable": "shop-idempotency",
    "CategoriesTable": "shop-categories",
    "SpusTable": "shop-spus",
    "SkusTable": "shop-skus",
    "VisitsTable": "shop-visits",
    "BannersTable": "shop-banners",
    "CoursesTable": "shop-courses",
    "CourseCategoriesTable": "shop-course-categories",
    "FeedRelationsTable": "shop-feed-relations",
    "FeedStatsTable": "shop-feed-stats",
    "FeedArticlesTable": "shop-feed-articles",
    "FeedCollectionsTable": "shop-feed-collections",
    "NavsTable": "shop-navs",
    "SpecialsTable": "shop-specials",
    "FeedOutboxTable": "shop-feed-outbox",
    "FeedInboxTable": "shop-feed-inbox",
    "FeedReadsTable": "shop-feed-reads",
    "FeedLogsTable": "shop-feed-logs",
    "OrdersTable": "shop-orders",
}
# Tables written by a library rather than a pynamodb model of ours, and the library.
NOT_MODELLED = {
    "shop-idempotency": "Powertools idempotency (DynamoDBPersistenceLayer)",
    # Each actor's entry is a map path named at write time (feed/recommendations/neighbours.py), in wire format.
    "shop-feed-neighbours": "raw UpdateItem of computed map paths",
}
QUEUES = {  # queue logical id -> (queue name, its DLQ's logical id)
    "NotificationsQueue": ("shop-notifications", "NotificationsDlq"),
    "FeedFanoutQueue": ("shop-feed-fanout", "FeedFanoutDlq"),
    "SeckillOrdersQueue": ("shop-seckill-orders", "SeckillOrdersDlq"),
    "OrderTimeoutsQueue": ("shop-order-timeouts", "OrderTimeoutsDlq"),
}
DLQ_RETENTION_SECONDS = 14 * 24 * 3600
# Lambda's advice for SQS event sources: queue visibility timeout at least six times the function timeout.
VISIBILITY_PER_FUNCTION_TIMEOUT = 6
REGION = "us-east-1"
KEY_TYPES = ("HASH", "RANGE")

Resources = dict[str, dict[str, Any]]


# ---------------------------------------------------------------- packaged template


@pytest.fixture(scope="module")
def sam_path() -> Path:
    """`make package`, offline from .wheelhouse, into a temporary directory (once per session)."""
    return package_dir() / "sam.json"


def test_package_vendors_pynamodb_but_not_botocore(sam_path: Path) -> None:
    """The zip carries our code and pynamodb, and leaves botocore to the Lambda runtime."""
    with zipfile.ZipFile(sam_path.parent / "deployment.zip") as archive:
        names = archive.namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert {"chalicelib", "app.py", "pynamodb", "aws_lambda_powertools", "pydantic_core", "redis"} <= top
    assert "botocore" not in top and "boto3" not in top
    assert any(n.startswith("chalicelib/core/__pycache__/") and n.endswith(".pyc") for n in names), "no bytecode"


@pytest.fixture(scope="module")
def sam(sam_path: Path) -> dict[str, Any]:
    """The packaged SAM template."""
    template: dict[str, Any] = json.loads(sam_path.read_text())
    return template


def _of_type(resources: Resources, resource_type: str) -> Resources:
    return {logical_id: r for logical_id, r in resources.items() if r.get("Type") == resource_type}


def _get_att(logical_id: str, attribute: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [logical_id, attribute]}


def _queue_name(queue: Any, resources: Resources) -> str:
    """The queue name of an SQS event's Queue: a literal ARN, Chalice's Fn::Sub ARN or a GetAtt of a queue."""
    if isinstance(queue, dict) and "Fn::GetAtt" in queue:
        return str(resources[queue["Fn::GetAtt"][0]]["Properties"]["QueueName"])
    arn = queue["Fn::Sub"] if isinstance(queue, dict) else queue
    return str(arn).rsplit(":", 1)[-1]


def _consumer_snippet(function_id: str, event_id: str, queue_id: str) -> str:
    """The infra/resources.json entry an SQS consumer function needs."""
    events = {event_id: {"Properties": {"FunctionResponseTypes": ["ReportBatchItemFailures"]}}}
    return json.dumps({function_id: {"DependsOn": [queue_id], "Properties": {"Events": events}}})


def test_packaged_template_passes_cfn_lint(sam_path: Path) -> None:
    """cfn-lint reports no error and no warning on the packaged template (informational findings do not fail)."""
    result = subprocess.run(
        [str(BIN / "cfn-lint"), "--format", "json", "--", str(sam_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        findings: list[dict[str, Any]] = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        pytest.fail(f"cfn-lint did not run (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    # No rule is ignored; only the Informational level (best-practice hints) is not a failure.
    problems = [
        f"{f['Level']} {f['Rule']['Id']} at {'/'.join(map(str, f['Location']['Path']))}: {f['Message']}"
        for f in findings
        if f["Level"] != "Informational"
    ]
    assert not problems, "cfn-lint findings in the packaged template:\n" + "\n".join(problems)


def test_packaged_template_has_the_tables(sam: dict[str, Any]) -> None:
    """The tables are on-demand, point-in-time recoverable, encrypted and kept when the stack goes."""
    tables = _of_type(sam["Resources"], "AWS::DynamoDB::Table")
    for logical_id, name in TABLES.items():
        assert logical_id in tables, f"table {name}: no AWS::DynamoDB::Table {logical_id}"
        table = tables[logical_id]
        props = table["Properties"]
        assert props["TableName"] == name, f"{logical_id}: TableName {props['TableName']!r}, expected {name!r}"
        assert props.get("BillingMode") == "PAY_PER_REQUEST", f"{name}: not PAY_PER_REQUEST"
        pitr = props.get("PointInTimeRecoverySpecification", {})
        assert pitr.get("PointInTimeRecoveryEnabled") is True, f"{name}: point-in-time recovery off"
        assert props.get("SSESpecification", {}).get("SSEEnabled") is True, f"{name}: SSE off"
        assert table.get("DeletionPolicy") == "Retain", f"{name}: DeletionPolicy is not Retain"


def test_packaged_template_has_queues_with_dead_letter_queues_and_alarms(sam: dict[str, Any]) -> None:
    """Each queue redrives to its own DLQ after 5 receives; each DLQ keeps 14 days and alarms on any message."""
    resources = sam["Resources"]
    queues = _of_type(resources, "AWS::SQS::Queue")
    alarms = _of_type(resources, "AWS::CloudWatch::Alarm").values()
    for logical_id, (name, dlq_id) in QUEUES.items():
        assert logical_id in queues, f"queue {name}: no AWS::SQS::Queue {logical_id}"
        props = queues[logical_id]["Properties"]
        assert props["QueueName"] == name, f"{logical_id}: QueueName {props['QueueName']!r}, expected {name!r}"
        redrive = props.get("RedrivePolicy", {})
        assert redrive.get("deadLetterTargetArn") == _get_att(dlq_id, "Arn"), f"{name}: does not redrive to {dlq_id}"
        assert redrive.get("maxReceiveCount") == 5, f"{name}: maxReceiveCount {redrive.get('maxReceiveCount')}"
        assert dlq_id in queues, f"{name}: DLQ {dlq_id} missing"
        dlq = queues[dlq_id]["Properties"]
        assert dlq["QueueName"] == f"{name}-dlq", f"{dlq_id}: QueueName {dlq['QueueName']!r}"
        assert dlq.get("MessageRetentionPeriod") == DLQ_RETENTION_SECONDS, f"{dlq_id}: retention is not 14 days"
        alarmed = [
            alarm
            for alarm in alarms
            if alarm["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"
            and alarm["Properties"].get("Namespace") == "AWS/SQS"
            and {"Name": "QueueName", "Value": _get_att(dlq_id, "QueueName")}
            in alarm["Properties"].get("Dimensions", [])
            and alarm["Properties"].get("Threshold") == 0
            and alarm["Properties"].get("ComparisonOperator") == "GreaterThanThreshold"
        ]
        assert alarmed, f"{dlq_id}: no alarm on ApproximateNumberOfMessagesVisible > 0"


def test_every_sqs_event_source_reports_partial_batch_failures(sam: dict[str, Any]) -> None:
    """Every SQS consumer reports batch item failures, waits for its queue and fits 6 runs in its visibility."""
    resources = sam["Resources"]
    queues = {r["Properties"]["QueueName"]: (lid, r) for lid, r in _of_type(resources, "AWS::SQS::Queue").items()}
    sources = 0
    for function_id, function in _of_type(resources, "AWS::Serverless::Function").items():
        props = function["Properties"]
        for event_id, event in props.get("Events", {}).items():
            if event.get("Type") != "SQS":
                continue
            sources += 1
            where = f"Resources.{function_id}.Properties.Events.{event_id}"
            name = _queue_name(event["Properties"]["Queue"], resources)
            assert name in queues, f"{where} reads queue {name!r}, which the template does not define"
            queue_id, queue = queues[name]
            assert "ReportBatchItemFailures" in event["Properties"].get("FunctionResponseTypes", []), (
                f"{where} lacks FunctionResponseTypes [ReportBatchItemFailures]; add to Resources in "
                f"infra/resources.json: {_consumer_snippet(function_id, event_id, queue_id)}"
            )
            # Chalice refers to the queue by a literal ARN: without DependsOn the event source mapping could be
            # created before the queue exists.
            assert queue_id in function.get("DependsOn", []), f"{function_id} must have DependsOn [{queue_id}]"
            visibility = queue["Properties"].get("VisibilityTimeout", 30)
            minimum = VISIBILITY_PER_FUNCTION_TIMEOUT * props["Timeout"]
            assert visibility >= minimum, f"{name}: VisibilityTimeout {visibility} < {minimum} (6 x {function_id})"
    assert sources, "the packaged app has no SQS event source (notifications_consumer is expected)"


def test_scheduler_role_trusts_scheduler_and_is_given_to_the_functions(sam: dict[str, Any]) -> None:
    """Scheduler may assume the role to send to the queues; its ARN is an output and SCHEDULER_ROLE_ARN."""
    resources = sam["Resources"]
    roles = _of_type(resources, "AWS::IAM::Role")
    assert "SchedulerRole" in roles, "no AWS::IAM::Role SchedulerRole"
    role = roles["SchedulerRole"]["Properties"]
    principals = [s["Principal"].get("Service") for s in role["AssumeRolePolicyDocument"]["Statement"]]
    assert "scheduler.amazonaws.com" in principals, f"SchedulerRole trusts {principals}, not scheduler.amazonaws.com"
    statements = [s for policy in role["Policies"] for s in policy["PolicyDocument"]["Statement"]]
    send = [s for s in statements if s["Action"] == "sqs:SendMessage"]
    for queue_id in QUEUES:
        assert any(_get_att(queue_id, "Arn") in s["Resource"] for s in send), f"SchedulerRole cannot send to {queue_id}"
    assert any(s["Action"] == "lambda:InvokeFunction" for s in statements), "SchedulerRole cannot invoke the functions"
    role_arn = _get_att("SchedulerRole", "Arn")
    assert role_arn in [output["Value"] for output in sam["Outputs"].values()], "no output of the SchedulerRole ARN"
    variables = sam["Globals"]["Function"]["Environment"]["Variables"]
    assert variables.get("SCHEDULER_ROLE_ARN") == role_arn, "Globals.Function lacks SCHEDULER_ROLE_ARN"
    # A schedule's target is QUEUE_ARN_PREFIX + the queue's name (core/schedules.py): the queues' own ARN format.
    prefix = {"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:"}
    assert variables.get("QUEUE_ARN_PREFIX") == prefix, "Globals.Function lacks QUEUE_ARN_PREFIX"
    # A queue's URL is QUEUE_URL_PREFIX + its name (core/queues.py): SQS's URL format, the partition's domain.
    url_prefix = {"Fn::Sub": "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/"}
    assert variables.get("QUEUE_URL_PREFIX") == url_prefix, "Globals.Function lacks QUEUE_URL_PREFIX"
    # Exactly the functions whose modules schedule (core/schedules.py) may pass it, and only to Scheduler.
    for function_id, function in _of_type(sam["Resources"], "AWS::Serverless::Function").items():
        statements = _role_statements(sam, function_id)
        schedules = usage(_module(function)).scheduler
        passes = [s for s in statements if s["Action"] == "iam:PassRole"]
        assert bool(passes) == schedules, f"{function_id}: may pass the Scheduler role: {bool(passes)}"
        for statement in passes:
            assert statement["Resource"] == role_arn, f"{function_id} may pass {statement['Resource']}"
            assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}}


def test_functions_that_reach_redis_run_in_the_vpc_and_no_other(sam: dict[str, Any]) -> None:
    """Functions whose modules call get_redis() get the VPC config and a TLS REDIS_URL; the rest run outside the VPC."""
    function = sam["Globals"]["Function"]
    assert "VpcConfig" not in function, "Globals.Function.VpcConfig would put every function in the VPC"
    assert sam["Parameters"]["SubnetIds"]["Type"] == "List<AWS::EC2::Subnet::Id>"
    assert sam["Parameters"]["VpcId"]["Type"] == "AWS::EC2::VPC::Id"
    redis_url = function["Environment"]["Variables"]["REDIS_URL"]
    assert redis_url["Fn::Sub"].startswith("rediss://"), f"REDIS_URL {redis_url} is not TLS"
    in_vpc = []
    for function_id, resource in _of_type(sam["Resources"], "AWS::Serverless::Function").items():
        assert "IgnoreGlobals" not in resource, f"{function_id} ignores Globals (REDIS_URL, SCHEDULER_ROLE_ARN)"
        vpc = resource["Properties"].get("VpcConfig")
        if usage(_module(resource)).redis:
            in_vpc.append(function_id)
            assert vpc == {
                "SubnetIds": {"Ref": "SubnetIds"},
                "SecurityGroupIds": [_get_att("LambdaSecurityGroup", "GroupId")],
            }, f"{function_id} reaches Redis but its VpcConfig is {vpc}"
        else:
            assert vpc is None, f"{function_id} does not reach Redis, yet runs in the VPC"
    assert "CartApi" in in_vpc and "NotificationsConsumer" not in in_vpc, f"in the VPC: {in_vpc}"
    groups = _of_type(sam["Resources"], "AWS::EC2::SecurityGroup")
    ingress = groups["RedisSecurityGroup"]["Properties"]["SecurityGroupIngress"]
    assert [(r["FromPort"], r["ToPort"], r["SourceSecurityGroupId"]) for r in ingress] == [
        (6379, 6379, _get_att("LambdaSecurityGroup", "GroupId"))
    ], f"Redis ingress is {ingress}"


def test_every_table_and_queue_is_reached_by_some_function(sam: dict[str, Any]) -> None:
    """Each table (and its indexes) and each queue is in some function's role: nothing deployed is out of reach."""
    granted = json.dumps([_role_statements(sam, f) for f in _of_type(sam["Resources"], "AWS::Serverless::Function")])
    for kind in ("AWS::DynamoDB::Table", "AWS::SQS::Queue"):
        for logical_id, resource in _of_type(sam["Resources"], kind).items():
            if kind == "AWS::SQS::Queue" and resource["Properties"]["QueueName"].endswith("-dlq"):
                continue  # dead letters are read by people, not functions
            assert json.dumps(_get_att(logical_id, "Arn")) in granted, f"no function may use {logical_id}"


def _module(function: dict[str, Any]) -> str:
    """The handler module of a packaged function (`chalicelib.functions.cart.app` -> `chalicelib.functions.cart`)."""
    return str(function["Properties"]["Handler"]).rsplit(".", 1)[0]


def _role_statements(sam: dict[str, Any], function_id: str) -> list[dict[str, Any]]:
    role_id = sam["Resources"][function_id]["Properties"]["Role"]["Fn::GetAtt"][0]
    policies = sam["Resources"][role_id]["Properties"]["Policies"]
    return [statement for policy in policies for statement in policy["PolicyDocument"]["Statement"]]


# ---------------------------------------------------------------- models against infra/resources.json


def _import_all(package_name: str) -> None:
    def fail(name: str) -> None:
        raise ImportError(f"cannot import {name}")

    package = importlib.import_module(package_name)
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}.", onerror=fail):
        # Function modules build Chalice apps from blueprints app.py (imported by this session) registered already;
        # they declare no model of their own.
        if not info.name.startswith("chalicelib.functions."):
            importlib.import_module(info.name)


def _subclasses(cls: type[Model]) -> Iterator[type[Model]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _table_name(model: type[Model]) -> str | None:
    name = getattr(getattr(model, "Meta", None), "table_name", None)
    return name if isinstance(name, str) else None


@pytest.fixture(scope="module")
def models() -> list[type[Model]]:
    """Every concrete pynamodb model of chalicelib (all its modules imported)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))
        _import_all("chalicelib")
    found = {m for m in _subclasses(Model) if m.__module__.startswith("chalicelib.") and _table_name(m)}
    return sorted(found, key=lambda m: f"{m.__module__}.{m.__qualname__}")


@pytest.fixture(scope="module")
def template_tables() -> list[tuple[str, dict[str, Any]]]:
    """(logical id, Properties) of each AWS::DynamoDB::Table in infra/resources.json."""
    resources = json.loads(RESOURCES.read_text())["Resources"]
    return [(lid, r["Properties"]) for lid, r in _of_type(resources, "AWS::DynamoDB::Table").items()]


def _template_name(model: type[Model]) -> str:
    """The template's literal TableName for a model, whatever TABLE_PREFIX the session imported it with."""
    from chalicelib.core.settings import get_settings

    name = _table_name(model) or ""
    prefix = get_settings().table_prefix
    return TEMPLATE_TABLE_PREFIX + name.removeprefix(prefix) if name.startswith(prefix) else name


def _key_attributes(attributes: list[Attribute[Any]]) -> dict[str, tuple[str, str]]:
    """KeyType -> (attribute name, S/N/B) of pynamodb attributes."""
    keys: dict[str, tuple[str, str]] = {}
    for attribute in attributes:
        if attribute.is_hash_key:
            keys["HASH"] = (attribute.attr_name, attribute.attr_type)
        if attribute.is_range_key:
            keys["RANGE"] = (attribute.attr_name, attribute.attr_type)
    return keys


def _template_keys(key_schema: list[dict[str, str]], definitions: dict[str, str]) -> dict[str, tuple[str, str]]:
    """KeyType -> (attribute name, S/N/B, or '?' when AttributeDefinitions lacks it) of a template key schema."""
    return {k["KeyType"]: (k["AttributeName"], definitions.get(k["AttributeName"], "?")) for k in key_schema}


def _model_indexes(model: type[Model], kind: type[Index[Any]]) -> dict[str, dict[str, Any]]:
    indexes = {}
    for _, index in inspect.getmembers(model, lambda o: isinstance(o, kind)):
        projection = index.Meta.projection
        indexes[index.Meta.index_name] = {
            "keys": _key_attributes(list(index.Meta.attributes.values())),
            "projection": (projection.projection_type, sorted(projection.non_key_attributes or [])),
        }
    return indexes


def _table_indexes(props: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    definitions = {d["AttributeName"]: d["AttributeType"] for d in props["AttributeDefinitions"]}
    return {
        index["IndexName"]: {
            "keys": _template_keys(index["KeySchema"], definitions),
            "projection": (
                index["Projection"].get("ProjectionType", "INCLUDE"),
                sorted(index["Projection"].get("NonKeyAttributes", [])),
            ),
        }
        for index in props.get(kind, [])
    }


def _differences(model: type[Model], table_id: str, props: dict[str, Any]) -> list[str]:
    """What the model declares that the table does not have (keys, key types, indexes, TTL)."""
    where = f"{model.__module__}.{model.__qualname__} vs {table_id} ({props['TableName']})"
    definitions = {d["AttributeName"]: d["AttributeType"] for d in props["AttributeDefinitions"]}
    differences = []
    model_keys = _key_attributes(list(model.get_attributes().values()))
    table_keys = _template_keys(props["KeySchema"], definitions)
    for key_type in KEY_TYPES:
        if model_keys.get(key_type) != table_keys.get(key_type):
            differences.append(
                f"{where}: {key_type} key model={model_keys.get(key_type)} table={table_keys.get(key_type)}"
            )
    for kind, prop in (
        (GlobalSecondaryIndex, "GlobalSecondaryIndexes"),
        (LocalSecondaryIndex, "LocalSecondaryIndexes"),
    ):
        table_indexes = _table_indexes(props, prop)
        for name, index in _model_indexes(model, kind).items():
            if table_indexes.get(name) != index:
                differences.append(f"{where}: {prop} {name} model={index} table={table_indexes.get(name)}")
    ttl = props.get("TimeToLiveSpecification", {})
    for attribute in model.get_attributes().values():
        if isinstance(attribute, TTLAttribute) and ttl != {"AttributeName": attribute.attr_name, "Enabled": True}:
            differences.append(f"{where}: TTLAttribute {attribute.attr_name} but TimeToLiveSpecification is {ttl}")
    return differences


def test_models_match_tables(models: list[type[Model]], template_tables: list[tuple[str, dict[str, Any]]]) -> None:
    """Each model has exactly one template table of its name whose keys, key types, indexes and TTL it agrees with."""
    differences = []
    for model in models:
        name = _template_name(model)
        matches = [(lid, props) for lid, props in template_tables if props.get("TableName") == name]
        if len(matches) != 1:
            differences.append(f"{model.__module__}.{model.__qualname__}: {len(matches)} tables named {name!r}")
            continue
        differences.extend(_differences(model, *matches[0]))
    assert not differences, "models and infra/resources.json disagree:\n" + "\n".join(differences)


def test_every_template_table_is_used_by_a_model(
    models: list[type[Model]], template_tables: list[tuple[str, dict[str, Any]]]
) -> None:
    """No table in infra/resources.json lacks a model, and no table index lacks a model declaring it."""
    used = {_template_name(model) for model in models} | set(NOT_MODELLED)
    unused = [f"{lid} ({props['TableName']})" for lid, props in template_tables if props["TableName"] not in used]
    assert not unused, f"tables no pynamodb model uses: {', '.join(unused)}"
    declared = {
        (_template_name(model), name)
        for model in models
        for kind in (GlobalSecondaryIndex, LocalSecondaryIndex)
        for name in _model_indexes(model, kind)
    }
    undeclared = [
        f"{lid}.{prop}.{index['IndexName']}"
        for lid, props in template_tables
        for prop in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes")
        for index in props.get(prop, [])
        if (props["TableName"], index["IndexName"]) not in declared
    ]
    assert not undeclared, f"table indexes no pynamodb model declares: {', '.join(undeclared)}"


def test_table_attribute_definitions_are_exactly_the_key_attributes(
    template_tables: list[tuple[str, dict[str, Any]]],
) -> None:
    """Every table defines exactly the attributes its keys and index keys use (CloudFormation rejects extras)."""
    problems = []
    for lid, props in template_tables:
        defined = [d["AttributeName"] for d in props["AttributeDefinitions"]]
        schemas = [props["KeySchema"]] + [
            index["KeySchema"]
            for prop in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes")
            for index in props.get(prop, [])
        ]
        keyed = {key["AttributeName"] for schema in schemas for key in schema}
        if sorted(defined) != sorted(keyed):
            problems.append(f"{lid} ({props['TableName']}): AttributeDefinitions {defined}, key attributes {keyed}")
    assert not problems, "\n".join(problems)

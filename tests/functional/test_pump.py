"""The local stack's event pump against moto: real SQS events, partial failures, DLQ redrive and schedules."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from chalice.app import SQSEventConfig

from devstack.moto_server import MotoServer, aws_client, start_moto
from devstack.pump import EventPump
from devstack.recurring import UnsupportedEventSource
from devstack.redis_server import start_redis
from devstack.resources import create_resources

APP_SOURCE = """
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from chalice import Chalice, Rate

app = Chalice(app_name="pumptest")
processor = BatchProcessor(event_type=EventType.SQS)
work_events = []      # raw SQS events the consumer got
handled = []          # bodies the record handler saw, in order
broken_calls = []     # bodies per call of the always-failing consumer
ticks = []            # scheduled events
contexts = {}         # handler name -> (function name, memory MB, remaining ms) of the last Lambda context


def record_context(name, context):
    contexts[name] = (context.function_name, context.memory_limit_in_mb, context.get_remaining_time_in_millis())


def record_handler(record):
    handled.append(record.body)
    if record.body == "poison":
        raise ValueError("poison record")


@app.on_sqs_message(queue="pt-work", batch_size=10)
def work(event):
    record_context("work", event.context)
    raw = event.to_dict()
    work_events.append(raw)
    return process_partial_response(
        event=raw, record_handler=record_handler, processor=processor, context=event.context
    )


@app.on_sqs_message(queue="pt-broken", batch_size=10)
def broken(event):
    broken_calls.append([record.body for record in event])
    raise RuntimeError("the whole batch fails")


@app.schedule(Rate(5, unit=Rate.MINUTES))
def tick(event):
    record_context("tick", event.context)
    ticks.append(event.to_dict())
"""

# Chalice resolves each function's settings: the function's own, then the stage's, then the top level.
CHALICE_CONFIG = {
    "version": "2.0",
    "app_name": "pumptest",
    "lambda_timeout": 20,
    "stages": {"dev": {"lambda_memory_size": 512, "lambda_functions": {"work": {"lambda_memory_size": 256}}}},
}

TEMPLATE = {
    "Resources": {
        "WorkQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": "pt-work",
                "VisibilityTimeout": 30,
                "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["WorkDlq", "Arn"]}, "maxReceiveCount": 5},
                "SqsManagedSseEnabled": True,
                "Tags": [{"Key": "app", "Value": "pumptest"}],
            },
        },
        "WorkDlq": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "pt-work-dlq"}},
        "BrokenQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "pt-broken"}},
        "TimerTarget": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "pt-timer-target"}},
        "Things": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "TableName": "pt-things",
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                "AttributeDefinitions": [
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "S"},
                    {"AttributeName": "owner", "AttributeType": "S"},
                ],
                "GlobalSecondaryIndexes": [
                    {
                        "IndexName": "by-owner",
                        "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "ALL"},
                        "ContributorInsightsSpecification": {"Enabled": False},
                    }
                ],
                "TimeToLiveSpecification": {"AttributeName": "expires_at", "Enabled": True},
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                "SSESpecification": {"SSEEnabled": True},
                "Tags": [{"Key": "app", "Value": "pumptest"}],
            },
            "DeletionPolicy": "Retain",
        },
        "Groups": {"Type": "AWS::Scheduler::ScheduleGroup", "Properties": {"Name": "pt-timers"}},
        "SchedulerRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
    }
}
ROLE = "arn:aws:iam::123456789012:role/scheduler"


def wait_until(predicate: Callable[[], Any], timeout: float, interval: float = 0.1) -> Any:
    """Poll predicate until it is truthy; fail the test after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


@pytest.fixture(scope="module")
def moto() -> Iterator[MotoServer]:
    server = start_moto()
    yield server
    server.stop()


@pytest.fixture(scope="module", autouse=True)
def _no_foreign_schedules(moto: MotoServer) -> None:
    """moto keeps one state per process: drop one-time schedules earlier test modules left, so only ours come due."""
    scheduler = aws_client("scheduler", moto.url)
    for page in scheduler.get_paginator("list_schedules").paginate():
        for schedule in page["Schedules"]:
            scheduler.delete_schedule(Name=schedule["Name"], GroupName=schedule.get("GroupName") or "default")


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("infra") / "resources.json"
    path.write_text(json.dumps(TEMPLATE))
    return path


@pytest.fixture
def resources(moto: MotoServer, template_path: Path) -> Any:
    # Fresh queues per test: PurgeQueue is limited to once a minute (moto enforces it too).
    client = aws_client("sqs", moto.url)
    for url in client.list_queues(QueueNamePrefix="pt-").get("QueueUrls", []):
        client.delete_queue(QueueUrl=url)
    return create_resources(moto.url, template_path)


def load_app(project_dir: Path, source: str, config: dict[str, Any], name: str) -> ModuleType:
    """Write a Chalice project (app source + .chalice/config.json) and import its app module as `name`."""
    (project_dir / ".chalice").mkdir(parents=True, exist_ok=True)
    (project_dir / ".chalice" / "config.json").write_text(json.dumps(config))
    path = project_dir / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def app_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    module = load_app(tmp_path_factory.mktemp("pumpapp"), APP_SOURCE, CHALICE_CONFIG, "pumptest_app")
    sys.modules[module.__name__] = module
    yield module
    sys.modules.pop(module.__name__, None)


@pytest.fixture
def sqs(moto: MotoServer, resources: Any, app_module: ModuleType) -> Any:
    client = aws_client("sqs", moto.url)
    for name in ("work_events", "handled", "broken_calls", "ticks", "contexts"):
        getattr(app_module, name).clear()
    return client


@pytest.fixture
def scheduler(moto: MotoServer) -> Any:
    return aws_client("scheduler", moto.url)


@pytest.fixture
def pump(app_module: ModuleType, sqs: Any, scheduler: Any) -> Iterator[EventPump]:
    pump = EventPump(app_module, sqs, scheduler, visibility_timeout=1, wait_seconds=1)
    yield pump
    pump.stop()


def config_for(pump: EventPump, name: str) -> SQSEventConfig:
    return next(c for c in pump.sqs_configs if c.name == name)


def queue_depth(sqs: Any, url: str) -> int:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(attributes[n]) for n in names)


def drain(sqs: Any, url: str) -> list[str]:
    response = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
    return [m["Body"] for m in response.get("Messages", [])]


# ---- resources ------------------------------------------------------------------------------------------------


def test_create_resources_builds_tables_and_queues_with_redrive_and_is_idempotent(
    moto: MotoServer, template_path: Path, resources: Any
) -> None:
    assert resources.tables == ["pt-things"]
    assert set(resources.queues) == {"pt-work", "pt-work-dlq", "pt-broken", "pt-timer-target"}
    sqs = aws_client("sqs", moto.url)
    attributes = sqs.get_queue_attributes(QueueUrl=resources.queues["pt-work"], AttributeNames=["All"])["Attributes"]
    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":pt-work-dlq")
    assert int(redrive["maxReceiveCount"]) == 5
    assert attributes["VisibilityTimeout"] == "30"
    table = aws_client("dynamodb", moto.url).describe_table(TableName="pt-things")["Table"]
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["by-owner"]
    assert aws_client("scheduler", moto.url).get_schedule_group(Name="pt-timers")["Name"] == "pt-timers"
    again = create_resources(moto.url, template_path)
    assert again.queues == resources.queues and again.tables == resources.tables


# ---- SQS consumers --------------------------------------------------------------------------------------------


def test_partial_failure_deletes_the_good_records_and_only_the_poison_comes_back(
    pump: EventPump, sqs: Any, app_module: ModuleType, resources: Any
) -> None:
    url = resources.queues["pt-work"]
    sqs.send_message(
        QueueUrl=url, MessageBody="ok-1", MessageAttributes={"kind": {"DataType": "String", "StringValue": "test"}}
    )
    sqs.send_message(QueueUrl=url, MessageBody="poison")
    sqs.send_message(QueueUrl=url, MessageBody="ok-2")
    config = config_for(pump, "work")

    first = pump.poll_queue_once(config)
    assert len(first.message_ids) == 3
    assert sorted(app_module.handled) == ["ok-1", "ok-2", "poison"]
    assert len(first.failed) == 1 and len(first.deleted) == 2 and first.error is None

    # The event is the shape Lambda delivers, so powertools could parse it.
    record = next(r for r in app_module.work_events[0]["Records"] if r["body"] == "ok-1")
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert record["eventSource"] == "aws:sqs" and record["eventSourceARN"] == queue_arn
    assert record["awsRegion"] == "us-east-1" and record["md5OfBody"]
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert {"SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"} <= set(record["attributes"])
    assert record["messageAttributes"]["kind"]["stringValue"] == "test"
    assert record["messageAttributes"]["kind"]["dataType"] == "String"

    # After the 1 s visibility override only the poison record is redelivered.
    app_module.handled.clear()
    second = wait_until(lambda: pump.poll_queue_once(config).message_ids and app_module.handled, timeout=10)
    assert second == ["poison"]
    poison_record = app_module.work_events[-1]["Records"][0]
    assert poison_record["attributes"]["ApproximateReceiveCount"] == "2"


def test_poison_lands_in_the_dlq_after_max_receive_count(
    pump: EventPump, sqs: Any, app_module: ModuleType, resources: Any
) -> None:
    url, dlq = resources.queues["pt-work"], resources.queues["pt-work-dlq"]
    sqs.send_message(QueueUrl=url, MessageBody="poison")
    config = config_for(pump, "work")
    moved: list[str] = []

    def poll_until_moved() -> bool:
        pump.poll_queue_once(config)
        moved.extend(drain(sqs, dlq))
        return bool(moved)

    wait_until(poll_until_moved, timeout=30, interval=0)
    assert moved == ["poison"]
    # maxReceiveCount=5: the consumer saw it exactly five times, then SQS (moto) redrove it.
    assert app_module.handled == ["poison"] * 5
    assert queue_depth(sqs, url) == 0


def test_a_handler_that_raises_leaves_every_message(
    pump: EventPump, sqs: Any, app_module: ModuleType, resources: Any
) -> None:
    url = resources.queues["pt-broken"]
    for body in ("a", "b"):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    config = config_for(pump, "broken")

    first = pump.poll_queue_once(config)
    assert first.error is not None and "the whole batch fails" in first.error
    assert first.deleted == [] and sorted(first.failed) == sorted(first.message_ids)
    assert sorted(app_module.broken_calls[0]) == ["a", "b"]
    assert queue_depth(sqs, url) == 2

    second = wait_until(lambda: pump.poll_queue_once(config).message_ids, timeout=10)
    assert sorted(second) == sorted(first.message_ids)


# ---- what the pump runs ---------------------------------------------------------------------------------------


def test_each_handler_runs_with_the_memory_and_timeout_chalice_resolves_for_it(
    pump: EventPump, sqs: Any, app_module: ModuleType, resources: Any
) -> None:
    sqs.send_message(QueueUrl=resources.queues["pt-work"], MessageBody="ok")
    pump.poll_queue_once(config_for(pump, "work"))
    pump.fire_due_schedules(datetime.now(UTC) + timedelta(minutes=6))

    name, memory, remaining = app_module.contexts["work"]
    # The function's own memory; the timeout from the top level.
    assert (name, memory) == ("pumptest-dev-work", 256) and 19_000 < remaining <= 20_000
    name, memory, remaining = app_module.contexts["tick"]
    # The stage's memory; the timeout from the top level.
    assert (name, memory) == ("pumptest-dev-tick", 512) and 19_000 < remaining <= 20_000


@pytest.mark.parametrize(
    ("declaration", "handler"),
    [
        ('@app.schedule("cron(0 10 * * ? *)")\ndef nightly(event): ...', "nightly"),
        ('@app.on_sqs_message(queue_arn="arn:aws:sqs:us-east-1:123456789012:q")\ndef by_arn(event): ...', "by_arn"),
        ('@app.on_s3_event(bucket="uploads")\ndef uploaded(event): ...', "uploaded"),
        ('@app.lambda_function(name="direct")\ndef direct(event, context): ...', "direct"),
    ],
)
def test_pump_refuses_a_handler_kind_the_app_does_not_use(
    tmp_path: Path, moto: MotoServer, declaration: str, handler: str
) -> None:
    source = f"from chalice import Chalice\n\napp = Chalice(app_name='other')\n\n\n{declaration}\n"
    module = load_app(tmp_path, source, {"version": "2.0", "app_name": "other"}, "other_app")
    with pytest.raises(UnsupportedEventSource, match=handler):
        EventPump(module, aws_client("sqs", moto.url))


def test_pump_refuses_a_handler_with_environment_variables_of_its_own(tmp_path: Path, moto: MotoServer) -> None:
    # Every handler runs in the stack's one process, with the environment chalice local has.
    functions = {"tick": {"environment_variables": {"MODE": "tick"}}}
    config = {**CHALICE_CONFIG, "stages": {"dev": {"lambda_functions": functions}}}
    module = load_app(tmp_path, APP_SOURCE, config, "own_env_app")
    with pytest.raises(UnsupportedEventSource, match="tick"):
        EventPump(module, aws_client("sqs", moto.url))


# ---- recurring schedules --------------------------------------------------------------------------------------


def test_rate_schedule_fires_on_its_rate_with_a_scheduled_event(app_module: ModuleType, sqs: Any) -> None:
    start = datetime(2024, 3, 4, 12, 0, 0, tzinfo=UTC)
    pump = EventPump(app_module, sqs, None, clock=lambda: start)

    assert pump.fire_due_schedules(start + timedelta(minutes=4, seconds=59)) == []
    fired = pump.fire_due_schedules(start + timedelta(minutes=5, seconds=1))
    assert [f.name for f in fired] == ["tick"] and fired[0].error is None
    event = app_module.ticks[-1]
    assert event["detail-type"] == "Scheduled Event" and event["source"] == "aws.events"
    assert event["version"] == "0" and event["detail"] == {} and event["region"] == "us-east-1"
    assert event["time"] == "2024-03-04T12:05:00Z"
    assert event["account"] == "123456789012"
    assert event["resources"] == ["arn:aws:events:us-east-1:123456789012:rule/pumptest-dev-tick"]
    assert uuid.UUID(event["id"])

    assert pump.fire_due_schedules(start + timedelta(minutes=9)) == []
    assert [f.name for f in pump.fire_due_schedules(start + timedelta(minutes=10))] == ["tick"]
    assert len(app_module.ticks) == 2


def test_started_pump_fires_overridden_rate_and_stops_promptly(app_module: ModuleType, sqs: Any) -> None:
    pump = EventPump(app_module, sqs, None, rate_overrides={"tick": 0.5}, tick_seconds=0.1, wait_seconds=1)
    pump.start()
    try:
        wait_until(lambda: len(app_module.ticks) >= 2, timeout=5)
    finally:
        began = time.monotonic()
        pump.stop()
    assert time.monotonic() - began < 3
    assert not any(t.is_alive() for t in pump._threads)


# ---- one-time schedules ---------------------------------------------------------------------------------------


def at_expression(when: datetime) -> str:
    return f"at({when.strftime('%Y-%m-%dT%H:%M:%S')})"


def test_one_time_schedule_to_a_queue_is_delivered_at_its_time_and_deleted(
    pump: EventPump, sqs: Any, scheduler: Any, resources: Any
) -> None:
    target_url = resources.queues["pt-timer-target"]
    due = datetime(2030, 1, 1, 8, 0, 0, tzinfo=UTC)
    name = f"cancel-{uuid.uuid4().hex[:8]}"
    # 16:00 in Shanghai is 08:00 UTC: the expression is read in its own time zone.
    scheduler.create_schedule(
        Name=name,
        GroupName="pt-timers",
        ScheduleExpression="at(2030-01-01T16:00:00)",
        ScheduleExpressionTimezone="Asia/Shanghai",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": "arn:aws:sqs:us-east-1:123456789012:pt-timer-target", "RoleArn": ROLE, "Input": '{"n": 1}'},
        ActionAfterCompletion="DELETE",
    )

    assert pump.deliver_one_time_schedules(due - timedelta(seconds=1)) == []
    assert queue_depth(sqs, target_url) == 0
    deliveries = pump.deliver_one_time_schedules(due)
    assert [(d.name, d.error) for d in deliveries] == [(name, None)]
    assert drain(sqs, target_url) == ['{"n": 1}']
    with pytest.raises(scheduler.exceptions.ResourceNotFoundException):
        scheduler.get_schedule(Name=name, GroupName="pt-timers")
    assert pump.deliver_one_time_schedules(due + timedelta(minutes=1)) == []


def test_started_pump_delivers_a_one_time_schedule_not_before_its_time(
    app_module: ModuleType, sqs: Any, scheduler: Any, resources: Any
) -> None:
    target_url = resources.queues["pt-timer-target"]
    due = (datetime.now(UTC) + timedelta(seconds=2)).replace(microsecond=0)
    scheduler.create_schedule(
        Name=f"soon-{uuid.uuid4().hex[:8]}",
        ScheduleExpression=at_expression(due),
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": "arn:aws:sqs:us-east-1:123456789012:pt-timer-target", "RoleArn": ROLE, "Input": "due"},
        ActionAfterCompletion="DELETE",
    )
    pump = EventPump(app_module, sqs, scheduler, tick_seconds=0.2, wait_seconds=1)
    pump.start()
    try:
        body = wait_until(lambda: drain(sqs, target_url), timeout=10)
        received_at = datetime.now(UTC)
    finally:
        pump.stop()
    assert body == ["due"]
    assert received_at >= due


def test_one_time_schedule_the_app_never_creates_is_refused_once_and_left_in_place(
    pump: EventPump, scheduler: Any
) -> None:
    name = f"to-lambda-{uuid.uuid4().hex[:8]}"
    arn = "arn:aws:lambda:us-east-1:123456789012:function:pumptest-dev-tick"
    scheduler.create_schedule(
        Name=name,
        ScheduleExpression="at(2030-01-01T00:00:00)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": arn, "RoleArn": ROLE, "Input": "{}"},
        ActionAfterCompletion="DELETE",
    )
    try:
        due = datetime(2030, 1, 1, tzinfo=UTC)
        deliveries = pump.deliver_one_time_schedules(due)
        assert [(d.name, d.error) for d in deliveries] == [(name, f"unsupported: target {arn!r} is not an SQS queue")]
        assert pump.deliver_one_time_schedules(due + timedelta(minutes=1)) == []
        assert scheduler.get_schedule(Name=name)["Target"]["Arn"] == arn
    finally:
        scheduler.delete_schedule(Name=name)


# ---- redis ----------------------------------------------------------------------------------------------------


def test_redis_server_answers_and_stops(tmp_path: Path) -> None:
    import redis

    with start_redis(data_dir=tmp_path) as server:
        client = redis.Redis.from_url(server.url)
        assert client.ping() and client.set("k", "v") and client.get("k") == b"v"
        assert server.is_running()
    assert not server.is_running()
    assert not list(tmp_path.glob("*.rdb"))


# ---- the whole stack ------------------------------------------------------------------------------------------

STACK_APP = """
import os
from chalice import Chalice

app = Chalice(app_name="stacktest")


@app.route("/health")
def health():
    return {"redis": os.environ["REDIS_URL"], "endpoint": os.environ["AWS_ENDPOINT_URL"]}


@app.on_sqs_message(queue="st-jobs", batch_size=5)
def jobs(event):
    with open(os.environ["SMS_OUTBOX"], "a") as outbox:
        for record in event:
            outbox.write(record.body + "\\n")
"""


def test_start_stack_serves_pumps_and_stops_everything(tmp_path: Path) -> None:
    import os
    import urllib.request

    from devstack.redis_server import free_port, port_is_free
    from devstack.stack import start_stack

    (tmp_path / "app.py").write_text(STACK_APP)
    (tmp_path / ".chalice").mkdir()
    (tmp_path / ".chalice" / "config.json").write_text(json.dumps({"version": "2.0", "app_name": "stacktest"}))
    (tmp_path / "infra").mkdir()
    queue = {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "st-jobs"}}
    (tmp_path / "infra" / "resources.json").write_text(json.dumps({"Resources": {"Jobs": queue}}))
    outbox = tmp_path / "sms.jsonl"
    before_env, before_modules = dict(os.environ), set(sys.modules)
    port = free_port()

    # Empty AWS_ENDPOINT_URL/REDIS_URL: embedded moto and redis even though tests/conftest.py sets both.
    overrides = {"SMS_OUTBOX": str(outbox), "AWS_ENDPOINT_URL": "", "REDIS_URL": ""}
    stack = start_stack(port, overrides, project_dir=tmp_path, load_demo=False)
    try:
        with urllib.request.urlopen(f"{stack.base_url}/health/", timeout=5) as response:
            health = json.loads(response.read())
        # chalice local got the stack's env: its own redis and moto.
        assert health == {"redis": stack.env["REDIS_URL"], "endpoint": stack.env["AWS_ENDPOINT_URL"]}
        assert stack.redis is not None and stack.redis.is_running()
        assert len(stack.env["JWT_SECRET"]) >= 32 and stack.env["DEMO_PASSWORD"]
        sqs = aws_client("sqs", stack.env["AWS_ENDPOINT_URL"])
        sqs.send_message(QueueUrl=stack.resources.queues["st-jobs"], MessageBody="hello")
        wait_until(lambda: outbox.exists() and outbox.read_text() == "hello\n", timeout=10)
        chalice, redis_server = stack.chalice, stack.redis
    finally:
        stack.stop()
        for name in set(sys.modules) - before_modules:
            if name == "app" or name.startswith("devstack_app_"):
                sys.modules.pop(name)

    assert chalice is not None and not chalice.is_running()
    assert not redis_server.is_running()
    assert port_is_free(port)
    # Importing any Chalice app sets AWS_EXECUTION_ENV (a user-agent hint); everything else is as it was.
    assert {k: v for k, v in os.environ.items() if k != "AWS_EXECUTION_ENV"} == {
        k: v for k, v in before_env.items() if k != "AWS_EXECUTION_ENV"
    }
    assert str(tmp_path) not in sys.path

"""What the local stack keeps between runs: moto's state, Redis's data and its secrets; and the reload on edit."""

from __future__ import annotations

import stat
import threading
import uuid
from pathlib import Path

import pytest

from devstack import moto_state
from devstack.backends import Backends
from devstack.local_state import load_secrets, state_dir_from
from devstack.moto_server import aws_client
from devstack.redis_server import start_redis
from devstack.reload import Reloader

WAIT_SECONDS = 60  # a limit on waiting for the watcher, not a measure


def test_a_saved_moto_state_brings_back_items_messages_objects_and_schedule_groups(services: Backends, tmp_path):
    # Given a table with an item, a queue with a message, an object and a schedule group, saved to a file
    endpoint, name = services.env["AWS_ENDPOINT_URL"], f"kept-{uuid.uuid4().hex[:8]}"
    dynamodb, sqs, s3 = (aws_client(service, endpoint) for service in ("dynamodb", "sqs", "s3"))
    scheduler = aws_client("scheduler", endpoint)
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    dynamodb.put_item(TableName=name, Item={"k": {"S": "a"}, "stock": {"N": "7"}})
    queue = sqs.create_queue(QueueName=name)["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody="pending")  # a queue holds a lock pickle refuses
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="media/x.png", Body=b"png")
    scheduler.create_schedule_group(Name=name)
    path = tmp_path / "moto.pickle"
    moto_state.save(path)

    # When all of it is changed or removed, and the saved state is restored
    dynamodb.put_item(TableName=name, Item={"k": {"S": "a"}, "stock": {"N": "0"}})
    s3.delete_object(Bucket=name, Key="media/x.png")
    scheduler.delete_schedule_group(Name=name)
    assert sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0)["Messages"]
    assert moto_state.restore(path)

    # Then the saved item, the pending message, the object and the group are back
    try:
        assert dynamodb.get_item(TableName=name, Key={"k": {"S": "a"}})["Item"]["stock"] == {"N": "7"}
        assert [m["Body"] for m in sqs.receive_message(QueueUrl=queue)["Messages"]] == ["pending"]
        assert s3.get_object(Bucket=name, Key="media/x.png")["Body"].read() == b"png"
        assert name in {g["Name"] for g in scheduler.list_schedule_groups()["ScheduleGroups"]}
        # and the table's stream still takes new records
        dynamodb.put_item(TableName=name, Item={"k": {"S": "b"}})
    finally:
        dynamodb.delete_table(TableName=name)
        sqs.delete_queue(QueueUrl=queue)
        s3.delete_object(Bucket=name, Key="media/x.png")
        s3.delete_bucket(Bucket=name)
        scheduler.delete_schedule_group(Name=name)


def test_no_saved_state_or_one_of_another_format_restores_nothing(tmp_path: Path):
    assert not moto_state.restore(tmp_path / "missing.pickle")
    (tmp_path / "other.pickle").write_bytes(b"not a pickle")
    assert not moto_state.restore(tmp_path / "other.pickle")


def test_secrets_are_made_once_kept_private_and_reused(tmp_path: Path):
    made = load_secrets(tmp_path)
    assert set(made) >= {"JWT_SECRET", "DEMO_PASSWORD", "QQ_CLIENT_SECRET", "ALIPAY_APP_PRIVATE_KEY"}
    assert load_secrets(tmp_path) == made
    assert stat.S_IMODE((tmp_path / "secrets.json").stat().st_mode) == 0o600


def test_the_state_directory_is_local_state_unless_named_or_turned_off(tmp_path: Path):
    assert state_dir_from({}, tmp_path) == tmp_path / ".local" / "state"
    assert state_dir_from({"DEVSTACK_STATE_DIR": str(tmp_path / "s")}, tmp_path) == tmp_path / "s"
    assert state_dir_from({"DEVSTACK_PERSIST": "0"}, tmp_path) is None


@pytest.mark.parametrize(("persist", "kept"), [(True, b"2"), (False, None)])
def test_redis_keeps_its_keys_across_a_restart_only_when_persistent(tmp_path: Path, persist: bool, kept):
    import redis

    first = start_redis(data_dir=tmp_path, persist=persist)
    redis.Redis.from_url(first.url).set("cart", "2")
    first.stop()  # SIGTERM: redis writes its append-only file out before exiting
    second = start_redis(data_dir=tmp_path, persist=persist)
    try:
        assert redis.Redis.from_url(second.url).get("cart") == kept
    finally:
        second.stop()


def test_saving_a_file_under_chalicelib_calls_the_restart(tmp_path: Path):
    # Given a project with app.py and a chalicelib package, watched
    (tmp_path / "app.py").write_text("")
    (tmp_path / "chalicelib").mkdir()
    module = tmp_path / "chalicelib" / "orders.py"
    module.write_text("X = 1\n")
    restarted = threading.Event()
    reloader = Reloader(tmp_path, restarted.set)
    reloader.start()
    try:
        # When a module is saved (again until seen: the watcher may not be watching yet), Then the restart is called
        for attempt in range(WAIT_SECONDS * 2):
            module.write_text(f"X = {attempt}\n")
            if restarted.wait(0.5):
                break
        assert restarted.is_set()
    finally:
        reloader.stop()
    assert reloader.reloads >= 1


def test_a_restart_that_fails_is_logged_and_the_next_save_tries_again(tmp_path: Path):
    # Given a watched project whose first restart fails (an edit that does not import)
    (tmp_path / "chalicelib").mkdir()
    module = tmp_path / "chalicelib" / "cart.py"
    module.write_text("X = 1\n")
    calls: list[int] = []
    fixed = threading.Event()

    def restart() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise SyntaxError("invalid syntax")
        fixed.set()

    reloader = Reloader(tmp_path, restart)
    reloader.start()
    try:
        # When the module is saved again after the failure, Then the watcher is still there and restarts
        for attempt in range(WAIT_SECONDS * 2):
            module.write_text(f"X = {attempt}\n")
            if fixed.wait(0.5):
                break
    finally:
        reloader.stop()
    assert fixed.is_set() and len(calls) >= 2
    assert reloader.reloads == len(calls) - 1

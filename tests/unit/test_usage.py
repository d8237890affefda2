"""infra/usage.py reads what a handler module reaches from import statements alone, lazy ones included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infra import usage

MODULES = {
    "chalicelib/__init__.py": "",
    "chalicelib/core/__init__.py": "",
    "chalicelib/core/storage.py": 'def table_meta(name): ...\nclass CounterModel:\n    Meta = table_meta("counters")\n',
    "chalicelib/core/schedules.py": "",
    "chalicelib/core/clients.py": "def get_redis(): ...\ndef warm():\n    get_redis()\n",
    "chalicelib/shop/__init__.py": "",
    "chalicelib/shop/repository.py": (
        'from chalicelib.core.storage import table_meta, next_id\nclass OrderModel:\n    Meta = table_meta("orders")\n'
    ),
    "chalicelib/shop/queue.py": 'QUEUE = "order-events"\n',
    "chalicelib/shop/service.py": (
        "from typing import TYPE_CHECKING\n"
        "from chalicelib.shop import repository\n"
        "if TYPE_CHECKING:\n    from chalicelib.mail import providers\n"
        "def later():\n    from chalicelib.shop import queue\n    from chalicelib.core import schedules\n"
    ),
    "chalicelib/mail/__init__.py": "",
    "chalicelib/mail/providers.py": 'def send(settings):\n    settings.table("mail-log")\n',
    "chalicelib/plain.py": (
        "from chalicelib.core.clients import get_redis\nfrom chalicelib.core.storage import table_meta\n"
    ),
    "chalicelib/cached.py": "from chalicelib.core.clients import get_redis\ndef read():\n    return get_redis()\n",
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A tiny chalicelib to read instead of the repository's."""
    for name, source in MODULES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    monkeypatch.setattr(usage, "ROOT", tmp_path)
    usage.facts_of.cache_clear()
    yield tmp_path
    usage.facts_of.cache_clear()


def test_lazy_imports_count_and_type_checking_ones_do_not(tree: Path) -> None:
    """An import inside a function is reached (it runs when called); one under TYPE_CHECKING never runs."""
    found = usage.usage("chalicelib.shop.service")
    assert "chalicelib.shop.queue" in found.modules and found.queues == {"order-events"}
    assert found.scheduler
    assert "chalicelib.mail.providers" not in found.modules and not found.notify
    assert "mail-log" not in found.tables


def test_counters_only_where_next_id_is_imported(tree: Path) -> None:
    """The storage module's own counters table counts only for modules that take ids from it."""
    assert usage.usage("chalicelib.shop.service").tables == {"orders", "counters"}
    assert usage.usage("chalicelib.plain").tables == frozenset()


def test_redis_is_reached_by_calling_get_redis_outside_the_clients_module(tree: Path) -> None:
    """Importing the clients module is not using Redis; calling get_redis() elsewhere is."""
    assert not usage.usage("chalicelib.plain").redis
    assert usage.usage("chalicelib.cached").redis


def test_settings_table_calls_name_tables(tree: Path) -> None:
    """`settings.table("x")` in a reached module names table x, as a model's table_meta does."""
    (tree / "chalicelib/uses_mail.py").write_text("from chalicelib.mail import providers\n")
    found = usage.usage("chalicelib.uses_mail")
    assert found.tables == {"mail-log"} and found.notify is False


def test_a_media_grant_counts_only_for_the_modules_that_reach_it(tree: Path) -> None:
    """`MEDIA_GRANT = (action, keys)` in a reached module grants that action on those keys; elsewhere nothing."""
    (tree / "chalicelib/uploads.py").write_text('MEDIA_GRANT = ("s3:PutObject", "u/*")\n')
    (tree / "chalicelib/uses_uploads.py").write_text("def later():\n    from chalicelib import uploads\n")
    assert usage.usage("chalicelib.uses_uploads").media == {("s3:PutObject", "u/*")}
    assert usage.usage("chalicelib.shop.service").media == frozenset()


def test_a_media_grant_becomes_one_statement_on_its_keys_of_the_bucket() -> None:
    """The role allows the action on the named keys of MediaBucket only, never on the bucket or other keys."""
    from infra.policies import statements

    grant = frozenset({("s3:PutObject", "u/*")})
    found = usage.Usage(frozenset(), frozenset(), frozenset(), scheduler=False, notify=False, redis=False, media=grant)
    media = [s for s in statements(found, {}, {}, None) if s["Sid"].startswith("Media")]
    assert media == [
        {
            "Sid": "MediaPutObject",
            "Effect": "Allow",
            "Action": "s3:PutObject",
            "Resource": [{"Fn::Sub": "${MediaBucket.Arn}/u/*"}],
        }
    ]


def test_no_function_is_granted_a_send_to_the_queue_its_schedules_target() -> None:
    """Scheduler's role delivers to order-timeouts: the functions creating or deleting the schedules never send."""
    for name in ("checkout", "payments", "api", "sweep_unpaid_orders", "order_timeouts_consumer"):
        reach = usage.usage(f"chalicelib.functions.{name}")
        assert reach.scheduler and "order-timeouts" not in reach.queues, (name, sorted(reach.queues))

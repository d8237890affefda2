"""moto's private internals that the local stack patches or leans on are still there, with the shape it uses.

devstack/s3_post_policy.py replaces `S3Response._bucket_response_post` and reads a set-up response's `form_data`,
`raw_body` and `normalized_request.files`; devstack/moto_server.py wraps `DynamoHandler`'s write handlers (which
moto's dispatch must still reach by name) and closes `ThreadedMotoServer._server`. A moto upgrade that renames or
reshapes any of them fails here, instead of leaving the local stack silently looser than AWS.
"""

from __future__ import annotations

import importlib
import inspect
import io
from collections.abc import Callable
from typing import Any, cast

import pytest

from devstack.moto_server import _DYNAMODB_WRITES, MotoServer, serialize_dynamodb_writes
from devstack.redis_server import HOST, port_is_free
from devstack.s3_post_policy import enforce_post_policies

# (module, attribute path, the parameters of its signature in order). The wrappers the stack puts in place take
# exactly these, so a parameter added, renamed or removed breaks them.
SHAPES: list[tuple[str, str, tuple[str, ...]]] = [
    ("moto.s3.responses", "S3Response._bucket_response_post", ("self", "request", "bucket_name")),
    ("moto.s3.responses", "S3Response.setup_class", ("self", "request", "full_url", "headers")),
    *[("moto.dynamodb.responses", f"DynamoHandler.{name}", ("self",)) for name in _DYNAMODB_WRITES],
    # How BaseResponse.call_action finds a handler: the action's snake_case name among the class's functions.
    ("moto.core.responses", "camelcase_to_underscores", ("argument",)),
    ("moto.core.responses", "method_names_from_class", ("clazz",)),
    ("moto.server", "ThreadedMotoServer", ("ip_address", "port", "verbose")),
    ("moto.server", "ThreadedMotoServer.start", ("self",)),
    ("moto.server", "ThreadedMotoServer.stop", ("self",)),
    ("moto.server", "ThreadedMotoServer.get_host_and_port", ("self",)),
]
# The DynamoDB actions whose handlers devstack/moto_server.py serializes, as clients name them.
WRITE_ACTIONS = ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")


def _row(path: str) -> tuple[str, str, tuple[str, ...]]:
    """The row of SHAPES for an attribute path."""
    return next(row for row in SHAPES if row[1] == path)


def _resolve(module: str, path: str) -> Any:
    """The object at `module`:`path` (a dotted attribute path)."""
    found: Any = importlib.import_module(module)
    for name in path.split("."):
        found = getattr(found, name)
    return found


def _moto_own(obj: Any) -> Any:
    """moto's own function behind the stack's wrappers, which are in place once a moto server started here."""
    obj = inspect.unwrap(obj)  # the serialized DynamoDB writers keep __wrapped__
    if getattr(obj, "_enforced", False):  # the S3 POST check closes over moto's handler
        obj = inspect.getclosurevars(obj).nonlocals["original"]
    return obj


def _shape_problem(module: str, path: str, parameters: tuple[str, ...]) -> str | None:
    """What is wrong with `module`:`path` against the shape the stack uses, or None."""
    try:
        found = _moto_own(_resolve(module, path))
    except (ImportError, AttributeError) as exc:
        return f"{module}:{path} is gone ({exc})"
    if not callable(found):
        return f"{module}:{path} is not callable"
    if not getattr(found, "__module__", "").startswith("moto."):
        return f"{module}:{path} comes from {found.__module__}, not moto"
    actual = tuple(inspect.signature(found).parameters)
    return None if actual == parameters else f"{module}:{path} takes {actual}, the stack uses {parameters}"


def _missing(obj: Any, paths: tuple[str, ...]) -> list[str]:
    """The dotted attribute paths `obj` lacks."""
    missing = []
    for path in paths:
        found = obj
        for name in path.split("."):
            if not hasattr(found, name):
                missing.append(path)
                break
            found = getattr(found, name)
    return missing


def _set_up_form_post() -> Any:
    """An S3Response set up, as moto's server sets it up, for a form POST of a 3-byte file to bucket `media`."""
    from moto.core.request import Request
    from moto.s3.responses import S3Response

    form = {"key": "a.txt", "policy": "p", "file": (io.BytesIO(b"abc"), "a.txt")}
    # from_values builds an instance of the class it is called on (typed as werkzeug's), as moto's own code casts.
    request = cast(
        Request, Request.from_values(method="POST", base_url="http://127.0.0.1:5000", path="/media", data=form)
    )
    response = S3Response()
    response.setup_class(request, request.raw_url, dict(request.headers))
    return response


def _form_problems(response: Any) -> list[str]:
    """How a set-up form POST differs from what the POST policy check reads of it."""
    missing = _missing(response, ("form_data", "raw_body", "normalized_request.files"))
    if missing:
        return [f"no {path}" for path in missing]
    problems = []
    if dict(response.form_data) != {"key": "a.txt", "policy": "p"}:
        problems.append(f"form_data is {dict(response.form_data)}")
    if response.raw_body != b"abc":  # the check sizes the upload by it
        problems.append(f"raw_body is {response.raw_body!r}, not the file's bytes")
    if "file" not in response.normalized_request.files:
        problems.append("the file part is not among normalized_request.files")
    return problems


@pytest.mark.parametrize(("module", "path", "parameters"), SHAPES, ids=[f"{m}:{p}" for m, p, _ in SHAPES])
def test_every_patched_or_relied_on_moto_internal_keeps_its_shape(module: str, path: str, parameters: tuple[str, ...]):
    assert _shape_problem(module, path, parameters) is None


def test_the_shapes_are_moto_own_once_the_stack_has_wrapped_them():
    # Given the wrappers a moto server start puts in place (idempotent: every functional test runs with them)
    enforce_post_policies()
    serialize_dynamodb_writes()
    # Then the check still reads moto's functions, not the stack's wrappers
    assert [problem for row in SHAPES if (problem := _shape_problem(*row))] == []


def test_moto_dispatch_reaches_each_serialized_write_handler_by_its_action_name():
    from moto.core.responses import camelcase_to_underscores, method_names_from_class
    from moto.dynamodb.responses import DynamoHandler

    names = [camelcase_to_underscores(action) for action in WRITE_ACTIONS]
    assert names == list(_DYNAMODB_WRITES)
    assert set(names) <= set(method_names_from_class(DynamoHandler))


def test_a_set_up_form_post_carries_the_form_file_and_body_the_policy_check_reads():
    assert _form_problems(_set_up_form_post()) == []


def test_the_threaded_server_keeps_a_closable_wsgi_server_in_its_private_attribute():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=HOST, port=0, verbose=False)
    server.start()
    assert _missing(server, ("_server.server_close",)) == []
    wrapped = MotoServer(server)
    wrapped.stop()
    assert port_is_free(wrapped.port)  # stop() closed the socket through _server


# The checks above fail when the shape changes: each case below changes one thing the way an upgrade might.
def _extra_parameter(self: Any, request: Any, bucket_name: str, body: bytes) -> Any:
    return None


_extra_parameter.__module__ = "moto.s3.responses"


def _no_setup(self: Any, request: Any, full_url: str | None = None, headers: Any = None) -> None:
    return None


@pytest.mark.parametrize(
    ("attribute", "replacement", "expected"),
    [
        ("_bucket_response_post", _extra_parameter, "takes"),
        ("_bucket_response_post", "not a function", "not callable"),
        ("_bucket_response_post", lambda self, request, bucket_name: None, "not moto"),
        ("_bucket_response_post", None, "is gone"),
    ],
)
def test_a_changed_shape_is_reported(
    monkeypatch: pytest.MonkeyPatch, attribute: str, replacement: Callable[..., Any] | str | None, expected: str
):
    from moto.s3.responses import S3Response

    if replacement is None:
        monkeypatch.delattr(S3Response, attribute)
    else:
        monkeypatch.setattr(S3Response, attribute, replacement)
    problem = _shape_problem(*_row(f"S3Response.{attribute}"))
    assert problem is not None and expected in problem


def test_a_renamed_dynamodb_handler_is_reported(monkeypatch: pytest.MonkeyPatch):
    from moto.dynamodb.responses import DynamoHandler

    monkeypatch.delattr(DynamoHandler, "put_item")
    assert "is gone" in str(_shape_problem(*_row("DynamoHandler.put_item")))


def test_a_form_post_set_up_without_its_attributes_is_reported(monkeypatch: pytest.MonkeyPatch):
    from moto.s3.responses import S3Response

    monkeypatch.setattr(S3Response, "setup_class", _no_setup)
    assert _form_problems(_set_up_form_post()) == ["no form_data", "no raw_body", "no normalized_request.files"]

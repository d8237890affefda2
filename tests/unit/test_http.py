"""Request parsing: bad input becomes a 4xx naming the field, never an exception."""

import json
from typing import Any, cast

import pytest
from pydantic import Field

from chalicelib.core.errors import AppError, BodyTooLarge, InvalidInput, NotFound
from chalicelib.core.http import answer
from chalicelib.core.parsing import parse_body
from chalicelib.core.schemas import Body


class Sample(Body):
    name: str = Field(max_length=5)
    count: int


class FakeRequest:
    def __init__(self, raw: bytes) -> None:
        self.raw_body = raw
        self.headers = {"content-type": "application/json"}


def fake(*args: Any) -> Any:
    return cast(Any, FakeRequest(*args))


def _errors(raw: bytes) -> list[dict[str, str]]:
    with pytest.raises(InvalidInput) as info:
        parse_body(fake(raw), Sample)
    return info.value.extra["errors"]


def test_valid_body_parses():
    assert parse_body(fake(b'{"name": "ab", "count": 2}'), Sample).count == 2


def test_malformed_json_names_the_body():
    assert _errors(b"{not json") == [{"field": "body", "message": "malformed JSON"}]


def test_non_object_json_is_rejected():
    assert _errors(b"[1, 2]")[0]["field"] == "body"


def test_each_bad_field_is_listed():
    fields = {e["field"] for e in _errors(b'{"name": "too-long-name", "count": "3.5"}')}
    assert fields == {"name", "count"}


def test_missing_field_is_named():
    assert [e["field"] for e in _errors(b'{"name": "ab"}')] == ["count"]


def test_oversized_body_is_413():
    with pytest.raises(BodyTooLarge):
        parse_body(fake(b'{"name": "' + b"x" * 70000 + b'"}'), Sample)


def test_answer_maps_domain_errors_and_hides_crashes():
    def missing():
        raise NotFound("no such thing")

    def crash():
        raise RuntimeError("secret internals")

    not_found = answer(missing)
    assert not_found.status_code == 404 and not_found.body["code"] == "4404"
    crashed = answer(crash)
    assert crashed.status_code == 500
    assert "secret" not in json.dumps(crashed.body) and crashed.body["code"] == AppError.code

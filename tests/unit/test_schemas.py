"""Request models read values as browsers send them, and still refuse what is really wrong, naming the field."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import Field, ValidationError

from chalicelib.core.schemas import Body, Query


class _Form(Body):
    sku_id: int = Field(ge=1)
    allow: bool
    tel: str | None = None
    count: int = 1


class _Choice(Body):
    pay_method: Literal[1, 2]


class _Page(Query):
    page: int = 1
    ordering: str | None = None


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ({"sku_id": "9", "allow": "true"}, (9, True, None, 1)),
        ({"sku_id": 9, "allow": "on", "tel": ""}, (9, True, None, 1)),
        ({"sku_id": "12", "allow": "0", "count": "3"}, (12, False, None, 3)),
        ({"sku_id": 5, "allow": False, "tel": "010-1234", "extra": "ignored"}, (5, False, "010-1234", 1)),
    ],
)
def test_form_and_url_values_are_read_as_their_types(sent, read):
    form = _Form.model_validate(sent)
    assert (form.sku_id, form.allow, form.tel, form.count) == read


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"sku_id": "9.5", "allow": True}, "sku_id"),
        ({"sku_id": 1.5, "allow": True}, "sku_id"),
        ({"sku_id": "", "allow": True}, "sku_id"),
        ({"sku_id": "0", "allow": True}, "sku_id"),
        ({"sku_id": 1, "allow": "yes"}, "allow"),
        ({"sku_id": 1, "allow": 1}, "allow"),
        ({"sku_id": 1, "allow": True, "count": "1e3"}, "count"),
    ],
)
def test_what_is_really_wrong_is_still_refused_naming_the_field(sent, field):
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate(sent)
    assert [e["loc"][0] for e in caught.value.errors()] == [field]


def test_an_empty_query_value_is_absent():
    page = _Page.model_validate({"page": "", "ordering": ""})
    assert (page.page, page.ordering) == (1, None)


def test_a_choice_of_numbers_is_read_from_a_radio_buttons_string():
    assert _Choice.model_validate({"pay_method": "2"}).pay_method == 2


@pytest.mark.parametrize("sent", ["3", "two", "", "2.5"])
def test_a_choice_outside_the_numbers_is_still_refused(sent):
    with pytest.raises(ValidationError) as caught:
        _Choice.model_validate({"pay_method": sent})
    assert [e["loc"][0] for e in caught.value.errors()] == ["pay_method"]

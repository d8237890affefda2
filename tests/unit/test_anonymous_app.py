"""An API function built `anonymous` reads no JWT secret, and may not serve a route that meets a caller."""

from __future__ import annotations

import pytest
from chalice import Blueprint

from chalicelib.core.routespec import Auth
from chalicelib.core.routing import route
from chalicelib.functions import factory


def _blueprint(auth: Auth | None) -> Blueprint:
    bp = Blueprint(__name__)

    @route(bp, "/probe/", auth=auth)
    def probe() -> dict[str, str]:
        return {}

    return bp


def test_an_app_reads_the_secret_unless_built_anonymous() -> None:
    assert factory.reads_jwt_secret(factory.build(_blueprint(None)))  # a login meets no caller yet signs a token
    assert not factory.reads_jwt_secret(factory.build(_blueprint(None), anonymous=True))


def test_an_anonymous_app_serving_a_route_that_meets_a_caller_is_refused() -> None:
    with pytest.raises(factory.NotAnonymous, match="/probe/"):
        factory.build(_blueprint("user"), anonymous=True)

"""Settings: the public development JWT secret is refused where the code runs as a deployed function."""

import pytest
from pydantic import ValidationError

from chalicelib.core.settings import LOCAL_JWT_SECRET, Settings


def test_a_deployed_function_refuses_to_start_with_the_public_development_secret(monkeypatch):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "shop-dev-APIHandler")
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(jwt_secret=LOCAL_JWT_SECRET)
    assert Settings(jwt_secret="a-real-secret-of-at-least-32-characters!").jwt_secret.startswith("a-real")


def test_the_development_secret_is_fine_outside_lambda(monkeypatch):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    assert Settings().jwt_secret == LOCAL_JWT_SECRET

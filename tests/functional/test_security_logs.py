"""No secret in the logs: a registration, logins and a failed delivery, logged at DEBUG, never show a password,
an SMS code, a token or the JWT secret."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from chalicelib.core.observability import logger
from chalicelib.core.settings import get_settings
from chalicelib.notifications import providers
from chalicelib.notifications.models import SmsMessage
from chalicelib.notifications.queue import publish
from tests.factories import call, unique_mobile, unique_username
from tests.functional.queues import consume, outbox

pytestmark = pytest.mark.usefixtures("services")
PASSWORD = "s3cret-Pass-9f2c"


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """Everything the app's Powertools logger (at DEBUG) and the root logger (at INFO) write, as text."""
    stream = io.StringIO()
    ours = logging.StreamHandler(stream)
    ours.setFormatter(logger.registered_formatter)
    others = logging.StreamHandler(stream)
    app_logger, root = logging.getLogger(logger.name), logging.getLogger()  # Powertools' logger does not propagate
    saved = app_logger.level, root.level
    app_logger.addHandler(ours)
    root.addHandler(others)
    app_logger.setLevel(logging.DEBUG)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        app_logger.setLevel(saved[0])
        root.setLevel(saved[1])
        app_logger.removeHandler(ours)
        root.removeHandler(others)


def _sign_up_and_log_in(client, monkeypatch) -> list[str]:
    """Request a code, register with it, log in right and wrong; returns the secrets that passed through."""
    mobile, username = unique_mobile(), unique_username()
    assert call(client, "GET", f"/sms_codes/{mobile}/")[0] == 200
    consume("notifications", "notifications_consumer")
    code = [m["code"] for m in outbox("sms") if m["mobile"] == mobile][-1]
    form = {"username": username, "password": PASSWORD, "password2": PASSWORD, "mobile": mobile, "allow": True}
    wrong_code = f"{(int(code) + 1) % 10**6:06d}"
    assert call(client, "POST", "/users/", form | {"sms_code": wrong_code})[0] == 400
    status, registered = call(client, "POST", "/users/", form | {"sms_code": code})
    assert status == 201, registered
    assert call(client, "POST", "/authorizations/", {"username": username, "password": PASSWORD + "x"})[0] == 401
    status, login = call(client, "POST", "/authorizations/", {"username": mobile, "password": PASSWORD})
    assert status == 200 and call(client, "GET", "/info/", token=login["token"])[0] == 200

    # And a delivery that fails, so the error path logs a traceback of the code's own message
    def down(self, message, text):
        raise ConnectionError("sms gateway down")

    monkeypatch.setattr(providers.OutboxProvider, "send_sms", down)
    publish(SmsMessage(mobile=unique_mobile(), code="918273"))
    with suppress(BatchProcessingError):  # the batch failed whole: Lambda would retry it all
        consume("notifications", "notifications_consumer", max_batches=1)
    return [PASSWORD, code, wrong_code, "918273", registered["token"], login["token"], get_settings().jwt_secret]


@pytest.mark.parametrize("log_event", ["false", "true"])
def test_no_secret_reaches_the_logs(client, monkeypatch, log_event):
    # Given every log line at DEBUG, and Powertools asked by the environment to log whole events (or not)
    monkeypatch.setenv("POWERTOOLS_LOGGER_LOG_EVENT", log_event)
    with captured_logs() as stream:
        secrets = _sign_up_and_log_in(client, monkeypatch)
    text = stream.getvalue()

    # Then something was logged (the failed delivery at least), and no secret is in it
    assert "delivery failed" in text
    assert [secret for secret in secrets if secret in text] == []

"""One botocore session per process: every function module's init as deployed (SnapStart's for the API functions,
the consumers', schedules' and indexers' own), with tracing on, builds it, and the clients its requests then build
(pynamodb models, boto3 clients, the Secrets Manager reader) share it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.functional.packaging import fresh

FUNCTIONS = sorted(p.stem for p in (Path(__file__).parents[2] / "chalicelib" / "functions").glob("*.py"))
FUNCTIONS = [f for f in FUNCTIONS if f not in ("__init__", "factory", "observed", "registry", "triggers")]
# Counts every botocore Session made from here on, then imports the function as Lambda does before the snapshot,
# then builds what requests build later: a client per service, the S3 client, each pynamodb model's client.
PROBE = """
import json, sys
import botocore.session
made = []
init = botocore.session.Session.__init__
def counting(self, *args, **kwargs):
    made.append(1)
    init(self, *args, **kwargs)
botocore.session.Session.__init__ = counting
import importlib
importlib.import_module("chalicelib.functions." + sys.argv[1])
at_init = len(made)
from chalicelib.core import clients
for service in ("dynamodb", "sqs", "scheduler", "secretsmanager", "sns", "ses"):
    clients.aws_client(service)
clients.s3_client()
models = list(clients.tables())
shared = {id(m._get_connection().connection.client) for m in models} | {id(clients.aws_client("dynamodb"))}
transactions = "chalicelib.core.transactions" in sys.modules
print(json.dumps({"at_init": at_init, "after_requests": len(made), "models": len(models), "clients": len(shared),
                  "built": len(clients.dynamodb_clients()), "transactions": transactions}))
"""


@pytest.mark.parametrize("function", FUNCTIONS)
def test_one_botocore_session_one_client_for_models_and_one_for_transactions_where_sent(function: str) -> None:
    env = {
        **os.environ,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start",
        "AWS_LAMBDA_FUNCTION_NAME": function,  # deployed: consumers and schedules build their clients at init
        "SEARCH_URL": "https://search.example.com",  # never reached: the indexers build their client at init
        "SEARCH_AUTH": "sigv4",
        "POWERTOOLS_TRACE_DISABLED": "false",  # the X-Ray SDK's own sessions would appear here
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    found = fresh("-c", PROBE, function, env=env)
    # Built during init, once: the first request or record finds it ready and builds no other.
    assert found["at_init"] == 1 and found["after_requests"] == 1, found
    # Models and raw batches share one client; transactions, where the function sends them, have their own
    assert found["models"] >= 1 and found["clients"] == 1, found
    assert found["built"] == 1 + found["transactions"], found


def test_clients_can_be_rebuilt_after_a_reset_over_the_one_session() -> None:
    """The local stack and the tests point clients elsewhere: the S3 client is built again over the same session."""
    code = (
        "import json\nfrom chalicelib.core import clients\n"
        "first = clients.s3_client(); clients.reset_clients(); second = clients.s3_client()\n"
        "print(json.dumps(first is not second and hasattr(second, 'generate_presigned_post')))"
    )
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1"}
    assert fresh("-c", code, env=env) is True

"""The function modules of chalicelib/functions: each serves its routes as app.py does and imports only its context."""

from __future__ import annotations

import importlib
import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
import snapshot_restore_py
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

import app as whole
from chalicelib.core import clients, secrets, tokens
from chalicelib.core.clients import after_restore, aws_client, warm_clients
from chalicelib.core.settings import Settings
from chalicelib.functions.factory import BlueprintTaken
from devstack.backends import Backends
from devstack.events import lambda_context, sqs_event
from infra.catalog import served_routes
from infra.usage import usage
from tests.functional.packaging import catalog, fresh

SLIM = {"visits", "cart", "checkout", "follow", "timeline", "search", "payments", "accounts", "qq_login"}
# The contexts each slim function may import (core and the functions package aside): its own, and what it calls.
# A function whose routes meet a caller imports users too: the lookup of the caller's standing is wired there.
ALLOWED = {
    "visits": {"catalogue"},
    "cart": {"cart", "catalogue", "users"},
    "checkout": {"orders", "cart", "catalogue", "addresses", "users"},
    "follow": {"feed", "users"},
    "timeline": {"feed", "users"},
    "search": {"search", "feed"},  # the hits' articles are read through the feed's repository
    # A settled payment pays its order (orders, whose repository loads their SKUs and address; not the checkout,
    # nor so the cart) or credits a reward (feed's article and reader log, the author in users).
    "payments": {"payments", "orders", "catalogue", "addresses", "feed", "users"},
    # A login merges the anonymous cart (its SKUs checked in the catalogue); codes go out as notifications; an
    # avatar is an uploaded media key; renran's login and register check a captcha.
    "accounts": {"users", "cart", "catalogue", "notifications", "media", "captcha"},
    # QQ login binds a new or existing account (users' registration and login, the cart merged as theirs).
    "qq_login": {"oauth", "users", "cart", "catalogue", "notifications", "media"},
}
CONSUMERS = {
    "notifications_consumer": "notifications",
    "seckill_orders_consumer": "seckill-orders",
    "order_timeouts_consumer": "order-timeouts",
    "feed_fanout_consumer": "feed-fanout",
}
SCHEDULES = ("refresh_banner_cache", "sweep_unpaid_orders", "publish_due_articles")


@pytest.fixture(scope="module")
def functions() -> list[dict[str, Any]]:
    """Every function module as infra/catalog.py finds it."""
    return catalog()


def _short(function: dict[str, Any]) -> str:
    return str(function["module"]).rsplit(".", 1)[-1]


def _routes(pairs: list[list[str]]) -> set[tuple[str, str]]:
    return {(path, method) for path, method in pairs}


def test_every_route_of_app_py_has_exactly_one_function(functions: list[dict[str, Any]]) -> None:
    """The function modules together serve app.py's routes, each (path, method) exactly once."""
    served = [route for f in functions for route in _routes(f["routes"])]
    assert len(served) == len(set(served)), "a route is served by two function modules"
    expected = served_routes(whole.app, default=True)
    assert set(served) == expected, f"missing {expected - set(served)}, extra {set(served) - expected}"
    assert {_short(f) for f in functions if f["routes"]} == SLIM | {"api"}


def test_each_slim_function_serves_only_its_own_declared_routes(functions: list[dict[str, Any]]) -> None:
    """A slim module declares its group's routes and no other; the unknown-path 404 is the api function's."""
    declared = {_short(f): _routes(f["declared"]) for f in functions}
    assert declared["visits"] == {("/detail/visit/{category_id}", "POST")}
    assert declared["checkout"] == {("/orders/commit", "POST")}
    assert declared["follow"] == {("/article/focus", "GET"), ("/article/focus", "PUT")}
    assert {path for path, _ in declared["timeline"]} == {
        "/push/article",
        "/timeline",
        "/timeline/sync",
        "/notifications",
        "/notifications/counts",
        "/notifications/seen",
        "/notifications/{group}/read",
    }
    assert {path for path, _ in declared["cart"]} == {"/carts", "/carts/selection", "/carts/simple"}
    assert declared["search"] == {("/search", "GET"), ("/search/articles", "GET")}
    assert declared["payments"] == {
        ("/payment/{order_id}", "GET"),
        ("/orders/{order_id}/payment", "GET"),
        ("/payment/status", "GET"),
        ("/payment/status", "PUT"),
        ("/payments/alipay", "POST"),
        ("/payments/alipay/result", "GET"),
        ("/payments/alipay/notify", "POST"),
    }
    assert not {path for path, _ in declared["api"] if path.startswith(("/payment", "/payments"))}
    accounts = {path for path, _ in declared["accounts"]}
    assert {"/authorizations", "/login", "/users", "/info"} <= accounts
    qq = {path for path, _ in declared["qq_login"]}
    assert {"/oauth/qq", "/qq/authorization", "/oauth_callback", "/oauth/qq/login", "/oauth/qq/reg"} <= qq
    assert not accounts & qq
    assert not (accounts | qq) & {path for path, _ in declared["api"]}, "an account route left in the api function"
    unknown = [_short(f) for f in functions if any(path == "/{proxy+}" for path, _ in f["routes"])]
    assert unknown == ["api"], f"functions answering unknown paths: {unknown}"


@pytest.mark.parametrize("name", sorted(SLIM))
def test_slim_function_imports_only_its_context(name: str) -> None:
    """Importing a slim function's module in a fresh interpreter loads no other context's code."""
    code = f"import json, sys, chalicelib.functions.{name}; print(json.dumps(sorted(sys.modules)))"
    contexts = {m.split(".")[1] for m in fresh("-c", code) if m.startswith("chalicelib.")} - {"core", "functions"}
    assert contexts <= ALLOWED[name], f"{name} imports {sorted(contexts - ALLOWED[name])} beyond {ALLOWED[name]}"


def test_a_function_module_refuses_a_blueprint_app_py_registered() -> None:
    """Beside app.py (this process) a function module fails loudly instead of turning every route into a GET."""
    with pytest.raises(BlueprintTaken):
        importlib.import_module("chalicelib.functions.visits")


# Requests to each slim function's own app, printed as [status, code] pairs (run in a fresh interpreter).
_REQUESTS = """
import json, sys
from chalice.test import Client
from chalicelib.functions import api, cart, checkout, follow, payments, timeline, visits
category = sys.argv[1]
calls = [
    (visits, "POST", f"/detail/visit/{category}/", {}), (visits, "POST", "/detail/visit/999999999/", {}),
    (checkout, "POST", "/orders/commit/", {}), (timeline, "GET", "/timeline/", {}),
    (follow, "GET", "/article/focus/", {}), (cart, "GET", "/carts/", {}),
    (cart, "OPTIONS", "/carts/", {"Origin": "http://localhost:8080", "Access-Control-Request-Method": "PUT"}),
    (api, "GET", "/health/", {}),
    (payments, "GET", "/payment/" + "1" * 24 + "/", {}),
]
answers = []
for module, method, path, headers in calls:
    with Client(module.app) as client:
        response = client.http.request(method, path, headers=headers, body=b"{}" if method == "POST" else b"")
        body = json.loads(response.body or b"{}")
        answers.append([response.status_code, body.get("code") if isinstance(body, dict) else None])
print(json.dumps(answers))
"""


def test_slim_functions_answer_in_the_envelope(services: Backends, category: int) -> None:
    """Each function app answers its routes as app.py does: success, not found, auth and input refusals, CORS."""
    answers = fresh("-c", _REQUESTS, str(category))
    assert answers[0][0] == 200, "a visit to a third-level category is counted"
    assert answers[1] == [404, "4404"]
    assert answers[2] == [401, "4101"] and answers[3] == [401, "4101"]
    assert answers[4] == [400, "4003"]
    assert answers[5][0] == 200
    assert answers[6][0] in (200, 204), "the cart function answers its own preflights"
    assert answers[7][0] == 200, "the api function serves the rest (chalice.test cannot route {proxy+})"
    assert answers[8] == [401, "4101"], "the payments function asks for a login before any payment"


# QQ login's own app, alone in a fresh interpreter: no route of it meets a caller, yet its tickets are checked.
_QQ_REQUESTS = """
import json
from chalice.test import Client
from chalicelib.core import tokens
from chalicelib.functions import qq_login
from chalicelib.oauth.service import BIND_PURPOSE
body = {"mobile": "13800000001", "nickname": "n", "sms_code": "123456", "password": "password-1"}
answers = []
with Client(qq_login.app) as client:
    found = client.http.get("/qq/authorization/?next=/")
    answers.append([found.status_code, "login_url" in json.loads(found.body)])
    for ticket in ("forged", tokens.sign(BIND_PURPOSE, "openid-1", 300)):
        sent = client.http.post("/oauth/qq/reg/", headers={"Content-Type": "application/json"},
                                body=json.dumps({**body, "openid": ticket}))
        answer = json.loads(sent.body)
        answers.append([sent.status_code, answer["code"], [e["field"] for e in answer.get("errors", [])]])
print(json.dumps(answers))
"""


def test_the_qq_login_function_answers_alone_checking_tickets_under_the_jwt_secret(services: Backends) -> None:
    """Its login URL, a forged binding ticket refused by name, and a signed one passing on to the SMS code."""
    answers = fresh("-c", _QQ_REQUESTS)
    assert answers[0] == [200, True]
    assert answers[1][0] == 400 and answers[1][2] == ["openid"]
    assert answers[2][:2] == [400, "4008"], "a signed ticket passes on to the SMS code, and none was sent"


@pytest.mark.parametrize(("name", "queue"), sorted(CONSUMERS.items()))
def test_consumer_modules_hand_the_batch_to_their_context(services: Backends, name: str, queue: str) -> None:
    """Each consumer module's handler gives the SQS batch to its context's BatchProcessor, which parses each record."""
    handler = importlib.import_module(f"chalicelib.functions.{name}").handler
    arn = f"arn:aws:sqs:us-east-1:123456789012:shop-{queue}"
    message = {"MessageId": "m-1", "ReceiptHandle": "r-1", "Body": '{"not": "ours"}', "MD5OfBody": "-"}
    event = sqs_event([{**message, "Attributes": {"ApproximateReceiveCount": "1"}}], arn, "us-east-1")
    # Powertools fails the whole invocation when every record failed: Lambda then retries the batch.
    with pytest.raises(BatchProcessingError, match="All records failed"):
        handler(event, lambda_context(name, 256, 30, "us-east-1", "123456789012"))


@pytest.mark.parametrize("name", SCHEDULES)
def test_schedule_modules_run(services: Backends, name: str) -> None:
    """Each schedule module's handler runs against the stack (nothing due: nothing changes, nothing raises)."""
    handler = importlib.import_module(f"chalicelib.functions.{name}").handler
    event = {"source": "aws.events", "time": datetime.now(UTC).isoformat(), "detail": {}}
    handler(event, lambda_context(name, 256, 30, "us-east-1", "123456789012"))


@pytest.fixture
def jwt_secret_arn(services: Backends, settings: Settings) -> Iterator[str]:
    """JWT_SECRET_ARN naming a fresh secret of 48 "s", none read yet; the settings as they were afterwards."""
    before = (settings.jwt_secret, settings.jwt_secret_arn)
    arn = aws_client("secretsmanager").create_secret(Name=f"shop-jwt-{random.random()}", SecretString="s" * 48)["ARN"]
    settings.jwt_secret_arn = arn
    secrets.forget()
    yield arn
    settings.jwt_secret, settings.jwt_secret_arn = before
    secrets.forget()


def test_jwt_secret_is_read_from_secrets_manager_once(jwt_secret_arn: str, settings: Settings) -> None:
    """With JWT_SECRET_ARN the first request loads the secret; later ones do not ask again."""
    secrets.load_jwt_secret()
    assert settings.jwt_secret == "s" * 48
    aws_client("secretsmanager").put_secret_value(SecretId=jwt_secret_arn, SecretString="t" * 48)
    secrets.load_jwt_secret()
    assert settings.jwt_secret == "s" * 48, "a container reads the secret once"


def test_the_first_signature_reads_the_secret_though_no_route_met_a_caller(jwt_secret_arn: str) -> None:
    """A QQ callback signs a login before any caller exists: signing itself reads JWT_SECRET_ARN's secret first."""
    token = tokens.sign("probe", "7", 60)
    assert jwt.decode(token, "s" * 48, algorithms=["HS256"], audience=tokens.audience("probe"))["sub"] == "7"


def test_a_short_secret_is_refused(services: Backends, settings: Settings) -> None:
    """A secret too short to sign with stops the function rather than signing weakly."""
    arn = aws_client("secretsmanager").create_secret(Name=f"shop-jwt-{random.random()}", SecretString="short")["ARN"]
    with pytest.raises(secrets.SecretError):
        secrets.fetch_secret(arn)


def test_restore_hook_reseeds_random_and_keeps_clients(services: Backends) -> None:
    """After a SnapStart restore every copy draws its own random numbers; warmed clients survive the restore."""
    assert after_restore in [entry[0] for entry in snapshot_restore_py._after_restore_registry]
    warm_clients()
    dynamodb = aws_client("dynamodb")
    random.seed(7)
    snapshot_draw = random.random()
    random.seed(7)
    after_restore()
    assert random.random() != snapshot_draw
    assert aws_client("dynamodb") is dynamodb
    assert clients.get_redis().ping()


# In a fresh interpreter taking a SnapStart snapshot: which clients the visits function built during init.
_SNAPSHOT_INIT = """
import json
import os
from chalicelib.core import aws_session, clients
import chalicelib.functions.visits
from chalicelib.core import routing
print(json.dumps({
    "path_validators": routing._adapter.cache_info().currsize > 0,  # built before the snapshot, not per request
    "aws_clients": clients.aws_client.cache_info().currsize,
    "model_client": len(aws_session._clients) > 0,  # the models' shared DynamoDB client
    "redis_sockets": len(clients.get_redis().connection_pool._available_connections),
}))
"""


def test_snapstart_init_builds_the_clients_but_opens_no_connection(services: Backends) -> None:
    """While SnapStart takes its snapshot the function builds its clients, model connections included, offline."""
    env = {**os.environ, "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start"}
    warmed = fresh("-c", _SNAPSHOT_INIT, env=env)
    # DynamoDB only: visits neither sends to a queue nor schedules, so no SQS or Scheduler client is built for it
    assert warmed == {"path_validators": True, "aws_clients": 1, "model_client": True, "redis_sockets": 0}
    cold = fresh("-c", _SNAPSHOT_INIT.replace("clients.aws_client.cache_info().currsize", "0"))
    assert cold["model_client"] is False, "without SnapStart the clients are built on first use"
    assert cold["path_validators"] is False


@pytest.mark.parametrize(
    "name",
    ["follow", "notifications_consumer", "feed_fanout_consumer", "order_timeouts_consumer", "sweep_unpaid_orders"],
)
def test_functions_that_never_call_redis_do_not_import_it(name: str) -> None:
    """redis-py (~115 ms of cold import) is loaded on first use, so the functions that never call Redis skip it."""
    code = f"import json, sys, chalicelib.functions.{name}; print(json.dumps('redis' in sys.modules))"
    assert fresh("-c", code) is False
    assert fresh("-c", "import json, sys, chalicelib.functions.visits; print(json.dumps('redis' in sys.modules))")


def test_only_anonymous_functions_never_read_the_jwt_secret() -> None:
    """visits (a counter) and search (public hits) check and sign nothing; QQ login signs logins for no caller yet."""
    readers = {f["module"].rsplit(".", 1)[-1] for f in catalog() if f["reads_jwt_secret"]}
    assert readers == {"api", "accounts", "qq_login", "cart", "checkout", "follow", "timeline", "payments"}


def test_only_functions_whose_routes_meet_a_caller_are_wired_to_the_user_table() -> None:
    """Authentication's user lookup is wired per app, so an anonymous API or a consumer is granted no user table."""
    for function in catalog():
        reaches = usage(function["module"])
        wired = "chalicelib.users.principals" in reaches.modules
        # QQ login signs logins but meets no caller: the secret without the lookup
        meets_callers = function["reads_jwt_secret"] and not function["module"].endswith(".qq_login")
        assert wired == meets_callers, function["module"]
        if function["module"].rsplit(".", 1)[-1] in ("search", "visits", "order_timeouts_consumer"):
            assert not {"users", "unique-keys"} & reaches.tables, function["module"]


def test_snapstart_init_builds_the_secrets_reader_but_never_reads_the_secret(services: Backends) -> None:
    """The reader's client is in the snapshot (boto3 never imported); the secret is read on the first request only."""
    code = (
        "import json, sys, chalicelib.functions.cart\n"
        "from chalicelib.core import clients, secrets\n"
        "print(json.dumps({'boto3': 'boto3' in sys.modules,\n"
        "  'client': clients.aws_client.cache_info().currsize == 2,  # dynamodb and secretsmanager (cart sends none)\n"
        "  'loaded': secrets._loaded}))"
    )
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt"
    env = {**os.environ, "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start", "JWT_SECRET_ARN": arn}
    assert fresh("-c", code, env=env) == {"boto3": False, "client": True, "loaded": False}


@pytest.mark.parametrize(
    ("function", "services"),
    [
        ("visits", ["dynamodb"]),
        ("cart", ["dynamodb"]),
        ("follow", ["dynamodb", "sqs"]),
        # Scheduling names the target queue by the stack's QUEUE_ARN_PREFIX: no SQS client for it.
        ("checkout", ["dynamodb", "scheduler"]),
        ("payments", ["dynamodb", "scheduler"]),
    ],
)
def test_snapstart_init_builds_the_clients_of_the_services_its_routes_reach(function: str, services: list[str]) -> None:
    """A function that never sends (schedules) builds and primes no SQS (Scheduler) client in its snapshot."""
    code = (
        f"import json, chalicelib.functions.{function}\n"
        "from chalicelib.core import clients\n"
        "print(json.dumps([clients.reached_services(), clients.aws_client.cache_info().currsize]))"
    )
    env = {**os.environ, "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start", "AWS_DEFAULT_REGION": "us-east-1"}
    env.pop("JWT_SECRET_ARN", None)
    reached, built = fresh("-c", code, env=env)
    assert reached == services and built == len(services)

"""Priming: the lazy first-call work of a function's clients, done during init with nothing sent.

botocore resolves an operation's endpoint rules and builds its serializer, parser and handler chain on a client's
first call of it (2-4 ms each); the secret read and PyJWT have first-use costs too. Done before a SnapStart
snapshot, that work is paid once per published version instead of on every restored copy's first request. Each
request made here is answered in the process by a `before-send` handler registered on that one client while priming
only: botocore then sends nothing, and the handler is gone afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.awsrequest import AWSResponse

PRIMING_HANDLER = "chalicelib-priming"  # the canned handler's unique id on a client's event emitter
_KEY = {"PK": {"S": "priming"}}
_ADD = {"UpdateExpression": "ADD #n :one", "ExpressionAttributeNames": {"#n": "n"}}
_ONE = {":one": {"N": "1"}}
_QUERY = {"KeyConditionExpression": "PK = :p", "ExpressionAttributeValues": {":p": _KEY["PK"]}}
_UPDATE = {"Key": _KEY, **_ADD, "ExpressionAttributeValues": _ONE}
# Every DynamoDB call the functions make, by operation.
DYNAMODB_CALLS: dict[str, Callable[[str], dict[str, Any]]] = {
    "get_item": lambda t: {"TableName": t, "Key": _KEY},
    "query": lambda t: {"TableName": t, **_QUERY},
    "put_item": lambda t: {"TableName": t, "Item": _KEY},
    "update_item": lambda t: {"TableName": t, **_UPDATE},
    "delete_item": lambda t: {"TableName": t, "Key": _KEY},
    "batch_get_item": lambda t: {"RequestItems": {t: {"Keys": [_KEY]}}},
    "batch_write_item": lambda t: {"RequestItems": {t: [{"PutRequest": {"Item": _KEY}}]}},
    "transact_write_items": lambda t: {"TransactItems": [{"Update": {"TableName": t, **_UPDATE}}]},
}
# What each DynamoDB client sends: the models' (and the raw batches of core/raw_dynamodb.py, on the same client), and
# the transactions' connection (pynamodb's TransactWrite, a client of its own) where their module is loaded.
MODEL_CALLS = ("get_item", "query", "put_item", "update_item", "delete_item", "batch_get_item", "batch_write_item")
TRANSACTION_CALLS = ("transact_write_items",)


class _Body:
    """The raw body botocore reads a response from (urllib3's `stream`)."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[bytes]:
        """The whole body in one chunk."""
        return iter([self._body])


def _canned(body: bytes) -> Callable[..., AWSResponse]:
    from botocore.awsrequest import AWSResponse  # here: the clients being primed have loaded botocore already

    def answer(request: Any, **kwargs: Any) -> AWSResponse:
        # A response from a `before-send` handler stands for the HTTP exchange: botocore parses it, sends nothing.
        return AWSResponse(request.url, 200, {}, _Body(body))

    return answer


@contextmanager
def answered_here(client: Any, body: bytes = b"{}") -> Iterator[None]:
    """While inside, each request of `client` is answered 200 with `body` in the process; nothing is sent."""
    events = client.meta.events  # the client's own copy of the session's emitter: no other client is affected
    events.register_first("before-send", _canned(body), unique_id=PRIMING_HANDLER)
    try:
        yield
    finally:
        events.unregister("before-send", unique_id=PRIMING_HANDLER)


def prime_dynamodb(calls: list[tuple[Any, tuple[str, ...]]], table: str) -> None:
    """Each (client, operations) pair's operations, once per distinct client, against `table` (a real name)."""
    plan: dict[int, tuple[Any, set[str]]] = {}
    for client, operations in calls:
        plan.setdefault(id(client), (client, set()))[1].update(operations)
    for client, wanted in plan.values():
        with answered_here(client):
            for operation in sorted(wanted):
                getattr(client, operation)(**DYNAMODB_CALLS[operation](table))


def prime_sqs(client: Any, queue_name: str, lookup: bool = True) -> None:
    """A send, and the queue URL lookup before it where the stack gives no URL prefix, as a first message makes them."""
    with answered_here(client):
        if lookup:
            client.get_queue_url(QueueName=queue_name)
        client.send_message(QueueUrl=f"https://sqs.invalid/{queue_name}", MessageBody="{}")


def prime_scheduler(client: Any) -> None:
    """A one-time schedule's create and delete, as an order's timeout makes them."""
    target = {"Arn": "arn:aws:sqs:us-east-1:000000000000:priming", "RoleArn": "arn:aws:iam::000000000000:role/priming"}
    with answered_here(client):
        client.create_schedule(
            Name="priming",
            ScheduleExpression="at(2000-01-01T00:00:00)",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target=target,
        )
        client.delete_schedule(Name="priming")


def prime_secret_reader(client: Any) -> None:
    """The secret read's first GetSecretValue over `client`, answered here for a throwaway name: nothing is read."""
    with answered_here(client, b'{"SecretString": ""}'):
        client.get_secret_value(SecretId="priming")


def prime_tokens() -> None:
    """PyJWT's first encode and decode with the login tokens' algorithm, under a key used nowhere else."""
    import jwt

    key = "priming-key-of-thirty-two-bytes-or-more"
    token = jwt.encode({"sub": "0", "aud": "priming", "exp": 2**31}, key, algorithm="HS256")
    jwt.decode(token, key, algorithms=["HS256"], audience="priming", options={"require": ["exp", "sub", "aud"]})


def signed(make_client: Callable[[], Any]) -> Callable[[], None]:
    """A builder: the OpenSearch-API client `make_client` returns, and one request signature of its SigV4 signer."""

    def build() -> None:
        for connection in make_client().transport.connection_pool.connections:
            if callable(connection.http_auth):  # signing only computes headers: nothing is sent
                connection.http_auth("POST", f"{connection.host}/_bulk", b"{}")

    return build


def prime(services: tuple[str, ...] = ("dynamodb", "sqs"), caller: bool = False) -> None:
    """Prime the function's clients (core/clients.py builds them); `caller`: its secret reader and token checks too."""
    from chalicelib.core import clients
    from chalicelib.core.settings import get_settings

    settings = get_settings()
    if "dynamodb" in services:
        # A table of the function's own, so the endpoint rules' cache holds the parameters real calls bring. (No
        # table is named here in the source: infra/usage.py would grant it to every function.)
        from chalicelib.core.storage import connection

        table = next((model.Meta.table_name for model in clients.tables()), "priming")
        calls: list[tuple[Any, tuple[str, ...]]] = [(clients.aws_client("dynamodb"), MODEL_CALLS)]
        if clients.spans_tables():
            calls.append((connection().client, TRANSACTION_CALLS))
        prime_dynamodb(calls, table)
    if "sqs" in services:
        prime_sqs(clients.aws_client("sqs"), settings.queue("notifications"), lookup=not settings.queue_url_prefix)
    if "scheduler" in services:
        prime_scheduler(clients.aws_client("scheduler"))
    if caller:
        if settings.jwt_secret_arn:
            prime_secret_reader(clients.aws_client("secretsmanager"))
        prime_tokens()


def at_init(services: tuple[str, ...], redis: bool = False, builders: tuple[Callable[[], object], ...] = ()) -> None:
    """A deployed consumer's, schedule's or indexer's init: its session and clients, built and primed.

    Once per process at the module's import, so a cold start's first batch does only its own work; `builders` make
    what else its records use (the search client, the idempotency store). app.py, which imports every such module to
    declare it, builds nothing here: the tests and the local stack make their clients on first use.
    """
    from chalicelib.core import heap
    from chalicelib.core.stage import deployed

    if not deployed():
        return
    from chalicelib.core.clients import warm_clients

    # An optimisation, never a condition of starting: a client that cannot be built now (a setting missing, an
    # engine unreachable) is built, or fails with its own error, on the first record instead of failing the init.
    try:
        warm_clients(services, redis=redis)
        for build in builders:
            build()
        prime(services)  # prime() primes the services it knows: DynamoDB, SQS, Scheduler
    except Exception:
        from chalicelib.core.observability import logger

        logger.warning("init: clients not built ahead of the first record", exc_info=True)
    heap.settle()  # the function module's init ends here (functions/__init__.py paused the collector)

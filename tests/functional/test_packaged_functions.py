"""The packaged template: one function per module of chalicelib/functions, routed, aliased and least-privileged."""

from __future__ import annotations

import json
import re
import zipfile
from typing import Any

import pytest

from bench.functions_table import declared_routes, describe, markdown
from infra.functions import SECRET_ARN
from infra.gateway import GATEWAY_CODES
from infra.secret_readers import ALIPAY, CAPTCHA, QQ, SecretReaders
from infra.usage import usage
from tests.functional.packaging import ROOT, catalog, fresh, package_dir, packaged_template

CONFIG = json.loads((ROOT / ".chalice" / "config.json").read_text())["stages"]["dev"]
ALIAS = "live"
URI = re.compile(r"/functions/\$\{(\w+)\.Arn\}:" + ALIAS + r"/invocations$")
WRITES = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
# Every pynamodb model a module's import loads, by logical table name (printed from a fresh interpreter).
_MODELS = """
import importlib, json, sys
from pynamodb.models import Model
from chalicelib.core.settings import get_settings
importlib.import_module(sys.argv[1])
def every(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from every(sub)
prefix = get_settings().table_prefix
names = {getattr(getattr(m, "Meta", None), "table_name", None) for m in every(Model)}
print(json.dumps(sorted(n.removeprefix(prefix) for n in names if isinstance(n, str))))
"""

Json = dict[str, Any]


@pytest.fixture(scope="module")
def sam() -> Json:
    """The packaged SAM template."""
    return packaged_template()


@pytest.fixture(scope="module")
def functions() -> dict[str, Json]:
    """Function modules by template resource id."""
    return {f["resource"]: f for f in catalog()}


def _integrations(sam: Json) -> list[tuple[str, str, str]]:
    """(path, METHOD, integration URI string) of every operation of the API."""
    body = sam["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    return [
        (path, method.upper(), op["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"])
        for path, operations in body["paths"].items()
        for method, op in operations.items()
    ]


def _statements(sam: Json, function_id: str) -> list[Json]:
    role_id = sam["Resources"][function_id]["Properties"]["Role"]["Fn::GetAtt"][0]
    policies = sam["Resources"][role_id]["Properties"]["Policies"]
    return [statement for policy in policies for statement in policy["PolicyDocument"]["Statement"]]


def _role_of(sam: Json, role_id: str) -> list[Json]:
    resource = sam["Resources"][role_id]
    if resource.get("Type") != "AWS::IAM::Role":
        return []
    return [s for policy in resource["Properties"].get("Policies", []) for s in policy["PolicyDocument"]["Statement"]]


def _table_ids(sam: Json) -> dict[str, str]:
    """Template id of each table by logical name (`users` -> UsersTable)."""
    return {
        r["Properties"]["TableName"].removeprefix("shop-"): lid
        for lid, r in sam["Resources"].items()
        if r.get("Type") == "AWS::DynamoDB::Table"
    }


def _granted_tables(statements: list[Json], actions: set[str]) -> set[str]:
    """Template ids of the tables the statements allow any of `actions` on."""
    granted = set()
    for statement in statements:
        allowed = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        if not actions & set(allowed):
            continue
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        assert all(isinstance(r, dict) for r in resources), f"a literal (wildcard?) table ARN in {statement}"
        granted |= {r["Fn::GetAtt"][0] for r in resources if "Fn::GetAtt" in r}
    return granted


def test_every_route_integrates_with_exactly_one_function_alias(sam: Json, functions: dict[str, Json]) -> None:
    """Each operation invokes the alias of one function, whose handler module serves that route; none is left out."""
    served: dict[str, set[tuple[str, str]]] = {resource: set() for resource in functions}
    for path, method, uri in _integrations(sam):
        match = URI.search(uri)
        assert match, f"{method} {path} integrates {uri}, not a function's {ALIAS} alias"
        resource = match.group(1)
        assert resource in functions, f"{method} {path} invokes {resource}, which no function module builds"
        assert [path, method] in functions[resource]["routes"], f"{resource}'s module does not serve {method} {path}"
        served[resource].add((path, method))
    for resource, function in functions.items():
        assert served[resource] == {tuple(r) for r in function["routes"]}, f"{resource} routes not all integrated"


def test_api_functions_publish_snapstart_versions_behind_an_alias(sam: Json, functions: dict[str, Json]) -> None:
    """API functions: python3.13 on arm64, SnapStart on published versions, the alias API Gateway may invoke."""
    api = [resource for resource, f in functions.items() if f["routes"]]
    assert len(api) >= 6
    for resource in api:
        properties = sam["Resources"][resource]["Properties"]
        function = functions[resource]
        assert properties["Handler"] == function["handler"]
        assert (properties["Runtime"], properties["Architectures"]) == ("python3.13", ["arm64"])
        assert properties["SnapStart"] == {"ApplyOn": "PublishedVersions"}
        assert properties["AutoPublishAlias"] == ALIAS
        own = CONFIG["lambda_functions"][function["name"]]
        assert (properties["MemorySize"], properties["Timeout"]) == (own["lambda_memory_size"], own["lambda_timeout"])
        assert properties.get("ReservedConcurrentExecutions") == own.get("reserved_concurrency")
        permission = sam["Resources"][f"{resource}InvokePermission"]["Properties"]
        assert permission["FunctionName"] == {"Ref": f"{resource}.Alias"}, f"{resource}: permission not on the alias"
        assert permission["Principal"] == "apigateway.amazonaws.com"


def test_consumers_and_schedules_run_their_module_behind_an_alias(sam: Json, functions: dict[str, Json]) -> None:
    """Queue consumers, schedules and stream readers keep their module's trigger, run it and sit behind an alias."""
    from chalicelib.functions import registry
    from chalicelib.functions.triggers import Every, Queue, Stream

    kinds_of = {Queue: "SQS", Every: "Schedule", Stream: "DynamoDB"}
    expected = {registry.name_of(m): kinds_of[type(m.TRIGGER)] for m in registry.MODULES}
    others = {
        f["name"]: resource for resource, f in functions.items() if not f["routes"] and f["name"] != "api_handler"
    }
    assert set(others) == set(expected)
    for name, resource in others.items():
        properties = sam["Resources"][resource]["Properties"]
        assert properties["Handler"] == functions[resource]["handler"]
        assert properties["AutoPublishAlias"] == ALIAS
        assert (properties["Runtime"], properties["Architectures"]) == ("python3.13", ["arm64"])
        kinds = {event["Type"] for event in properties["Events"].values()}
        assert kinds == {expected[name]}, f"{resource} has events {kinds}"


@pytest.mark.parametrize("function", [f for f in catalog()], ids=lambda f: f["resource"])
def test_no_function_can_write_a_table_it_does_not_use(sam: Json, function: Json) -> None:
    """A role names exactly the tables its module reaches, and covers every model the module really loads."""
    ids = _table_ids(sam)
    writable = _granted_tables(_statements(sam, function["resource"]), WRITES)
    reached = usage(function["module"]).tables
    assert writable == {ids[name] for name in reached}, f"{function['resource']} may write {sorted(writable)}"
    loaded = set(fresh("-c", _MODELS, function["module"])) - {"counters"}  # counters: only where next_id is used
    assert {ids[name] for name in loaded} <= writable, f"{function['resource']} loads models of {sorted(loaded)}"


def test_only_the_modules_that_need_them_reach_queues_scheduler_and_mail(sam: Json, functions: dict[str, Json]) -> None:
    """Sending, consuming, scheduling and SNS/SES follow the module; a consumer reads its own queue only."""
    for resource, function in functions.items():
        statements = {s["Sid"]: s for s in _statements(sam, resource)}
        reach = usage(function["module"])
        assert ("OneTimeSchedules" in statements) == reach.scheduler, resource
        assert ("SesSendEmail" in statements) == reach.notify, resource
        # Only functions not built anonymous read the secret (visits: one counter; search: public hits)
        assert ("JwtSecret" in statements) == function["reads_jwt_secret"], resource
        assert not function["reads_jwt_secret"] or function["routes"], resource
        assert ("ConsumeQueue" in statements) == resource.endswith("Consumer"), resource
        if "SendToQueues" in statements:
            sent = {r["Fn::GetAtt"][0] for r in statements["SendToQueues"]["Resource"]}
            assert len(sent) == len(reach.queues), f"{resource} sends to {sent}"
    mailers = [r for r in functions if any(s["Sid"] == "SesSendEmail" for s in _statements(sam, r))]
    assert mailers == ["NotificationsConsumer"]


def test_only_the_function_serving_uploads_may_write_media_and_only_under_the_users_keys(
    sam: Json, functions: dict[str, Json]
) -> None:
    """s3:PutObject on MediaBucket's u/* for the function whose routes presign uploads; no other S3 for anyone."""
    writers = []
    for resource in functions:
        media = [s for s in _statements(sam, resource) if "s3:" in json.dumps(s.get("Action"))]
        if media:
            writers.append(resource)
            assert media == [
                {
                    "Sid": "MediaPutObject",
                    "Effect": "Allow",
                    "Action": "s3:PutObject",
                    "Resource": [{"Fn::Sub": "${MediaBucket.Arn}/u/*"}],
                }
            ], resource
    serving = [r for r, f in functions.items() if ["/uploads", "POST"] in f["routes"]]
    assert writers == serving == ["APIHandler"]


@pytest.mark.parametrize(
    ("secret", "route", "function"),
    [
        (ALIPAY, ["/payments/alipay/notify", "POST"], "PaymentsApi"),
        (QQ, ["/oauth_callback", "POST"], "QqLoginApi"),
        (CAPTCHA, ["/users/captcha", "GET"], "AccountsApi"),
    ],
)
def test_only_the_functions_serving_a_feature_get_its_settings_and_may_read_its_secret(
    sam: Json, functions: dict[str, Json], secret: SecretReaders, route: list[str], function: str
) -> None:
    """ALIPAY_* / QQ_* / CAPTCHA_* and GetSecretValue on the secret: the functions reaching the feature's settings."""
    reaching = sorted(r for r, f in functions.items() if secret.reaches(usage(f["module"])))
    serving = sorted(r for r, f in functions.items() if route in f["routes"])
    assert reaching == serving == [function]
    flags = {name for r in functions for name in ("alipay", "qq") if getattr(usage(functions[r]["module"]), name)}
    assert flags == {"alipay", "qq"}  # infra/usage.py's flags: the payments and QQ login functions reach the settings
    prefix = next(iter(secret.variables)).split("_")[0] + "_"
    assert not {k for k in sam["Globals"]["Function"]["Environment"]["Variables"] if k.startswith(prefix)}
    for resource in functions:
        variables = sam["Resources"][resource]["Properties"].get("Environment", {}).get("Variables", {})
        given = {k: v for k, v in variables.items() if k.startswith(prefix)}
        assert given == (secret.variables if resource in reaching else {}), resource
    # Every IAM document of the template that names the secret: one conditional policy on those roles only.
    naming = [lid for lid, r in sam["Resources"].items() if secret.parameter in json.dumps(r.get("Properties"))]
    assert sorted(naming) == sorted([secret.policy_id, *reaching]), naming  # the functions: their env variable
    policy = sam["Resources"][secret.policy_id]
    assert (policy["Type"], policy["Condition"]) == ("AWS::IAM::Policy", secret.condition)
    assert policy["Properties"]["Roles"] == [{"Ref": f"{r}Role"} for r in reaching]
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {
            "Sid": secret.sid,
            "Effect": "Allow",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": {"Ref": secret.parameter},
        }
    ]
    # No role reads secrets but the JWT one (whose statement is checked above): no wildcard reaches the secret.
    for role_id in [r for r in sam["Resources"] if r.endswith("Role")]:
        for statement in _role_of(sam, role_id):
            if "secretsmanager" in json.dumps(statement.get("Action")):
                assert statement["Sid"] == "JwtSecret" and statement["Resource"] == SECRET_ARN, role_id
    rows = {row["resource"]: row["rights"]["secrets"] for row in describe(sam, declared_routes(catalog()))}
    assert {r for r, names in rows.items() if secret.sid in names} == set(reaching)  # the README's table


def test_unknown_paths_declare_their_parameter_and_gateway_errors_use_the_envelope(sam: Json) -> None:
    """`/{proxy+}` declares `proxy`; API Gateway's own 4xx/5xx answer {code, errmsg} with the caller's origin."""
    body = sam["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    for method, operation in body["paths"]["/{proxy+}"].items():
        assert {"name": "proxy", "in": "path", "required": True, "type": "string"} in operation["parameters"], method
    responses = body["x-amazon-apigateway-gateway-responses"]
    assert {"DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED", "REQUEST_TOO_LARGE"} <= set(responses)
    for kind, response in responses.items():
        parameters = response["responseParameters"]
        assert parameters["gatewayresponse.header.Access-Control-Allow-Origin"] == "method.request.header.origin"
        rendered = response["responseTemplates"]["application/json"].replace(
            "$context.error.messageString", '"Too Many Requests"'
        )
        assert json.loads(rendered) == {"code": GATEWAY_CODES[kind], "errmsg": "Too Many Requests"}


def test_deployed_stage_settings_come_from_the_stack(sam: Json) -> None:
    """Notifications go through SNS/SES; public URL, CORS origins and sender are parameters; the secret is made."""
    variables = sam["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["NOTIFY_PROVIDER"] == "aws"
    assert variables["PUBLIC_URL"] == {"Ref": "PublicUrl"}
    assert variables["CORS_ALLOW_ORIGINS"] == {"Ref": "CorsAllowOrigins"}
    assert variables["JWT_SECRET_ARN"] == SECRET_ARN and "JWT_SECRET" not in variables
    assert sam["Resources"]["JwtSecret"]["Type"] == "AWS::SecretsManager::Secret"
    assert sam["Resources"]["JwtSecret"]["Condition"] == "CreateJwtSecret"  # unless JwtSecretArn names one
    readers = [
        s for r in sam["Resources"] if r.endswith("Role") for s in _role_of(sam, r) if s.get("Sid") == "JwtSecret"
    ]
    assert readers and all(s["Resource"] == SECRET_ARN for s in readers)
    endpoints = {
        r["Properties"]["ServiceName"]["Fn::Sub"].rsplit(".", 1)[-1]
        for r in sam["Resources"].values()
        if r.get("Type") == "AWS::EC2::VPCEndpoint"
    }
    # s3: a gateway endpoint, so the API function stores article images (POST /article/image/) from the VPC
    assert endpoints == {"dynamodb", "sqs", "scheduler", "secretsmanager", "s3"}


def test_the_zip_is_built_for_python_313_on_arm64() -> None:
    """Bytecode for 3.13, native code for aarch64 only, no botocore, and under 12 MiB."""
    deployment = package_dir() / "deployment.zip"
    with zipfile.ZipFile(deployment) as archive:
        names = archive.namelist()
    native = [n for n in names if n.endswith(".so")]
    assert native and all("x86_64" not in n for n in native), native
    assert any("aarch64" in n for n in native)
    assert any(n.endswith(".cpython-313.pyc") for n in names)
    assert not any(n.endswith(".cpython-311.pyc") for n in names)
    assert deployment.stat().st_size <= 12 * 1024 * 1024


def test_the_shared_zip_holds_no_rsa_library() -> None:
    """Neither python-rsa nor pyasn1 ships any more, and cryptography (the payments layer's) is not importable there.

    PyJWT and redis-py import cryptography whenever it is importable: in the shared zip every function would load it.
    """
    with zipfile.ZipFile(package_dir() / "deployment.zip") as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
    assert not {"rsa", "pyasn1", "cryptography"} & tops, sorted(tops)
    assert not [top for top in tops if top.startswith(("rsa-", "pyasn1-", "cryptography-"))]  # nor their dist-info
    # The layer's Rust bindings load cffi's compiled backend, which the zip keeps for argon2's bindings.
    assert "_cffi_backend.cpython-313-aarch64-linux-gnu.so" in tops


def test_the_payments_layer_holds_cryptography_for_python_313_on_arm64(sam: Json) -> None:
    """payments-layer.zip: cryptography under payments/, aarch64 native code, 3.13 bytecode.

    Not under python/, the one directory of a layer Lambda puts on sys.path: there PyJWT would import cryptography
    (x509 and all) at every init of the payments function; the signing module adds /opt/payments itself.
    """
    with zipfile.ZipFile(package_dir() / "payments-layer.zip") as archive:
        names = archive.namelist()
    assert all(name.startswith("payments/") for name in names)
    assert {"payments/cryptography/__init__.py", "payments/cryptography/hazmat/primitives/asymmetric/rsa.py"} <= set(
        names
    )
    native = [n for n in names if n.endswith(".so")]
    assert native == ["payments/cryptography/hazmat/bindings/_rust.abi3.so"]
    with zipfile.ZipFile(package_dir() / "payments-layer.zip") as archive:
        header = archive.read(native[0])[:20]
    assert header[:4] == b"\x7fELF" and int.from_bytes(header[18:20], "little") == 183  # EM_AARCH64
    assert "payments/cryptography/__pycache__/__init__.cpython-313.pyc" in names
    layer = sam["Resources"]["PaymentsLayer"]
    assert layer["Type"] == "AWS::Serverless::LayerVersion"
    assert layer["Properties"]["ContentUri"] == "./payments-layer.zip"
    assert layer["Properties"]["CompatibleRuntimes"] == ["python3.13"]
    assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]


def test_only_the_payments_function_lists_the_layer(sam: Json, functions: dict[str, Json]) -> None:
    """PaymentsApi, which serves the payment routes and alone reaches signing.py, is the only function with Layers."""
    layered = {r: f["Properties"]["Layers"] for r, f in sam["Resources"].items() if "Layers" in f.get("Properties", {})}
    assert layered == {"PaymentsApi": [{"Ref": "PaymentsLayer"}]}
    assert functions["PaymentsApi"]["module"] == "chalicelib.functions.payments"
    assert ["/payments/alipay/notify", "POST"] in functions["PaymentsApi"]["routes"]
    assert [r for r, f in functions.items() if "chalicelib.payments.signing" in usage(f["module"]).modules] == [
        "PaymentsApi"
    ]
    assert "Layers" not in sam.get("Globals", {}).get("Function", {})
    # Where the layer's packages are, for the signing module alone to put on sys.path.
    with_directory = {
        r
        for r, f in sam["Resources"].items()
        if "PAYMENTS_LAYER_DIR" in f.get("Properties", {}).get("Environment", {}).get("Variables", {})
    }
    assert with_directory == {"PaymentsApi"}
    variables = sam["Resources"]["PaymentsApi"]["Properties"]["Environment"]["Variables"]
    assert variables["PAYMENTS_LAYER_DIR"] == "/opt/payments"


def test_the_readme_table_of_functions_names_every_function(sam: Json) -> None:
    """bench's table of functions covers each packaged function with what it serves and may touch."""
    rows = describe(sam, declared_routes(catalog()))
    packaged = {r for r, f in sam["Resources"].items() if f.get("Type") == "AWS::Serverless::Function"}
    assert {row["resource"] for row in rows} == packaged
    visits = next(row for row in rows if row["resource"] == "VisitsApi")
    assert visits["serves"] == ["POST /detail/visit/{category_id}"] and visits["rights"]["vpc"]
    fanout = next(row for row in rows if row["resource"] == "FeedFanoutConsumer")
    assert fanout["serves"] == ["SQS shop-feed-fanout"] and fanout["rights"]["reads"] == ["feed-fanout"]
    measured = {"import_ms": 1.0, "ratio": 1.0, "ratio_limit": 3.0, "rss_mib": 1.0}
    figures = {"functions": [{**row, **measured} for row in rows], "hello_world": {"import_ms": 1.0, "rss_mib": 1.0}}
    table = markdown(figures)
    assert table.count("\n") == len(rows) + 2
    # Only the default function is summed up as "the other routes"; another with many routes lists them.
    summed = [line.split(" | ")[0] for line in table.splitlines() if "other routes" in line]
    assert summed == ["| APIHandler (`api`) (SnapStart)"], summed
    assert "POST /authorizations" in next(line for line in table.splitlines() if line.startswith("| AccountsApi"))

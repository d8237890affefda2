"""Deploy rehearsal: the packaged SAM template, translated by aws-sam-translator, created as a stack in moto.

The zip goes to an S3 bucket first, as `aws cloudformation package` does. moto 5.2.5 cannot create these types, so
the rehearsal leaves them out and each is checked in the translated template instead (UNSUPPORTED says how).
moto's backends are shared by the whole process: the stack lives in its own region, away from the session's tables.
"""

from __future__ import annotations

import ast
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer
from pynamodb.indexes import Index
from pynamodb.models import Model
from samtranslator.translator.transform import transform

from devstack import alipay_keys
from devstack.redis_server import free_port
from tests.functional.packaging import package_dir, packaged_template
from tests.functional.test_infra import ROOT, _import_all, _key_attributes, _model_indexes, _subclasses, _table_name
from tests.functional.test_infra import _template_name as template_name

REGION = "eu-west-2"
ACCOUNT = "123456789012"
STACK = "shop"
BUCKET = "shop-artifacts"
UNSUPPORTED = {
    "AWS::Lambda::Alias": "no moto support: references become the function; aliases checked in the template",
    "AWS::SecretsManager::Secret": "no moto support: the secret is made through the API and named by its ARN",
    "AWS::ElastiCache::ReplicationGroup": "no moto support: engine, TLS, failover and subnets checked in the template",
    "AWS::ElastiCache::SubnetGroup": "no moto support: checked in the template with the replication group",
    "AWS::CloudWatch::Alarm": "no moto support: the DLQ alarms are checked by test_infra, the others by test_alarms",
    "AWS::SNS::Subscription": "no moto support: AlarmEmail's subscription and its condition are checked by test_alarms",
    "AWS::ApiGateway::Deployment": "moto's RestApi ignores the swagger Body, so there are no methods to deploy",
    "AWS::ApiGateway::Stage": "needs the Deployment; the integrations are checked in the template",
    "AWS::S3::BucketPolicy": "no moto support: checked in the template; devstack applies it to moto's bucket",
    "AWS::OpenSearchServerless::Collection": "no moto support: the collection and the grants naming it are checked in "
    "the template (test_search_infra)",
    "AWS::OpenSearchServerless::SecurityPolicy": "no moto support: checked in the template with the collection",
    "AWS::OpenSearchServerless::AccessPolicy": "no moto support: checked in the template with the collection",
    "AWS::OpenSearchService::Domain": "made only with SearchEngine=domain: checked in the template (test_search_infra)",
    # moto 5.2.5's CloudFormation has no model for either (its API Gateway backend has them, its CloudFormation not).
    "AWS::ApiGateway::DomainName": "no moto support: the custom domain is checked in the translated template",
    "AWS::ApiGateway::BasePathMapping": "no moto support: checked in the translated template with the domain",
}
# The second rehearsal's region (moto's tables and queues are per region, and both stacks name them alike).
DOMAIN_REGION = "eu-west-3"
DOMAIN = "api.shop.example.com"
CERTIFICATE = f"arn:aws:acm:{DOMAIN_REGION}:{ACCOUNT}:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
# What the functions' variables and roles name of the collection, which moto cannot make.
SEARCH_COLLECTION = {
    '{"Fn::GetAtt": ["SearchCollection", "CollectionEndpoint"]}': '"https://search.invalid"',
    '{"Fn::GetAtt": ["SearchCollection", "Arn"]}': f'"arn:aws:aoss:{REGION}:{ACCOUNT}:collection/shop-search"',
    "https://${SearchDomain.DomainEndpoint}": "https://search-domain.invalid",
}
CONSUMERS = {
    "shop-notifications": "notifications_consumer",
    "shop-seckill-orders": "seckill_orders_consumer",
    "shop-order-timeouts": "order_timeouts_consumer",
    "shop-feed-fanout": "feed_fanout_consumer",
}
SCHEDULES = {"refresh_banner_cache", "sweep_unpaid_orders", "publish_due_articles"}

Json = dict[str, Any]


class _NoManagedPolicies:
    def load(self) -> dict[str, str]:
        return {}  # every function has its own role: SAM looks up no managed policy


@dataclass
class Rehearsal:
    """The translated template, what went to moto, and the stack moto made from it."""

    translated: Json
    created: Json
    resources: list[Json]
    url: str
    region: str = REGION
    secret_arn: str = ""
    alipay_key_arn: str = ""
    qq_secret_arn: str = ""
    captcha_keys_arn: str = ""

    def client(self, service: str) -> Any:
        """A boto3 client of moto in the rehearsal's region."""
        return boto3.client(service, endpoint_url=self.url, region_name=self.region)


def _without(node: Any, aliases: Json, secret_arn: str) -> Any:
    """`node` with alias references turned into their function's ARN and the secret's into its ARN."""
    if isinstance(node, dict):
        if node == {"Ref": "JwtSecret"}:
            return secret_arn
        if set(node) == {"Ref"} and node["Ref"] in aliases:
            return {"Fn::GetAtt": [aliases[node["Ref"]]["Properties"]["FunctionName"]["Ref"], "Arn"]}
        return {key: _without(value, aliases, secret_arn) for key, value in node.items()}
    if isinstance(node, list):
        return [_without(v, aliases, secret_arn) for v in node if not (isinstance(v, str) and v in aliases)]
    return node


def for_moto(translated: Json, secret_arn: str) -> Json:
    """The CloudFormation template moto can create: UNSUPPORTED types out, references to them replaced."""
    template: Json = json.loads(json.dumps(translated))
    resources = template["Resources"]
    aliases = {lid: r for lid, r in resources.items() if r["Type"] == "AWS::Lambda::Alias"}
    for lid in [lid for lid, r in resources.items() if r["Type"] in UNSUPPORTED]:
        del resources[lid]
    template = _without(template, aliases, secret_arn)
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::ApiGateway::RestApi":  # CloudFormation names it after the Body's title
            resource["Properties"].setdefault("Name", resource["Properties"]["Body"]["info"]["title"])
    text = json.dumps(template).replace("${RedisReplicationGroup.PrimaryEndPoint.Address}", "redis.invalid")
    text = text.replace("${RedisReplicationGroup.PrimaryEndPoint.Port}", "6379")
    for reference, literal in SEARCH_COLLECTION.items():
        text = text.replace(reference, literal)
    template = json.loads(text)
    gone = ("RedisReplicationGroup", "ApiGatewayDeployment", "RestAPIapiStage", "SearchCollection", "ApiDomainName")
    template["Outputs"] = {k: v for k, v in template["Outputs"].items() if not any(g in json.dumps(v) for g in gone)}
    return template


def _network(ec2: Any, region: str) -> dict[str, str]:
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{region}{zone}")["Subnet"]
        for i, zone in ((1, "a"), (2, "b"))
    ]
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]
    return {
        "VpcId": vpc,
        "SubnetIds": ",".join(s["SubnetId"] for s in subnets),
        "RouteTableIds": tables[0]["RouteTableId"],
        "PublicUrl": "",  # links from the URL each request came in by, or the custom domain's
        "CorsAllowOrigins": "https://www.example.com",
    }


def _alipay(run: Rehearsal) -> dict[str, str]:
    """A configured Alipay app: its id, Alipay's public key (bare base64) and the app's private key's secret."""
    key = alipay_keys.new_private_key()
    secret = run.client("secretsmanager").create_secret(Name="shop-alipay-app-key", SecretString=key)["ARN"]
    run.alipay_key_arn = secret
    public = "".join(alipay_keys.public_key_of(alipay_keys.new_private_key()).strip().splitlines()[1:-1])
    return {"AlipayAppId": "2021000000000042", "AlipayPublicKey": public, "AlipayPrivateKeyArn": secret}


def _qq(run: Rehearsal) -> dict[str, str]:
    """A configured QQ login: the app's APP ID and the secret holding its APP Key (32 hex characters)."""
    secret = run.client("secretsmanager").create_secret(Name="shop-qq-app-key", SecretString="a" * 32)["ARN"]
    run.qq_secret_arn = secret
    return {"QQClientId": "101474184", "QQClientSecretArn": secret}


def _captcha(run: Rehearsal) -> dict[str, str]:
    """A configured captcha: the CaptchaAppId and the secret holding Tencent Cloud's keys (JSON)."""
    keys = '{"SecretId": "AKID0123456789abcdef", "SecretKey": "0123456789abcdef", "AppSecretKey": "app-secret-key"}'
    secret = run.client("secretsmanager").create_secret(Name="shop-captcha-keys", SecretString=keys)["ARN"]
    run.captcha_keys_arn = secret
    return {"CaptchaAppId": "190000001", "CaptchaKeysArn": secret}


def _create(cloudformation: Any, template: Json, parameters: dict[str, str]) -> None:
    cloudformation.create_stack(
        StackName=STACK,
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
    )
    for _ in range(120):
        status = cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"]
        if not status.endswith("IN_PROGRESS"):
            break
        time.sleep(0.5)
    assert status == "CREATE_COMPLETE", cloudformation.describe_stack_events(StackName=STACK)["StackEvents"][:5]


def _deploy(url: str, region: str, bucket: str, domain: dict[str, str]) -> Rehearsal:
    """`aws cloudformation package` + deploy into moto's `region`: the zip to S3, the template translated, created."""
    run = Rehearsal({}, {}, [], url, region)
    s3 = run.client("s3")
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
    for artifact in ("deployment.zip", "payments-layer.zip"):
        s3.upload_file(str(package_dir() / artifact), bucket, artifact)
    sam = packaged_template()
    for resource in sam["Resources"].values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://{bucket}/deployment.zip"
        if resource.get("Type") == "AWS::Serverless::LayerVersion":
            assert resource["Properties"]["ContentUri"] == "./payments-layer.zip"
            resource["Properties"]["ContentUri"] = f"s3://{bucket}/payments-layer.zip"
    run.translated = transform(sam, {}, _NoManagedPolicies())
    secret = run.client("secretsmanager").create_secret(Name="shop-jwt", SecretString="s" * 64)["ARN"]
    run.created = for_moto(run.translated, secret)
    # The operator's own secret (JwtSecretArn): the path moto can create; the generated one is checked below.
    parameters = {
        **_network(run.client("ec2"), region),
        "JwtSecretArn": secret,
        **_alipay(run),
        **_qq(run),
        **_captcha(run),
        **domain,
    }
    _create(run.client("cloudformation"), run.created, parameters)
    run.secret_arn = secret
    run.resources = run.client("cloudformation").describe_stack_resources(StackName=STACK)["StackResources"]
    return run


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    """A moto server for this module's stacks, with credentials and no endpoint of the session's."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {"AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION, "AWS_ACCESS_KEY_ID": "testing"}.items():
            patch.setenv(name, value)
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")
        patch.delenv("AWS_ENDPOINT_URL", raising=False)
        yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def rehearsal(moto_url: str) -> Rehearsal:
    """The stack without a custom domain (DomainName and PublicUrl empty)."""
    return _deploy(moto_url, REGION, BUCKET, {})


@pytest.fixture(scope="module")
def with_domain(moto_url: str) -> Rehearsal:
    """The stack with a custom domain, in a region of its own."""
    domain = {"DomainName": DOMAIN, "CertificateArn": CERTIFICATE}
    return _deploy(moto_url, DOMAIN_REGION, f"{BUCKET}-{DOMAIN_REGION}", domain)


@pytest.fixture(scope="module")
def models() -> list[type[Model]]:
    """Every concrete pynamodb model of chalicelib (as test_infra finds them)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(ROOT))
        _import_all("chalicelib")
    found = {m for m in _subclasses(Model) if m.__module__.startswith("chalicelib.") and _table_name(m)}
    return sorted(found, key=lambda m: f"{m.__module__}.{m.__qualname__}")


def _of_type(template: Json, kind: str) -> Json:
    return {lid: r for lid, r in template["Resources"].items() if r["Type"] == kind}


def _physical(run: Rehearsal) -> dict[str, str]:
    return {r["LogicalResourceId"]: r.get("PhysicalResourceId", "") for r in run.resources if "ResourceType" in r}


def test_every_resource_moto_supports_is_created(rehearsal: Rehearsal) -> None:
    """Every resource left in the rehearsal template reaches CREATE_COMPLETE; only UNSUPPORTED types were left out."""
    created = {r["LogicalResourceId"]: r for r in rehearsal.resources if "ResourceType" in r}
    expected = rehearsal.created["Resources"]
    assert set(created) == set(expected), f"not created: {sorted(set(expected) - set(created))}"
    for lid, resource in created.items():
        assert resource["ResourceStatus"] == "CREATE_COMPLETE", f"{lid}: {resource['ResourceStatus']}"
        assert resource["ResourceType"] == expected[lid]["Type"]
    left_out = {r["Type"] for r in rehearsal.translated["Resources"].values()} - {r["Type"] for r in expected.values()}
    assert left_out <= set(UNSUPPORTED), f"left out without a reason: {left_out - set(UNSUPPORTED)}"
    kinds = {r["Type"] for r in expected.values()}
    assert {"AWS::Lambda::Function", "AWS::Lambda::Version", "AWS::Lambda::EventSourceMapping"} <= kinds
    assert {"AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::IAM::Role", "AWS::EC2::VPCEndpoint"} <= kinds


def test_the_created_tables_match_the_models(rehearsal: Rehearsal, models: list[type[Model]]) -> None:
    """Each model's table exists in the stack with the model's keys, key types and secondary indexes."""
    dynamodb = rehearsal.client("dynamodb")
    for model in models:
        name = template_name(model)
        table = dynamodb.describe_table(TableName=name)["Table"]
        types = {d["AttributeName"]: d["AttributeType"] for d in table["AttributeDefinitions"]}
        keys = {k["KeyType"]: (k["AttributeName"], types[k["AttributeName"]]) for k in table["KeySchema"]}
        assert keys == _key_attributes(list(model.get_attributes().values())), name
        live = {
            index["IndexName"]: {
                k["KeyType"]: (k["AttributeName"], types[k["AttributeName"]]) for k in index["KeySchema"]
            }
            for index in table.get("GlobalSecondaryIndexes", []) + table.get("LocalSecondaryIndexes", [])
        }
        declared = {n: i["keys"] for n, i in _model_indexes(model, Index).items()}
        assert {n: live.get(n) for n in declared} == declared, f"{name}: indexes {live} vs model {declared}"


def _handler(run: Rehearsal, function_arn: str) -> str:
    return str(run.client("lambda").get_function(FunctionName=function_arn)["Configuration"]["Handler"])


def test_queue_event_sources_invoke_their_consumer(rehearsal: Rehearsal) -> None:
    """Each queue feeds the function running its consumer module, reporting partial batch failures."""
    mappings = rehearsal.client("lambda").list_event_source_mappings()["EventSourceMappings"]
    queues = [m for m in mappings if f":sqs:{REGION}:" in m["EventSourceArn"]]
    ours = {m["EventSourceArn"].rsplit(":", 1)[-1]: m for m in queues}
    assert set(ours) == set(CONSUMERS)
    for queue, module in CONSUMERS.items():
        mapping = ours[queue]
        assert _handler(rehearsal, mapping["FunctionArn"]) == f"chalicelib.functions.{module}.handler", queue
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"], queue
    # In the translated template every mapping invokes the consumer's alias (moto only lacks the alias itself).
    for mapping in _of_type(rehearsal.translated, "AWS::Lambda::EventSourceMapping").values():
        alias = mapping["Properties"]["FunctionName"]["Ref"]
        assert rehearsal.translated["Resources"][alias]["Type"] == "AWS::Lambda::Alias"


def test_table_streams_feed_their_indexer(rehearsal: Rehearsal) -> None:
    """The SKU and article tables' streams feed their indexers; the behaviour log's the precompute and the notices."""
    mappings = rehearsal.client("lambda").list_event_source_mappings()["EventSourceMappings"]
    streams = [m for m in mappings if f":dynamodb:{REGION}:" in m["EventSourceArn"]]
    fed = {
        (m["EventSourceArn"].split(":table/")[1].split("/")[0], _handler(rehearsal, m["FunctionArn"])) for m in streams
    }
    module = "chalicelib.functions.{}.handler".format
    assert fed == {
        ("shop-skus", module("skus_indexer")),
        ("shop-feed-articles", module("articles_indexer")),
        ("shop-feed-logs", module("recommendations_precompute")),  # behaviour events, precomputed per reader
        ("shop-feed-logs", module("notices_from_logs")),  # likes, comments, rewards, 收藏 told to the author
        ("shop-feed-relations", module("notices_from_follows")),  # follows told to the author followed
    }
    for mapping in _of_type(rehearsal.translated, "AWS::Lambda::EventSourceMapping").values():
        if "StreamArn" in json.dumps(mapping["Properties"]["EventSourceArn"]):
            assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
            assert mapping["Properties"]["StartingPosition"] == "TRIM_HORIZON"


def test_schedule_rules_invoke_their_schedule_function(rehearsal: Rehearsal) -> None:
    """Each rate rule targets the function running its schedule module, through the alias in the template."""
    events = rehearsal.client("events")
    targets = {
        rule["Name"]: events.list_targets_by_rule(Rule=rule["Name"])["Targets"] for rule in events.list_rules()["Rules"]
    }
    modules = {_handler(rehearsal, t["Arn"]).split(".")[2] for rule in targets.values() for t in rule}
    assert modules == SCHEDULES
    for rule in _of_type(rehearsal.translated, "AWS::Events::Rule").values():
        arn = rule["Properties"]["Targets"][0]["Arn"]
        assert rehearsal.translated["Resources"][arn["Ref"]]["Type"] == "AWS::Lambda::Alias"


def test_functions_are_created_with_their_own_role_runtime_and_size(rehearsal: Rehearsal) -> None:
    """Each function runs python3.13 on arm64 under its own role, with its memory and timeout."""
    physical = _physical(rehearsal)
    functions = _of_type(rehearsal.created, "AWS::Lambda::Function")
    assert len(functions) == 22
    for lid, function in functions.items():
        configuration = rehearsal.client("lambda").get_function(FunctionName=physical[lid])["Configuration"]
        assert configuration["Runtime"] == "python3.13", lid
        assert function["Properties"]["Architectures"] == ["arm64"], lid  # moto's CloudFormation drops it
        assert configuration["MemorySize"] == function["Properties"]["MemorySize"], lid
        role = function["Properties"]["Role"]["Fn::GetAtt"][0]
        assert configuration["Role"].endswith(physical[role]), f"{lid} runs as {configuration['Role']}"
        variables = configuration["Environment"]["Variables"]
        assert variables["JWT_SECRET_ARN"] == rehearsal.secret_arn and variables["NOTIFY_PROVIDER"] == "aws", lid


def test_the_stacks_queue_prefixes_name_every_created_queue_by_its_url_and_arn(rehearsal: Rehearsal) -> None:
    """QUEUE_URL_PREFIX and QUEUE_ARN_PREFIX + a queue's name: what SQS says of it, so no function asks SQS."""
    physical = _physical(rehearsal)
    function = next(iter(_of_type(rehearsal.created, "AWS::Lambda::Function")))
    configuration = rehearsal.client("lambda").get_function(FunctionName=physical[function])["Configuration"]
    variables = configuration["Environment"]["Variables"]
    sqs = rehearsal.client("sqs")
    urls = sqs.list_queues()["QueueUrls"]
    assert len(urls) >= len(CONSUMERS)
    # SQS's own URL format in the region (moto, served locally, answers its own host in place of AWS's)
    prefix = variables["QUEUE_URL_PREFIX"]
    assert prefix == f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/", prefix
    for url in urls:
        name = url.rsplit("/", 1)[-1]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        assert variables["QUEUE_ARN_PREFIX"] + name == arn
        assert url.endswith(f"/{ACCOUNT}/{name}")
    # A message sent to the prefixed URL is the queue's
    name = urls[0].rsplit("/", 1)[-1]
    sqs.send_message(QueueUrl=prefix + name, MessageBody="by the stack's URL")
    received = sqs.receive_message(QueueUrl=urls[0], WaitTimeSeconds=1)["Messages"]
    assert [m["Body"] for m in received] == ["by the stack's URL"]


def _secret_statements(run: Rehearsal) -> list[tuple[str, Any, Any]]:
    """(role, action, resource) of every statement of the created roles' policies, attached ones included."""
    physical, iam, found = _physical(run), run.client("iam"), []
    for lid in _of_type(run.created, "AWS::IAM::Role"):
        for name in iam.list_role_policies(RoleName=physical[lid])["PolicyNames"]:
            document = iam.get_role_policy(RoleName=physical[lid], PolicyName=name)["PolicyDocument"]
            if isinstance(document, str):  # moto answers a role's own policies as Python text, attached ones as JSON
                document = json.loads(document) if document.startswith('{"') else ast.literal_eval(document)
            # The SMS statement has NotResource.
            found += [(lid, statement["Action"], statement.get("Resource")) for statement in document["Statement"]]
    return found


@pytest.mark.parametrize(
    ("secret", "variable", "function"),
    [
        ("alipay_key_arn", "ALIPAY_APP_PRIVATE_KEY_ARN", "PaymentsApi"),
        ("qq_secret_arn", "QQ_CLIENT_SECRET_ARN", "QqLoginApi"),
        ("captcha_keys_arn", "CAPTCHA_KEYS_ARN", "AccountsApi"),
    ],
)
def test_only_the_function_serving_a_feature_knows_and_may_read_its_secret(
    rehearsal: Rehearsal, secret: str, variable: str, function: str
) -> None:
    """In the created stack one role may read the secret (the serving function's), and only that function names it."""
    arn, statements = getattr(rehearsal, secret), _secret_statements(rehearsal)
    readers = {lid for lid, _, resource in statements if arn in json.dumps(resource)}
    assert readers == {f"{function}Role"}
    # Whatever reads a secret names it exactly: the JWT secret, or Alipay's, QQ's and the captcha's for their reader.
    feature_readers = {
        rehearsal.alipay_key_arn: "PaymentsApiRole",
        rehearsal.qq_secret_arn: "QqLoginApiRole",
        rehearsal.captcha_keys_arn: "AccountsApiRole",
    }
    for lid, action, resource in [s for s in statements if "secretsmanager" in json.dumps(s[1])]:
        own = isinstance(resource, str) and feature_readers.get(resource) == lid
        assert action == "secretsmanager:GetSecretValue" and (resource == rehearsal.secret_arn or own), (lid, resource)
    physical = _physical(rehearsal)
    for lid in _of_type(rehearsal.created, "AWS::Lambda::Function"):
        configuration = rehearsal.client("lambda").get_function(FunctionName=physical[lid])["Configuration"]
        named = configuration["Environment"]["Variables"].get(variable)
        assert named == (arn if lid == function else None), lid


def test_the_payments_layer_is_published_and_only_the_payments_function_lists_it(rehearsal: Rehearsal) -> None:
    """The layer is a LayerVersion of the stack made from the uploaded zip; PaymentsApi alone lists it.

    moto 5.2.5's CloudFormation publishes the layer but drops a function's Layers (and the layer's
    CompatibleArchitectures), so which function lists it is checked in the template given to moto.
    """
    (lid, layer), *others = _of_type(rehearsal.created, "AWS::Lambda::LayerVersion").items()
    assert not others and layer["Properties"]["CompatibleRuntimes"] == ["python3.13"]
    assert layer["Properties"]["CompatibleArchitectures"] == ["arm64"]
    assert layer["Properties"]["Content"] == {"S3Bucket": BUCKET, "S3Key": "payments-layer.zip"}
    (published,) = rehearsal.client("lambda").list_layers()["Layers"]
    number = published["LatestMatchingVersion"]["Version"]
    version = rehearsal.client("lambda").get_layer_version(LayerName=published["LayerName"], VersionNumber=number)
    assert version["Content"]["CodeSize"] == (package_dir() / "payments-layer.zip").stat().st_size
    assert version["CompatibleRuntimes"] == ["python3.13"]
    listing = {
        function: resource["Properties"]["Layers"]
        for function, resource in _of_type(rehearsal.created, "AWS::Lambda::Function").items()
        if "Layers" in resource["Properties"]
    }
    assert listing == {"PaymentsApi": [{"Ref": lid}]}


def test_what_moto_cannot_create_is_right_in_the_template(rehearsal: Rehearsal) -> None:
    """Aliases name each function's published version; API functions snapshot; Valkey is TLS, multi-AZ, private."""
    translated = rehearsal.translated
    aliases = _of_type(translated, "AWS::Lambda::Alias")
    assert len(aliases) == 22
    for alias in aliases.values():
        properties = alias["Properties"]
        version = properties["FunctionVersion"]["Fn::GetAtt"][0]
        assert properties["Name"] == "live"
        assert translated["Resources"][version]["Properties"]["FunctionName"] == properties["FunctionName"]
    permissions = _of_type(translated, "AWS::Lambda::Permission").values()
    invoked = [p["Properties"]["FunctionName"]["Ref"] for p in permissions]
    assert len(invoked) == 10 + 3, "one per API function and one per schedule rule"
    assert all(translated["Resources"][ref]["Type"] == "AWS::Lambda::Alias" for ref in invoked), invoked
    snapshots = [
        lid for lid, f in _of_type(translated, "AWS::Lambda::Function").items() if "SnapStart" in f["Properties"]
    ]
    assert len(snapshots) == 10, snapshots
    redis = _of_type(translated, "AWS::ElastiCache::ReplicationGroup")["RedisReplicationGroup"]["Properties"]
    assert redis["Engine"] == "valkey" and redis["TransitEncryptionEnabled"] and redis["AtRestEncryptionEnabled"]
    assert redis["MultiAZEnabled"] and redis["AutomaticFailoverEnabled"] and redis["NumCacheClusters"] >= 2
    group = _of_type(translated, "AWS::ElastiCache::SubnetGroup")["RedisSubnetGroup"]["Properties"]
    assert group["SubnetIds"] == {"Ref": "SubnetIds"}
    secret = translated["Resources"]["JwtSecret"]["Properties"]["GenerateSecretString"]
    assert secret["PasswordLength"] >= 32


def test_the_media_bucket_is_created_and_its_policy_lets_everyone_read_objects_and_nobody_write_over_http(
    rehearsal: Rehearsal,
) -> None:
    """The bucket exists with CORS for CorsAllowOrigins; its policy: public GetObject, no plain-HTTP writes."""
    rehearsal.client("s3").head_bucket(Bucket=_physical(rehearsal)["MediaBucket"])
    # moto's CloudFormation drops CorsConfiguration: the rules are checked in the template (and applied by devstack).
    bucket = rehearsal.translated["Resources"]["MediaBucket"]["Properties"]
    condition, rules, none = bucket["CorsConfiguration"]["Fn::If"]
    (rule,) = rules["CorsRules"]
    assert (condition, none) == ("HasCorsOrigins", {"Ref": "AWS::NoValue"})
    assert rule["AllowedOrigins"] == {"Fn::Split": [",", {"Ref": "CorsAllowOrigins"}]}
    assert {"GET", "POST"} <= set(rule["AllowedMethods"])
    (policy,) = _of_type(rehearsal.translated, "AWS::S3::BucketPolicy").values()
    objects = {"Fn::Sub": "${MediaBucket.Arn}/*"}
    statements = {s["Sid"]: s for s in policy["Properties"]["PolicyDocument"]["Statement"]}
    assert policy["Properties"]["Bucket"] == {"Ref": "MediaBucket"}
    assert statements["PublicReadMedia"] == {
        "Sid": "PublicReadMedia",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": objects,
    }
    assert statements["TlsOnlyWrites"]["Effect"] == "Deny" and statements["TlsOnlyWrites"]["Resource"] == objects
    assert set(statements) == {"PublicReadMedia", "TlsOnlyWrites"}


def _variables(run: Rehearsal) -> dict[str, dict[str, str]]:
    physical, functions = _physical(run), _of_type(run.created, "AWS::Lambda::Function")
    return {
        lid: run.client("lambda").get_function(FunctionName=physical[lid])["Configuration"]["Environment"]["Variables"]
        for lid in functions
    }


def test_without_a_custom_domain_the_functions_derive_links_from_the_request(rehearsal: Rehearsal) -> None:
    """No domain resource is made; no function has PUBLIC_URL or CUSTOM_DOMAIN, so links follow the request."""
    kinds = {r["ResourceType"] for r in rehearsal.resources if "ResourceType" in r}
    assert not kinds & {"AWS::ApiGateway::DomainName", "AWS::ApiGateway::BasePathMapping"}
    for lid, variables in _variables(rehearsal).items():
        assert not variables.get("PUBLIC_URL") and "CUSTOM_DOMAIN" not in variables, lid
    outputs = rehearsal.client("cloudformation").describe_stacks(StackName=STACK)["Stacks"][0].get("Outputs", [])
    assert "ApiDomainTarget" not in {o["OutputKey"] for o in outputs}


def test_with_a_custom_domain_the_stack_maps_it_and_the_functions_link_to_it(with_domain: Rehearsal) -> None:
    """The stack is created; each function links to https://DomainName; the domain maps the API's stage at its root.

    moto cannot create the domain or its mapping (UNSUPPORTED), so those are checked in the translated template.
    """
    for lid, variables in _variables(with_domain).items():
        assert variables["CUSTOM_DOMAIN"] == DOMAIN, lid
    resources = with_domain.translated["Resources"]
    (name,) = _of_type(with_domain.translated, "AWS::ApiGateway::DomainName").values()
    assert name["Condition"] == "HasCustomDomain"
    assert name["Properties"]["DomainName"] == {"Ref": "DomainName"}
    assert name["Properties"]["RegionalCertificateArn"] == {"Ref": "CertificateArn"}
    assert name["Properties"]["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    (mapping,) = _of_type(with_domain.translated, "AWS::ApiGateway::BasePathMapping").values()
    assert mapping["Condition"] == "HasCustomDomain" and "BasePath" not in mapping["Properties"]
    assert mapping["Properties"]["RestApiId"] == {"Ref": "RestAPI"}
    stage = resources[mapping["Properties"]["Stage"]["Ref"]]
    assert stage["Type"] == "AWS::ApiGateway::Stage" and stage["Properties"]["RestApiId"] == {"Ref": "RestAPI"}

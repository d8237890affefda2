"""Search in the packaged template: the engine (an OpenSearch Serverless collection), who may reach it, the streams.

- Each DynamoDB event Chalice wrote with a placeholder stream ARN (chalicelib/functions/triggers.py) reads its table's
  `StreamArn`, reports partial batch failures and retries a failing record 10 times, halving the batch each time;
  the indexer's role may read that stream and no other.
- A function whose module reaches `chalicelib.search.service` (it searches) or `chalicelib.search.indexer` (it
  writes) gets the SEARCH_* variables and `aoss:APIAccessAll` on the collection; the collection's data access policy
  lets the searching roles read documents and the indexing roles create and write the two indexes, nothing else;
  SearchAdminArn names the operator's principal that may also read and drop them (`python -m infra.admin reindex`).
- The collection: encrypted with an AWS-owned key, reached over its public endpoint with SigV4 (IAM) only; or, with
  SearchEngine=domain, one small managed domain (infra/search_domain.py).
"""

from __future__ import annotations

import json
from typing import Any

from infra import search_domain
from infra.catalog import Function
from infra.search_domain import HAS_ADMIN, ON_SERVERLESS, either
from infra.usage import usage

Json = dict[str, Any]
TEMPLATE_PREFIX = "shop-"
COLLECTION = "shop-search"
COLLECTION_ID = "SearchCollection"
INDEXES = [f"index/{COLLECTION}/shop-skus", f"index/{COLLECTION}/shop-articles"]
READS, WRITES = "chalicelib.search.service", "chalicelib.search.indexer"
READ_PERMISSIONS = ["aoss:ReadDocument", "aoss:DescribeIndex"]
WRITE_PERMISSIONS = ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:UpdateIndex", "aoss:WriteDocument"]
# The operator's reindex (SearchAdminArn): the indexers' permissions, reading back, and dropping an index.
ADMIN_PERMISSIONS = [*WRITE_PERMISSIONS, "aoss:ReadDocument", "aoss:DeleteIndex"]
STREAM_ACTIONS = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
MAX_RETRIES = 10
ENDPOINT = either(
    {"Fn::GetAtt": [COLLECTION_ID, "CollectionEndpoint"]}, {"Fn::Sub": "https://${SearchDomain.DomainEndpoint}"}
)
VARIABLES = {"SEARCH_URL": ENDPOINT, "SEARCH_AUTH": "sigv4", "SEARCH_SIGV4_SERVICE": either("aoss", "es")}


def _policy(name: str, kind: str, document: Any) -> Json:
    return {
        "Type": "AWS::OpenSearchServerless::SecurityPolicy",
        "Condition": ON_SERVERLESS,
        "Properties": {"Name": name, "Type": kind, "Policy": json.dumps(document, separators=(",", ":"))},
    }


def engine_resources() -> dict[str, Json]:
    """The collection and its encryption and network policies (both must exist before the collection)."""
    rules = [{"ResourceType": "collection", "Resource": [f"collection/{COLLECTION}"]}]
    return {
        "SearchEncryptionPolicy": _policy(f"{COLLECTION}-enc", "encryption", {"Rules": rules, "AWSOwnedKey": True}),
        # Public endpoint, IAM only: the indexers run outside the VPC, and every request is SigV4-signed.
        "SearchNetworkPolicy": _policy(f"{COLLECTION}-net", "network", [{"Rules": rules, "AllowFromPublic": True}]),
        COLLECTION_ID: {
            "Type": "AWS::OpenSearchServerless::Collection",
            "Condition": ON_SERVERLESS,
            "DependsOn": ["SearchEncryptionPolicy", "SearchNetworkPolicy"],
            "Properties": {
                "Name": COLLECTION,
                "Type": "SEARCH",
                "StandbyReplicas": {"Ref": "SearchStandbyReplicas"},
                "Description": "Shop search: SKUs and articles, fed by the tables' DynamoDB Streams",
            },
        },
    }


def _access_policy(readers: list[str], writers: list[str]) -> Json:
    def rule(arns: list[str], permissions: list[str]) -> str:
        principals = ",".join(f'"{arn}"' for arn in arns)
        index = json.dumps([{"ResourceType": "index", "Resource": INDEXES, "Permission": permissions}])
        return f'{{"Rules":{index},"Principal":[{principals}]}}'

    roles = ((readers, READ_PERMISSIONS), (writers, WRITE_PERMISSIONS))
    statements = [rule([f"${{{role}.Arn}}" for role in r], p) for r, p in roles if r]
    admin = rule(["${SearchAdminArn}"], ADMIN_PERMISSIONS)
    return {
        "Type": "AWS::OpenSearchServerless::AccessPolicy",
        "Condition": ON_SERVERLESS,
        "Properties": {
            "Name": f"{COLLECTION}-data",
            "Type": "data",
            "Policy": {
                "Fn::If": [
                    HAS_ADMIN,
                    {"Fn::Sub": f"[{','.join([*statements, admin])}]"},
                    {"Fn::Sub": f"[{','.join(statements)}]"},
                ]
            },
        },
    }


def _wire_stream(function: Json, tables: dict[str, str]) -> str | None:
    """Point a placeholder DynamoDB event at its table's stream; the table's logical id, if there was one."""
    for event in function["Properties"].get("Events", {}).values():
        if event.get("Type") != "DynamoDB":
            continue
        stream = str(event["Properties"]["Stream"])
        # The template's literal names carry the prefix; `tables` is keyed by the app's logical names.
        table = stream.split(":table/", 1)[-1].split("/stream/", 1)[0].removeprefix(TEMPLATE_PREFIX)
        if table not in tables:
            raise ValueError(f"{stream}: no table {table} in the template")
        event["Properties"].update(
            Stream={"Fn::GetAtt": [tables[table], "StreamArn"]},
            FunctionResponseTypes=["ReportBatchItemFailures"],
            MaximumRetryAttempts=MAX_RETRIES,
            BisectBatchOnFunctionError=True,
        )
        return tables[table]
    return None


def _grant(resources: Json, function: Function, statements: list[Json]) -> None:
    role = resources[f"{function.resource}Role"]["Properties"]["Policies"][0]["PolicyDocument"]
    role["Statement"].extend(statements)


def wire(template: Json, functions: list[Function], tables: dict[str, str]) -> None:
    """Add the engine, the indexers' stream mappings and grants, and each search user's access, to the template."""
    resources = template["Resources"]
    template.setdefault("Parameters", {}).update(search_domain.parameters())
    template.setdefault("Conditions", {}).update(search_domain.conditions())
    template["Parameters"]["SearchStandbyReplicas"] = {
        "Type": "String",
        "AllowedValues": ["ENABLED", "DISABLED"],
        "Default": "ENABLED",
        "Description": "Serverless collection standby replicas: DISABLED halves the OCU floor (no zone redundancy)",
    }
    readers: list[str] = []
    writers: list[str] = []
    for function in functions:
        modules = usage(function.module).modules
        table = None if function.is_api else _wire_stream(resources[function.resource], tables)
        if table is not None:
            stream = {"Fn::GetAtt": [table, "StreamArn"]}
            _grant(
                resources,
                function,
                [{"Sid": "ReadOwnStream", "Effect": "Allow", "Action": STREAM_ACTIONS, "Resource": stream}],
            )
            # ListStreams names no stream: it has no resource-level permission.
            _grant(
                resources,
                function,
                [
                    {
                        "Sid": "ListStreamsNoResourceLevelPermissions",
                        "Effect": "Allow",
                        "Action": "dynamodb:ListStreams",
                        "Resource": "*",
                    }
                ],
            )
        if READS not in modules and WRITES not in modules:
            continue
        (writers if WRITES in modules else readers).append(f"{function.resource}Role")
        collection = {"Fn::GetAtt": [COLLECTION_ID, "Arn"]}
        _grant(resources, function, [search_domain.statement(WRITES in modules, collection)])
        properties = resources[function.resource]["Properties"]
        properties.setdefault("Environment", {}).setdefault("Variables", {}).update(VARIABLES)
    resources.update(engine_resources())
    resources["SearchDataAccessPolicy"] = _access_policy(readers, writers)
    resources[search_domain.DOMAIN_ID] = search_domain.domain(readers, writers)
    template.setdefault("Outputs", {})["SearchEndpoint"] = {
        "Description": "SEARCH_URL of the functions: python -m infra.admin reindex needs it (and a grant to read it)",
        "Value": ENDPOINT,
    }

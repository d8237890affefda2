"""Search in the packaged template: exactly the search function and the indexers reach the collection, each indexer
reads only its own table's stream, and the collection is encrypted and IAM-only."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.functional.packaging import packaged_template

Json = dict[str, Any]
SEARCHERS = {"SearchApi"}
INDEXERS = {"SkusIndexer": "SkusTable", "ArticlesIndexer": "FeedArticlesTable"}


@pytest.fixture(scope="module")
def sam() -> Json:
    """The packaged SAM template."""
    return packaged_template()


def _statements(sam: Json, function: str) -> dict[str, Json]:
    role = sam["Resources"][function]["Properties"]["Role"]["Fn::GetAtt"][0]
    document = sam["Resources"][role]["Properties"]["Policies"][0]["PolicyDocument"]
    return {s["Sid"]: s for s in document["Statement"]}


def _functions(sam: Json) -> list[str]:
    return [lid for lid, r in sam["Resources"].items() if r.get("Type") == "AWS::Serverless::Function"]


def test_only_the_search_function_and_the_indexers_reach_the_collection_and_know_its_endpoint(sam: Json) -> None:
    reaching = {f for f in _functions(sam) if "SearchCollection" in _statements(sam, f)}
    told = {f for f in _functions(sam) if "SEARCH_URL" in json.dumps(sam["Resources"][f]["Properties"])}
    assert reaching == told == SEARCHERS | set(INDEXERS)
    for function in reaching:
        statement = _statements(sam, function)["SearchCollection"]
        assert "aoss:APIAccessAll" in statement["Action"]
        assert ("es:ESHttpPut" in statement["Action"]) == (function in INDEXERS), "only the indexers create indexes"
        assert "es:ESHttpDelete" not in statement["Action"]
        condition, serverless, domain = statement["Resource"]["Fn::If"]
        assert (condition, serverless) == ("SearchOnServerless", {"Fn::GetAtt": ["SearchCollection", "Arn"]})
        assert all(":domain/shop-search/" in r["Fn::Sub"] for r in domain)


def test_the_data_access_policy_lets_the_searcher_read_and_the_indexers_write_the_two_indexes(sam: Json) -> None:
    policy = sam["Resources"]["SearchDataAccessPolicy"]["Properties"]
    condition, with_admin, without = policy["Policy"]["Fn::If"]
    assert condition == "HasSearchAdmin"
    rules = json.loads(without["Fn::Sub"].replace("${", "").replace(".Arn}", ""))
    # SearchAdminArn given: the same rules and one more for the operator's reindex, which may also drop an index
    *same, admin = json.loads(with_admin["Fn::Sub"].replace("${", "").replace(".Arn}", ""))
    assert same == rules and admin["Principal"] == ["SearchAdminArn}"]
    assert {"aoss:DeleteIndex", "aoss:CreateIndex", "aoss:WriteDocument"} <= set(admin["Rules"][0]["Permission"])
    by_principal = {tuple(r["Principal"]): r["Rules"] for r in rules}
    assert by_principal.keys() == {("SearchApiRole",), ("SkusIndexerRole", "ArticlesIndexerRole")} or (
        by_principal.keys() == {("SearchApiRole",), ("ArticlesIndexerRole", "SkusIndexerRole")}
    )
    [read] = by_principal[("SearchApiRole",)]
    assert set(read["Permission"]) == {"aoss:ReadDocument", "aoss:DescribeIndex"}
    assert read["Resource"] == ["index/shop-search/shop-skus", "index/shop-search/shop-articles"]
    writes = next(rules for principal, rules in by_principal.items() if "SkusIndexerRole" in principal)
    assert "aoss:WriteDocument" in writes[0]["Permission"] and "aoss:DeleteIndex" not in writes[0]["Permission"]


def test_each_indexer_reads_its_own_tables_stream_and_reports_failed_records(sam: Json) -> None:
    for function, table in INDEXERS.items():
        [event] = sam["Resources"][function]["Properties"]["Events"].values()
        assert event["Type"] == "DynamoDB"
        assert event["Properties"]["Stream"] == {"Fn::GetAtt": [table, "StreamArn"]}
        assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert event["Properties"]["BisectBatchOnFunctionError"] is True
        statements = _statements(sam, function)
        assert statements["ReadOwnStream"]["Resource"] == {"Fn::GetAtt": [table, "StreamArn"]}
        assert "Tables" not in statements, "an indexer reads the stream's images, never the tables"
    for table in INDEXERS.values():
        stream = sam["Resources"][table]["Properties"]["StreamSpecification"]
        assert stream == {"StreamViewType": "NEW_AND_OLD_IMAGES"}


def test_the_collection_is_encrypted_reached_with_iam_only_and_its_replicas_a_parameter(sam: Json) -> None:
    collection = sam["Resources"]["SearchCollection"]
    assert collection["Properties"]["Type"] == "SEARCH"
    assert collection["Properties"]["StandbyReplicas"] == {"Ref": "SearchStandbyReplicas"}
    assert set(collection["DependsOn"]) == {"SearchEncryptionPolicy", "SearchNetworkPolicy"}
    encryption = json.loads(sam["Resources"]["SearchEncryptionPolicy"]["Properties"]["Policy"])
    assert encryption["AWSOwnedKey"] is True
    [network] = json.loads(sam["Resources"]["SearchNetworkPolicy"]["Properties"]["Policy"])
    assert network["Rules"] == [{"ResourceType": "collection", "Resource": ["collection/shop-search"]}]
    assert "Dashboard" not in json.dumps(network), "no OpenSearch Dashboards endpoint is opened"


def test_the_domain_option_lets_exactly_the_search_roles_in_over_https_only(sam: Json) -> None:
    assert sam["Parameters"]["SearchEngine"]["Default"] == "serverless"
    domain = sam["Resources"]["SearchDomain"]
    assert domain["Condition"] == "SearchOnDomain"
    assert sam["Resources"]["SearchCollection"]["Condition"] == "SearchOnServerless"
    properties = domain["Properties"]
    assert properties["EncryptionAtRestOptions"] == {"Enabled": True}
    assert properties["NodeToNodeEncryptionOptions"] == {"Enabled": True}
    assert properties["DomainEndpointOptions"]["EnforceHTTPS"] is True
    *roles, operator = properties["AccessPolicies"]["Statement"]
    principals = {ref["Fn::GetAtt"][0] for s in roles for ref in s["Principal"]["AWS"]}
    assert principals == {"SearchApiRole", "SkusIndexerRole", "ArticlesIndexerRole"}
    condition, admin, absent = operator["Fn::If"]
    assert (condition, absent) == ("HasSearchAdmin", {"Ref": "AWS::NoValue"})
    assert admin["Principal"] == {"AWS": [{"Ref": "SearchAdminArn"}]} and "es:ESHttpDelete" in admin["Action"]
    variables = sam["Resources"]["SearchApi"]["Properties"]["Environment"]["Variables"]
    assert variables["SEARCH_SIGV4_SERVICE"] == {"Fn::If": ["SearchOnServerless", "aoss", "es"]}

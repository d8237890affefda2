"""Search on a managed OpenSearch Service domain instead (stack parameter SearchEngine=domain).

One small domain (SearchInstanceType, one node, encrypted at rest and between nodes, HTTPS only) whose resource
policy lets exactly the search function's and the indexers' roles in, SigV4 (`es`) like the collection. Every
search resource of the template carries the condition of its engine; a function's grant and variables choose
theirs with Fn::If, so one template serves both.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
DOMAIN_ID = "SearchDomain"
DOMAIN = "shop-search"
ON_SERVERLESS, ON_DOMAIN = "SearchOnServerless", "SearchOnDomain"
HAS_ADMIN = "HasSearchAdmin"  # SearchAdminArn given: the operator's principal may rebuild the indexes
_ARN = "arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/" + DOMAIN
# A search is GET or POST on /shop-<index>/_search; an indexer also checks (HEAD) and creates (PUT) an index and
# posts /_bulk at the domain's root.
READ = (["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"], [f"{_ARN}/shop-skus/*", f"{_ARN}/shop-articles/*"])
WRITE = (["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"], [f"{_ARN}/*"])
# `python -m infra.admin reindex [--recreate]`: an indexer's verbs and dropping an index.
ADMIN = ([*WRITE[0], "es:ESHttpDelete"], [f"{_ARN}/*"])


def either(serverless: Any, domain: Any) -> Json:
    """A value for the engine the stack runs."""
    return {"Fn::If": [ON_SERVERLESS, serverless, domain]}


def parameters() -> Json:
    """SearchEngine and the domain's instance type."""
    return {
        "SearchEngine": {
            "Type": "String",
            "AllowedValues": ["serverless", "domain"],
            "Default": "serverless",
            "Description": "serverless: an OpenSearch Serverless collection; domain: one small managed domain",
        },
        "SearchInstanceType": {
            "Type": "String",
            "Default": "t3.medium.search",
            "Description": "The domain's instance type (SearchEngine=domain); it must support encryption at rest",
        },
        "SearchAdminArn": {
            "Type": "String",
            "Default": "",
            "AllowedPattern": "^$|^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[\\w+=,.@/-]+$",
            "Description": "The IAM role or user that runs python -m infra.admin reindex: may create, write, read and "
            "drop the two indexes (empty: nobody outside the functions)",
        },
    }


def conditions() -> Json:
    """One condition per engine."""
    return {
        ON_SERVERLESS: {"Fn::Equals": [{"Ref": "SearchEngine"}, "serverless"]},
        ON_DOMAIN: {"Fn::Equals": [{"Ref": "SearchEngine"}, "domain"]},
        HAS_ADMIN: {"Fn::Not": [{"Fn::Equals": [{"Ref": "SearchAdminArn"}, ""]}]},
    }


def statement(writes: bool, collection: Json) -> Json:
    """A search user's grant: the collection's API, or the domain's HTTP verbs on its indexes.

    The actions of both engines in one list (each means nothing on the other's ARN): only the resource is chosen
    per engine, so the statement reads as every other one of the role.
    """
    actions, resources = WRITE if writes else READ
    domain = [{"Fn::Sub": resource} for resource in resources]
    return {
        "Sid": "SearchCollection",
        "Effect": "Allow",
        "Action": ["aoss:APIAccessAll", *actions],
        "Resource": either(collection, domain),
    }


def domain(readers: list[str], writers: list[str]) -> Json:
    """The domain, its resource policy naming exactly the searching and the indexing roles (and the operator's)."""
    access = [
        {
            "Effect": "Allow",
            "Principal": {"AWS": [{"Fn::GetAtt": [role, "Arn"]} for role in roles]},
            "Action": actions,
            "Resource": [{"Fn::Sub": resource} for resource in resources],
        }
        for roles, (actions, resources) in ((readers, READ), (writers, WRITE))
        if roles
    ]
    admin = {
        "Effect": "Allow",
        "Principal": {"AWS": [{"Ref": "SearchAdminArn"}]},
        "Action": ADMIN[0],
        "Resource": [{"Fn::Sub": resource} for resource in ADMIN[1]],
    }
    access.append({"Fn::If": [HAS_ADMIN, admin, {"Ref": "AWS::NoValue"}]})
    return {
        "Type": "AWS::OpenSearchService::Domain",
        "Condition": ON_DOMAIN,
        "Properties": {
            "DomainName": DOMAIN,
            "EngineVersion": "OpenSearch_2.19",
            "ClusterConfig": {"InstanceType": {"Ref": "SearchInstanceType"}, "InstanceCount": 1},
            "EBSOptions": {"EBSEnabled": True, "VolumeType": "gp3", "VolumeSize": 10},
            "EncryptionAtRestOptions": {"Enabled": True},
            "NodeToNodeEncryptionOptions": {"Enabled": True},
            "DomainEndpointOptions": {"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
            "AccessPolicies": {"Version": "2012-10-17", "Statement": access},
        },
    }

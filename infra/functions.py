"""Split Chalice's packaged SAM template into one function per handler module of chalicelib/functions.

`chalice package` makes one API function for every route (aws/chalice#229 was closed as out of scope), so
`make package` rewrites its template: each API module of chalicelib/functions becomes a function whose routes
API Gateway sends to that function's published alias (SnapStart never serves $LATEST); each consumer and
schedule runs its own module behind an alias too; every function gets its memory, timeout and reserved
concurrency from .chalice/config.json and a role naming only what its module reaches (infra/usage.py); the
payments function also lists the layer holding `cryptography` (infra/layers.py).
Usage: python -m infra.functions build/package/sam.json --stage dev
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

from infra import alarms, domain, layers, logs, policies, search, secret_readers, stage_names
from infra.catalog import ALIAS, Function, Route, discover, route_owners
from infra.gateway import complete_swagger
from infra.usage import ROOT, usage

Json = dict[str, Any]
CONFIG = ROOT / ".chalice" / "config.json"
TEMPLATE_PREFIX = "shop-"
# The JWT secret's ARN: the one JwtSecretArn names, else the one the stack generates (infra/resources.json).
SECRET_ARN = {"Fn::If": ["CreateJwtSecret", {"Ref": "JwtSecret"}, {"Ref": "JwtSecretArn"}]}
SNAPSTART = {"ApplyOn": "PublishedVersions"}
INVOKE = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions"


def _by_name(resources: Json, kind: str, name_property: str) -> dict[str, str]:
    """Logical name (the app's, without the prefix) -> logical id, for the tables or queues of the template."""
    return {
        str(r["Properties"][name_property]).removeprefix(TEMPLATE_PREFIX): logical_id
        for logical_id, r in resources.items()
        if r.get("Type") == kind
    }


def function_settings(stage: str, name: str) -> Json:
    """Memory, timeout and reserved concurrency of one function from the stage's config."""
    config = json.loads(CONFIG.read_text())
    stage_config = config["stages"][stage]
    own = stage_config.get("lambda_functions", {}).get(name, {})
    found = {
        "MemorySize": own.get("lambda_memory_size", stage_config.get("lambda_memory_size", 128)),
        "Timeout": own.get("lambda_timeout", stage_config.get("lambda_timeout", 60)),
    }
    if "reserved_concurrency" in own:
        found["ReservedConcurrentExecutions"] = own["reserved_concurrency"]
    return found


def _consumed_queue(function: Json) -> str | None:
    for event in function["Properties"].get("Events", {}).values():
        if event.get("Type") == "SQS":
            queue = event["Properties"]["Queue"]
            arn = queue["Fn::Sub"] if isinstance(queue, dict) else queue
            return str(arn).rsplit(":", 1)[-1].removeprefix(TEMPLATE_PREFIX)
    return None


def _api_function(base: Json, function: Function, stage: str) -> Json:
    resource = copy.deepcopy(base)
    properties = resource["Properties"]
    properties.pop("ReservedConcurrentExecutions", None)
    properties.update(function_settings(stage, function.name))
    properties.update(Handler=function.handler, AutoPublishAlias=ALIAS, SnapStart=SNAPSTART)
    return resource


def _cap_by_event_source(resource: Json) -> None:
    """An SQS consumer's concurrency cap moves from reserved concurrency to its event source's MaximumConcurrency."""
    # Reserved concurrency lets the poller receive more than the function may run: the throttled receives count
    # toward maxReceiveCount and send unprocessed messages to the DLQ. MaximumConcurrency (2 to 1000) stops the
    # poller instead.
    properties = resource["Properties"]
    events = [e for e in properties.get("Events", {}).values() if e.get("Type") == "SQS"]
    cap = properties.pop("ReservedConcurrentExecutions", None) if events else None
    if cap is None:
        return
    for event in events:
        event["Properties"]["ScalingConfig"] = {"MaximumConcurrency": max(2, int(cap))}


def _permission(function: Function) -> Json:
    """API Gateway may invoke the function's alias (the integrations name the alias, never $LATEST)."""
    return {
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "FunctionName": {"Ref": f"{function.resource}.Alias"},
            "Action": "lambda:InvokeFunction",
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RestAPI}/*"},
        },
    }


def _drop_chalice_roles(resources: Json) -> None:
    for resource in [r for r in resources.values() if r.get("Type") == "AWS::Serverless::Function"]:
        role = resource["Properties"].get("Role", {}).get("Fn::GetAtt", [None])[0]
        if role in resources and resources[role].get("Type") == "AWS::IAM::Role":
            del resources[role]


def _apply_owners(template: Json, owners: dict[Route, Function]) -> None:
    body = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    unowned = []
    for path, operations in body["paths"].items():
        for method, operation in operations.items():
            function = owners.pop((path, method.upper()), None)
            if function is None:
                unowned.append(f"{method.upper()} {path}")
                continue
            # The alias-qualified ARN spelled out: cfn-lint reads SAM's `${Fn.Alias}` as an unknown attribute.
            uri = f"{INVOKE}/${{{function.resource}.Arn}}:{ALIAS}/invocations"
            operation["x-amazon-apigateway-integration"]["uri"] = {"Fn::Sub": uri}
    if unowned:
        raise ValueError(f"no module of chalicelib/functions serves: {', '.join(sorted(unowned))}")
    if owners:
        raise ValueError(f"routes app.py does not register: {sorted(owners)} (register their blueprints in app.py)")
    complete_swagger(body)


def split(template: Json, stage: str, functions: list[Function]) -> Json:
    """The template with one function per module of chalicelib/functions, routed, aliased and least-privileged."""
    resources = template["Resources"]
    # Only functions that reach Redis run in the VPC; the others (notifications: SES has no VPC endpoint) stay out.
    vpc = template.get("Globals", {}).get("Function", {}).pop("VpcConfig", None)
    _drop_chalice_roles(resources)
    base = resources["APIHandler"]
    del resources["APIHandlerInvokePermission"]
    tables = _by_name(resources, "AWS::DynamoDB::Table", "TableName")
    queues = _by_name(resources, "AWS::SQS::Queue", "QueueName")
    readers: dict[secret_readers.SecretReaders, list[str]] = {secret: [] for secret in secret_readers.SECRETS}
    for function in functions:
        reach = usage(function.module)
        missing = sorted(reach.tables - tables.keys()) + sorted(reach.queues - queues.keys())
        if missing:
            raise ValueError(f"{function.module} uses {missing}, which infra/resources.json does not define")
        if function.is_api:
            resources[function.resource] = _api_function(base, function, stage)
            resources[f"{function.resource}InvokePermission"] = _permission(function)
            found = policies.statements(reach, tables, queues, None)
            if function.reads_jwt_secret:  # a function no caller reaches (visits) is never granted the secret
                found.append(policies.secret_statement(SECRET_ARN))
        else:
            resource = resources.get(function.resource)  # made by `chalice package` from app.py's declaration
            if resource is None:
                raise ValueError(f"{function.module}: app.py declares no consumer or schedule `{function.name}`")
            resource["Properties"].update(Handler=function.handler, AutoPublishAlias=ALIAS)
            _cap_by_event_source(resource)
            found = policies.statements(reach, tables, queues, _consumed_queue(resource))
        resources[f"{function.resource}Role"] = policies.role(function.resource, found)
        properties = resources[function.resource]["Properties"]
        properties["Role"] = {"Fn::GetAtt": [f"{function.resource}Role", "Arn"]}
        if reach.redis and vpc is not None:
            properties["VpcConfig"] = copy.deepcopy(vpc)
        for secret in [s for s in secret_readers.SECRETS if s.reaches(reach)]:
            properties.setdefault("Environment", {}).setdefault("Variables", {}).update(secret.variables)
            readers[secret].append(f"{function.resource}Role")
    secret_readers.grant(resources, readers)
    search.wire(template, functions, tables)  # the engine, the indexers' streams, who may search or write
    layers.wire(template, functions)  # cryptography for the payments function only
    logs.wire(template)  # a retention for every function's log group
    alarms.wire(template, stage)  # errors and throttles per function, the API's, refunds due; the dashboard
    domain.wire(template)  # links name the custom domain when there is one
    _apply_owners(template, route_owners(functions))
    return template


def main() -> None:
    """Rewrite the packaged template in place."""
    parser = argparse.ArgumentParser()
    parser.add_argument("template", type=Path)
    parser.add_argument("--stage", default="dev")
    args = parser.parse_args()
    template = json.loads(args.template.read_text())
    split(template, args.stage, discover())
    stage_names.apply(template, args.stage)  # after the split, which reads the literal `shop-` names
    # Compact: CloudFormation takes templates of at most 1 MB, and the API's routes, their generated preflights
    # and 405s made the indented text pass that (about twice the compact size) while the template was ~0.5 MB.
    args.template.write_text(json.dumps(template, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()

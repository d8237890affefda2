"""The packaged functions as the README's table shows them: what each serves, its size, concurrency and rights."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from infra.catalog import DEFAULT_API

Json = dict[str, Any]


def declared_routes(catalog: list[Json]) -> dict[str, list[str]]:
    """`METHOD /path` of each function's declared routes (not its generated preflights and 405s), by resource."""
    return {f["resource"]: [f"{method} {path}" for path, method in f["declared"]] for f in catalog if f["declared"]}


def read_catalog(python: str, root: str) -> list[Json]:
    """infra/catalog.py's functions, read by the Lambda interpreter in a process of its own (see infra/catalog.py)."""
    result = subprocess.run([python, "-m", "infra.catalog"], cwd=root, capture_output=True, text=True, check=True)
    found: list[Json] = json.loads(result.stdout)
    return found


def _events(properties: Json) -> list[str]:
    found = []
    for event in properties.get("Events", {}).values():
        if event["Type"] == "SQS":
            queue = event["Properties"]["Queue"]
            found.append("SQS " + str(queue.get("Fn::Sub", queue)).rsplit(":", 1)[-1])
        elif event["Type"] == "Schedule":
            found.append(str(event["Properties"]["Schedule"]))
    return found


# How the table names each secret only some functions may read (infra/secret_readers.py), by its policy's name.
SECRET_LABELS = {
    "AlipayPrivateKey": "Alipay key (when given)",
    "QQClientSecret": "QQ secret (when given)",
    "CaptchaKeys": "captcha keys (when given)",
}


def _granted_secrets(sam: Json, role_id: str) -> list[str]:
    # Such a grant is a policy of its own (it exists only when the stack is given the secret), naming its roles.
    return sorted(
        str(r["Properties"]["PolicyName"])
        for r in sam["Resources"].values()
        if r.get("Type") == "AWS::IAM::Policy" and {"Ref": role_id} in r["Properties"].get("Roles", [])
    )


def _rights(sam: Json, properties: Json) -> Json:
    """A summary of the function's role: tables, queues sent to or read, Scheduler, mail, the secrets, the VPC."""
    role_id = properties["Role"]["Fn::GetAtt"][0]
    role = sam["Resources"][role_id]["Properties"]
    statements = {s["Sid"]: s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]}
    names = {
        lid: r["Properties"].get("TableName", r["Properties"].get("QueueName", lid))
        for lid, r in sam["Resources"].items()
        if r.get("Type") in ("AWS::DynamoDB::Table", "AWS::SQS::Queue")
    }

    def targets(sid: str) -> list[str]:
        resources = statements.get(sid, {}).get("Resource", [])
        resources = resources if isinstance(resources, list) else [resources]
        return sorted({names[r["Fn::GetAtt"][0]].removeprefix("shop-") for r in resources if "Fn::GetAtt" in r})

    return {
        "tables": targets("Tables"),
        "sends": targets("SendToQueues"),
        "reads": targets("ConsumeQueue"),
        "scheduler": "OneTimeSchedules" in statements,
        "mail": "SesSendEmail" in statements,
        "secret": "JwtSecret" in statements,
        "secrets": _granted_secrets(sam, role_id),
        "vpc": "VpcConfig" in properties,
    }


def describe(sam: Json, served: dict[str, list[str]]) -> list[Json]:
    """Every function of the packaged template: module, size, concurrency, what it serves, what it may touch."""
    found = []
    for resource, function in sam["Resources"].items():
        if function.get("Type") != "AWS::Serverless::Function":
            continue
        properties = function["Properties"]
        found.append(
            {
                "resource": resource,
                "module": str(properties["Handler"]).rsplit(".", 1)[0],
                "memory_mb": properties["MemorySize"],
                "timeout_s": properties["Timeout"],
                "reserved": properties.get("ReservedConcurrentExecutions"),
                "snapstart": "SnapStart" in properties,
                "serves": sorted(served.get(resource, [])) or _events(properties),
                "rights": _rights(sam, properties),
            }
        )
    return sorted(found, key=lambda f: (not f["snapstart"], f["resource"]))


def _rights_text(rights: Json) -> str:
    parts = [f"tables: {', '.join(rights['tables'])}" if rights["tables"] else "no table"]
    parts += [f"sends: {', '.join(rights['sends'])}"] if rights["sends"] else []
    parts += [f"reads: {', '.join(rights['reads'])}"] if rights["reads"] else []
    labels = (("scheduler", "Scheduler"), ("mail", "SNS/SES"), ("secret", "JWT secret"))
    parts += [label for key, label in labels if rights.get(key)]
    parts += [SECRET_LABELS.get(name, name) for name in rights.get("secrets", [])]
    parts += ["VPC"] if rights.get("vpc") else []
    return "; ".join(parts)


def _serves_text(module: str, serves: list[str]) -> str:
    if module.rsplit(".", 1)[-1] == DEFAULT_API:  # the default function: say what it is rather than list the API
        return f"the {len(serves)} other routes (`GET /health/`, orders, the feed ...) and unknown paths (404)"
    return ", ".join(serves)


def markdown(figures: Json) -> str:
    """The README's table of functions from `python -m bench.serverless_cost` figures."""
    hello = figures["hello_world"]
    lines = [
        "| function (module) | serves | memory | concurrency | cold import | x hello | RSS | may touch |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in figures["functions"]:
        reserved = f["reserved"] if f["reserved"] is not None else "unreserved"
        snap = " (SnapStart)" if f["snapstart"] else ""
        lines.append(
            f"| {f['resource']} (`{f['module'].rsplit('.', 1)[-1]}`){snap} | {_serves_text(f['module'], f['serves'])} "
            f"| {f['memory_mb']} MB, {f['timeout_s']} s | {reserved} | {f['import_ms']} ms "
            f"| {f['ratio']} (≤ {f['ratio_limit']:g}) | {f['rss_mib']} MiB | {_rights_text(f['rights'])} |"
        )
    libraries = figures.get("libraries")
    if libraries:
        names = ", ".join(libraries["modules"])
        lines.append(
            f"| the libraries alone ({names}) | | | | {libraries['import_ms']} ms | {libraries['ratio']} "
            f"| {libraries['rss_mib']} MiB | |"
        )
    lines.append(f"| Chalice hello-world | GET / | | | {hello['import_ms']} ms | 1 | {hello['rss_mib']} MiB | |")
    return "\n".join(lines)

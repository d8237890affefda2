"""Two stages' packaged templates share no physical name, so both stacks fit in one account and region."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from infra import stage_names
from tests.functional.packaging import ROOT, WHEELS_DONE, packaged_template, packaging_env

# Every property of a resource that gives it a name of its own in the account.
NAME_PROPERTIES = (
    "TableName",
    "QueueName",
    "BucketName",
    "TopicName",
    "FunctionName",
    "RoleName",
    "LogGroupName",
    "AlarmName",
    "DashboardName",
    "DomainName",
    "LayerName",
    "Name",
)
# A name spelled with the stack's name differs between the stages' stacks (`make deploy` names them apart).
STACK_NAME = "${AWS::StackName}"
# Types whose `Name` or `FunctionName` property refers to another resource instead of naming its own.
REFERRING = ("AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Alias")


def _package(stage: str) -> dict[str, Any]:
    if not WHEELS_DONE.exists():
        pytest.fail(f"{WHEELS_DONE} is missing: run `make {WHEELS_DONE.relative_to(ROOT)}` once")
    out = Path(tempfile.mkdtemp(prefix=f"shop-package-{stage}-")) / "out"
    command = ["make", "--no-print-directory", "package", f"PACKAGE_DIR={out}", f"STAGE={stage}"]
    result = subprocess.run(command, cwd=ROOT, env=packaging_env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"make package failed:\n{result.stdout}\n{result.stderr}"
    template: dict[str, Any] = json.loads((out / "sam.json").read_text())
    return template


def explicit_names(template: dict[str, Any]) -> dict[str, str]:
    """Physical name -> logical id, for each resource the template names itself, except by the stack's name."""
    found = {}
    for logical_id, resource in template["Resources"].items():
        if resource.get("Type") in REFERRING:
            continue
        for prop in NAME_PROPERTIES:
            value = resource.get("Properties", {}).get(prop)
            if isinstance(value, dict) and "Fn::Sub" in value:
                value = value["Fn::Sub"]
            # A name built on another resource's generated name (a log group of `${SomeFunction}`) is that
            # resource's, which CloudFormation makes from the stack's name.
            generated = isinstance(value, str) and any(f"${{{other}}}" in value for other in template["Resources"])
            if isinstance(value, str) and STACK_NAME not in value and not generated:
                found[value] = logical_id
    return found


@pytest.fixture(scope="module")
def prod() -> dict[str, Any]:
    """The template `make package STAGE=prod` builds."""
    return _package("prod")


def test_dev_and_prod_templates_share_no_physical_name(prod: dict[str, Any]) -> None:
    """Every explicit name differs between the stages, and there are names to compare (tables, queues, search)."""
    dev_names, prod_names = explicit_names(packaged_template()), explicit_names(prod)
    assert len(prod_names) >= 30, sorted(prod_names)
    assert not dev_names.keys() & prod_names.keys()


def test_prod_functions_read_the_names_its_template_creates(prod: dict[str, Any]) -> None:
    """Each function's TABLE_PREFIX/QUEUE_PREFIX plus a logical name is a table or queue of the prod stack."""
    tables = {r["Properties"]["TableName"] for r in prod["Resources"].values() if r["Type"] == "AWS::DynamoDB::Table"}
    queues = {r["Properties"]["QueueName"] for r in prod["Resources"].values() if r["Type"] == "AWS::SQS::Queue"}
    assert "shop-prod-users" in tables and "shop-prod-notifications" in queues
    functions = [r for r in prod["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    variables = [f["Properties"].get("Environment", {}).get("Variables", {}) for f in functions]
    variables.append(prod.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
    prefixes = {v[name] for v in variables for name in stage_names.PREFIX_VARIABLES if name in v}
    assert prefixes == {"shop-prod-"}
    for function in functions:
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] == "SQS":
                arn = event["Properties"]["Queue"]
                name = str(arn["Fn::Sub"] if isinstance(arn, dict) else arn).rsplit(":", 1)[-1]
                assert name in queues, name


def test_an_unsafe_stage_name_is_refused() -> None:
    """A stage that would overflow the search engine's name limits, or is not lower-case, stops the packaging."""
    with pytest.raises(ValueError):
        stage_names.prefix("Production")
    assert stage_names.prefix("dev") == "shop-"
    assert stage_names.prefix("prod") == "shop-prod-"


def test_make_deploy_reads_the_stage_file_and_names_the_stack_by_stage() -> None:
    """`make deploy STAGE=x` takes BUCKET and PARAMS from infra/stages/x.mk and deploys stack shop-x; dev: shop."""
    command = ["make", "--no-print-directory", "-n", "deploy", "STAGE=example", "AWS=true"]
    plan = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--s3-bucket my-artifacts-bucket" in plan
    assert "--stack-name shop-example " in plan and "PublicUrl=https://shop.example.com" in plan
    dev = [*command[:4], "STAGE=dev", "BUCKET=b", "PARAMS=VpcId=vpc-1", "AWS=true"]
    assert "--stack-name shop " in subprocess.run(dev, cwd=ROOT, capture_output=True, text=True, check=True).stdout

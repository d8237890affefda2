"""A log group per function, kept `LogRetentionDays` days (Lambda's own groups never expire)."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
PARAMETER = "LogRetentionDays"
# The values CloudWatch Logs accepts for RetentionInDays.
ALLOWED = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]


def wire(template: Json) -> None:
    """Add the parameter and, for every function, its `/aws/lambda/<name>` group with that retention."""
    template.setdefault("Parameters", {})[PARAMETER] = {
        "Type": "Number",
        "Default": 30,
        "AllowedValues": ALLOWED,
        "Description": "Days each function's CloudWatch log group keeps its events.",
    }
    resources = template["Resources"]
    functions = [i for i, r in resources.items() if r.get("Type") == "AWS::Serverless::Function"]
    for logical_id in functions:
        resources[f"{logical_id}LogGroup"] = {
            "Type": "AWS::Logs::LogGroup",
            # Kept on delete like the records they explain; the next stack's functions have new names anyway.
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "LogGroupName": {"Fn::Sub": f"/aws/lambda/${{{logical_id}}}"},
                "RetentionInDays": {"Ref": PARAMETER},
            },
        }

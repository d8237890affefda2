"""The stack's CloudWatch dashboard: functions, the REST API and the queues, one row each.

The body is JSON text under Fn::Sub, so the functions' and queues' generated names and the region resolve in each
stage's stack.
"""

from __future__ import annotations

import json
from typing import Any

Json = dict[str, Any]
WIDTH, HEIGHT = 8, 6  # three widgets per row of CloudWatch's 24 columns


def _queues(resources: Json) -> tuple[list[str], list[str]]:
    """(source queues, dead-letter queues): a queue is a DLQ when another's RedrivePolicy targets it."""
    queues = [i for i, r in resources.items() if r.get("Type") == "AWS::SQS::Queue"]
    dlqs = [
        resources[q]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
        for q in queues
        if "RedrivePolicy" in resources[q].get("Properties", {})
    ]
    return [q for q in queues if q not in dlqs], dlqs


def _widget(title: str, metrics: list[list[Any]], row: int, column: int, stat: str = "Sum") -> Json:
    return {
        "type": "metric",
        "x": column * WIDTH,
        "y": row * HEIGHT,
        "width": WIDTH,
        "height": HEIGHT,
        "properties": {
            "title": title,
            "region": "${AWS::Region}",
            "stat": stat,
            "period": 300,
            "view": "timeSeries",
            "metrics": metrics,
        },
    }


def _function_metric(name: str, function: str) -> list[Any]:
    return ["AWS/Lambda", name, "FunctionName", f"${{{function}}}", {"label": function}]


def body(resources: Json) -> str:
    """The dashboard's JSON body, with ${...} references for Fn::Sub."""
    functions = [i for i, r in resources.items() if r.get("Type") == "AWS::Serverless::Function"]
    sources, dlqs = _queues(resources)
    # The API is named after the stack (infra/alarms.py), its stage as Chalice's api_gateway_stage says.
    api_dimensions = ["ApiName", "${AWS::StackName}", "Stage", resources["RestAPI"]["Properties"]["StageName"]]

    def api_metric(name: str, stat: str) -> list[Any]:
        return ["AWS/ApiGateway", name, *api_dimensions, {"stat": stat, "label": f"{name} {stat}"}]

    def queue_metric(name: str, queue: str) -> list[Any]:
        return ["AWS/SQS", name, "QueueName", f"${{{queue}.QueueName}}", {"label": queue}]

    widgets = [
        _widget("Function errors", [_function_metric("Errors", f) for f in functions], 0, 0),
        _widget("Function duration p99 (ms)", [_function_metric("Duration", f) for f in functions], 0, 1, "p99"),
        _widget("Function throttles", [_function_metric("Throttles", f) for f in functions], 0, 2),
        _widget("API requests", [api_metric("Count", "Sum")], 1, 0),
        _widget("API 4XX and 5XX", [api_metric("4XXError", "Sum"), api_metric("5XXError", "Sum")], 1, 1),
        _widget("API latency (ms)", [api_metric("Latency", "p99"), api_metric("Latency", "Average")], 1, 2, "p99"),
        _widget(
            "Age of oldest message (s)",
            [queue_metric("ApproximateAgeOfOldestMessage", q) for q in sources],
            2,
            0,
            "Maximum",
        ),
        _widget("DLQ depth", [queue_metric("ApproximateNumberOfMessagesVisible", q) for q in dlqs], 2, 1, "Maximum"),
    ]
    return json.dumps({"widgets": widgets}, separators=(",", ":"))


def resource(template: Json) -> Json:
    """The AWS::CloudWatch::Dashboard resource, named after the stack."""
    return {
        "Type": "AWS::CloudWatch::Dashboard",
        "Properties": {
            "DashboardName": {"Ref": "AWS::StackName"},
            "DashboardBody": {"Fn::Sub": body(template["Resources"])},
        },
    }

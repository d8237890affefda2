"""Alarms to AlarmTopic for every function, the REST API and refunds due; one dashboard of the stack.

Names start with the stack's name (`shop-prod-...`), which `make deploy` makes per stage. The functions' and
queues' metrics are found by the names CloudFormation generates for them; the API's by the name this module gives
it (the stack's), since every stage's swagger is titled `shop` and API Gateway's metrics are keyed by that name.
"""

from __future__ import annotations

from typing import Any

from infra import dashboard

Json = dict[str, Any]
TOPIC = [{"Ref": "AlarmTopic"}]
LATENCY_PARAMETER = "ApiLatencyAlarmMs"
# The namespace and dimensions chalicelib/core/observability.py gives its metrics (Powertools' service dimension).
APP_NAMESPACE = "Shop"
SERVICE = "shop"
# Any error, throttle, 5XX or refund due in five minutes alarms: none of them is expected in normal operation.
PERIOD = 300


def _alarm(name: str, description: str, metric: Json, statistic: Json, threshold: float) -> Json:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmName": {"Fn::Sub": f"${{AWS::StackName}}-{name}"},
            "AlarmDescription": description,
            **metric,
            **statistic,
            "Period": PERIOD,
            "EvaluationPeriods": 1,
            "Threshold": threshold,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": TOPIC,
        },
    }


def _function_alarms(function: str) -> dict[str, Json]:
    metric = {"Namespace": "AWS/Lambda", "Dimensions": [{"Name": "FunctionName", "Value": {"Ref": function}}]}
    return {
        f"{function}{kind}Alarm": _alarm(
            f"{function}-{kind}",
            f"{function}: {what} in five minutes.",
            {**metric, "MetricName": kind},
            {"Statistic": "Sum"},
            1,
        )
        for kind, what in (("Errors", "an invocation failed"), ("Throttles", "an invocation was throttled"))
    }


def _api_alarms(stage_name: str) -> dict[str, Json]:
    dimensions = [{"Name": "ApiName", "Value": {"Ref": "AWS::StackName"}}, {"Name": "Stage", "Value": stage_name}]
    metric = {"Namespace": "AWS/ApiGateway", "Dimensions": dimensions}
    return {
        "Api5XXErrorAlarm": _alarm(
            "api-5XXError",
            "The API answered 5XX in five minutes (a function failed or timed out, or API Gateway did).",
            {**metric, "MetricName": "5XXError"},
            {"Statistic": "Sum"},
            1,
        ),
        "ApiLatencyAlarm": _alarm(
            "api-latency-p99",
            f"The API's p99 latency over five minutes reached {LATENCY_PARAMETER} milliseconds.",
            {**metric, "MetricName": "Latency"},
            {"ExtendedStatistic": "p99"},
            0,  # replaced by the parameter below
        ),
    }


def refund_alarm(stage: str) -> Json:
    """The PaymentRefundDue alarm: the metric as the stage's functions publish it (chalicelib/payments/service.py)."""
    dimensions = [{"Name": "service", "Value": SERVICE}, {"Name": "stage", "Value": stage}]
    metric = {"Namespace": APP_NAMESPACE, "MetricName": "PaymentRefundDue", "Dimensions": dimensions}
    return _alarm(
        "PaymentRefundDue",
        "A payment was taken for an order no longer unpaid: refund it (python -m infra.admin refunds lists them).",
        metric,
        {"Statistic": "Sum"},
        1,
    )


def functions_of(template: Json) -> list[str]:
    """Logical ids of the template's functions, in template order."""
    return [i for i, r in template["Resources"].items() if r.get("Type") == "AWS::Serverless::Function"]


def wire(template: Json, stage: str) -> None:
    """Add the alarms, the latency parameter, the API's per-stack name and the dashboard to the template."""
    template.setdefault("Parameters", {})[LATENCY_PARAMETER] = {
        "Type": "Number",
        "Default": 3000,
        "MinValue": 100,
        "MaxValue": 29000,  # API Gateway's integration timeout
        "Description": "The API's p99 latency (ms, over five minutes) that raises ApiLatencyAlarm.",
    }
    resources = template["Resources"]
    # Per stack, so two stages' APIs (both titled `shop` by Chalice) have metrics of their own.
    resources["RestAPI"]["Properties"]["Name"] = {"Ref": "AWS::StackName"}
    for function in functions_of(template):
        resources.update(_function_alarms(function))
    resources.update(_api_alarms(resources["RestAPI"]["Properties"]["StageName"]))
    resources["ApiLatencyAlarm"]["Properties"]["Threshold"] = {"Ref": LATENCY_PARAMETER}
    resources["PaymentRefundDueAlarm"] = refund_alarm(stage)
    resources["Dashboard"] = dashboard.resource(template)

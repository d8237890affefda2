"""The packaged template alarms on every function, the API and refunds due, mails AlarmEmail, and has a dashboard."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.functional.packaging import packaged_template

Json = dict[str, Any]


def _of_type(template: Json, kind: str) -> Json:
    return {i: r for i, r in template["Resources"].items() if r["Type"] == kind}


def _metric_alarms(template: Json) -> dict[tuple[str, str], Json]:
    """(metric name, first dimension's value as JSON) -> the alarm's properties."""
    return {
        (a["Properties"]["MetricName"], json.dumps(a["Properties"]["Dimensions"][0]["Value"])): a["Properties"]
        for a in _of_type(template, "AWS::CloudWatch::Alarm").values()
    }


def test_every_function_has_an_errors_and_a_throttles_alarm_to_the_topic() -> None:
    """For each function: Errors and Throttles of its generated name, any in five minutes, to AlarmTopic."""
    template = packaged_template()
    functions = _of_type(template, "AWS::Serverless::Function")
    alarms = _metric_alarms(template)
    assert len(functions) >= 10
    for function in functions:
        for metric in ("Errors", "Throttles"):
            alarm = alarms[(metric, json.dumps({"Ref": function}))]
            assert alarm["Namespace"] == "AWS/Lambda" and alarm["Statistic"] == "Sum", function
            assert alarm["Threshold"] == 1 and alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
            assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
            assert alarm["AlarmName"] == {"Fn::Sub": f"${{AWS::StackName}}-{function}-{metric}"}


def test_the_api_alarms_on_5xx_and_p99_latency_of_its_own_stage() -> None:
    """5XXError and Latency p99 (threshold ApiLatencyAlarmMs) of the API the stack names after itself."""
    template = packaged_template()
    api = template["Resources"]["RestAPI"]["Properties"]
    assert api["Name"] == {"Ref": "AWS::StackName"}
    alarms = _metric_alarms(template)
    name = json.dumps({"Ref": "AWS::StackName"})
    errors, latency = alarms[("5XXError", name)], alarms[("Latency", name)]
    for alarm in (errors, latency):
        assert alarm["Namespace"] == "AWS/ApiGateway" and alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
        assert alarm["Dimensions"][1] == {"Name": "Stage", "Value": api["StageName"]}
    assert latency["ExtendedStatistic"] == "p99" and latency["Threshold"] == {"Ref": "ApiLatencyAlarmMs"}
    assert template["Parameters"]["ApiLatencyAlarmMs"]["Default"] == 3000


def test_a_refund_due_alarms_on_the_stage_own_metric() -> None:
    """PaymentRefundDue in the app's namespace with the stage dimension the functions publish."""
    alarms = _metric_alarms(packaged_template())
    alarm = alarms[("PaymentRefundDue", json.dumps("shop"))]
    assert alarm["Namespace"] == "Shop" and alarm["Dimensions"][1] == {"Name": "stage", "Value": "dev"}
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]


def test_alarm_email_subscribes_only_when_given() -> None:
    """AWS::SNS::Subscription (email) on AlarmTopic under HasAlarmEmail, which AlarmEmail's default leaves false."""
    template = packaged_template()
    (subscription,) = _of_type(template, "AWS::SNS::Subscription").values()
    assert subscription["Condition"] == "HasAlarmEmail"
    assert subscription["Properties"] == {
        "Protocol": "email",
        "Endpoint": {"Ref": "AlarmEmail"},
        "TopicArn": {"Ref": "AlarmTopic"},
    }
    assert template["Parameters"]["AlarmEmail"]["Default"] == ""
    assert template["Conditions"]["HasAlarmEmail"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "AlarmEmail"}, ""]}]}


def _substituted(text: str, template: Json) -> str:
    """`text` with each ${X} or ${X.Attr} replaced as CloudFormation would, for resources and pseudo-parameters."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("AWS::"):
            return {"AWS::Region": "eu-west-2", "AWS::StackName": "shop-prod"}[name]
        resource = name.split(".")[0]
        assert resource in template["Resources"], f"${{{name}}} names no resource"
        return f"shop-prod-{resource}-ABC123"

    return re.sub(r"\$\{([^}]+)\}", value, text)


def test_the_dashboard_body_is_json_naming_every_function_api_and_queue() -> None:
    """After substitution the body parses; it charts every function, the API's stage and every queue."""
    template = packaged_template()
    (dashboard,) = _of_type(template, "AWS::CloudWatch::Dashboard").values()
    assert dashboard["Properties"]["DashboardName"] == {"Ref": "AWS::StackName"}
    body = json.loads(_substituted(dashboard["Properties"]["DashboardBody"]["Fn::Sub"], template))
    lines = [line for widget in body["widgets"] for line in widget["properties"]["metrics"]]
    named = {str(part) for line in lines for part in line if isinstance(part, str)}
    for function in _of_type(template, "AWS::Serverless::Function"):
        assert f"shop-prod-{function}-ABC123" in named, function
    for queue in _of_type(template, "AWS::SQS::Queue"):
        assert f"shop-prod-{queue}-ABC123" in named, queue
    assert {"AWS/ApiGateway", "shop-prod", "5XXError", "Latency", "Count", "4XXError"} <= named
    assert {w["properties"]["region"] for w in body["widgets"]} == {"eu-west-2"}

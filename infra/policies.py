"""A least-privilege IAM role per function, from what its handler module reaches (infra/usage.py)."""

from __future__ import annotations

from typing import Any

from infra.usage import Usage

Json = dict[str, Any]
TABLE_ACTIONS = [
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
]
SEND_ACTIONS = ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
CONSUME_ACTIONS = [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
]
LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def _sub(text: str) -> Json:
    return {"Fn::Sub": text}


_VPC: Json = {
    "Sid": "VpcNetworkInterfacesNoResourceLevelPermissions",
    "Effect": "Allow",
    "Action": [
        "ec2:CreateNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
    ],
    "Resource": "*",
}


def _base(in_vpc: bool) -> list[Json]:
    """What every function needs: its logs, traces, metrics in the Shop namespace, and (in the VPC) interfaces."""
    found: list[Json] = [_VPC] if in_vpc else []
    group = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}-*"
    return [
        *found,
        {
            "Sid": "Logs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": [_sub(group), _sub(f"{group}:log-stream:*")],
        },
        {
            "Sid": "XRayNoResourceLevelPermissions",
            "Effect": "Allow",
            "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            "Resource": "*",
        },
        {
            "Sid": "MetricsShopNamespaceOnly",
            "Effect": "Allow",
            "Action": "cloudwatch:PutMetricData",
            "Resource": "*",
            "Condition": {"StringEquals": {"cloudwatch:namespace": "Shop"}},
        },
    ]


def _arn(logical_id: str) -> Json:
    return {"Fn::GetAtt": [logical_id, "Arn"]}


def statements(usage: Usage, tables: dict[str, str], queues: dict[str, str], consumes: str | None) -> list[Json]:
    """The role's statements; `tables`/`queues` map logical names to template ids, `consumes` is its event queue."""
    found = _base(usage.redis)
    if usage.tables:
        ids = sorted(tables[name] for name in usage.tables)
        resources = [arn for i in ids for arn in (_arn(i), _sub(f"${{{i}.Arn}}/index/*"))]
        found.append({"Sid": "Tables", "Effect": "Allow", "Action": TABLE_ACTIONS, "Resource": resources})
    if usage.queues:
        arns = [_arn(queues[name]) for name in sorted(usage.queues)]
        found.append({"Sid": "SendToQueues", "Effect": "Allow", "Action": SEND_ACTIONS, "Resource": arns})
    if consumes:
        arn = _arn(queues[consumes])
        found.append({"Sid": "ConsumeQueue", "Effect": "Allow", "Action": CONSUME_ACTIONS, "Resource": arn})
    if usage.scheduler:
        schedules = "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/default/shop-*"
        found.append(
            {
                "Sid": "OneTimeSchedules",
                "Effect": "Allow",
                "Action": ["scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"],
                "Resource": _sub(schedules),
            }
        )
        found.append(
            {
                "Sid": "PassSchedulerRole",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": _arn("SchedulerRole"),
                "Condition": {"StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}},
            }
        )
    if usage.notify:
        found.extend(_notify())
    found.extend(_media(usage.media))
    return found


def _media(grants: frozenset[tuple[str, str]]) -> list[Json]:
    """One statement per action on the media bucket, on the keys its module names (no bucket-wide action)."""
    actions: dict[str, list[str]] = {}
    for action, keys in sorted(grants):
        actions.setdefault(action, []).append(keys)
    return [
        {
            "Sid": "Media" + action.split(":", 1)[1],
            "Effect": "Allow",
            "Action": action,
            "Resource": [_sub(f"${{MediaBucket.Arn}}/{keys}") for keys in patterns],
        }
        for action, patterns in actions.items()
    ]


def _notify() -> list[Json]:
    identities = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:"
    return [
        # An SMS to a phone number has no ARN: allow Publish on anything that is not a topic.
        {"Sid": "SmsToPhoneNumbers", "Effect": "Allow", "Action": "sns:Publish", "NotResource": "arn:aws:sns:*:*:*"},
        {
            "Sid": "SesSendEmail",
            "Effect": "Allow",
            "Action": "ses:SendEmail",
            "Resource": [_sub(identities + "identity/*"), _sub(identities + "configuration-set/*")],
        },
    ]


def secret_statement(secret_arn: Json) -> Json:
    """Reading the JWT secret (the API functions, on their first request)."""
    action = "secretsmanager:GetSecretValue"
    return {"Sid": "JwtSecret", "Effect": "Allow", "Action": action, "Resource": secret_arn}


def role(function_id: str, found: list[Json]) -> Json:
    """An AWS::IAM::Role for one function with one inline policy."""
    document = {"Version": "2012-10-17", "Statement": found}
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": f"{function_id}: only what its handler module reaches",
            "AssumeRolePolicyDocument": LAMBDA_TRUST,
            "Policies": [{"PolicyName": f"{function_id}Policy", "PolicyDocument": document}],
        },
    }

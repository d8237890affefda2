"""Every packaged function has its log group, kept LogRetentionDays days (30 unless the stack says otherwise)."""

from __future__ import annotations

from tests.functional.packaging import packaged_template


def test_every_function_has_a_log_group_with_the_stack_retention() -> None:
    """`/aws/lambda/<function>` per function, retention from the LogRetentionDays parameter, default 30."""
    template = packaged_template()
    resources = template["Resources"]
    assert template["Parameters"]["LogRetentionDays"]["Default"] == 30
    functions = [i for i, r in resources.items() if r["Type"] == "AWS::Serverless::Function"]
    groups = {i: r for i, r in resources.items() if r["Type"] == "AWS::Logs::LogGroup"}
    assert len(functions) >= 10
    for function in functions:
        group = groups[f"{function}LogGroup"]["Properties"]
        assert group["LogGroupName"] == {"Fn::Sub": f"/aws/lambda/${{{function}}}"}
        assert group["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    assert len(groups) == len(functions)

"""Schemathesis against the running stack: every documented operation, seeded, no 5xx, answers as documented.

Named to run after test_foundation.py: the fuzz spends demo1's rate limits and fills its cart and addresses.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.e2e.conftest import DEMO_PASSWORD, LocalStack

pytestmark = pytest.mark.e2e
MAX_EXAMPLES = 15
# A bound against a hang, not a speed target (speed is make bench's): 116 operations on a loaded machine took 185 s.
BUDGET_SECONDS = 600
CHECKS = [not_a_server_error, response_schema_conformance]


def _token(stack: LocalStack, username: str) -> str:
    status, body = stack.request("POST", "/authorizations/", {"username": username, "password": DEMO_PASSWORD})
    assert status == 200, body
    return str(body["token"])


def _headers(operation: Any, tokens: dict[str, str]) -> dict[str, str]:
    # Operations requiring the "staff" role get the staff demo user, so the fuzz reaches past the 403.
    requirements = operation.definition.raw.get("security") or []
    roles = {role for requirement in requirements for role in requirement.get("bearer", [])}
    if not requirements:
        return {}
    return {"Authorization": f"JWT {tokens['staff' if 'staff' in roles else 'user']}"}


def _fuzz(operation: Any, base_url: str, headers: dict[str, str], mode: GenerationMode) -> str | None:
    """The first failing example's report, or None; no shrinking, so an operation costs at most MAX_EXAMPLES calls."""

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=30)

    try:
        run()
    except Unsatisfiable:  # nothing to negate: an operation without inputs has no negative examples
        return None
    except (Exception, BaseExceptionGroup) as exc:  # failed checks arrive as a FailureGroup
        return str(exc)[:2000]
    return None


def test_no_documented_operation_answers_5xx_or_off_its_schema(stack: LocalStack):
    # Given the document the stack serves, and tokens of demo1 and of the staff demo user
    schema = schemathesis.openapi.from_url(stack.base_url + "/openapi.json")
    tokens = {"user": _token(stack, "demo1"), "staff": _token(stack, "admin")}
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    started = time.monotonic()

    # When every operation gets its bounded, seeded examples, valid ones and ones that break the schema
    failures = {
        f"{operation.label} ({mode.value})": _fuzz(operation, stack.base_url, _headers(operation, tokens), mode)
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    }

    # Then none answered 5xx or off its documented schema, within the time budget
    elapsed = time.monotonic() - started
    print(f"\nschemathesis: {len(operations)} operations, {MAX_EXAMPLES} examples per mode, {elapsed:.1f} s")
    assert len(operations) >= 55
    assert {label: report for label, report in failures.items() if report} == {}
    assert elapsed < BUDGET_SECONDS


def test_schemathesis_coverage_phase_every_method_never_5xx_and_405_for_undeclared_ones(stack: LocalStack):
    # Given schemathesis's coverage phase: boundary values for each documented operation, and on each path every
    # HTTP method the document does not declare for it (QUERY and TRACE among them), as its CLI runs it
    command = [sys.executable, "-c", "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())"]
    command += ["run", stack.base_url + "/openapi.json", "--url", stack.base_url, "--phases", "coverage"]
    command += ["--checks", "not_a_server_error,unsupported_method", "--max-examples", "5", "--seed", "1"]
    # When it runs against the stack (anonymous: an undeclared method is refused before any login is asked)
    result = subprocess.run(command, capture_output=True, text=True, timeout=BUDGET_SECONDS)
    # Then no answer is a 5xx, and every undeclared method is a 405 with Allow
    assert result.returncode == 0, result.stdout[-4000:]
    assert "Coverage" in result.stdout and "passed" in result.stdout

"""What a function's init imports beyond its own code: nothing it never calls (docs/deploy.md#snapstart).

Each function module is imported in a fresh interpreter as Lambda imports it deployed (SnapStart's init for the
API functions), and the libraries it loaded are compared with what its code uses.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infra.usage import facts_of, reached
from tests.functional.packaging import fresh

FUNCTIONS = sorted(p.stem for p in (Path(__file__).parents[2] / "chalicelib" / "functions").glob("*.py"))
FUNCTIONS = [f for f in FUNCTIONS if f not in ("__init__", "factory", "observed", "registry", "triggers")]
WATCHED = (
    "aws_lambda_powertools.utilities.batch",
    "aws_lambda_powertools.utilities.parser",
    "aws_lambda_powertools.utilities.idempotency",
    "aws_lambda_powertools.utilities.parameters",
    "boto3",
    "pydantic_settings",
    "dotenv",
)
PROBE = """
import gc, importlib, json, sys
module = importlib.import_module("chalicelib.functions." + sys.argv[1])
trigger = type(getattr(module, "TRIGGER", None)).__name__
heap = {"collecting": gc.isenabled(), "frozen": gc.get_freeze_count()}
print(json.dumps({"trigger": trigger, "loaded": [name for name in sys.argv[2:] if name in sys.modules], **heap}))
"""


@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_function_imports_only_the_libraries_it_calls(function: str) -> None:
    env = {
        **os.environ,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start",
        "AWS_LAMBDA_FUNCTION_NAME": function,  # deployed: consumers and schedules build their clients at init
        "SEARCH_URL": "https://search.example.com",
        "SEARCH_AUTH": "sigv4",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    found = fresh("-c", PROBE, function, *WATCHED, env=env)
    loaded = set(found["loaded"])
    # Only queue and stream consumers run batches; they import Powertools' batch utility before pydantic, so it
    # skips its parser's event models (core/batch.py).
    assert ("aws_lambda_powertools.utilities.batch" in loaded) == (found["trigger"] in ("Queue", "Stream")), found
    assert "aws_lambda_powertools.utilities.parser" not in loaded, found
    # boto3 only where Powertools' idempotency store needs it; every other client is botocore's own, and the
    # secret is read without Powertools Parameters (which would import boto3).
    assert ("boto3" in loaded) == ("aws_lambda_powertools.utilities.idempotency" in loaded), found
    # The idempotency store is built at init by exactly the functions whose records run through `once` (its module
    # reached, lazily or not): any other would pay for Powertools' idempotency and boto3 for nothing.
    module = f"chalicelib.functions.{function}"
    code = reached(module) - {module}  # what the records run, not the init's own builders
    calls_once = any("chalicelib.core.idempotency" in facts_of(name).imports for name in code)
    assert ("aws_lambda_powertools.utilities.idempotency" in loaded) == calls_once, found
    assert not loaded & {"aws_lambda_powertools.utilities.parameters", "pydantic_settings", "dotenv"}, found
    # The init loaded with the collector off and ended by freezing what it made and turning it on (core/heap.py):
    # a function module whose init never reached factory.build or priming.at_init would leave it off for good.
    assert found["collecting"] and found["frozen"] > 10_000, found

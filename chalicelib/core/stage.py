"""Whether this process serves a deployed stage (a Lambda function) rather than `chalice local` or the tests."""

from __future__ import annotations

import os


def deployed() -> bool:
    """True inside AWS Lambda, whose runtime sets AWS_LAMBDA_FUNCTION_NAME (chalice local and the tests do not)."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))

"""What the Lambda runtime says about this process: a deployed function or not, and whether a snapshot is being taken.

These are the runtime's own variables, not settings: nobody configures them, so they are read here directly rather
than through `chalicelib.core.settings`.
"""

from __future__ import annotations

import os


def deployed() -> bool:
    """True inside AWS Lambda, whose runtime sets AWS_LAMBDA_FUNCTION_NAME (chalice local and the tests do not)."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))


def taking_snapshot() -> bool:
    """True while SnapStart initialises a version to snapshot it (AWS_LAMBDA_INITIALIZATION_TYPE is `snap-start`)."""
    return os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE") == "snap-start"

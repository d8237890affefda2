"""Which table's stream feeds which index, and the stream ARN the app declares for it.

Chalice's `on_dynamodb_record` wants an ARN when app.py is imported, but a stream's ARN carries the time its table
was created: the app names the table in a placeholder ARN, `make package` (infra/functions.py) points the event
source mapping at the table's `StreamArn`, and the local pump looks the stream up by the table's name.
"""

from __future__ import annotations

import re

from chalicelib.core.settings import get_settings
from chalicelib.search.mapping import IndexName

# The logical table whose stream feeds each index.
SOURCES: dict[IndexName, str] = {"skus": "skus", "articles": "feed-articles"}
_PLACEHOLDER = re.compile(r"^arn:aws:dynamodb:[^:]*:[^:]*:table/(?P<table>[^/]+)/stream/latest$")


def stream_arn(index: IndexName) -> str:
    """The placeholder ARN app.py declares for the stream feeding `index` (never a real stream's)."""
    settings = get_settings()
    return f"arn:aws:dynamodb:{settings.aws_region}:000000000000:table/{settings.table(SOURCES[index])}/stream/latest"


def table_of(arn: str) -> str | None:
    """The table a placeholder stream ARN names, or None for any other ARN."""
    found = _PLACEHOLDER.match(arn)
    return found["table"] if found else None

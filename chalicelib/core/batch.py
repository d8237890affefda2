"""SQS batches through Powertools' BatchProcessor: one pydantic message per record, failures reported one by one.

Import order matters for a consumer's cold start: Powertools' batch types import its parser's event models (SQS,
Kinesis, Kafka, ... ~40 pydantic models, ~45 ms of init) whenever pydantic is already in sys.modules, for the
`model=` argument we never pass (each record's body is parsed as our own message). So every queue and stream
function module imports `aws_lambda_powertools.utilities.batch` before anything imports pydantic
(tests/functional/test_cold_imports.py checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, TypeAdapter

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

M = TypeVar("M")
OnFailure = Callable[["SQSRecord"], None]


def consume(
    event: dict[str, Any],
    context: Any,
    message: type[BaseModel] | TypeAdapter[Any],
    handle: Callable[[Any], object],
    on_failure: OnFailure | None = None,
) -> dict[str, Any]:
    """Parse each record's body as `message` and hand it to `handle`; a record that raises is reported alone.

    `on_failure` runs for a failed record before it is reported (a consumer sets its retry delay there).
    """
    # Imported on first batch: the API functions never pay for the batch utility at cold start.
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    parse = message.validate_json if isinstance(message, TypeAdapter) else message.model_validate_json

    def record_handler(record: SQSRecord) -> None:
        try:
            handle(parse(record.body))
        except Exception:
            if on_failure is not None:
                on_failure(record)
            raise

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )

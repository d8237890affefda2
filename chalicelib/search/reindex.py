"""Rebuild an index from its table: every item as a stream record would make it, written in bulk with its version.

For a new stage, a lost index, or a changed mapping (`recreate`: the index is dropped and made again, so search
finds less until the scan is done). Versions make it safe beside the running indexer: an item the scan read before
its latest change loses against that change's write (documents.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from chalicelib.core.settings import get_settings
from chalicelib.search.documents import Change, change_for
from chalicelib.search.engine import Engine, client, forget_ensured, get_engine
from chalicelib.search.indexer import write
from chalicelib.search.mapping import IndexName
from chalicelib.search.settings import get_search_settings
from chalicelib.search.streams import SOURCES

CHUNK = 500  # documents per bulk request: well under the engine's request size limits for these small documents
Progress = Callable[["Rebuilt"], None]


@dataclass
class Rebuilt:
    """How far a rebuild got: items read from the table, documents written, items left out, writes refused."""

    index: IndexName
    scanned: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0


def table_items(index: IndexName, page_size: int = CHUNK) -> Iterator[dict[str, Any]]:
    """Every item of the table feeding `index`, deserialised as a stream image is (a paginated Scan)."""
    from aws_lambda_powertools.shared.dynamodb_deserializer import TypeDeserializer

    from chalicelib.core.clients import aws_client

    plain = TypeDeserializer()
    table = get_settings().table(SOURCES[index])
    for page in (
        aws_client("dynamodb").get_paginator("scan").paginate(TableName=table, PaginationConfig={"PageSize": page_size})
    ):
        for item in page.get("Items", []):
            yield {name: plain.deserialize(value) for name, value in item.items()}


def drop(index: IndexName) -> None:
    """Delete the index (a changed mapping); the next write or rebuild makes it again."""
    client().indices.delete(index=get_search_settings().index(index), ignore=[404])
    forget_ensured()


def _flush(changes: list[Change], engine: Engine, done: Rebuilt, progress: Progress | None) -> None:
    outcomes = write(changes, engine)
    done.written += sum(outcomes)
    done.failed += len(outcomes) - sum(outcomes)
    changes.clear()
    if progress is not None:
        progress(done)


def rebuild(
    index: IndexName,
    *,
    recreate: bool = False,
    items: Callable[[IndexName], Iterator[dict[str, Any]]] = table_items,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> Rebuilt:
    """Write every searchable item of the table into the index, CHUNK per bulk request; what was done."""
    engine = engine or get_engine()
    if recreate:
        drop(index)
    engine.ensure_index(index)
    done, pending = Rebuilt(index), []
    for item in items(index):
        done.scanned += 1
        change = change_for(index, None, item)
        if change is None:
            done.skipped += 1  # off sale, private or timed: nothing to find
            continue
        pending.append(change)
        if len(pending) >= CHUNK:
            _flush(pending, engine, done, progress)
    if pending:
        _flush(pending, engine, done, progress)
    elif progress is not None:
        progress(done)
    return done

"""The search function: GET /search/ and GET /search/articles/, the engine and the articles table only."""

from __future__ import annotations

from chalicelib.core.stage import taking_snapshot
from chalicelib.functions.factory import build
from chalicelib.search.routes import bp as search

app = build(search, anonymous=True)  # public hits: no login checked or signed
if taking_snapshot():
    # Only while SnapStart takes the snapshot: opensearch-py's import is then paid once per version, not on a cold
    # start's first search. No client is built: its signer must take the credentials of the restored copy.
    import opensearchpy  # noqa: F401

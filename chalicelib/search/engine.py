"""The engine behind search: an OpenSearch-API client (opensearch-py), built once per process, and its errors.

Requests are SigV4-signed with the function's credentials when SEARCH_AUTH=sigv4 (Amazon OpenSearch Serverless or
a managed domain), unsigned otherwise (the local osmem-server). Every failure to reach the engine, or a 5xx from it,
becomes `EngineUnavailable` (503 "5030"); a 4xx is a bug in a request we built, and stays an error.
"""

from __future__ import annotations

import threading
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from chalicelib.core.errors import ServiceUnavailable
from chalicelib.search.mapping import IndexName, index_body
from chalicelib.search.settings import get_search_settings

if TYPE_CHECKING:
    from opensearchpy import OpenSearch


# A bulk request may carry 500 documents (a rebuild): it gets longer than a search, within the indexers' 30 s.
BULK_TIMEOUT_SECONDS = 20


class EngineUnavailable(ServiceUnavailable):
    default_message = "search is unavailable, retry later"


class Engine(Protocol):
    """What search and the indexer ask of the engine: one request per call."""

    def search(self, index: IndexName, body: dict[str, Any]) -> dict[str, Any]: ...
    def bulk(self, lines: list[dict[str, Any]]) -> dict[str, Any]: ...
    def ensure_index(self, index: IndexName) -> bool: ...


def _auth() -> Any:
    from opensearchpy import Urllib3AWSV4SignerAuth

    from chalicelib.core.aws_session import botocore_session

    settings = get_search_settings()
    # The process's one botocore session; its credentials object refreshes itself as the role's keys rotate, so
    # the signer holds that object, never keys.
    credentials = botocore_session().get_credentials()
    return Urllib3AWSV4SignerAuth(credentials, settings.region, settings.search_sigv4_service)


@lru_cache(maxsize=1)
def client() -> OpenSearch:
    """The opensearch-py client on SEARCH_URL; 503 when none is configured."""
    settings = get_search_settings()
    if not settings.search_url:
        raise EngineUnavailable("search is not configured (SEARCH_URL)")
    with warnings.catch_warnings():
        # requests (which opensearch-py's package imports for its other signer) warns that it found no charset
        # detector: the Lambda package leaves those out, and this client never decodes through requests.
        warnings.simplefilter("ignore")
        # On first use: opensearch-py costs ~250 ms of import that the functions without search never pay.
        from opensearchpy import OpenSearch, Urllib3HttpConnection

    return OpenSearch(
        hosts=[settings.search_url],
        http_auth=_auth() if settings.search_auth == "sigv4" else None,
        connection_class=Urllib3HttpConnection,
        timeout=settings.search_timeout_seconds,
        max_retries=0,  # one engine request per search: a failure answers 503 at once, the caller may retry
        retry_on_timeout=False,
        # Uncompressed: not every engine behind the OpenSearch API is known to take gzip request bodies.
        http_compress=False,
        pool_maxsize=10,
    )


def _unavailable(exc: Exception) -> bool:
    from opensearchpy.exceptions import ConnectionError, TransportError

    if isinstance(exc, ConnectionError):  # refused, reset, timed out, TLS
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(exc, TransportError) and (not isinstance(status, int) or status >= 500 or status == 429)


def _call(request: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return request(*args, **kwargs)
    except EngineUnavailable:
        raise
    except Exception as exc:
        if _unavailable(exc):
            raise EngineUnavailable() from exc
        raise


def _create(name: str, index: IndexName) -> bool:
    from opensearchpy.exceptions import RequestError

    try:
        _call(lambda: client().indices.create(index=name, body=index_body(index)))
    except RequestError as exc:
        # Another container (or indexer batch) created it between our check and this request: that one stands.
        if exc.error != "resource_already_exists_exception":
            raise
        return False
    return True


_ensured: set[str] = set()
_ensure_lock = threading.Lock()


class OpenSearchEngine:
    """The engine through opensearch-py; index names from the settings."""

    def search(self, index: IndexName, body: dict[str, Any]) -> dict[str, Any]:
        """One `_search` on the index; a missing index is an empty answer (nothing was indexed yet)."""
        name = get_search_settings().index(index)
        found: dict[str, Any] = _call(lambda: client().search(index=name, body=body, ignore_unavailable=True))
        return found

    def bulk(self, lines: list[dict[str, Any]]) -> dict[str, Any]:
        """One `_bulk` request of action and source lines; the engine's answer, item by item."""
        found: dict[str, Any] = _call(lambda: client().bulk(body=lines, request_timeout=BULK_TIMEOUT_SECONDS))
        return found

    def ensure_index(self, index: IndexName) -> bool:
        """Create the index with its mapping unless it exists (asked once per process); True if created here."""
        name = get_search_settings().index(index)
        with _ensure_lock:
            if name in _ensured:
                return False
            created = False
            if not _call(lambda: client().indices.exists(index=name)):
                created = _create(name, index)
            _ensured.add(name)
            return created


def forget_ensured() -> None:
    """Forget which indexes exist (after an index was dropped: tests, a reindex)."""
    with _ensure_lock:
        _ensured.clear()


def get_engine() -> Engine:
    """The engine the routes and the indexer use."""
    return OpenSearchEngine()

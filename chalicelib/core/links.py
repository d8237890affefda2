"""Absolute URLs: media keys on MEDIA_BASE_URL, site paths and DRF-style page links on the API's base URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from chalicelib.core.base_url import public_base
from chalicelib.core.errors import NotFound
from chalicelib.core.settings import get_settings

_ABSOLUTE = ("http://", "https://")


def absolute_url(path: str) -> str:
    """`path` prefixed with the base URL (core/base_url.py), unless already absolute (the seed adds BACKEND_URL)."""
    if not path or path.startswith(_ABSOLUTE):
        return path
    return f"{public_base()}/{path.lstrip('/')}"


def media_url(key: str) -> str:
    """The public URL of a media object: `key` in the media bucket, unless already absolute (as ImageField's url)."""
    if not key or key.startswith(_ABSOLUTE):
        return key
    # Percent-encoded as S3 names the object: a quote, space, "?" or "#" in a stored key can neither end an HTML
    # attribute a page writes the URL into nor turn the rest of the key into a query or fragment.
    return f"{get_settings().media_base()}/{quote(key.lstrip('/'), safe='/')}"


def drf_page(items: list[Any], page: int, size: int, path: str, params: dict[str, Any]) -> dict[str, Any]:
    """One page of `items` as DRF answers it: `{count, next, previous, results}`, links absolute or null.

    `params` are the other query values the links must keep (filters, ordering). A page past the last
    one is 404, as DRF's PageNumberPagination answers; page 1 of an empty list is an empty page.
    """
    count = len(items)
    last = max(1, -(-count // size))
    if page > last:
        raise NotFound("invalid page")

    def link(number: int) -> str:
        query = urlencode({**params, "page": number, "size": size})
        return f"{absolute_url(path)}?{query}"

    start = (page - 1) * size
    return {
        "count": count,
        "next": link(page + 1) if page < last else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": items[start : start + size],
    }

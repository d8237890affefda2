"""Search request bodies: one `_search` per page, relevance first, with the total and (articles) highlights."""

from __future__ import annotations

from typing import Any

from chalicelib.search.mapping import ID_FIELD, SEARCHED, IndexName

MAX_QUERY_CHARS = 100
# Of a longer query's bigrams and words, this share must match: "华为手机" finds 华为 P10 手机 without every
# document that merely says 手机, and a query of one or two terms must match all of them.
MINIMUM_SHOULD_MATCH = "2<75%"
FRAGMENT_CHARS = 80


def normalise(q: str) -> str:
    """The query as searched: surrounding blanks trimmed, inner runs of blanks made one space."""
    return " ".join(q.split())


RESULT_WINDOW = 10_000  # OpenSearch's default index.max_result_window


def search_body(index: IndexName, q: str, page: int, size: int, *, highlight: bool = False) -> dict[str, Any]:
    """One page of hits for `q` in `index`, best first (ties: newest id first), with the exact total."""
    # The engine refuses from + size past its result window (a 4xx, which was a 500 here): a page beyond it asks
    # for no hits and still gets the total, so it answers as a page past the end does.
    start = min((page - 1) * size, RESULT_WINDOW)
    size = max(0, min(size, RESULT_WINDOW - start))
    body: dict[str, Any] = {
        "query": {
            "multi_match": {
                "query": q,
                "fields": SEARCHED[index],
                "type": "most_fields",  # the cjk and standard analyses of one field add up, not compete
                "minimum_should_match": MINIMUM_SHOULD_MATCH,
            }
        },
        "from": start,
        "size": size,
        "sort": ["_score", {ID_FIELD[index]: "desc"}],
        "track_total_hits": True,
    }
    if highlight:
        body["highlight"] = highlight_spec()
    return body


def highlight_spec() -> dict[str, Any]:
    """Marks in title and body; `encoder: html` escapes the text around the marks, so a page may render them."""
    fragment = {"fragment_size": FRAGMENT_CHARS, "number_of_fragments": 1}
    return {
        "pre_tags": ["<em>"],
        "post_tags": ["</em>"],
        "encoder": "html",
        "fields": {"title": {"number_of_fragments": 0}, "title.std": {"number_of_fragments": 0}, "body": fragment},
    }


def total_of(response: dict[str, Any]) -> int:
    """The hit count of a search response (`track_total_hits` makes it exact)."""
    total = response.get("hits", {}).get("total", 0)
    return int(total["value"] if isinstance(total, dict) else total)


def hits_of(response: dict[str, Any]) -> list[dict[str, Any]]:
    """The hits of a search response."""
    return list(response.get("hits", {}).get("hits", []))

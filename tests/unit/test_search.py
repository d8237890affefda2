"""Search without an engine: query bodies, the mappings, the version rules and the result shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from chalicelib.feed.articles.models import PRIVATE, PUBLIC, Article
from chalicelib.search import documents, mapping, queries, service
from chalicelib.search.models import ArticleSearchQuery, SkuSearchQuery


def test_names_and_titles_are_cjk_text_with_a_standard_subfield_and_boosted() -> None:
    for index, fields in (("skus", ("name", "caption")), ("articles", ("title", "body"))):
        properties = mapping.index_body(index)["mappings"]["properties"]  # type: ignore[arg-type]
        for field in fields:
            assert properties[field]["analyzer"] == "cjk"
            assert properties[field]["fields"]["std"]["analyzer"] == "standard"
    assert mapping.SEARCHED["skus"][:2] == ["name^3", "name.std^3"]
    assert mapping.SEARCHED["articles"][:2] == ["title^3", "title.std^3"]


def test_the_mapping_is_strict_and_sets_no_shards() -> None:
    body = mapping.index_body("skus")
    assert body["mappings"]["dynamic"] == "strict" and "settings" not in body


def test_a_search_body_pages_sorts_and_counts_exactly() -> None:
    body = queries.search_body("skus", "华为 手机", page=3, size=6)
    assert (body["from"], body["size"], body["track_total_hits"]) == (12, 6, True)
    assert body["query"]["multi_match"]["query"] == "华为 手机"
    assert body["sort"] == ["_score", {"sku_id": "desc"}]
    assert "highlight" not in body


def test_article_searches_ask_for_escaped_highlights() -> None:
    body = queries.search_body("articles", "spring", page=1, size=10, highlight=True)
    assert body["highlight"]["encoder"] == "html"
    assert set(body["highlight"]["fields"]) >= {"title", "body"}


@pytest.mark.parametrize("q", ["", "   ", "长" * 101])
def test_empty_or_over_long_queries_are_refused(q: str) -> None:
    with pytest.raises(ValidationError):
        SkuSearchQuery.model_validate({"q": q})


def test_a_query_is_trimmed_and_its_blanks_squeezed() -> None:
    assert SkuSearchQuery.model_validate({"q": "  华为 \t 手机 "}).q == "华为 手机"


SKU = {"sku_id": Decimal(7), "name": "华为 P10", "caption": "手机", "price": Decimal("3388"), "version": Decimal(4)}


def test_a_new_sku_is_indexed_with_its_version() -> None:
    change = documents.change_for("skus", None, SKU)
    assert change is not None
    assert (change.op, change.doc_id, change.version) == ("index", "7", 4)
    assert change.source is not None and change.source["price"] == "3388.00"


def test_a_stock_or_sales_change_writes_nothing() -> None:
    assert documents.change_for("skus", SKU, {**SKU, "stock": Decimal(3), "version": Decimal(5)}) is None


def test_an_off_sale_sku_is_deleted_at_the_version_that_took_it_off() -> None:
    change = documents.change_for("skus", SKU, {**SKU, "is_launched": False, "version": Decimal(5)})
    assert change is not None and (change.op, change.version) == ("delete", 5)


def test_a_removed_item_is_deleted_above_its_last_version() -> None:
    change = documents.change_for("skus", SKU, None)
    assert change is not None and (change.op, change.version) == ("delete", 5)


def test_an_item_without_a_version_counts_as_version_zero() -> None:
    assert documents.version_of({"sku_id": 1}) == 0 and documents.version_of(None) == 0


ARTICLE = {"article_id": Decimal(9), "title": "春", "content": "花开", "status": PUBLIC, "author_id": Decimal(2)}


def test_only_public_articles_are_documents() -> None:
    assert documents.article_document({**ARTICLE, "status": PRIVATE}) is None
    assert documents.article_document({**ARTICLE, "status": "timed"}) is None
    assert documents.article_document(ARTICLE) == {
        "article_id": 9, "title": "春", "body": "花开", "author_id": 2, "pub_date": None,
    }  # fmt: skip


def test_going_private_deletes_the_article() -> None:
    change = documents.change_for("articles", ARTICLE, {**ARTICLE, "status": PRIVATE})
    assert change is not None and change.op == "delete"


def test_bulk_lines_pair_each_index_action_with_its_document_and_version_rule() -> None:
    index = documents.change_for("skus", None, SKU)
    delete = documents.change_for("skus", SKU, None)
    assert index is not None and delete is not None
    lines = documents.bulk_lines([index, delete])
    assert len(lines) == 3
    assert lines[0]["index"]["version_type"] == "external_gte" and lines[0]["index"]["version"] == 4
    assert lines[1] == index.source
    assert lines[2]["delete"]["_id"] == "7"


class FakeEngine:
    """Answers one canned search and counts requests."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer, self.requests = answer, 0

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        self.requests += 1
        return self.answer

    def bulk(self, lines: list[dict[str, Any]]) -> dict[str, Any]:
        raise AssertionError("search never writes")

    def ensure_index(self, index: str) -> bool:
        raise AssertionError("search never creates indexes")


def _hits(total: int, *sources: dict[str, Any]) -> dict[str, Any]:
    hits = [{"_id": str(s.get("sku_id", s.get("article_id"))), "_source": s} for s in sources]
    return {"hits": {"total": {"value": total, "relation": "eq"}, "hits": hits}}


def test_sku_results_carry_the_query_the_page_count_and_the_hit_count() -> None:
    engine = FakeEngine(_hits(7, {"sku_id": 1, "name": "n", "price": "9.90", "default_image_url": "k.png"}))
    [item] = service.search_skus(SkuSearchQuery.model_validate({"q": "n", "page_size": 3}), engine=engine)
    assert (item["searchkey"], item["page_size"], item["count"], item["price"]) == ("n", 3, 7, "9.90")
    assert engine.requests == 1


class FakeArticles:
    def __init__(self, *articles: Article) -> None:
        self.found = {a.article_id: a for a in articles}

    def many(self, ids: Any) -> dict[int, Article]:
        return {i: self.found[i] for i in ids if i in self.found}


def test_an_article_made_private_since_indexing_is_left_out() -> None:
    when = datetime(2026, 12, 1, tzinfo=UTC)
    live = Article(1, 2, "ann", "t", when, content="<b>x</b>", status=PUBLIC, pub_date=when)
    gone = Article(3, 2, "ann", "t", when, status=PRIVATE)
    engine = FakeEngine(_hits(2, {"article_id": 1}, {"article_id": 3}))
    page = service.search_articles(
        ArticleSearchQuery.model_validate({"q": "t"}),
        engine=engine,
        articles=FakeArticles(live, gone),  # type: ignore[arg-type]
    )
    assert [r["id"] for r in page["results"]] == [1]
    assert page["results"][0]["highlight"]["content"] == "&lt;b&gt;x&lt;/b&gt;"
    assert engine.requests == 1


def _record(sequence: str, new: dict[str, Any] | None, old: dict[str, Any] | None = None) -> dict[str, Any]:
    def wire(item: dict[str, Any]) -> dict[str, Any]:
        return {k: {"N": str(v)} if isinstance(v, int) else {"S": v} for k, v in item.items()}

    change: dict[str, Any] = {"SequenceNumber": sequence, "StreamViewType": "NEW_AND_OLD_IMAGES", "Keys": {}}
    if new is not None:
        change["NewImage"] = wire(new)
    if old is not None:
        change["OldImage"] = wire(old)
    name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    return {"eventID": sequence, "eventName": name, "eventSource": "aws:dynamodb", "dynamodb": change}


class BulkEngine:
    """Answers each bulk item with the next status of `statuses` and records the lines it got."""

    def __init__(self, *statuses: int) -> None:
        self.statuses, self.bulks, self.ensured = list(statuses), [], []  # type: ignore[var-annotated]

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("the indexer never searches")

    def bulk(self, lines: list[dict[str, Any]]) -> dict[str, Any]:
        self.bulks.append(lines)
        ops = [next(iter(line)) for line in lines if set(line) & {"index", "delete"}]
        return {"items": [{op: {"status": self.statuses.pop(0)}} for op in ops]}

    def ensure_index(self, index: str) -> bool:
        self.ensured.append(index)
        return False


def _sku(sku_id: int, version: int, name: str = "n") -> dict[str, Any]:
    return {"sku_id": sku_id, "name": name, "price": "1.00", "version": version}


def test_a_batch_is_one_bulk_request_and_only_refused_records_are_reported() -> None:
    from chalicelib.search import indexer

    engine = BulkEngine(201, 400, 409)  # written, refused (a bad document), stale (something newer is there)
    event = {"Records": [_record("1", _sku(1, 1)), _record("2", _sku(2, 1)), _record("3", _sku(3, 1))]}

    answer = indexer.handle_batch(event, None, "skus", engine=engine)

    assert len(engine.bulks) == 1 and engine.ensured == ["skus"]
    assert answer == {"batchItemFailures": [{"itemIdentifier": "2"}]}


def test_records_that_change_nothing_searchable_send_no_request() -> None:
    from chalicelib.search import indexer

    engine = BulkEngine()
    same = _sku(1, 1)
    event = {"Records": [_record("1", {**same, "stock": 4}, {**same, "stock": 5})]}

    assert indexer.handle_batch(event, None, "skus", engine=engine) == {"batchItemFailures": []}
    assert engine.bulks == []


def test_an_unreachable_engine_fails_the_whole_batch_for_lambda_to_retry() -> None:
    from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

    from chalicelib.search import indexer

    class Down(BulkEngine):
        def bulk(self, lines: list[dict[str, Any]]) -> dict[str, Any]:
            raise OSError("connection refused")

    with pytest.raises(BatchProcessingError):
        indexer.handle_batch({"Records": [_record("1", _sku(1, 1))]}, None, "skus", engine=Down())


def test_the_bench_judges_requests_per_search_and_batch_and_freshness() -> None:
    from bench import search_report

    batch = {"price": {"records": 100, "engine_requests": 1}, "stock": {"records": 100, "engine_requests": 0}}
    searched = {"p50_ms": 1.0, "p99_ms": 2.0, "engine_requests_per_search": 1.0}
    found = {
        "size": 10_000,
        "rebuild": {"skus": {"indexed": 10_000, "seconds": 1.0, "engine_requests": 21}},
        "per_batch": batch,
        "skus": searched,
        "articles": {**searched, "engine_requests_per_search": 2.0},
        "freshness": {"publish → found": {"median_s": 0.2, "max_s": 2.5}},
    }

    met = [t["met"] for t in search_report.targets(found)]

    assert met == [False, True, False]
    assert "| GET /search/ at 10,000 SKUs | 1.0 | 2.0 | 1.0 |" in search_report.section(found)


def test_sigv4_signs_for_the_collection_with_the_session_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.core import aws_session
    from chalicelib.search import engine
    from chalicelib.search.settings import SearchSettings

    signed = SearchSettings(search_url="https://abc.us-east-1.aoss.amazonaws.com", search_auth="sigv4")
    monkeypatch.setattr(engine, "get_search_settings", lambda: signed)
    # A session of the test's own: the process's one would keep these keys after the test (botocore caches the
    # credentials it resolved), and a later presigned upload to moto would be signed with them.
    monkeypatch.setattr(aws_session, "botocore_session", aws_session._new_session)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")

    headers = engine._auth()("POST", "https://abc.us-east-1.aoss.amazonaws.com/shop-skus/_search", b"{}")

    assert "/aoss/aws4_request" in headers["Authorization"] and headers["Authorization"].startswith("AWS4-HMAC-SHA256")
    assert "x-amz-content-sha256" in headers["Authorization"]


def test_a_page_past_the_engines_result_window_asks_for_no_hits_but_the_total():
    from chalicelib.search.queries import RESULT_WINDOW, search_body

    body = search_body("skus", "å", 599, 19)
    assert body["from"] + body["size"] <= RESULT_WINDOW and body["size"] == 0 and body["track_total_hits"] is True
    assert search_body("skus", "å", 2, 6)["from"] == 6 and search_body("skus", "å", 2, 6)["size"] == 6

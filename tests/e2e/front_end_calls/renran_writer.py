"""renran's writer and reader pages beyond the notes' client code: collections (文集), writing, timed publishing,
the reader's timeline and the follow lists, as the contract gives them (issue 9: "renran collections").

The walk starts logged in (`token`, `user_id`) and knows `pub_date`, a time ahead as the renran client writes
it (`YYYY-MM-DD HH:MM:SS`, business time).
"""

from __future__ import annotations

from tests.e2e.front_end_calls import Call, Ref, Step
from tests.e2e.front_end_calls.renran import ARTICLE

SOURCE = "renran writer page (contract: collections)"

WRITER: list[Step] = [
    Call(SOURCE + ": the collections", "GET", "/article/collection/", auth="jwt", reads=("results",)),
    Call(
        SOURCE + ": a new collection",
        "POST",
        "/article/collection/",
        {"name": "Notes"},
        "jwt",
        status=201,
        reads=("collection.id", "collection.name"),
        keep={"collection_id": "collection.id"},
    ),
    Call(SOURCE + ": rename", "PUT", "/article/collection/{collection_id}/", {"name": "Travel notes"}, "jwt"),
    Call(
        SOURCE + ": a new article in it (the id from the page's state: a string)",
        "POST",
        "/article/",
        {"title": "Untitled", "content": "", "collection_id": Ref("collection_id", text=True)},
        "jwt",
        status=201,
        reads=("article.id", "article.collection.id", "article.collection.name"),
        keep={"draft_id": "article.id"},
    ),
    Call(
        SOURCE + ": save title and text",
        "PUT",
        "/article/{draft_id}/",
        {"title": "On the road", "content": "# Day one", "html_content": "<h1>Day one</h1>"},
        "jwt",
        reads=("detail", "article.title", "article.html_content"),
    ),
    Call(
        SOURCE + ": the collection's articles",
        "GET",
        "/article/collection/{collection_id}/articles/",
        auth="jwt",
        reads=("results[0].id", "results[0].title"),
    ),
    Call(
        SOURCE + ": publish (the toggle)",
        "PATCH",
        "/article/{draft_id}/",
        None,
        "jwt",
        reads=("detail", "article.status"),
    ),
    Call(
        "004 Article.vue get_article: the writer's own article, as readers see it",
        "GET",
        "/article/{draft_id}/retrieve/",
        reads=ARTICLE,
    ),
    Call(
        SOURCE + ": a second draft",
        "POST",
        "/article/",
        {"title": "Later", "content": "soon"},
        "jwt",
        status=201,
        keep={"later_id": "article.id"},
    ),
    Call(
        "004 timed publishing (pub_date as the renran client sends it)",
        "PATCH",
        "/article/{later_id}/interval/",
        {"pub_date": Ref("pub_date")},
        "jwt",
        reads=("detail", "article.pub_date", "article.status"),
    ),
]

READER: list[Step] = [
    Call(
        "004 unread pool (timeline sync)",
        "GET",
        "/timeline/sync/?size=5",
        auth="jwt",
        reads=("results", "last_sequence_id"),
    ),
    Call("004 the reader's timeline", "GET", "/timeline/?size=5", auth="jwt", reads=("results", "next_before")),
    Call(
        "004 the author's followers",
        "GET",
        "/users/{author_id}/followers/?size=5",
        reads=("count", "results[0].id", "results[0].username", "next_cursor"),
    ),
    Call("004 followees", "GET", "/users/{user_id}/followees/?size=5", reads=("count", "results", "next_cursor")),
    Call("004 recommendations (item-based CF)", "GET", "/recommendations/?size=5", auth="jwt", reads=("results",)),
    Call(
        "004 hot ranking",
        "GET",
        "/article/hot/?page=1&size=5",
        reads=("count", "next", "results[0].id", "results[0].user.avatar!"),
    ),
]

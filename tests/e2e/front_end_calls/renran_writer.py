"""renran's writer and reader pages beyond the notes' client code: collections (文集) and their articles read as the
bare lists the pages take from response.data, writing, images, specials (专题), moving, timed publishing, the
reader's timeline and the follow lists, as the contract gives them (issues 9 and 17).

The walk starts logged in (`token`, `user_id`) as a demo user who manages a demo special, and knows `pub_date`, a
time ahead as the renran client writes it (`YYYY-MM-DD HH:MM:SS`, business time).
"""

from __future__ import annotations

from devstack.demo_images import png
from tests.e2e.front_end_calls import Call, Ref, Step, Upload
from tests.e2e.front_end_calls.renran import ARTICLE

SOURCE = "renran writer page (contract)"
# What the writer page shows of each article of the list (and edits: content, html_content)
LISTED = ("id", "title", "content", "html_content", "is_public", "pub_date")

WRITER: list[Step] = [
    Call(
        SOURCE + ": the collections (collection_list = response.data)",
        "GET",
        "/article/collection/",
        auth="jwt",
        reads=("[0].id", "[0].name"),
        keep={"default_id": "[0].id"},
    ),
    Call(
        SOURCE + ": a new collection (pushed onto the list)",
        "POST",
        "/article/collection/",
        {"name": "Notes"},
        "jwt",
        status=201,
        reads=("id", "name"),
        keep={"collection_id": "id"},
    ),
    Call(SOURCE + ": rename", "PUT", "/article/collection/{collection_id}/", {"name": "Travel notes"}, "jwt"),
    Call(
        SOURCE + ": a new article at the top (insert; the page titles it with the date)",
        "POST",
        "/article/collection/{collection_id}/articles/",
        {"insert": True, "title": "2026-05-01"},
        "jwt",
        status=201,
        reads=LISTED,
        keep={"draft_id": "id"},
    ),
    Call(
        SOURCE + ": a new article at the bottom",
        "POST",
        "/article/collection/{collection_id}/articles/",
        {"insert": False, "title": "2026-05-02"},
        "jwt",
        status=201,
        reads=LISTED,
        keep={"later_id": "id"},
    ),
    Call(
        SOURCE + ": the collection's articles (article_list = response.data)",
        "GET",
        "/article/collection/{collection_id}/articles/",
        auth="jwt",
        reads=tuple(f"[0].{f}" for f in LISTED),
    ),
    Call(
        SOURCE + ": mavon-editor's image (FormData field image; the editor inserts response.data.image)",
        "POST",
        "/article/image/",
        Upload("image", "photo.png", "image/png", png(8, 8, (40, 90, 160))),
        "jwt",
        status=201,
        reads=("image!",),
    ),
    Call(
        SOURCE + ": save title and text",
        "PUT",
        "/article/{draft_id}/info/",
        {"title": "On the road", "content": "# Day one", "html_content": "<h1>Day one</h1>"},
        "jwt",
        reads=("detail",),
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
        SOURCE + ": the specials the writer manages (special_list = response.data)",
        "GET",
        "/article/special/?article_id={draft_id}",
        auth="jwt",
        reads=("[0].id", "[0].name", "[0].image!", "[0].post_status"),
        keep={"special_id": "[0].id"},
    ),
    Call(
        SOURCE + ": submit the article to the special (ids from the page's state: strings)",
        "POST",
        "/article/post/",
        {"article_id": Ref("draft_id", text=True), "special_id": Ref("special_id", text=True)},
        "jwt",
        reads=("detail",),
    ),
    Call(
        SOURCE + ": move the other article to the default collection",
        "PUT",
        "/article/{later_id}/",
        {"collection": Ref("default_id")},
        "jwt",
        reads=("detail", "article.collection.id"),
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

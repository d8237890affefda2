"""renran's Vue pages (`this.$axios`, `this.$settings.Host`): home feed, article page, follow, reads, rewards.

From the seed notes (004): Home.vue (the banners, the feed, 阅读更多 following `next`), the header's and footer's
navigation, Article.vue (the article, the follow button, the read log, the reward window and its polling). The
writer's pages (collections, save, publish, timed publishing, specials) are not in the notes' client code; their
calls follow the contract (issues 9 and 17). The walk starts with `reader` and `password` known (a demo user who
follows others).
"""

from __future__ import annotations

from tests.e2e.front_end_calls import Call, Ref, Step

ITEM = ("id", "title", "html_content", "user.id", "user.username", "user.nickname", "user.avatar!")
COUNTS = ("comment_count", "like_count", "reward_count")
ARTICLE = (*ITEM, "created_time", "read_count", "reward_count", "collection.name")
NAV = ("name", "link", "is_http", "icon", "son_list")

HOME: list[Step] = [
    Call(
        "004 Home.vue get_banner (the carousel: <a :href=item.link v-if=item.is_http><img :src=item.image>)",
        "GET",
        "/banner/",
        reads=tuple(f"[0].{f}" for f in ("id", "image!", "link", "is_http", "title")),
    ),
    Call(
        "004 Header.vue get_nav (this.nav_list = response.data; a sub-menu from each son_list)",
        "GET",
        "/nav/header/",
        reads=tuple(f"[0].{f}" for f in NAV),
    ),
    Call("004 Footer.vue get_nav (the footer's list)", "GET", "/nav/footer/", reads=("[0].name", "[0].link")),
    Call(
        "004 Home.vue get_article (anonymous: the hot list)",
        "GET",
        "/push/article/?size=3",
        reads=("next", *(f"results[0].{f}" for f in (*ITEM, *COUNTS))),
        keep={"next_page": "next"},
    ),
    Call("004 Home.vue 阅读更多: follows `next`", "GET", "{next_page}", reads=("results", "next")),
    Call(
        "renran Login.vue loginHandle (the contract's renran login)",
        "POST",
        "/users/login/",
        {"username": Ref("reader"), "password": Ref("password")},
        reads=("token", "id", "username", "nickname", "avatar"),
        keep={"token": "token", "user_id": "id"},
    ),
    Call(
        "004 Home.vue get_article (with the reader's token)",
        "GET",
        "/push/article/?size=3",
        auth="jwt",
        reads=("next", *(f"results[0].{f}" for f in (*ITEM, *COUNTS))),
        keep={"article_id": "results[0].id"},
    ),
]

ARTICLE_PAGE: list[Step] = [
    Call(
        "004 Article.vue get_article (no token)",
        "GET",
        "/article/{article_id}/retrieve/",
        reads=ARTICLE,
        keep={"author_id": "user.id"},
    ),
    Call(
        "004 Article.vue get_focus_status",
        "GET",
        "/article/focus/?author_id={author_id}",
        auth="jwt",
        reads=("status",),
        keep={"focus_status": "status"},
    ),
    Call(
        "004 Article.vue focus_author (the current status sent back)",
        "PUT",
        "/article/focus/",
        {"author_id": Ref("author_id"), "status": Ref("focus_status")},
        "jwt",
        reads=("status", "detail"),
        keep={"focus_status": "status"},
    ),
    Call(
        "004 Article.vue focus_author (clicked again: back as it was)",
        "PUT",
        "/article/focus/",
        {"author_id": Ref("author_id"), "status": Ref("focus_status")},
        "jwt",
        reads=("status", "detail"),
    ),
    Call("004 Article.vue add_read_log", "GET", "/article/log/{article_id}/read/", auth="jwt", reads=("detail",)),
    Call(
        "renran article page: the like button (behaviour log)",
        "GET",
        "/article/log/{article_id}/status/?type=is_like",
        auth="jwt",
        reads=("detail",),
    ),
    Call(
        "004 Article.vue payhandler (article_id from the route: a string)",
        "POST",
        "/payments/alipay/",
        {"money": 2, "message": "", "article_id": Ref("article_id", text=True)},
        "jwt",
        reads=("out_trade_no", "url"),
        keep={"out_trade_no": "out_trade_no"},
    ),
    Call(
        "004 Article.vue get_reward_status (polled without a token)",
        "GET",
        "/payments/alipay/result/?out_trade_no={out_trade_no}",
        reads=("status",),
    ),
]

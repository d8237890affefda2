"""meiduo mall's front_end_pc pages (Vue with axios, `this.host + '/...'`), as a shopper walks through them.

The seed notes (001) describe the server side only; the pages are the public front_end_pc the contract keeps
the paths of (`../shared/design/api.md`, "*(seed)*" lines). The walk starts with `username`, `mobile` and
`password` known (what the user types).
"""

from __future__ import annotations

from tests.e2e.front_end_calls import Call, Outbox, Ref, Step

ENVELOPE = "Every response body is an object with `code` (string) and `errmsg` (string); data fields sit beside them"
LINE = ("id", "name", "default_image_url", "price", "count", "selected", "amount")

BROWSE: list[Step] = [
    Call(
        "front_end_pc index.js / list.js: the category menu",
        "GET",
        "/categories/",
        reads=("categories.*.channels[0].name", "categories.*.channels[0].url", "categories.*.sub_cats[0].name"),
        keep={"category_id": "categories.*.sub_cats[0].sub_cats[0].id"},
    ),
    Call(
        "front_end_pc list.js get_skus",
        "GET",
        "/list/{category_id}/skus/?page=1&page_size=5&ordering=-create_time",
        reads=("count", *(f"list[0].{f}" for f in ("id", "name", "price", "default_image_url!", "comments"))),
        keep={"sku_id": "list[0].id"},
    ),
    Call("front_end_pc list.js breadcrumb", "GET", "/list/{category_id}/skus/?page=1", reads=("breadcrumb.cat1",)),
    Call(
        "front_end_pc list.js / detail.js get_hot_goods (the sidebar)",
        "GET",
        "/hot/{category_id}/",
        reads=tuple(f"hot_skus[0].{f}" for f in ("id", "name", "price", "default_image_url!")),
    ),
    Call(
        "front_end_pc detail.html: the SKU shown",
        "GET",
        "/skus/{sku_id}/",
        reads=tuple(f"sku.{f}" for f in ("id", "name", "caption", "price", "stock", "default_image_url!")),
    ),
    Call("front_end_pc detail.js detail_visit", "POST", "/detail/visit/{category_id}/", reads=("code", "errmsg")),
    # An anonymous cart: the cookie comes back with withCredentials, and the id in the body.
    Call(
        "front_end_pc detail.js add_cart (anonymous, withCredentials)",
        "POST",
        "/carts/",
        {"sku_id": Ref("sku_id", text=True), "count": 2, "selected": True},
        reads=("cart_id",),
    ),
    Call(
        "front_end_pc cart.js mounted (anonymous)",
        "GET",
        "/carts/",
        reads=tuple(f"cart_skus[0].{f}" for f in LINE),
        deviation=ENVELOPE + " (the DRF page reads the list as response.data; here it is cart_skus)",
    ),
]

REGISTER: list[Step] = [
    Call("front_end_pc register.js check_username", "GET", "/usernames/{username}/count/", reads=("count",)),
    Call("front_end_pc register.js check_phone", "GET", "/mobiles/{mobile}/count/", reads=("count",)),
    Call("front_end_pc register.js send_sms_code", "GET", "/sms_codes/{mobile}/", reads=("code", "errmsg")),
    Outbox(),
    Call(
        "front_end_pc register.js on_submit (allow is the checkbox's string; logged in by the session cookie)",
        "POST",
        "/register/",
        {
            "username": Ref("username"),
            "password": Ref("password"),
            "password2": Ref("password"),
            "mobile": Ref("mobile"),
            "sms_code": Ref("sms_code"),
            "allow": "true",
        },
        status=201,
        reads=("username", "id"),
    ),
    Call(
        "front_end_pc login.js on_submit (the mobile as username; remember me; merges the cookie cart)",
        "POST",
        "/login/",
        {"username": Ref("mobile"), "password": Ref("password"), "remembered": True},
        reads=("user_id", "username"),
    ),
    Call("front_end_pc login.js qq_login", "GET", "/qq/authorization/?next=/", reads=("login_url",)),
]

ACCOUNT: list[Step] = [
    Call(
        "front_end_pc user_center_info.js mounted",
        "GET",
        "/info/",
        reads=tuple(f"info_data.{f}" for f in ("id", "username", "mobile", "email", "email_active", "avatar")),
        deviation="`GET /info/` → `{info_data: {id, username, mobile, email, email_active}}`",
    ),
    Call("front_end_pc user_center_info.js save_email", "PUT", "/emails/", {"email": "shopper@example.com"}),
    Call(
        "front_end_pc detail.js mounted: the history (sku_id from the page's URL)",
        "POST",
        "/browse_histories/",
        {"sku_id": Ref("sku_id", text=True)},
    ),
    Call(
        "front_end_pc user_center_info.js browse_histories",
        "GET",
        "/browse_histories/",
        reads=tuple(f"skus[0].{f}" for f in ("id", "name", "price", "default_image_url!", "comments")),
    ),
    Call(
        "front_end_pc cart.js mounted (the merged cart)",
        "GET",
        "/carts/",
        reads=tuple(f"cart_skus[0].{f}" for f in LINE),
        deviation=ENVELOPE,
    ),
    Call(
        "front_end_pc cart.js on_input (count from the input box)",
        "PUT",
        "/carts/",
        {"sku_id": Ref("sku_id"), "count": "3", "selected": True},
        reads=("count", "selected", "cart_sku.count", "cart_sku.amount"),
    ),
    Call("front_end_pc cart.js on_selected_all", "PUT", "/carts/selection/", {"selected": True}),
    Call(
        "front_end_pc index.js / detail.js get_cart (the header's cart)",
        "GET",
        "/carts/simple/",
        reads=tuple(f"cart_skus[0].{f}" for f in ("id", "name", "count", "default_image_url!")),
    ),
    Call("front_end_pc cart.js on_delete (axios.delete with data)", "DELETE", "/carts/", {"sku_id": Ref("sku_id")}),
    Call(
        "front_end_pc detail.js add_cart (logged in)",
        "POST",
        "/carts/",
        {"sku_id": Ref("sku_id", text=True), "count": "1"},
    ),
]

AREAS: list[Step] = [
    Call(
        "front_end_pc user_center_site.js mounted: provinces",
        "GET",
        "/areas/",
        reads=("province_list[0].id", "province_list[0].name"),
        keep={"province_id": "province_list[0].id"},
    ),
    Call(
        "front_end_pc user_center_site.js watch province_id",
        "GET",
        "/areas/?area_id={province_id}",
        reads=("sub_data.id", "sub_data.name", "sub_data.subs[0].name"),
        keep={"city_id": "sub_data.subs[0].id"},
    ),
    Call(
        "DRF-style clients: the path form of the same",
        "GET",
        "/areas/{city_id}/",
        reads=("sub_data.subs[0].id", "sub_data.subs[0].name"),
        keep={"district_id": "sub_data.subs[0].id"},
    ),
]

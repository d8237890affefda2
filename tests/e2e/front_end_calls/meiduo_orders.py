"""meiduo mall's front_end_pc pages after login: addresses, settlement, the order, paying and the order list."""

from __future__ import annotations

from tests.e2e.front_end_calls import Call, Ref, Step

ADDRESS_FIELDS = ("id", "title", "receiver", "province", "province_id", "city", "city_id", "district", "place")
FORM = {
    "receiver": "Shopper",
    "province_id": Ref("province_id"),
    "city_id": Ref("city_id"),
    "district_id": Ref("district_id"),
    "place": "1 Test Road",
    "mobile": "13700000000",
    "tel": "",  # the form's optional fields, sent empty
    "email": "",
    "title": "Shopper",  # save_address sets the title to the receiver
}

ADDRESSES: list[Step] = [
    Call(
        "front_end_pc user_center_site.js save_address (empty tel and email)",
        "POST",
        "/addresses/create/",
        FORM,
        status=201,
        reads=tuple(f"address.{f}" for f in (*ADDRESS_FIELDS, "mobile", "tel", "email")),
        keep={"address_id": "address.id"},
    ),
    Call(
        "front_end_pc user_center_site.js mounted: the list",
        "GET",
        "/addresses/",
        reads=("default_address_id", "limit", *(f"addresses[0].{f}" for f in ADDRESS_FIELDS)),
        keep={"address": "addresses[0]"},
    ),
    Call(
        "front_end_pc user_center_site.js save_address (an address from the list, sent back as it came)",
        "PUT",
        "/addresses/{address_id}/",
        Ref("address"),  # the whole object, as show_edit copies it
        reads=("address.id", "address.receiver"),
        deviation="`POST /addresses/create/` ... → 201 `{address: {id, title, receiver, ...}}`; `PUT` (same body)",
    ),
    Call(
        "front_end_pc user_center_site.js save_title",
        "PUT",
        "/addresses/{address_id}/title/",
        {"title": "Home"},
    ),
    Call("front_end_pc user_center_site.js set_default", "PUT", "/addresses/{address_id}/default/", None),
    Call(
        "front_end_pc user_center_site.js save_address (a second one)",
        "POST",
        "/addresses/create/",
        {**FORM, "receiver": "Other", "title": "Other"},
        status=201,
        keep={"other_address_id": "address.id"},
    ),
    Call("front_end_pc user_center_site.js del_address", "DELETE", "/addresses/{other_address_id}/", None),
]

ORDERS: list[Step] = [
    Call(
        "front_end_pc place_order.js mounted: settlement",
        "GET",
        "/orders/settlement/",
        reads=(
            "context.default_address_id",
            "context.nowsite",
            "context.addresses[0].id",
            *(f"context.skus[0].{f}" for f in ("id", "name", "default_image_url!", "price", "count", "amount")),
            "context.freight",
            "context.total_count",
            "context.total_amount",
            "context.payment_amount",
        ),
        keep={"default_address_id": "context.default_address_id"},
        deviation="`GET /orders/settlement/` → `{context: {addresses, skus, total_count, ...}}`",
    ),
    Call(
        "front_end_pc place_order.js on_order_submit (pay_method from a radio's value: a string)",
        "POST",
        "/orders/commit/",
        {"address_id": Ref("default_address_id"), "pay_method": "2"},
        reads=("order_id",),
        keep={"order_id": "order_id"},
    ),
    Call(
        "front_end_pc order_success.js: pay with Alipay",
        "GET",
        "/payment/{order_id}/",
        reads=("alipay_url",),
    ),
    Call(
        "front_end_pc user_center_order.js: the orders",
        "GET",
        "/orders/?page=1&page_size=5",
        reads=(
            "count",
            *(f"results[0].{f}" for f in ("order_id", "create_time", "status", "pay_method", "total_amount")),
            "results[0].freight",
            "results[0].skus[0].name",
            "results[0].skus[0].default_image_url!",
        ),
    ),
    Call(
        "front_end_pc order detail",
        "GET",
        "/orders/{order_id}/",
        reads=("order_id", "status", "total_amount", "freight", "payment_amount", "address", "skus[0].amount"),
    ),
]

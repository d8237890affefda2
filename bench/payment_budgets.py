"""Requests per Alipay notification: an order's and a reward's applied once, and a repeated delivery.

Run alone with `python -m bench.payment_budgets` (its own moto and Redis); `make bench` includes the rows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from bench.measure import Api, Cost, measure
from bench.stack import app_api, start
from devstack import alipay_keys

FORM = "application/x-www-form-urlencoded; charset=utf-8"


def run(api: Api) -> list[dict[str, Any]]:
    """An order's and a reward's notification applied, and a repeat of one (caches warm, fresh data)."""
    # Imported only now: bench.stack.start() has pointed the environment at moto and Redis.
    from bench.shop_budgets import row
    from chalicelib.payments.settings import get_alipay_settings
    from devstack.catalogue_factories import make_category, stocked_skus
    from devstack.factories import fill_cart, make_user

    settings = get_alipay_settings()
    app_key, gateway_key = alipay_keys.new_private_key(), alipay_keys.new_private_key()
    settings.alipay_app_private_key, settings.alipay_public_key = app_key, alipay_keys.public_key_of(gateway_key)
    (sku,) = stocked_skus(make_category(), 1, 100)
    buyer = make_user(with_address=True)
    fill_cart(buyer.id, {sku: 1})
    placed = api.ok("POST", "/orders/commit/", {"address_id": buyer.address_id, "pay_method": 2}, buyer.token)
    order_id = str(placed["order_id"])
    api.ok("GET", f"/payment/{order_id}/", token=buyer.token)
    payment = api.ok("GET", f"/orders/{order_id}/", token=buyer.token)["payment_amount"]
    applied, repeat = _applied_and_repeat(api, order_id, payment, gateway_key)

    author, reader = make_user(), make_user()
    article = api.ok("POST", "/article/", {"title": "b", "content": "c"}, author.token)["article"]["id"]
    api.ok("PATCH", f"/article/{article}/", token=author.token)
    api.ok("GET", f"/article/log/{article}/read/", token=reader.token)
    reward = api.ok("POST", "/payments/alipay/", {"article_id": article, "money": 5}, reader.token)["out_trade_no"]
    reward_applied, _ = _applied_and_repeat(api, reward, "5.00", gateway_key)
    note = "verify, GetItem the payment, one transaction"
    return [
        row("Alipay notification applied (order)", applied, note=f"{note}: payment, trade number, order"),
        row("Alipay notification applied (reward)", reward_applied, note=f"{note}: + balance, article, log"),
        row("Alipay notification repeated", repeat, note="the same transaction, cancelled on the payment's status"),
    ]


def _applied_and_repeat(api: Api, out_trade_no: str, amount: str, gateway_key: str) -> tuple[Cost, Cost]:
    """The cost of a signed TRADE_SUCCESS notification applied, then of the same delivered again."""
    from chalicelib.payments.settings import get_alipay_settings

    params = {
        "app_id": get_alipay_settings().alipay_app_id,
        "out_trade_no": out_trade_no,
        "trade_no": f"2099{datetime.now(UTC).strftime('%H%M%S%f')}",
        "trade_status": "TRADE_SUCCESS",
        "total_amount": amount,
    }
    body = urlencode({**params, "sign_type": "RSA2", "sign": alipay_keys.sign(params, gateway_key)}).encode()

    def post() -> None:
        answer = api.client.http.post("/payments/alipay/notify/", headers={"Content-Type": FORM}, body=body)
        if answer.body != b"success":
            raise RuntimeError(f"notify answered {answer.status_code}: {answer.body!r}")

    first, _ = measure(post)
    again, _ = measure(post)
    return first, again


def main() -> None:
    """Start moto and Redis, measure, print the rows as a markdown table."""
    backends = start()
    try:
        with app_api() as api:
            rows = run(api)
    finally:
        backends.stop()
    print("| operation | DynamoDB requests | Redis trips |\n|---|---|---|")
    for r in rows:
        ops = ", ".join(f"{name} {n}" for name, n in sorted(r["project"]["dynamodb"].items(), key=lambda kv: -kv[1]))
        print(
            f"| {r['operation']} | **{r['project']['dynamodb_total']}** ({ops}) | {r['project']['redis_round_trips']} |"
        )


if __name__ == "__main__":
    main()

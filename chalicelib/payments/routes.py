"""Payment routes: meiduo's order payment (`/payment/...`) and renran's reward payment (`/payments/alipay/...`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Blueprint, Response
from chalice.app import Request

from chalicelib.core.auth import Principal
from chalicelib.core.observability import logger
from chalicelib.core.parsing import parse_form
from chalicelib.core.routing import route
from chalicelib.orders.models import OrderId  # the order id's path pattern, checked as the order routes check it
from chalicelib.payments import service, signing
from chalicelib.payments.alipay import alipay
from chalicelib.payments.models import ResultQuery, ReturnQuery, RewardPayRequest
from chalicelib.payments.settings import get_alipay_settings

bp = Blueprint(__name__)
_ORDER = {"order_id": OrderId}
_PAY = {409: "the order is not an unpaid Alipay order", 503: "Alipay not configured"}
_RETURN = {400: "not signed by Alipay, or not about one of our payments (the field names the check)"}


def _params(request: Request) -> dict[str, str]:
    return dict(request.query_params or {})


@route(bp, "/payment/{order_id}/", params=_ORDER, auth="user", responses=_PAY)
def order_payment(user: Principal, order_id: str) -> dict[str, Any]:
    settings = get_alipay_settings()
    return service.order_pay_url(user.user_id, order_id, alipay(settings), settings)


@route(bp, "/orders/{order_id}/payment/", params=_ORDER, auth="user", responses=_PAY)
def order_payment_rest(user: Principal, order_id: str) -> dict[str, Any]:
    settings = get_alipay_settings()
    return service.order_pay_url(user.user_id, order_id, alipay(settings), settings)


@route(bp, "/payment/status/", ["PUT"], query=ReturnQuery, responses=_RETURN)
def order_return(query: ReturnQuery, request: Request) -> dict[str, Any]:
    return service.order_return(_params(request), alipay(get_alipay_settings()))


# The browser itself lands here (GET) when no front-end page is configured as the return URL (`make run`).
@route(bp, "/payment/status/", query=ReturnQuery, responses=_RETURN)
def order_return_landing(query: ReturnQuery, request: Request) -> dict[str, Any]:
    return service.order_return(_params(request), alipay(get_alipay_settings()))


@route(bp, "/payments/alipay/", ["POST"], body=RewardPayRequest, auth="user", responses={503: "Alipay not configured"})
def reward_payment(user: Principal, body: RewardPayRequest) -> dict[str, Any]:
    settings = get_alipay_settings()
    answer = service.reward_pay_url(user.user_id, body, alipay(settings), settings, datetime.now(UTC))
    return {**answer, "url": answer["pay_url"]}  # renran's article page opens `url`


@route(bp, "/payments/alipay/result/", query=ResultQuery, responses=_RETURN)
def reward_result(query: ResultQuery, request: Request) -> dict[str, Any]:
    # With Alipay's signature it is the browser's return; without, the renran page polling the reward's status.
    if "sign" in (request.query_params or {}):
        return service.reward_return(_params(request), alipay(get_alipay_settings()))
    return service.reward_status(query.out_trade_no)


@route(bp, "/payments/alipay/notify/", ["POST"], responses={400: "fail: not applied (Alipay retries)"})
def alipay_notify(request: Request) -> Response:
    params = parse_form(request, "charset", signing.CHARSETS)
    try:
        answer = service.notify(params, alipay(get_alipay_settings()), datetime.now(UTC))
    except service.Refused as exc:
        # Alipay reads only the body: anything but "success" is retried on its schedule, and changes nothing.
        # Unsigned, so anyone's text: only as much of it as an out_trade_no can be reaches the log.
        refused = {"field": exc.field, "out_trade_no": params.get("out_trade_no", "")[:64]}
        logger.warning("payment notification refused", extra=refused)
        return Response("fail", status_code=400, headers={"Content-Type": "text/plain"})
    return Response(answer, status_code=200, headers={"Content-Type": "text/plain"})

"""What a payment needs of an order: the amount an Alipay order asks, and its UNPAID → UNSEND step.

Apart from orders/service.py so the payments function loads no checkout, cart or Redis client: paying an order
reads and writes the order alone.
"""

from __future__ import annotations

from decimal import Decimal

from chalicelib.core.errors import Conflict
from chalicelib.core.transactions import Transaction
from chalicelib.orders import repository
from chalicelib.orders.models import PayMethod, Status
from chalicelib.orders.repository import DYNAMO_ORDERS, Orders


def alipay_amount(user_id: int, order_id: str, orders: Orders = DYNAMO_ORDERS) -> Decimal:
    """What the caller's UNPAID Alipay order asks to pay (goods and freight); 409 for any other, 404 if not theirs."""
    order = orders.get(user_id, order_id)
    if order.pay_method != PayMethod.ALIPAY:
        raise Conflict("the order is paid on delivery, not through Alipay")
    if order.status != Status.UNPAID:
        raise Conflict("the order is not awaiting payment")
    return order.total_amount + order.freight


def pay_in(tx: Transaction, user_id: int, order_id: str, label: str) -> None:
    """UNPAID → UNSEND as a piece of a payment's settlement; that transaction is cancelled under `label` otherwise."""
    repository.pay_in(tx, user_id, order_id, label)

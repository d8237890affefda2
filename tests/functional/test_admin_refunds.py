"""`python -m infra.admin refunds` against moto: the payments flagged refund_due, and only those, as a table."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from chalicelib.payments.models import Status
from chalicelib.payments.repository import PaymentModel
from devstack.backends import Backends
from infra import admin, refunds


def _payment(key: str, status: Status, order_id: str, paid_at: datetime) -> PaymentModel:
    row = PaymentModel(key, kind="order", user_id=7, amount=Decimal("12.50"), status=status.value)
    row.order_id, row.trade_no, row.paid_at = order_id, f"T{order_id}", paid_at
    row.save()
    return row


def test_refunds_lists_only_the_payments_flagged_refund_due(services: Backends) -> None:
    """A refund_due payment is listed with its trade, order, payer and amount; paid ones and trade guards are not."""
    rows = [
        _payment("out#9100000002", Status.REFUND_DUE, "9100000002", datetime(2026, 3, 2, tzinfo=UTC)),
        _payment("out#9100000001", Status.REFUND_DUE, "9100000001", datetime(2026, 3, 1, tzinfo=UTC)),
        _payment("out#9100000003", Status.PAID, "9100000003", datetime(2026, 3, 1, tzinfo=UTC)),
        _payment("trade#T9100000004", Status.REFUND_DUE, "9100000004", datetime(2026, 3, 1, tzinfo=UTC)),
    ]
    try:
        said = admin.main(["refunds"]).splitlines()
        assert said[0].split() == ["out_trade_no", "trade_no", "order_id", "user_id", "amount", "paid_at"]
        # Other tests' payments may share the table: only this test's (order ids 91000000..) are compared.
        assert not any("trade#" in line for line in said)
        ours = [line.split()[:5] for line in said[1:] if line.startswith("91000000")]
        assert ours == [
            ["9100000001", "T9100000001", "9100000001", "7", "12.50"],
            ["9100000002", "T9100000002", "9100000002", "7", "12.50"],
        ]
    finally:
        for row in rows:
            row.delete()
    assert refunds.table([]) == "no payments are flagged refund_due"

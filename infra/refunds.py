"""The payments flagged `refund_due`: paid through Alipay for an order its timeout had already cancelled.

Settlement (chalicelib/payments/settlement.py) marks such a payment instead of paying the order; the money is
refunded by hand in Alipay's merchant console, so operators need the list: `python -m infra.admin refunds`.
"""

from __future__ import annotations

from chalicelib.payments.models import Status
from chalicelib.payments.repository import PaymentModel

COLUMNS = ("out_trade_no", "trade_no", "order_id", "user_id", "amount", "paid_at")


def refunds_due() -> list[dict[str, str]]:
    """One row per payment whose status is refund_due, oldest payment first."""
    rows = [
        {
            "out_trade_no": row.key.removeprefix("out#"),
            "trade_no": row.trade_no or "",
            "order_id": row.order_id or "",
            "user_id": str(int(row.user_id or 0)),
            "amount": str(row.amount),
            "paid_at": row.paid_at.isoformat() if row.paid_at else "",
        }
        # A scan: refunds are rare and this runs by hand, so an index kept for them would cost every write.
        for row in PaymentModel.scan(PaymentModel.status == Status.REFUND_DUE)
        if row.key.startswith("out#")
    ]
    return sorted(rows, key=lambda r: (r["paid_at"], r["out_trade_no"]))


def table(rows: list[dict[str, str]]) -> str:
    """The rows as a plain-text table under a header line, or a line saying there are none."""
    if not rows:
        return "no payments are flagged refund_due"
    widths = [max(len(c), *(len(r[c]) for r in rows)) for c in COLUMNS]
    lines = [[c for c in COLUMNS], *([r[c] for c in COLUMNS] for r in rows)]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in lines)

"""What the users context offers other contexts' transactions: crediting a user's balance (the seed's
`User.money`), which only rewards change, and reading it back."""

from __future__ import annotations

from decimal import Decimal

from pynamodb.attributes import NumberAttribute
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from chalicelib.core.money import MoneyAttribute
from chalicelib.core.storage import get_or_none, table_meta
from chalicelib.core.transactions import Transaction


class BalanceModel(Model):
    """The balance on the user's own item: the two attributes a credit touches, so it never rewrites the rest."""

    Meta = table_meta("users")
    user_id = NumberAttribute(hash_key=True)
    balance = MoneyAttribute(null=True)


def credit(tx: Transaction, user_id: int, amount: Decimal, label: str) -> None:
    """Add `amount` to an existing user's balance; the transaction is cancelled under `label` if there is no user."""
    actions: list[Action] = [BalanceModel.balance.add(amount)]
    tx.update(BalanceModel(user_id), actions=actions, condition=BalanceModel.user_id.exists(), label=label)


def balance(user_id: int) -> str | None:
    """A user's balance as stored (tests and the admin read it), or None before any credit."""
    found = get_or_none(BalanceModel, user_id, consistent_read=True)
    return None if found is None or found.balance is None else str(found.balance)

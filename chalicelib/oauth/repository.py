"""QQ bindings in DynamoDB: one item per openid, written only under `attribute_not_exists` inside a transaction.

A user may hold several bindings (several QQ accounts), as the seed's OAuthQQUser allows; an openid holds one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from chalicelib.core.errors import NotFound
from chalicelib.core.storage import get_or_none, table_meta
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.oauth.errors import AlreadyBound
from chalicelib.oauth.models import QQBinding
from chalicelib.users import repository as users
from chalicelib.users.models import User
from chalicelib.users.repository import UserModel


class QQBindingModel(Model):
    """The account a QQ openid logs in as (the seed's OAuthQQUser)."""

    Meta = table_meta("oauth-qq")
    openid = UnicodeAttribute(hash_key=True)
    user_id = NumberAttribute()
    created_at = UTCDateTimeAttribute()


def _binding_item(openid: str, user_id: int) -> QQBindingModel:
    return QQBindingModel(openid, user_id=user_id, created_at=datetime.now(UTC))


def find(openid: str) -> QQBinding | None:
    """The binding of an openid, or None (a strongly consistent read: a bind just made is seen)."""
    model = get_or_none(QQBindingModel, openid, consistent_read=True)
    if model is None:
        return None
    return QQBinding(openid=model.openid, user_id=int(model.user_id), created_at=model.created_at)


def bind(openid: str, user_id: int) -> None:
    """Bind an openid to an existing user; 409 if the openid is bound, 404 if the user is gone."""
    try:
        with Transaction() as tx:
            tx.check(UserModel, user_id, None, UserModel.user_id.exists(), label="user")
            tx.save(_binding_item(openid, user_id), condition=QQBindingModel.openid.does_not_exist(), label="openid")
    except TransactionCancelled as exc:
        if "openid" in exc.failed:
            raise AlreadyBound() from None
        if "user" in exc.failed:
            raise NotFound("user not found") from None
        raise


def create_bound_user(openid: str, username: str, mobile: str, password_hash: str, nickname: str | None = None) -> User:
    """Create a user and its binding in one transaction; 409 naming the taken mobile, username or openid."""

    def add_binding(tx: Transaction, user_id: int) -> None:
        tx.save(_binding_item(openid, user_id), condition=QQBindingModel.openid.does_not_exist(), label="openid")

    try:
        return users.create_user(username, mobile, password_hash, also=add_binding, nickname=nickname)
    except TransactionCancelled as exc:
        if "openid" in exc.failed:
            raise AlreadyBound() from None
        raise

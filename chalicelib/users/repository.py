"""Users in DynamoDB: the user item plus one guard item per unique username and mobile.

The models are tables.py's; other contexts' transactions import them from here (UserModel, UniqueKeyModel).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pynamodb.expressions.update import Action

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.errors import Conflict
from chalicelib.core.storage import get_or_none, next_id, write_if
from chalicelib.core.transactions import Transaction, TransactionCancelled
from chalicelib.users.models import Profile, Standing, User
from chalicelib.users.tables import UniqueKeyModel, UserModel

TABLE = str(UserModel.Meta.table_name)
PROFILE = ("user_id", "username", "nickname", "avatar")  # what a projected read of a `Profile` asks for


def _user(model: UserModel) -> User:
    default_address = model.default_address_id
    return User(
        user_id=int(model.user_id),
        username=model.username,
        mobile=model.mobile,
        password_hash=model.password_hash,
        created_at=model.created_at,
        nickname=model.nickname,
        is_staff=bool(model.is_staff),
        email=model.email,
        email_active=bool(model.email_active),
        default_address_id=int(default_address) if default_address is not None else None,
        address_count=int(model.address_count or 0),
        token_version=int(model.token_version or 0),
        is_active=model.is_active is not False,
        avatar=model.avatar,
    )


def _username_key(username: str) -> str:
    return f"username#{username.lower()}"


def _mobile_key(mobile: str) -> str:
    return f"mobile#{mobile}"


def username_taken(username: str) -> bool:
    """Whether a username is registered (case-insensitively)."""
    return _exists(_username_key(username))


def mobile_taken(mobile: str) -> bool:
    """Whether a mobile number is registered."""
    return _exists(_mobile_key(mobile))


def _exists(key: str) -> bool:
    return get_or_none(UniqueKeyModel, key) is not None


def create_user(
    username: str,
    mobile: str,
    password_hash: str,
    is_staff: bool = False,
    also: Callable[[Transaction, int], None] | None = None,
    nickname: str | None = None,
) -> User:
    """Insert the user and both guard items in one transaction; 409 naming the duplicate.

    `also(tx, user_id)` adds items of another context to the same transaction (a third-party login's binding),
    so the user and what it depends on exist together or not at all; their failures reach the caller as raised.
    """
    user = UserModel(
        next_id("user"),
        username=username,
        mobile=mobile,
        password_hash=password_hash,
        nickname=nickname,
        is_staff=is_staff,
        address_count=0,
        created_at=datetime.now(UTC),
    )
    guards = [
        UniqueKeyModel(_username_key(username), user_id=user.user_id),
        UniqueKeyModel(_mobile_key(mobile), user_id=user.user_id),
    ]
    try:
        with Transaction() as tx:
            tx.save(user, condition=UserModel.user_id.does_not_exist(), label="user")
            tx.save(guards[0], condition=UniqueKeyModel.key.does_not_exist(), label="username")
            tx.save(guards[1], condition=UniqueKeyModel.key.does_not_exist(), label="mobile")
            if also is not None:
                also(tx, int(user.user_id))
    except TransactionCancelled as exc:
        for field in ("username", "mobile"):
            if field in exc.failed:
                raise Conflict(f"{field} already exists", errors=[{"field": field, "message": "taken"}]) from None
        raise
    return _user(user)


def get_user(user_id: int) -> User | None:
    """The user, or None."""
    model = get_or_none(UserModel, user_id)
    return None if model is None else _user(model)


def key(user_id: int) -> raw.Raw:
    """A user's key in wire format, for batches spanning tables."""
    return {"user_id": raw.num(user_id)}


def profile_of(item: raw.Raw) -> Profile:
    """A user's profile from an item read with a projection of PROFILE (by a batch spanning tables)."""
    nickname, avatar = item.get("nickname", {}).get("S"), item.get("avatar", {}).get("S")
    return Profile(int(item["user_id"]["N"]), item["username"]["S"], nickname, avatar)


def find_by_account(account: str, by_mobile: bool) -> User | None:
    """Look a user up by username or by mobile (the seed's multi-account login)."""
    key = _mobile_key(account) if by_mobile else _username_key(account)
    guard = get_or_none(UniqueKeyModel, key)
    if guard is None:
        return None
    return get_user(int(guard.user_id))


def set_email(user_id: int, email: str) -> None:
    """Store a new, not yet verified e-mail address (the old one no longer receives reset links)."""
    UserModel(user_id).update(
        actions=[UserModel.email.set(email), UserModel.email_active.set(False), UserModel.verified_email.remove()],
        condition=UserModel.user_id.exists(),
    )


def set_avatar(user_id: int, key: str) -> None:
    """Point the user's avatar at a media key."""
    UserModel(user_id).update(actions=[UserModel.avatar.set(key)], condition=UserModel.user_id.exists())


def activate_email(user_id: int, email: str) -> bool:
    """Mark the e-mail verified if it is still the one the link was sent to."""
    return write_if(
        lambda: UserModel(user_id).update(
            actions=[UserModel.email_active.set(True), UserModel.verified_email.set(email.lower())],
            condition=UserModel.user_id.exists() & (UserModel.email == email),
        )
    )


def find_by_verified_email(email: str, limit: int = 5) -> list[User]:
    """The users whose verified e-mail is `email` (case-insensitively), at most `limit` of them."""
    wanted = email.lower()
    found = []
    for key in UserModel.by_verified_email.query(wanted, limit=limit):
        user = get_user(int(key.user_id))
        # The index lags the table a little: the item itself decides.
        if user is not None and user.email_active and (user.email or "").lower() == wanted:
            found.append(user)
    return found


def standing(user_id: int) -> Standing | None:
    """Staff flag, active flag, token version, avatar and nickname of a user (one consistent GetItem), or None."""
    model = get_or_none(
        UserModel,
        user_id,
        consistent_read=True,
        attributes_to_get=["user_id", "is_staff", "is_active", "token_version", "avatar", "nickname"],
    )
    if model is None:
        return None
    active = model.is_active is not False
    return Standing(bool(model.is_staff), active, int(model.token_version or 0), model.avatar, model.nickname)


def revoke_tokens(user_id: int) -> None:
    """Bump the token version: every token issued before stops working (log out everywhere)."""
    UserModel(user_id).update(actions=[UserModel.token_version.add(1)], condition=UserModel.user_id.exists())


def set_staff(user_id: int, is_staff: bool) -> None:
    """Grant or withdraw staff rights; the change revokes the user's tokens, so it takes effect at once."""
    UserModel(user_id).update(
        actions=[UserModel.is_staff.set(is_staff), UserModel.token_version.add(1)],
        condition=UserModel.user_id.exists(),
    )


def set_password_hash(user_id: int, password_hash: str, revoke: bool) -> None:
    """Store a new hash: a password change revokes tokens (`revoke`), a rehash at login of the same one does not."""
    actions: list[Action] = [UserModel.password_hash.set(password_hash)]
    if revoke:
        actions.append(UserModel.token_version.add(1))
    UserModel(user_id).update(actions=actions, condition=UserModel.user_id.exists())

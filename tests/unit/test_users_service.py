"""Registration and SMS codes on in-memory users and codes: duplicates are refused before the code is spent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from chalicelib.core.auth import decode_token
from chalicelib.core.errors import Conflict, InvalidInput, WrongSmsCode
from chalicelib.core.settings import get_settings
from chalicelib.notifications.models import EmailMessage, SmsMessage
from chalicelib.users import service
from chalicelib.users.models import User
from chalicelib.users.requests import RegisterRequest

NOW = datetime(2024, 1, 1, tzinfo=UTC)
PASSWORD = "correct-horse-1"
TAKEN_NAME, TAKEN_MOBILE = "alice_01", "13900000001"


@dataclass
class FakeUsers:
    """Users in a dictionary; names and mobiles unique, as the guard items make them."""

    users: dict[int, User] = field(default_factory=dict)

    def username_taken(self, username: str) -> bool:
        return any(u.username.lower() == username.lower() for u in self.users.values())

    def mobile_taken(self, mobile: str) -> bool:
        return any(u.mobile == mobile for u in self.users.values())

    def create_user(self, username: str, mobile: str, password_hash: str, is_staff: bool = False) -> User:
        if self.username_taken(username) or self.mobile_taken(mobile):
            raise Conflict("taken")
        user = User(len(self.users) + 1, username, mobile, password_hash, NOW, is_staff)
        self.users[user.user_id] = user
        return user

    def get_user(self, user_id: int) -> User | None:
        return self.users.get(user_id)

    def find_by_account(self, account: str, by_mobile: bool) -> User | None:
        field_name = "mobile" if by_mobile else "username"
        return next((u for u in self.users.values() if getattr(u, field_name) == account), None)

    def set_email(self, user_id: int, email: str) -> None:
        raise NotImplementedError

    def activate_email(self, user_id: int, email: str) -> bool:
        raise NotImplementedError

    def set_password_hash(self, user_id: int, password_hash: str, revoke: bool) -> None:
        user = self.users[user_id]
        version = user.token_version + 1 if revoke else user.token_version
        self.users[user_id] = user._replace(password_hash=password_hash, token_version=version)

    def revoke_tokens(self, user_id: int) -> None:
        self.users[user_id] = self.users[user_id]._replace(token_version=self.users[user_id].token_version + 1)

    def set_avatar(self, user_id: int, key: str) -> None:
        self.users[user_id] = self.users[user_id]._replace(avatar=key)


@dataclass
class FakeCodes:
    """One live code per mobile; records what was spent and released."""

    live: dict[str, str] = field(default_factory=dict)
    spent: list[str] = field(default_factory=list)
    released: list[str] = field(default_factory=list)

    def issue(self, mobile: str, client_ip: str) -> str:
        self.live[mobile] = "123456"
        return "123456"

    def release(self, mobile: str) -> None:
        self.released.append(mobile)

    def check(self, mobile: str, given: str) -> str:
        if self.live.get(mobile) != given:
            raise WrongSmsCode()
        return given

    def spend(self, mobile: str, checked: str) -> None:
        del self.live[mobile]
        self.spent.append(mobile)


def _stores() -> tuple[FakeUsers, FakeCodes]:
    users = FakeUsers()
    users.create_user(TAKEN_NAME, TAKEN_MOBILE, "hash")
    return users, FakeCodes()


def _register(username: str, mobile: str, code: str = "123456") -> RegisterRequest:
    fields = {"username": username, "password": PASSWORD, "password2": PASSWORD, "allow": True}
    return RegisterRequest.model_validate(fields | {"mobile": mobile, "sms_code": code})


def test_registration_refuses_a_taken_username_and_leaves_the_code_unspent():
    users, codes = _stores()
    codes.issue("13900000002", "10.0.0.1")
    with pytest.raises(Conflict) as refused:
        service.register(_register(TAKEN_NAME, "13900000002"), codes, users)
    assert refused.value.extra["errors"] == [{"field": "username", "message": "taken"}]
    assert codes.spent == [] and codes.live["13900000002"] == "123456"
    assert len(users.users) == 1


def test_registration_refuses_a_taken_mobile_and_leaves_the_code_unspent():
    users, codes = _stores()
    codes.issue(TAKEN_MOBILE, "10.0.0.1")
    with pytest.raises(Conflict) as refused:
        service.register(_register("bob_0001", TAKEN_MOBILE), codes, users)
    assert refused.value.extra["errors"] == [{"field": "mobile", "message": "taken"}]
    assert codes.spent == [] and len(users.users) == 1


def test_a_wrong_code_creates_no_user():
    users, codes = _stores()
    codes.issue("13900000003", "10.0.0.1")
    with pytest.raises(WrongSmsCode):
        service.register(_register("carol_001", "13900000003", code="654321"), codes, users)
    assert len(users.users) == 1 and codes.spent == []


def test_registration_spends_the_code_once_and_logs_the_new_user_in():
    users, codes = _stores()
    codes.issue("13900000004", "10.0.0.1")
    created = service.register(_register("dave_0001", "13900000004"), codes, users)
    assert codes.spent == ["13900000004"] and "13900000004" not in codes.live
    assert users.users[created["id"]].username == "dave_0001"
    assert users.users[created["id"]].password_hash != PASSWORD
    assert decode_token(created["token"]).user_id == created["id"]


def test_a_code_that_could_not_be_queued_can_be_asked_for_again_at_once():
    codes = FakeCodes()

    def queue_down(message: SmsMessage | EmailMessage) -> None:
        raise RuntimeError("queue unavailable")

    with pytest.raises(RuntimeError):
        service.request_sms_code("13900000005", "10.0.0.1", codes, get_settings(), queue_down)
    assert codes.released == ["13900000005"]


def test_a_queued_code_is_the_one_issued():
    codes, sent = FakeCodes(), list[SmsMessage | EmailMessage]()
    service.request_sms_code("13900000006", "10.0.0.1", codes, get_settings(), sent.append)
    assert [(m.mobile, m.code) for m in sent if isinstance(m, SmsMessage)] == [("13900000006", "123456")]
    assert codes.released == []


def test_an_avatar_is_a_key_of_the_callers_own_avatar_uploads_and_info_shows_its_url():
    users = FakeUsers()
    user = users.create_user("alice_1", "13800000001", "hash")
    own = f"u/{user.user_id}/avatar/{'a' * 32}.png"

    assert service.set_avatar(user.user_id, own, users) == {"avatar": f"{get_settings().media_base()}/{own}"}
    assert service.info(user.user_id, users)["avatar"] == f"{get_settings().media_base()}/{own}"
    for key in (f"u/{user.user_id + 1}/avatar/{'a' * 32}.png", f"u/{user.user_id}/article/{'a' * 32}.png"):
        with pytest.raises(InvalidInput):
            service.set_avatar(user.user_id, key, users)
    assert users.users[user.user_id].avatar == own

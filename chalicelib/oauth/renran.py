"""QQ login for renran's pages: the login URL, the callback by query state, binding by password or by SMS code.

Renran's pages send no cookies, so a state cannot be tied to the browser that began the login (as the meiduo
callback's cookie does). What stands in: the state is single-use and issued by this server, the unbound answer's
`openid` is our signed, short-lived ticket (never QQ's openid or token), and binding proves the account: its
password (within login's limits), or for a new account an SMS code sent to its mobile.
"""

from __future__ import annotations

from typing import Any, Protocol

import redis

from chalicelib.core import passwords, tokens
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.core.settings import Settings
from chalicelib.oauth import qq, repository, states
from chalicelib.oauth.errors import AlreadyBound, bad_code, bad_state, bad_ticket
from chalicelib.oauth.models import QQBinding, RenranBindLoginRequest, RenranBindRegisterRequest
from chalicelib.oauth.service import BIND_PURPOSE, Accounts, Provider
from chalicelib.oauth.settings import QQSettings
from chalicelib.users import repository as users_repository
from chalicelib.users.errors import LoginRefused
from chalicelib.users.models import User
from chalicelib.users.renran import logged_in
from chalicelib.users.renran import login as password_login
from chalicelib.users.requests import LoginRequest
from chalicelib.users.service import SmsCodes, Users

RENRAN_NEXT = "/"  # what the state remembers: renran's pages go where they like after the login


class Bindings(Protocol):
    """The binding store (the DynamoDB one is `repository`)."""

    def find(self, openid: str) -> QQBinding | None: ...
    def bind(self, openid: str, user_id: int) -> None: ...
    def create_bound_user(
        self, openid: str, username: str, mobile: str, password_hash: str, nickname: str | None = None
    ) -> User: ...


def login_url(r: redis.Redis, provider: Provider, settings: QQSettings) -> str:
    """QQ's authorize URL carrying a fresh single-use state."""
    return provider.authorize_url(states.issue(r, RENRAN_NEXT, settings.qq_state_ttl_seconds))


def callback(
    code: str,
    state: str,
    r: redis.Redis,
    provider: Provider,
    settings: QQSettings,
    bindings: Bindings = repository,
    accounts: Accounts = users_repository,
) -> dict[str, Any]:
    """Spend the state, ask QQ who this is; a bound openid logs in, another gets our ticket to bind with."""
    # Spent before QQ is asked, so a state works once even when QQ then fails: the user starts again.
    if states.consume(r, state) is None:
        raise bad_state()
    try:
        openid = provider.openid_for(code, state)
    except qq.CodeRefused:
        raise bad_code() from None
    binding = bindings.find(openid)
    if binding is None:
        ticket = tokens.sign(BIND_PURPOSE, openid, settings.qq_ticket_ttl_seconds)
        # The page echoes all three back; each is the ticket, so none is QQ's token or the raw openid.
        return {"openid": ticket, "access_token": ticket, "refresh_token": ticket}
    user = accounts.get_user(binding.user_id)
    if user is None:
        raise NotFound("the account bound to this QQ account no longer exists")
    if not user.is_active:  # as password login: a disabled account gets no token
        raise LoginRefused("this account cannot log in")
    return logged_in(user)


def _openid(ticket: str) -> str:
    try:
        return str(tokens.verify(BIND_PURPOSE, ticket)["sub"])
    except tokens.BadToken:
        raise bad_ticket("openid") from None


def bind_existing(
    req: RenranBindLoginRequest,
    client_ip: str,
    r: redis.Redis,
    settings: Settings,
    bindings: Bindings = repository,
    users: Users = users_repository,
) -> dict[str, Any]:
    """Bind the ticket's openid to the account of this username (or mobile) and password; logged in."""
    openid = _openid(req.openid)
    # Login's own check and limits (per IP, per account, locks after failures): a wrong password is a 400.
    answer = password_login(LoginRequest(username=req.username, password=req.password), client_ip, r, settings, users)
    try:
        bindings.bind(openid, int(answer["id"]))
    except AlreadyBound:
        raise AlreadyBound("openid") from None
    return answer


def bind_new(
    req: RenranBindRegisterRequest,
    sms: SmsCodes,
    bindings: Bindings = repository,
    accounts: Accounts = users_repository,
) -> dict[str, Any]:
    """A new account (named after its mobile, with the nickname) bound to the ticket's openid; logged in."""
    openid = _openid(req.openid)
    checked = sms.check(req.mobile, req.sms_code)
    # Answered before the code is spent; the transaction below stays the guard against concurrent ones.
    if accounts.find_by_account(req.mobile, by_mobile=True) is not None:
        raise Conflict(
            "mobile already exists: bind it with its password", errors=[{"field": "mobile", "message": "taken"}]
        )
    if bindings.find(openid) is not None:
        raise AlreadyBound("openid")
    sms.spend(req.mobile, checked)
    password_hash = passwords.hash_password(req.password)
    try:
        user = bindings.create_bound_user(openid, req.mobile, req.mobile, password_hash, nickname=req.nickname)
    except AlreadyBound:
        raise AlreadyBound("openid") from None
    return logged_in(user)

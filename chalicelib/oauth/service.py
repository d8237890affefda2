"""QQ login use cases: the login URL with its state, the callback, and binding an openid to an account."""

from __future__ import annotations

from typing import Any, Protocol

import redis

from chalicelib.core import passwords, tokens
from chalicelib.core.auth import issue_token
from chalicelib.core.errors import NotFound, ServiceUnavailable, WrongCredentials, field_error
from chalicelib.oauth import qq, repository, states
from chalicelib.oauth.errors import AlreadyBound, bad_code, bad_state, bad_ticket
from chalicelib.oauth.models import BindRequest, QQBinding
from chalicelib.oauth.settings import QQSettings, load_client_secret
from chalicelib.users import repository as users_repository
from chalicelib.users.models import User
from chalicelib.users.service import SmsCodes

# The purpose (JWT audience) of the openid ticket: never accepted as a login token, nor a login token as it.
BIND_PURPOSE = "qq-bind"
# A new account's password follows registration's rule; an existing account's is only compared.
NEW_PASSWORD_LENGTH = range(8, 21)
UNBOUND_CODE = "300"  # the callback's answer for a QQ identity no account is bound to yet


class Provider(Protocol):
    """What these use cases need of QQ (the HTTP one is `qq.QQProvider`)."""

    def authorize_url(self, state: str) -> str: ...
    def openid_for(self, code: str, state: str) -> str: ...


class Bindings(Protocol):
    """The binding store (the DynamoDB one is `repository`)."""

    def find(self, openid: str) -> QQBinding | None: ...
    def bind(self, openid: str, user_id: int) -> None: ...
    def create_bound_user(self, openid: str, username: str, mobile: str, password_hash: str) -> User: ...


class Accounts(Protocol):
    """The user lookups binding needs (the DynamoDB ones are `chalicelib.users.repository`)."""

    def get_user(self, user_id: int) -> User | None: ...
    def find_by_account(self, account: str, by_mobile: bool) -> User | None: ...


def qq_provider(settings: QQSettings, redirect_uri: str | None = None) -> qq.QQProvider:
    """QQ's endpoints for the configured app (and callback); 503 in AWS while the app has the public local secret."""
    secret = load_client_secret(settings)  # QQ_CLIENT_SECRET_ARN's secret, read on the first QQ login request
    if settings.deployed_with_local_secret():
        raise ServiceUnavailable("QQ login is not configured")
    app = qq.QQApp(
        settings.qq_client_id,
        secret,
        redirect_uri or settings.redirect_uri(),
        settings.qq_base_url,
        settings.qq_timeout_seconds,
    )
    return qq.QQProvider(app)


def login_url(next_path: str, r: redis.Redis, provider: Provider, settings: QQSettings) -> dict[str, Any]:
    """QQ's authorize URL carrying a fresh state that remembers `next_path` (a path on this site only), and it."""
    if not states.is_site_path(next_path):
        raise field_error("next", "must be a path on this site, such as /orders/")
    state = states.issue(r, next_path, settings.qq_state_ttl_seconds)
    return {"login_url": provider.authorize_url(state), "state": state}


def _logged_in(user: User) -> dict[str, Any]:
    # As password login: a disabled account gets no token, and the token carries the current version.
    if not user.is_active:
        raise WrongCredentials("this account cannot log in")
    token = issue_token(user.user_id, user.username, user.is_staff, token_version=user.token_version)
    return {"token": token, "user_id": user.user_id, "username": user.username}


def callback(
    code: str,
    state: str | None,
    r: redis.Redis,
    provider: Provider,
    settings: QQSettings,
    bindings: Bindings = repository,
    accounts: Accounts = users_repository,
) -> dict[str, Any]:
    """Spend the browser's state, ask QQ who this is; a bound openid logs in, another gets a ticket to bind with."""
    # Spent before QQ is asked, so a state works once even when QQ then fails: the user starts again.
    next_path = states.consume(r, state) if state is not None else None
    if state is None or next_path is None:
        raise bad_state()
    try:
        openid = provider.openid_for(code, state)
    except qq.CodeRefused:
        raise bad_code() from None
    binding = bindings.find(openid)
    if binding is None:
        ticket = tokens.sign(BIND_PURPOSE, openid, settings.qq_ticket_ttl_seconds)
        # Never "0": seed 001's page shows its bind form only for another code ("这里一定不能返回 0 的状态码").
        return {"code": UNBOUND_CODE, "errmsg": "bind this QQ account", "access_token": ticket, "next": next_path}
    user = accounts.get_user(binding.user_id)
    if user is None:
        raise NotFound("the account bound to this QQ account no longer exists")
    return {**_logged_in(user), "next": next_path}


def openid_of(ticket: str) -> str:
    """The openid a ticket from `callback` carries; 400 naming `access_token` for anything else."""
    try:
        return str(tokens.verify(BIND_PURPOSE, ticket)["sub"])
    except tokens.BadToken:
        raise bad_ticket() from None


def bind(
    req: BindRequest, sms: SmsCodes, bindings: Bindings = repository, accounts: Accounts = users_repository
) -> dict[str, Any]:
    """Bind the ticket's openid to the account of `mobile` (its password must match) or to a new one; log in."""
    openid = openid_of(req.access_token)
    checked = sms.check(req.mobile, req.sms_code)
    user = accounts.find_by_account(req.mobile, by_mobile=True)
    if user is not None and not (passwords.verify_password(req.password, user.password_hash) and user.is_active):
        # A wrong password spends the code: guesses can come no faster than codes can be sent.
        sms.spend(req.mobile, checked)
        raise WrongCredentials("wrong mobile or password")
    if user is None and len(req.password) not in NEW_PASSWORD_LENGTH:
        raise field_error("password", "a new account's password has 8 to 20 characters")
    # Answered before the code is spent; the transaction below stays the guard against a concurrent bind.
    if bindings.find(openid) is not None:
        raise AlreadyBound()
    sms.spend(req.mobile, checked)
    if user is None:
        # The seed's rule: an account created by QQ login is named after its mobile (all digits, so no
        # registered username, which cannot be all digits, can collide with it).
        user = bindings.create_bound_user(openid, req.mobile, req.mobile, passwords.hash_password(req.password))
    else:
        bindings.bind(openid, user.user_id)
    return _logged_in(user)

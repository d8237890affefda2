"""The state of the local QQ authorization server: registered clients, single-use expiring codes and tokens.

The rules are QQ Connect's, with its numbered errors: a code is bound to its client and redirect_uri, spent once and
expires; the token endpoint checks the client_secret; an openid is a hash of identity and client id, so the same
identity always gets the same openid. The HTTP side is qq_server.py.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CODE_TTL_SECONDS = 600.0  # QQ's codes live ten minutes


class QQError(Exception):
    """One of QQ's numbered errors (公共返回码), answered as `callback( {"error": n, ...} );`."""

    def __init__(self, number: int, description: str) -> None:
        super().__init__(description)
        self.number = number
        self.description = description


def openid_for(identity: str, client_id: str) -> str:
    """The openid QQ gives `identity` in the app `client_id`: 32 upper-case hex digits, like QQ's."""
    return hashlib.sha256(f"{client_id}\0{identity}".encode()).hexdigest()[:32].upper()


@dataclass(frozen=True)
class _Grant:
    client_id: str
    redirect_uri: str
    identity: str
    expires_at: float


@dataclass
class Authority:
    """Registered clients (id → secret), outstanding codes and issued tokens; safe across handler threads."""

    clients: Mapping[str, str]
    clock: Callable[[], float] = time.monotonic
    # Client id → its registered callback (QQ's 回调地址): a redirect_uri on another origin is refused, as QQ does,
    # so the sandbox is no open redirect that hands a code to any site. A client with none takes any http(s) URL.
    callbacks: Mapping[str, str] = field(default_factory=dict)
    code_ttl_seconds: float = CODE_TTL_SECONDS
    _codes: dict[str, _Grant] = field(default_factory=dict)
    _spent: set[str] = field(default_factory=set)
    _tokens: dict[str, tuple[str, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check_client(self, client_id: str, redirect_uri: str) -> None:
        """QQError unless the client is registered and the redirect_uri an http(s) URL on its registered origin."""
        if client_id not in self.clients:
            raise QQError(100008, "client_id does not exist")
        asked = urlsplit(redirect_uri)
        if asked.scheme not in ("http", "https") or not asked.netloc:
            raise QQError(100010, "redirect uri is illegal")
        registered = self.callbacks.get(client_id)
        if registered and (asked.scheme, asked.netloc) != urlsplit(registered)[:2]:
            raise QQError(100010, "redirect uri is illegal")

    def issue_code(self, client_id: str, redirect_uri: str, identity: str) -> str:
        """A code for `identity`, redeemable once by this client with this redirect_uri."""
        code = secrets.token_hex(16).upper()
        with self._lock:
            self._codes[code] = _Grant(client_id, redirect_uri, identity, self.clock() + self.code_ttl_seconds)
        return code

    def redeem(self, params: Mapping[str, str]) -> str:
        """The access token for a code (the token endpoint's parameters); QQError as QQ would refuse it."""
        client_id, code = params.get("client_id", ""), params.get("code", "")
        if params.get("grant_type") != "authorization_code":
            raise QQError(100004, "param grant_type is wrong or lost")
        if client_id not in self.clients:
            raise QQError(100008, "client_id does not exist")
        if not secrets.compare_digest(params.get("client_secret", ""), self.clients[client_id]):
            raise QQError(100009, "client secret is illegal")
        with self._lock:
            grant = self._codes.pop(code, None)
            reused = grant is None and code in self._spent
            if grant is not None:
                self._spent.add(code)
        if reused:
            raise QQError(100020, "code is reused error")
        if grant is None or grant.client_id != client_id or grant.expires_at <= self.clock():
            raise QQError(100019, "code to access token error")
        if grant.redirect_uri != params.get("redirect_uri"):
            raise QQError(100010, "redirect uri is illegal")
        token = secrets.token_hex(16).upper()
        with self._lock:
            self._tokens[token] = (client_id, openid_for(grant.identity, client_id))
        return token

    def whois(self, access_token: str) -> tuple[str, str]:
        """(client_id, openid) of an access token; QQError 100016 for an unknown one."""
        with self._lock:
            found = self._tokens.get(access_token)
        if found is None:
            raise QQError(100016, "access token check failed")
        return found

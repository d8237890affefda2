"""The local authorization server's rules (codes single use, expiring, bound to client and redirect_uri) and the
`next` paths a login may return to."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

import pytest

from chalicelib.oauth.states import is_site_path
from devstack.qq_authority import Authority, QQError, openid_for
from devstack.qq_server import QQServerStartError, jsonp, start_for_stack

REDIRECT = "http://127.0.0.1:8000/oauth_callback/"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _redeem(authority: Authority, code: str, **overrides: str) -> str:
    params = {
        "grant_type": "authorization_code",
        "client_id": "app",
        "client_secret": "s",
        "code": code,
        "redirect_uri": REDIRECT,
    }
    return authority.redeem({**params, **overrides})


def _error(authority: Authority, code: str, **overrides: str) -> int:
    with pytest.raises(QQError) as caught:
        _redeem(authority, code, **overrides)
    return caught.value.number


def test_a_code_gives_a_token_naming_the_identitys_openid_once():
    authority = Authority({"app": "s"})
    code = authority.issue_code("app", REDIRECT, "alice")
    assert authority.whois(_redeem(authority, code)) == ("app", openid_for("alice", "app"))
    assert _error(authority, code) == 100020  # reused


def test_openids_are_stable_per_identity_and_differ_per_app():
    assert openid_for("alice", "app") == openid_for("alice", "app") != openid_for("alice", "other")
    assert openid_for("alice", "app") != openid_for("bob", "app") and len(openid_for("bob", "app")) == 32


def test_a_code_expires():
    clock = Clock()
    authority = Authority({"app": "s"}, clock=clock, code_ttl_seconds=600)
    code = authority.issue_code("app", REDIRECT, "alice")
    clock.now += 600
    assert _error(authority, code) == 100019


@pytest.mark.parametrize(
    ("overrides", "number"),
    [
        ({"client_secret": "wrong"}, 100009),
        ({"redirect_uri": "http://127.0.0.1:8000/elsewhere/"}, 100010),
        ({"grant_type": "password"}, 100004),
        ({"client_id": "nobody"}, 100008),
    ],
)
def test_the_token_endpoint_checks_secret_redirect_grant_and_client(overrides, number):
    authority = Authority({"app": "s"})
    assert _error(authority, authority.issue_code("app", REDIRECT, "alice"), **overrides) == number


def test_a_code_issued_to_one_client_is_no_good_to_another():
    authority = Authority({"app": "s", "thief": "t"})
    code = authority.issue_code("app", REDIRECT, "alice")
    assert _error(authority, code, client_id="thief", client_secret="t") == 100019


def test_an_unknown_access_token_names_no_openid():
    with pytest.raises(QQError) as caught:
        Authority({"app": "s"}).whois("nope")
    assert caught.value.number == 100016


def test_answers_are_wrapped_as_qq_wraps_them():
    assert jsonp({"client_id": "app", "openid": "AB"}) == 'callback( {"client_id":"app","openid":"AB"} );\n'


def test_the_stack_uses_a_given_qq_instead_of_starting_one():
    server, env = start_for_stack({"QQ_BASE_URL": "https://graph.qq.com"}, "http://127.0.0.1:8000")
    assert server is None and env == {"QQ_BASE_URL": "https://graph.qq.com"}


def test_the_stack_points_the_app_at_the_local_server_it_starts():
    server, env = start_for_stack({"QQ_PORT": "0"}, "http://127.0.0.1:8123")
    assert server is not None
    try:
        assert server.port != 8010 and env["QQ_PORT"] == str(server.port)
        assert env["QQ_BASE_URL"] == server.url and env["QQ_REDIRECT_URI"] == "http://127.0.0.1:8123/oauth_callback/"
        assert len(env["QQ_CLIENT_SECRET"]) >= 24 and env["QQ_CLIENT_ID"] in server.authority.clients
        with urllib.request.urlopen(f"{server.url}/oauth2.0/me?access_token=x", timeout=5) as answer:
            assert b'"error":100016' in answer.read()
    finally:
        server.stop()


def test_a_busy_qq_port_that_was_asked_for_is_an_error():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        with pytest.raises(QQServerStartError, match="QQ_PORT"):
            start_for_stack({"QQ_PORT": str(busy.getsockname()[1])}, "http://127.0.0.1:8000")


@pytest.mark.parametrize("path", ["/", "/orders/", "/orders/?page=2", "/search.html#top", "/a/b:c"])
def test_paths_on_this_site_may_be_returned_to(path):
    assert is_site_path(path)


@pytest.mark.parametrize(
    "path",
    ["", "orders", "//evil.example", "/\\evil.example", "https://evil.example/", "/\n/evil", "/a b", "/" + "a" * 600],
)
def test_other_sites_and_odd_paths_may_not(path):
    assert not is_site_path(path)


def test_the_sandbox_sends_a_code_only_to_the_clients_registered_origin():
    # As QQ checks the 回调地址: otherwise any page could link to the sandbox and have a code sent to another site
    authority = Authority({"app": "s"}, callbacks={"app": REDIRECT})
    authority.check_client("app", "http://127.0.0.1:8000/another/page/")  # same origin: allowed
    for elsewhere in ("https://evil.example/cb", "http://127.0.0.1:9999/oauth_callback/", "https://127.0.0.1:8000/"):
        with pytest.raises(QQError) as caught:
            authority.check_client("app", elsewhere)
        assert caught.value.number == 100010, elsewhere


def test_the_stack_registers_the_apps_callback_with_the_sandbox():
    server, env = start_for_stack({"QQ_PORT": "0"}, "http://127.0.0.1:8123")
    assert server is not None
    try:
        query = "response_type=code&client_id=" + env["QQ_CLIENT_ID"] + "&state=s&redirect_uri=https://evil.example/"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{server.url}/oauth2.0/authorize?{query}", timeout=5)
        assert b"100010" in refused.value.read()
    finally:
        server.stop()

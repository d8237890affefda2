"""QQ's wire format, parsed without a network: token and openid answers, JSONP errors, garbage."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest

from chalicelib.core.errors import BadGateway
from chalicelib.oauth import qq

APP = qq.QQApp("101474184", "s3cret", "http://www.meiduo.site:8080/oauth_callback.html", "https://graph.qq.com", 2.5)
OPENID = "B2D0F1D1A3C2E4F5A6B7C8D9E0F1A2B3"


def _query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def test_a_token_answer_in_qq_query_string_format_gives_its_access_token():
    answer = "access_token=FE04A1B2C3D4E5F60718293A4B5CCCE2&expires_in=7776000&refresh_token=88E4A1B2C3D4E5F6BE14"
    assert qq.parse_token_answer(answer) == "FE04A1B2C3D4E5F60718293A4B5CCCE2"


def test_a_token_answer_in_json_format_gives_its_access_token():
    assert qq.parse_token_answer('{"access_token":"ABC123","expires_in":"7776000"}') == "ABC123"


# QQ sends the number, sometimes as a string; 100010 at the exchange: the code was issued for another login's URL
@pytest.mark.parametrize("error", ["100010", "100019", "100020", '"100020"'])
def test_an_expired_reused_or_other_logins_code_is_refused_as_the_code(error):
    answer = f'callback( {{"error":{error},"error_description":"code is reused error"}} );'
    with pytest.raises(qq.CodeRefused):
        qq.parse_token_answer(answer)


@pytest.mark.parametrize(
    "answer",
    [
        'callback( {"error":100009,"error_description":"client secret is illegal"} );',
        'callback( {"error":100009,"error_description":"client secret is illegal"} );\n',
        "<html><body>502 Bad Gateway</body></html>",
        "",
        "expires_in=7776000&refresh_token=88E4",
        "access_token=&expires_in=7776000",
        "access_token=one&access_token=two",
        "access_token=has space",
        "callback( {not json} );",
        "callback( [1, 2] );",
    ],
)
def test_an_error_or_garbage_token_answer_is_a_bad_gateway(answer):
    with pytest.raises(BadGateway) as caught:
        qq.parse_token_answer(answer)
    assert (caught.value.status, caught.value.code) == (502, "5020")


def test_an_openid_answer_gives_the_openid_of_our_client():
    answer = f'callback( {{"client_id":"101474184","openid":"{OPENID}"}} );\n'
    assert qq.parse_openid_answer(answer, "101474184") == OPENID


@pytest.mark.parametrize(
    "answer",
    [
        f'callback( {{"client_id":"999","openid":"{OPENID}"}} );',  # a token issued to another app
        'callback( {"error":100016,"error_description":"access token check failed"} );',
        'callback( {"client_id":"101474184"} );',
        'callback( {"client_id":"101474184","openid":""} );',
        'callback( {"client_id":"101474184","openid":"../../etc"} );',
        'callback( {"client_id":"101474184","openid":12345} );',
        "openid=B2D0F1D1",
        "<html>maintenance</html>",
        "callback( {",
    ],
)
def test_an_error_garbage_or_foreign_openid_answer_is_a_bad_gateway(answer):
    with pytest.raises(BadGateway):
        qq.parse_openid_answer(answer, "101474184")


CALLBACK = "http://www.meiduo.site:8080/oauth_callback.html"
MARKED = f"{CALLBACK}?login={hashlib.sha256(b'st4te').hexdigest()[:16]}"


def test_the_authorize_url_carries_client_state_and_a_redirect_marked_with_that_login():
    url = qq.QQProvider(APP).authorize_url("st4te")
    assert url.startswith("https://graph.qq.com/oauth2.0/authorize?")
    assert _query(url) == {"response_type": "code", "client_id": "101474184", "redirect_uri": MARKED, "state": "st4te"}
    assert qq.QQProvider(APP).redirect_for("other") != MARKED


def test_openid_for_asks_for_a_token_then_for_the_openid_with_the_timeout():
    calls: list[tuple[str, float]] = []
    answers = iter(
        [
            "access_token=TOKEN1&expires_in=7776000&refresh_token=R",
            f'callback( {{"client_id":"101474184","openid":"{OPENID}"}} );',
        ]
    )

    def fetch(url: str, timeout: float) -> str:
        calls.append((url, timeout))
        return next(answers)

    assert qq.QQProvider(APP, fetch).openid_for("CODE9", "st4te") == OPENID
    (token_url, t1), (me_url, t2) = calls
    assert token_url.startswith("https://graph.qq.com/oauth2.0/token?") and t1 == t2 == 2.5
    assert _query(token_url) == {
        "grant_type": "authorization_code",
        "client_id": "101474184",
        "client_secret": "s3cret",
        "code": "CODE9",
        "redirect_uri": MARKED,  # the same as the authorize URL's: QQ redeems the code only with it
    }
    assert me_url == "https://graph.qq.com/oauth2.0/me?access_token=TOKEN1"


def test_a_refused_code_stops_before_the_openid_is_asked_for():
    calls: list[str] = []

    def fetch(url: str, timeout: float) -> str:
        calls.append(url)
        return 'callback( {"error":100020,"error_description":"code is reused error"} );'

    with pytest.raises(qq.CodeRefused):
        qq.QQProvider(APP, fetch).openid_for("USED", "st4te")
    assert len(calls) == 1

"""Settings: one loader over the environment, its sections per context, and the checks every stage relies on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from chalicelib.captcha.settings import CaptchaSettings, get_captcha_settings
from chalicelib.core.settings import LOCAL_JWT_SECRET, EnvSettings, Settings, get_settings
from chalicelib.oauth.settings import QQSettings, get_qq_settings
from chalicelib.payments.settings import AlipaySettings, get_alipay_settings
from chalicelib.search.settings import SearchSettings, get_search_settings

# One URL setting of each section: each goes through the one http(s)-only check.
URL_SETTINGS = [
    (AlipaySettings, "ALIPAY_GATEWAY"),
    (AlipaySettings, "ALIPAY_NOTIFY_URL"),
    (QQSettings, "QQ_BASE_URL"),
    (QQSettings, "QQ_RENRAN_REDIRECT_URI"),
    (SearchSettings, "SEARCH_URL"),
    (CaptchaSettings, "CAPTCHA_ENDPOINT"),
]


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """The process's settings are read again from the environment this test sets, and again after it."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_a_deployed_function_refuses_to_start_with_the_public_development_secret(monkeypatch):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "shop-dev-APIHandler")
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(jwt_secret=LOCAL_JWT_SECRET)
    assert Settings(jwt_secret="a-real-secret-of-at-least-32-characters!").jwt_secret.startswith("a-real")


def test_the_development_secret_is_fine_outside_lambda(monkeypatch):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    monkeypatch.delenv("JWT_SECRET", raising=False)
    assert Settings().jwt_secret == LOCAL_JWT_SECRET


def test_settings_are_read_from_the_upper_cased_variables_and_an_empty_one_counts_as_unset(monkeypatch):
    monkeypatch.setenv("TABLE_PREFIX", "stage-")
    monkeypatch.setenv("AUTH_CACHE_SECONDS", "2.5")
    monkeypatch.setenv("MEDIA_BASE_URL", "")
    monkeypatch.setenv("JWT_SECRET_ARN", "")
    found = Settings()
    assert (found.table("users"), found.auth_cache_seconds) == ("stage-users", 2.5)
    assert (found.media_base_url, found.jwt_secret_arn) == ("", None)


def test_a_setting_out_of_its_bounds_stops_the_process(monkeypatch):
    monkeypatch.setenv("VISIT_SHARDS", "0")
    with pytest.raises(ValidationError, match="visit_shards"):
        Settings()


@pytest.mark.usefixtures("fresh_settings")
def test_each_context_section_is_read_once_and_kept_with_the_process_settings(monkeypatch):
    monkeypatch.setenv("ALIPAY_APP_ID", "2021000000000001")
    monkeypatch.setenv("QQ_CLIENT_ID", "qq-app")
    monkeypatch.setenv("SEARCH_INDEX_PREFIX", "stage-")
    monkeypatch.setenv("CAPTCHA_APP_ID", "7")
    alipay, qq = get_alipay_settings(), get_qq_settings()
    search, captcha = get_search_settings(), get_captcha_settings()
    assert (alipay.alipay_app_id, qq.qq_client_id) == ("2021000000000001", "qq-app")
    assert (search.index("skus"), captcha.captcha_app_id) == ("stage-skus", 7)

    # Read once: a later change of the environment is not seen, and a test's change of an attribute is.
    monkeypatch.setenv("QQ_CLIENT_ID", "another")
    qq.qq_client_id = "changed"
    assert get_qq_settings() is qq and get_qq_settings().qq_client_id == "changed"
    assert get_settings().section(QQSettings) is qq

    # Dropping the process's settings drops its sections with it.
    get_settings.cache_clear()
    assert get_qq_settings().qq_client_id == "another"


def test_a_section_is_kept_out_of_the_settings_dump():
    """The functional tests' `settings` fixture restores a dump attribute by attribute: sections must not be in it."""
    live = Settings()
    live.section(SearchSettings)
    assert not {name for name, value in live.model_dump().items() if isinstance(value, dict)}
    assert isinstance(live.section(SearchSettings), EnvSettings)


@pytest.mark.parametrize(("section", "variable"), URL_SETTINGS)
@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "example.com"])
def test_every_url_setting_refuses_anything_but_http(monkeypatch, section, variable, url):
    monkeypatch.setenv(variable, url)
    with pytest.raises(ValidationError, match=r"must be an http\(s\) URL"):
        section()


@pytest.mark.parametrize(("section", "variable"), URL_SETTINGS)
def test_every_url_setting_takes_an_https_url(monkeypatch, section, variable):
    monkeypatch.setenv(variable, "https://example.com/path")
    assert section().model_dump()[variable.lower()] == "https://example.com/path"


def test_the_search_engine_url_loses_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("SEARCH_URL", "https://search.example.com/")
    assert SearchSettings().search_url == "https://search.example.com"

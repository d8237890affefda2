"""renran-style pages (tests/e2e/renran_pages: Vue 2 + vue-router + axios, `Authorization: jwt` from storage, never
a cookie) in headless Chromium against the local stack.

The pages are written the way seed 004's renran front-end is: a hash-routed SPA on another origin
(127.0.0.1:<pages>) whose `settings.js` names the API (the only file the test serves differently), keeping the
login's token in localStorage (remembered) or sessionStorage. Tencent's captcha is the stand-in script
`js/TCaptcha.js`, whose solved tickets come from the stack's stand-in of Tencent's API, and the stack checks them
with that stand-in (conftest.py: CAPTCHA_PROVIDER=tencent). QQ returns to the pages and the reset mail links to
them (conftest.py). The test types and clicks; the pages make the calls (tests/e2e/front_end_calls/renran*.py
lists them), and every test ends checking in DevTools' Network events that no request carried a cookie.
"""

from __future__ import annotations

import secrets
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from devstack.demo_images import png
from tests.e2e.browser import chromium, text, until
from tests.e2e.conftest import DEMO_PASSWORD, LocalStack
from tests.e2e.renran_browser import (
    Account,
    Site,
    Traffic,
    api,
    api_calls,
    at,
    click,
    css,
    log_in,
    mail_link,
    new_mobile,
    register_by_api,
    route_of,
    route_query,
    sent_no_cookie,
    served,
    sms_code,
    solve_captcha,
    storage,
    through_qq,
    token_of,
    type_in,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site(stack: LocalStack) -> Iterator[Site]:
    with served(stack) as site:
        yield site


@pytest.fixture(scope="module")
def account(site: Site) -> Account:
    """An account of renran's pages made over HTTP, for the QQ binding and the password reset."""
    return register_by_api(site.stack, "荏苒读者")


def test_home_shows_the_banner_carousel_the_navigation_and_the_feed(site: Site, tmp_path: Path) -> None:
    banners = api(site.stack, "GET", "/banner/")[1]
    header, footer = api(site.stack, "GET", "/nav/header/")[1], api(site.stack, "GET", "/nav/footer/")[1]
    assert len(banners) >= 2 and header and footer, (banners, header, footer)
    traffic = Traffic()
    with chromium(tmp_path / "profile", network_log=True) as driver:
        driver.get(site.route("/"))
        # The banners read as the bare list: one shown at a time, its image loaded from the media bucket
        shown = ".banner-item:not([style*='display: none'])"
        first = until(driver, "GET /banner/ → the first banner", css(shown), fail_on=("home-error",))
        assert len(driver.find_elements(By.CSS_SELECTOR, ".banner-item")) == len(banners)
        assert first.find_element(By.CSS_SELECTOR, ".banner-title").text == banners[0]["title"]
        image = first.find_element(By.TAG_NAME, "img")
        loaded = "return arguments[0].naturalWidth"
        until(driver, "the banner's image loaded", lambda d: d.execute_script(loaded, image))
        click(driver, "banner-next")
        title = banners[1]["title"]
        until(driver, "the carousel's next banner", lambda d: d.find_element(By.CSS_SELECTOR, shown).text == title)
        click(driver, "banner-prev")
        click(driver, "banner-prev")
        title = banners[-1]["title"]
        until(driver, "back round to the last banner", lambda d: d.find_element(By.CSS_SELECTOR, shown).text == title)
        # The header's and footer's links, with their sub-links (son_list)
        for place, navs in (("nav-header", header), ("nav-footer", footer)):
            until(driver, f"GET /{place.replace('-', '/')}/", css(f"#{place} li.nav"))
            items = driver.find_elements(By.CSS_SELECTOR, f"#{place} > li.nav > a")
            assert [a.text for a in items] == [nav["name"] for nav in navs], place
            subs = driver.find_elements(By.CSS_SELECTOR, f"#{place} li.sub-nav")
            assert [s.text for s in subs] == [son["name"] for nav in navs for son in nav["son_list"]], place
        assert driver.find_element(By.CSS_SELECTOR, "#nav-header a[href='#/it/python']").text == "Python"
        # The anonymous home feed (hot articles)
        until(driver, "GET /push/article/ → the feed", css("#feed li.article"), fail_on=("home-error",))
        assert sent_no_cookie(driver, traffic, site) == []  # nobody logged in: no Authorization either


def test_a_reader_registers_with_the_captcha_and_an_sms_code_then_logs_in(site: Site, tmp_path: Path) -> None:
    mobile, password, nickname = new_mobile(), f"renran-{secrets.token_hex(4)}", f"读者{secrets.token_hex(2)}"
    traffic = Traffic()
    with chromium(tmp_path / "profile", network_log=True) as driver:
        driver.get(site.route("/"))
        click(driver, "to-register")
        # A taken mobile (demo1's) is said to be taken on blur; a free one is not
        type_in(driver, "reg-nickname", nickname)
        type_in(driver, "reg-mobile", "13900000001")
        until(driver, "GET /users/mobile/13900000001/ → 400, taken", text("reg-mobile-error", "该手机号已经被注册"))
        type_in(driver, "reg-mobile", mobile)
        until(driver, "a free mobile", lambda d: not d.find_element(By.ID, "reg-mobile-error").is_displayed())
        # The SMS code: Tencent's captcha first, its ticket checked by the API, then GET /users/sms/{mobile}/
        click(driver, "reg-send-sms")
        solve_captcha(driver, "the SMS button")
        what = "GET /users/captcha/?ticket= (checked with the stand-in) then GET /users/sms/ → 短信已发送"
        until(driver, what, text("reg-send-sms", "短信已发送"), fail_on=("register-error",))
        type_in(driver, "reg-sms-code", sms_code(site.stack, mobile))
        type_in(driver, "reg-password", password)
        click(driver, "reg-submit")
        what = "POST /users/ {nickname, mobile, sms_code, password} → home, the nickname in the header"
        until(driver, what, at("/", "user-name", nickname), fail_on=("register-error",))
        assert storage(driver, "sessionStorage", "user_token") and not storage(driver, "localStorage", "user_token")
        # The home feed by the token (hot articles: the new reader follows nobody; once shown, not shown again)
        until(driver, "the logged-in home feed", css("#feed li.article"), fail_on=("home-error",))
        # The ticket the page sent was verified with Tencent's API (the stand-in) and spent: it does not pass twice
        traffic.read(driver)
        checked = api_calls(traffic, site, "/users/captcha/")
        assert len(checked) == 1, checked
        status, answer = api(site.stack, "GET", checked[0].removeprefix(site.stack.base_url))
        assert (status, answer["errors"][0]["field"]) == (400, "ticket"), answer
        # Logged out, a wrong password is refused; the right one, remembered, logs in by the mobile
        click(driver, "logout")
        until(driver, "logout → the login view", at("/login"))
        assert not storage(driver, "sessionStorage", "user_token")
        log_in(driver, site, mobile, "not-the-password")
        until(driver, "POST /users/login/ → 400 → 用户名或密码错误", text("login-error", "用户名或密码错误"))
        log_in(driver, site, mobile, password, remember=True)
        what = "POST /users/login/ → home, the nickname in the header"
        until(driver, what, at("/", "user-name", nickname), fail_on=("login-error",))
        assert storage(driver, "localStorage", "user_token") and not storage(driver, "sessionStorage", "user_token")

        def feeds_by_token(d: Chrome) -> bool:  # after the registration and after the login
            traffic.read(d)
            feed = [r for r in traffic.to(site.stack.base_url) if "/push/article/" in r["url"] and r["method"] == "GET"]
            return len([r for r in feed if {"authorization"} & {name.lower() for name in r["sent"]}]) == 2

        until(driver, "GET /push/article/ sent with the token twice", feeds_by_token)
        assert sent_no_cookie(driver, traffic, site)


def _writer_says(driver: Chrome, what: str, message: str) -> None:
    until(driver, f"{what} → {message}", text("writer-message", message), fail_on=("writer-error",))


def test_a_writer_writes_moves_publishes_and_submits_to_a_special(site: Site, tmp_path: Path) -> None:
    stack, name = site.stack, f"游记 {secrets.token_hex(3)}"
    photo = tmp_path / "photo.png"
    photo.write_bytes(png(12, 8, (40, 90, 160)))
    traffic = Traffic()
    with chromium(tmp_path / "profile", network_log=True) as driver:
        # demo5 manages a special; the writer is behind the login, which sends the browser back to it
        driver.get(site.route("/writer"))
        until(driver, "the writer without a token → the login view", at("/login"))
        type_in(driver, "login-username", "demo5")
        type_in(driver, "login-password", DEMO_PASSWORD)
        click(driver, "login-submit")
        solve_captcha(driver, "the login")
        default = until(driver, "back to the writer: GET /article/collection/", css("#collections li.collection"))
        default_id, default_name = default.get_attribute("data-id"), default.text
        # A new 文集, selected; a new article at its top, open in the editor
        click(driver, "new-collection")
        type_in(driver, "collection-name", name)
        click(driver, "collection-submit")
        _writer_says(driver, "POST /article/collection/", "新增文集成功")
        selected = until(driver, "the new 文集 selected", css("#collections li.collection.selected"))
        assert selected.text == name
        click(driver, "new-article")
        what = "POST /article/collection/{id}/articles/ {insert, title}"
        editor = until(driver, what, css("#editor"), fail_on=("writer-error",))
        article_id = int(editor.get_attribute("data-id") or 0)
        top = driver.find_elements(By.CSS_SELECTOR, "#articles li.article")[0]
        assert top.get_attribute("data-id") == str(article_id), "insert: the new article first"
        # Title, text and an image (multipart FormData), then save
        type_in(driver, "article-title", "海边的一天")
        type_in(driver, "article-content", "# Day one\n走到了海边。\n")
        until(driver, "the file input", lambda d: d.find_element(By.ID, "image-file")).send_keys(str(photo))
        _writer_says(driver, "POST /article/image/ (the image's URL into the text)", "图片上传成功")
        content = driver.find_element(By.ID, "article-content").get_attribute("value") or ""
        image_url = content.rsplit("](", 1)[1].split(")", 1)[0]
        with urllib.request.urlopen(image_url, timeout=30) as response:
            assert response.status == 200 and response.read()[:8] == b"\x89PNG\r\n\x1a\n"
        click(driver, "article-save")
        _writer_says(driver, "PUT /article/{id}/info/", "保存成功")
        # Moved to the default 文集: gone from this one, listed there
        Select(driver.find_element(By.ID, "move-to")).select_by_visible_text(default_name)
        click(driver, "article-move")
        _writer_says(driver, "PUT /article/{id}/ {collection}", "移动文章成功")
        assert not driver.find_elements(By.CSS_SELECTOR, f"#articles li[data-id='{article_id}']")
        until(driver, f"the 文集 {default_name}", css(f"#collections li[data-id='{default_id}']")).click()
        until(driver, "the moved article listed there", css(f"#articles li[data-id='{article_id}']")).click()
        # Published (the toggle), then submitted to demo5's special
        click(driver, "article-publish")
        _writer_says(driver, "PATCH /article/{id}/", "发布成功")
        assert driver.find_element(By.CSS_SELECTOR, f"#articles li[data-id='{article_id}'] .status").text == "已发布"
        click(driver, "to-special")
        what = f"GET /article/special/?article_id={article_id} → the specials demo5 manages"
        until(driver, what, css("#specials li.special .special-post"), fail_on=("special-error",)).click()
        what = "POST /article/post/ → 已收录"
        until(driver, what, css("#specials li.special .posted"), fail_on=("special-error",))
        sent_no_cookie(driver, traffic, site)
        assert api_calls(traffic, site, "/article/image/"), "the image was not posted to the API"
    # What readers now see: public, in the default 文集, the text sanitised with its image, in the special
    status, article = api(stack, "GET", f"/article/{article_id}/retrieve/")
    assert status == 200 and article["is_public"] and article["title"] == "海边的一天", article
    assert "<h1>Day one</h1>" in article["html_content"] and f'src="{image_url}"' in article["html_content"], article
    token = token_of(stack, "demo5", DEMO_PASSWORD)
    listed = api(stack, "GET", f"/article/collection/{default_id}/articles/", token=token)[1]
    assert article_id in [a["id"] for a in listed]
    specials = api(stack, "GET", f"/article/special/?article_id={article_id}", token=token)[1]
    assert any(s["post_status"] for s in specials), specials


def test_qq_login_binds_an_account_by_password_or_a_new_one_by_sms_then_logs_straight_in(
    site: Site, account: Account, tmp_path: Path
) -> None:
    first, second = f"rr-{secrets.token_hex(4)}", f"rr-{secrets.token_hex(4)}"
    traffic = Traffic()
    with chromium(tmp_path / "profile", network_log=True) as driver:
        # An unbound QQ account: the callback view asks /oauth/qq/user/ and shows the bind forms
        through_qq(driver, site, first)
        what = "qq_callback.html → #/oauth/qq/callback: GET /oauth/qq/user/?code=&state= → unbound"
        until(driver, what, css("#qq-bind"), fail_on=("qq-error",))
        assert {"code", "state"} <= set(route_query(driver.current_url)), driver.current_url
        type_in(driver, "qq-bind-username", account.mobile)
        type_in(driver, "qq-bind-password", account.password)
        click(driver, "qq-bind-login-submit")
        what = "POST /oauth/qq/login/ (the account's password) → home, logged in"
        until(driver, what, at("/", "user-name", account.nickname), fail_on=("qq-error",))
        # Bound: the next QQ login goes straight in
        click(driver, "logout")
        through_qq(driver, site, first)
        what = "GET /oauth/qq/user/ → bound → logged in"
        until(driver, what, at("/", "user-name", account.nickname), fail_on=("qq-error",))
        # Another QQ account, bound to a new account made with an SMS code
        click(driver, "logout")
        through_qq(driver, site, second)
        until(driver, "the second QQ account unbound", css("#qq-bind"), fail_on=("qq-error",))
        mobile, nickname = new_mobile(), f"QQ{secrets.token_hex(2)}"
        type_in(driver, "qq-reg-mobile", mobile)
        type_in(driver, "qq-reg-nickname", nickname)
        type_in(driver, "qq-reg-password", f"renran-{secrets.token_hex(4)}")
        click(driver, "qq-reg-send-sms")
        until(driver, "GET /users/sms/{mobile}/", text("qq-reg-send-sms", "短信已发送"), fail_on=("qq-error",))
        type_in(driver, "qq-reg-sms-code", sms_code(site.stack, mobile))
        click(driver, "qq-reg-submit")
        until(driver, "POST /oauth/qq/reg/ → home, logged in", at("/", "user-name", nickname), fail_on=("qq-error",))
        click(driver, "logout")
        through_qq(driver, site, second)
        until(driver, "the second bound too", at("/", "user-name", nickname), fail_on=("qq-error",))
        sent_no_cookie(driver, traffic, site)
        assert len(api_calls(traffic, site, "/oauth/qq/user/")) == 4


def test_a_forgotten_password_is_reset_through_the_mailed_link(site: Site, account: Account, tmp_path: Path) -> None:
    stack, email, new_password = site.stack, f"rr-{secrets.token_hex(4)}@example.com", "renran-new-pass-1"
    # Given the account's address verified (the mail goes to verified addresses only)
    token = token_of(stack, account.mobile, account.password)
    assert api(stack, "PUT", "/emails/", {"email": email}, token)[0] == 200
    verify = mail_link(stack, email, "Verify your e-mail").removeprefix(stack.base_url)
    assert api(stack, "GET", verify)[0] == 200
    traffic = Traffic()
    with chromium(tmp_path / "profile", network_log=True) as driver:
        driver.get(site.route("/login"))
        click(driver, "to-find-password")
        type_in(driver, "find-email", email)
        click(driver, "find-submit")
        message = until(driver, "GET /users/find/password/?email= → the message", text("find-message"), ("find-error",))
        assert message == api(stack, "GET", "/users/find/password/?email=nobody%40example.com")[1]
        # The mail's link opens the reset view with its access_token
        link = mail_link(stack, email, "Reset your password")
        assert link.startswith(site.route("/password/reset?access_token=")), link
        driver.get(link)
        until(driver, "POST /users/find/password/ {access_token} → the address", text("reset-email", email))
        type_in(driver, "reset-password1", new_password)
        type_in(driver, "reset-password2", new_password)
        click(driver, "reset-submit")
        what = "PUT /users/find/password/ → the login view"
        until(driver, what, at("/login", "login-reset"), fail_on=("reset-error",))
        # The new password logs in; the old one and the spent link no longer work
        log_in(driver, site, account.mobile, new_password)
        until(driver, "login with the new password", at("/", "user-name", account.nickname), ("login-error",))
        driver.get(link)
        until(driver, "the link once only", text("reset-error"))
        assert route_of(driver.current_url) == "/password/reset"
        sent_no_cookie(driver, traffic, site)
    assert api(stack, "POST", "/users/login/", {"username": account.mobile, "password": account.password})[0] == 400
    assert api(stack, "GET", "/info/", token=token)[0] == 401, "a token from before the reset still works"
    account.password = new_password

"""Feed inputs an attacker would send: script in article HTML (stored XSS), publish times at the calendar's ends."""

from __future__ import annotations

import pytest

from chalicelib.core.clients import get_redis
from chalicelib.feed.articles.repository import ArticleModel
from chalicelib.feed.reading import hot
from tests.factories import call, follow, make_article, make_user
from tests.functional.queues import consume

pytestmark = pytest.mark.usefixtures("services")

HOSTILE = (
    '<p>hello<script>alert("xss")</script></p>'
    '<img src="/media/a.png" onerror="alert(1)" style="position:fixed">'
    '<a href="javascript:alert(document.cookie)">click</a>'
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>'
    '<p onclick="steal()">text</p>'
)
CLEANED = (
    "<p>hello</p>"
    '<img src="/media/a.png">'
    '<a rel="noopener noreferrer nofollow">click</a>'
    '<a rel="noopener noreferrer nofollow">data</a>'
    "<p>text</p>"
)
# What the renran editor (mavon-editor) makes of markdown: all of it is kept as written.
EDITOR = (
    "<h2>标题</h2><p><strong>粗</strong> <em>斜</em> <u>下划线</u> <s>删除</s> <code>x = 1</code></p>"
    '<blockquote><p>引用</p></blockquote><ul><li>一</li></ul><ol start="2"><li>二</li></ol>'
    '<pre><code class="language-python hljs"><span class="hljs-keyword">def</span> f(): pass</code></pre>'
    '<p><a href="https://example.com/x?a=1" title="t" rel="noopener noreferrer nofollow">链接</a>'
    ' <a href="mailto:a@example.com" rel="noopener noreferrer nofollow">信</a></p>'
    '<p><img src="https://cdn.example.com/a.png" alt="图" width="300"><br></p><hr>'
    '<table><thead><tr><th align="center">列</th></tr></thead><tbody><tr><td>格</td></tr></tbody></table>'
)


def _publish(client, author: dict, html: str) -> int:
    draft = {"title": "x", "content": "c", "html_content": html}
    status, body = call(client, "POST", "/article/", draft, author["token"])
    assert status == 201, body
    article_id = int(body["article"]["id"])
    assert call(client, "PATCH", f"/article/{article_id}/", token=author["token"])[0] == 200
    return article_id


def _hot_html(client, article_id: int) -> str:
    hot.forget(get_redis())
    for page in range(1, 20):
        status, body = call(client, "GET", f"/article/hot/?size=50&page={page}")
        assert status == 200, body
        found = [i["html_content"] for i in body["results"] if i["id"] == article_id]
        if found or not body["results"]:
            return found[0] if found else ""
    return ""


def test_script_handlers_and_script_urls_are_stored_and_served_without_them(client):
    # Given an author whose article HTML carries a script, an onerror handler and javascript:/data: links
    author, follower = make_user(), make_user()
    follow(client, follower["token"], author["id"])
    article_id = _publish(client, author, HOSTILE)
    consume("feed-fanout", "feed_fanout_consumer", max_batches=50)
    # Then the stored form has none of it, and every reader gets that form: an anonymous reader of the detail,
    # the hot list, and the follower's timeline and home feed
    assert ArticleModel.get(article_id).html_content == CLEANED
    status, detail = call(client, "GET", f"/article/{article_id}/retrieve/")
    assert (status, detail["html_content"]) == (200, CLEANED)
    assert _hot_html(client, article_id) == CLEANED
    timeline = call(client, "GET", "/timeline/?size=5", token=follower["token"])[1]["results"]
    assert [i["html_content"] for i in timeline if i["id"] == article_id] == [CLEANED]
    home = call(client, "GET", "/push/article/?size=5", token=follower["token"])[1]["results"]
    assert [i["html_content"] for i in home if i["id"] == article_id] == [CLEANED]


def test_the_writer_pages_save_is_sanitised_too(client):
    author = make_user()
    article = make_article(client, author["token"], publish=True)
    body = {"title": "t", "content": "c", "html_content": '<img src=x onerror="alert(1)"><script>x()</script>ok'}
    status, answer = call(client, "PUT", f"/article/{article['id']}/", body, author["token"])
    assert (status, answer["article"]["html_content"]) == (200, "<img>ok")
    assert call(client, "GET", f"/article/{article['id']}/retrieve/")[1]["html_content"] == "<img>ok"


def test_markup_the_renran_editor_makes_survives_unchanged(client):
    author = make_user()
    article_id = _publish(client, author, EDITOR)
    assert call(client, "GET", f"/article/{article_id}/retrieve/")[1]["html_content"] == EDITOR


@pytest.mark.parametrize(
    "pub_date",
    [
        "0001-01-01 00:00:00",
        "9999-12-31 23:59:59",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "2030-01-01T00:00:00+99:00",
        "1969-12-31T23:59:59+00:00",
    ],
)
def test_a_publish_time_at_the_ends_of_the_calendar_is_400_naming_pub_date(client, pub_date):
    author = make_user()
    article = make_article(client, author["token"])
    status, body = call(client, "PATCH", f"/article/{article['id']}/interval/", {"pub_date": pub_date}, author["token"])
    assert (status, [e["field"] for e in body.get("errors", [])]) == (400, ["pub_date"])
    assert call(client, "GET", f"/article/{article['id']}/retrieve/", token=author["token"])[1]["status"] == "private"

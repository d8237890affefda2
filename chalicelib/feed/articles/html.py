"""Article HTML as every reader gets it: cleaned with nh3 when written, against what the renran editor produces.

The renran writer page is mavon-editor; its markdown renders to the tags below. Anything else is dropped
(`<script>` and `<style>` with their content), as are event handlers, `style`, and URLs other than http(s)
and mailto links or http(s) and site-relative images.
"""

from __future__ import annotations

import re
from functools import cache

import nh3

TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code", "span"}
    | {"ul", "ol", "li", "strong", "b", "em", "i", "u", "ins", "s", "del", "mark", "sub", "sup"}
    | {"a", "img", "table", "thead", "tbody", "tr", "th", "td"}
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    # highlight.js marks code with classes; only its own names are kept (_HIGHLIGHT)
    "pre": {"class"},
    "code": {"class"},
    "span": {"class"},
}
# A markdown table's column alignment, kept as the attribute it is: `style` never is.
_ALIGN = {"align": {"left", "center", "right"}}
LINK_REL = "noopener noreferrer nofollow"

_LINK = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
_IMAGE = re.compile(r"(?:https?:|/(?![/\\]))", re.IGNORECASE)  # "//host" and "/\host" are other sites
_HIGHLIGHT = re.compile(r"hljs(?:-[\w-]+)?|language-[\w+#-]+")
_NUMBER = re.compile(r"[0-9]{1,5}")
_DROPPED_BY_BROWSERS = re.compile(r"[\t\n\r]")  # removed from a URL wherever they occur, so "/\t/host" is "//host"


def _url(tag: str, value: str) -> str | None:
    url = _DROPPED_BY_BROWSERS.sub("", value).strip()
    return url if (_LINK if tag == "a" else _IMAGE).match(url) else None


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Each kept attribute's value, or None to drop it (nh3 has already checked tag, name and URL scheme)."""
    if name in ("href", "src"):
        return _url(tag, value)
    if name == "class":
        return " ".join(c for c in value.split() if _HIGHLIGHT.fullmatch(c)) or None
    if name in ("width", "height", "start"):
        return value.strip() if _NUMBER.fullmatch(value.strip()) else None
    return value


def _site_relative(url: str) -> str | None:
    # The last word on relative URLs: only a path on this site, never a page-relative or scheme-relative one.
    return url if url.startswith("/") and url[1:2] not in ("/", "\\") else None


@cache
def _cleaner() -> nh3.Cleaner:
    # Built on first use, once per container.
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={"th": _ALIGN, "td": _ALIGN},
        attribute_filter=_attribute,
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
        url_relative=_site_relative,
    )


def sanitise(html: str) -> str:
    """The HTML to store: the allowed markup of `html`, everything else removed."""
    return _cleaner().clean(html) if html else ""

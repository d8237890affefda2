"""Multipart form parsing and image sniffing: what browsers send is read whole; anything else is a 4xx naming why."""

from __future__ import annotations

import pytest

from chalicelib.core.errors import InvalidInput, UnsupportedMediaType
from chalicelib.media import multipart
from chalicelib.media.article_images import sniffed_type

BOUNDARY = "----WebKitFormBoundaryX3a"
TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def _body(*parts: bytes) -> bytes:
    return b"".join(b"--" + BOUNDARY.encode() + b"\r\n" + p + b"\r\n" for p in parts) + f"--{BOUNDARY}--\r\n".encode()


FILE = b'Content-Disposition: form-data; name="image"; filename="\xe5\x9b\xbe.png"\r\nContent-Type: image/png\r\n\r\n'


def test_a_browsers_form_is_read_with_binary_data_intact():
    data = b"\x89PNG\r\n\x1a\n\r\n--not-the-boundary\r\n\x00\xff"
    fields = multipart.parse(TYPE, _body(FILE + data, b'Content-Disposition: form-data; name="title"\r\n\r\nhi'))
    image = fields["image"]
    assert (image.filename, image.content_type, image.data) == ("图.png", "image/png", data)
    assert (fields["title"].filename, fields["title"].data) == (None, b"hi")


def test_a_quoted_boundary_and_an_epilogue_are_read():
    body = _body(FILE + b"x") + b"epilogue"
    assert multipart.parse(f'multipart/form-data; charset=utf-8; boundary="{BOUNDARY}"', body)["image"].data == b"x"


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain; boundary=x", "multipart/mixed; boundary=abc", ""]
)
def test_another_type_is_415(content_type):
    with pytest.raises(UnsupportedMediaType):
        multipart.parse(content_type, _body(FILE))


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=" + "a" * 71],
)
def test_a_missing_or_invalid_boundary_is_400(content_type):
    with pytest.raises(InvalidInput) as raised:
        multipart.parse(content_type, _body(FILE))
    assert raised.value.extra["errors"][0]["field"] == "Content-Type"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        _body(FILE)[:-10],  # never closed
        b"preamble" + _body(FILE),
        _body(b"Content-Disposition: form-data\r\n\r\nx"),  # no name
        _body(b'Content-Disposition: attachment; name="image"\r\n\r\nx'),
        _body(b"no headers at all"),
        _body(b"Bad header line\r\n\r\nx"),
        _body(b'Content-Disposition: form-data; name="\xff"\r\n\r\nx'),
        _body(*[b'Content-Disposition: form-data; name="f%d"\r\n\r\nx' % n for n in range(multipart.MAX_PARTS + 1)]),
    ],
)
def test_a_malformed_form_is_400_naming_body(body):
    with pytest.raises(InvalidInput) as raised:
        multipart.parse(TYPE, body)
    assert raised.value.extra["errors"] == [{"field": "body", "message": raised.value.extra["errors"][0]["message"]}]


def test_a_field_given_twice_is_400_naming_it():
    with pytest.raises(InvalidInput) as raised:
        multipart.parse(TYPE, _body(FILE + b"a", FILE + b"b"))
    assert raised.value.extra["errors"][0]["field"] == "image"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nrest", "image/png"),
        (b"GIF87a...", "image/gif"),
        (b"GIF89a...", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
        (b"", None),
    ],
)
def test_the_type_is_read_from_the_signature(data, kind):
    assert sniffed_type(data) == kind

"""A multipart/form-data body (RFC 7578) split into its fields: strict, bounded, and never a 5xx on any input.

Browsers send one part per field, each with `Content-Disposition: form-data; name="…"` (and `filename` for a file),
parts separated by `--boundary` lines and the body closed by `--boundary--`. Anything else is a 400 naming `body`.
"""

from __future__ import annotations

import re
from email.message import Message
from typing import NamedTuple

from chalicelib.core.errors import InvalidInput, UnsupportedMediaType

FORM_DATA = "multipart/form-data"
MAX_PARTS = 10
MAX_HEADER_BYTES = 2048  # a part's header block; browsers send two short lines
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")  # RFC 2046's bchars


class Part(NamedTuple):
    """One field of the form: its name, the file name a browser gave (None for a plain field), its type and bytes."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


def _malformed(message: str) -> InvalidInput:
    return InvalidInput([{"field": "body", "message": message}])


def boundary_of(content_type: str) -> str:
    """The boundary a multipart/form-data Content-Type names; 415 for any other type, 400 for a bad boundary."""
    header = Message()
    header["content-type"] = content_type
    if header.get_content_type() != FORM_DATA:
        errors = [{"field": "Content-Type", "message": f"must be {FORM_DATA}"}]
        raise UnsupportedMediaType(f"send the image as a form with Content-Type: {FORM_DATA}", errors=errors)
    boundary = header.get_param("boundary")
    if not isinstance(boundary, str) or not _BOUNDARY.fullmatch(boundary):
        raise InvalidInput([{"field": "Content-Type", "message": "must name a valid multipart boundary"}])
    return boundary


def _part(chunk: bytes) -> Part:
    head, separator, data = chunk.partition(b"\r\n\r\n")
    if not separator or len(head) > MAX_HEADER_BYTES:
        raise _malformed("a form part without its headers")
    headers = Message()
    try:
        lines = head.decode("utf-8").split("\r\n")
    except UnicodeDecodeError:
        raise _malformed("a form part's headers are not UTF-8") from None
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise _malformed("a form part's header is malformed")
        headers[name.strip()] = value.strip()
    if headers.get_content_disposition() != "form-data":
        raise _malformed("every part must be Content-Disposition: form-data")
    field = headers.get_param("name", header="content-disposition")
    filename = headers.get_filename()
    if not isinstance(field, str) or not field:
        raise _malformed("a form part without a name")
    return Part(field, filename, headers.get_content_type() if "content-type" in headers else "", data)


def parse(content_type: str, body: bytes) -> dict[str, Part]:
    """The fields of a multipart/form-data body by name; 400 for a malformed body or a field given twice."""
    boundary = boundary_of(content_type).encode("ascii")
    # Every delimiter is CRLF + "--" + boundary; the first one starts the body, so give it its CRLF.
    chunks = (b"\r\n" + body).split(b"\r\n--" + boundary)
    preamble, parts, closing = chunks[0], chunks[1:-1], chunks[-1] if len(chunks) > 1 else b""
    if preamble or not closing.startswith(b"--") or len(parts) > MAX_PARTS:
        raise _malformed(f"not a form of at most {MAX_PARTS} fields closed by its boundary")
    fields: dict[str, Part] = {}
    for chunk in parts:
        if not chunk.startswith(b"\r\n"):
            raise _malformed("a boundary followed by more than a line break")
        part = _part(chunk[2:])
        if part.name in fields:
            raise InvalidInput([{"field": part.name, "message": "given more than once"}])
        fields[part.name] = part
    return fields

"""The course front-ends' calls as data: what each page sends and which fields of the answer it reads.

Each project's module lists its pages' calls in the order a user walks through them; the replay test
(`tests/e2e/test_front_end_replay.py`) sends them to the running stack from the pages' origin. `source` names
where the call comes from: a seed file and page, or the public front-end page the contract keeps the paths of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Ref:
    """A value the walk learned from an earlier answer (an id, a code, a whole object), sent as the page holds it."""

    name: str
    text: bool = False  # the page holds it as a string: taken from its URL or an input


@dataclass(frozen=True)
class Upload:
    """A body sent as the page's FormData: one file in a multipart/form-data form (mavon-editor's image)."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Outbox:
    """Not a call: the user reads the SMS code sent to the mobile the walk knows as `mobile`."""

    mobile: str = "mobile"
    keep: str = "sms_code"


@dataclass(frozen=True)
class Captcha:
    """Not a call: the user solves Tencent's captcha, whose script hands the page a ticket and randstr (kept as
    `captcha_ticket` and `captcha_randstr`, URL-encoded as axios sends them) for the API's check."""


@dataclass(frozen=True)
class Call:
    """One call a page makes, and what it reads of the answer.

    `path` and `body` name earlier values as `{name}` (in the path) or `Ref` (in the body); a path that is a
    lone `{name}` is a URL an earlier answer gave (DRF's `next`). `reads` are the fields the page reads, as
    dotted paths with `[i]` for list items and `*` for the first value of an object keyed by ids; a trailing
    `!` means the page needs a value, not null (an image it shows). `keep` stores answer fields for later calls.
    """

    source: str
    method: str
    path: str
    body: Mapping[str, Any] | Ref | Upload | None = None  # a Ref: a whole object from an earlier answer, sent back
    auth: str = ""  # the token's scheme as the page writes it ("JWT", "jwt"); empty: no Authorization header
    reads: tuple[str, ...] = ()
    status: int = 200
    keep: Mapping[str, str] = field(default_factory=dict)
    deviation: str = ""  # the contract's written deviation this call relies on, quoted
    poll: tuple[str, tuple[Any, ...]] | None = None  # repeat while the field's value is one of these


Step = Call | Outbox | Captcha

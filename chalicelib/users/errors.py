"""The users context's refusals that pages tell apart by HTTP status."""

from __future__ import annotations

from chalicelib.core.errors import AppError


class LoginRefused(AppError):
    """A refused login as pages that show 用户名或密码错误 for a 400 read it (seed 001's session edition, renran)."""

    status, code, default_message = 400, "4004", "wrong username or password"


class MobileTaken(AppError):
    """Renran's register page asks whether a mobile is free and reads any 400 as "taken"."""

    status, code, default_message = 400, "4003", "this mobile number is registered already"

    def __init__(self) -> None:
        super().__init__(errors=[{"field": "mobile", "message": "taken"}])

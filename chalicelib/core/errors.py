"""The domain error hierarchy; each error carries the contract's HTTP status and code."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    """Base of every error the API answers on purpose."""

    status = 500
    code = "5000"
    default_message = "internal error"

    def __init__(self, message: str | None = None, **extra: Any) -> None:
        super().__init__(message or self.default_message)
        self.message = message or self.default_message
        self.extra = extra


class InvalidInput(AppError):
    status, code, default_message = 400, "4003", "invalid parameters"

    def __init__(self, errors: list[dict[str, str]], message: str | None = None) -> None:
        super().__init__(message, errors=errors)


class BodyTooLarge(AppError):
    status, code, default_message = 413, "4003", "request body too large"


class UnsupportedMediaType(AppError):
    status, code, default_message = 415, "4003", "send the body as JSON with Content-Type: application/json"


class MethodNotAllowed(AppError):
    status, code, default_message = 405, "4003", "method not allowed on this path"


class TooFrequent(AppError):
    status, code, default_message = 429, "4002", "too many requests, try again later"

    def __init__(self, message: str | None = None, retry_after: int = 60, **extra: Any) -> None:
        super().__init__(message, **extra)
        # Seconds until a retry can succeed: sent as the Retry-After header of the 429.
        self.retry_after = max(int(retry_after), 1)


class WrongCredentials(AppError):
    status, code, default_message = 401, "4004", "wrong username or password"


class PasswordsDiffer(AppError):
    status, code, default_message = 400, "4006", "the two passwords differ"


class InvalidMobile(AppError):
    status, code, default_message = 400, "4007", "invalid mobile number"


class WrongSmsCode(AppError):
    status, code, default_message = 400, "4008", "SMS code wrong, used or expired"


class AgreementNotAccepted(AppError):
    status, code, default_message = 400, "4009", "the user agreement must be accepted"


class NotAuthenticated(AppError):
    status, code, default_message = 401, "4101", "not logged in"


class Forbidden(AppError):
    status, code, default_message = 403, "4103", "not allowed"


class NotFound(AppError):
    status, code, default_message = 404, "4404", "not found"


class Conflict(AppError):
    status, code, default_message = 409, "4409", "conflict"


class OutOfStock(AppError):
    status, code, default_message = 409, "5007", "stock insufficient"


class BadGateway(AppError):
    """An outside service (QQ, Alipay) answered with an error or nonsense: not the caller's fault, not ours."""

    status, code, default_message = 502, "5020", "an outside service answered with an error, retry later"


class ServiceUnavailable(AppError):
    status, code, default_message = 503, "5030", "a backing service is unavailable, retry later"


def field_error(field: str, message: str) -> InvalidInput:
    """A 400 naming one bad field."""
    return InvalidInput([{"field": field, "message": message}])

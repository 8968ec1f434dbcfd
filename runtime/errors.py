"""Errors of the core, and the one JSON shape every API error takes.

::

    TrunklineError                 500 internal
     ├── BadRequest                400 bad_request      (malformed JSON, bad parameters)
     ├── Unauthorized              401 unauthorized     (no or bad credentials)
     ├── Forbidden                 403 forbidden        (authenticated, not allowed; CSRF)
     ├── NotFound                  404 not_found
     ├── Conflict                  409 conflict         (unique names, state clashes)
     ├── PayloadTooLarge           413 payload_too_large
     ├── ValidationFailed          422 validation_error (details: [{path, message}, ...])
     └── RateLimited               429 rate_limited     (login throttling)

Views raise these; only the exception handlers in ``runtime.handlers`` turn them into
responses. Feature packages derive their own trees from :class:`TrunklineError`.
"""

from __future__ import annotations

from typing import Any


class TrunklineError(Exception):
    status_code = 500
    code = "internal"
    default_message = "Internal error"

    def __init__(self, message: str | None = None, details: Any = None) -> None:
        self.message = message or self.default_message
        self.details = details
        super().__init__(self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class BadRequest(TrunklineError):
    status_code = 400
    code = "bad_request"
    default_message = "Bad request"


class Unauthorized(TrunklineError):
    status_code = 401
    code = "unauthorized"
    default_message = "Authentication required"


class Forbidden(TrunklineError):
    status_code = 403
    code = "forbidden"
    default_message = "You are not allowed to do this"


class NotFound(TrunklineError):
    status_code = 404
    code = "not_found"
    default_message = "Not found"


class Conflict(TrunklineError):
    status_code = 409
    code = "conflict"
    default_message = "Conflict"


class PayloadTooLarge(TrunklineError):
    status_code = 413
    code = "payload_too_large"
    default_message = "Request body too large"


class ValidationFailed(TrunklineError):
    """Input failed validation; ``details`` lists ``{"path", "message"}`` per bad field."""

    status_code = 422
    code = "validation_error"
    default_message = "Invalid input"

    @classmethod
    def field(cls, path: str, message: str) -> ValidationFailed:
        return cls(f"{path}: {message}", [{"path": path, "message": message}])


class RateLimited(TrunklineError):
    status_code = 429
    code = "rate_limited"
    default_message = "Too many attempts; try again later"

    def __init__(self, message: str | None = None, retry_after: int = 60) -> None:
        super().__init__(message, {"retry_after": retry_after})
        self.retry_after = retry_after

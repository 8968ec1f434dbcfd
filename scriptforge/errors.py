"""Errors of ScriptForge invocations, as HTTP callers see them.

::

    TrunklineError
     ├── ScriptRejected   the script failed the call on purpose: ``throw new Error('480 …')``
     │                    or ``Promise.reject([604, '…'])``; HTTP status by :func:`http_status`
     ├── ScriptFailed     500 script_error: the script threw, or broke a rule of the sandbox
     │    ├── ScriptTimeout       504 script_timeout (CPU or wall-clock limit)
     │    └── ScriptOutOfMemory   500 script_memory
     └── (runtime's) RateLimited, NotFound, Unauthorized, Forbidden for the endpoint itself

Rejection codes are SIP-style. Over HTTP they map to: the same code when it is a standard
HTTP 4xx (401, 403, 404, 408, 409, 410, 413, 415, 422, 429); other 4xx → 422; 5xx → 503;
6xx (global refusals such as 603 Decline, 604 DNC) → 403. The original code is always in
``details.sip_code``.
"""

from __future__ import annotations

from typing import Any

from runtime.errors import TrunklineError

SAME_HTTP = frozenset({401, 403, 404, 408, 409, 410, 413, 415, 422, 429})


def http_status(code: int) -> int:
    """The HTTP status for a rejection code.

    >>> [http_status(c) for c in (404, 480, 503, 604)]
    [404, 422, 503, 403]
    """
    if code in SAME_HTTP:
        return code
    if 400 <= code < 500:
        return 422
    if 500 <= code < 600:
        return 503
    if 600 <= code < 700:
        return 403
    return 422


class ScriptRejected(TrunklineError):
    code = "rejected"
    default_message = "The script rejected the request"

    def __init__(self, sip_code: int, reason: str, details: dict[str, Any]) -> None:
        super().__init__(
            reason or f"Rejected with {sip_code}",
            {"sip_code": sip_code, "reason": reason, **details},
        )
        self.status_code = http_status(sip_code)


class ScriptFailed(TrunklineError):
    status_code = 500
    code = "script_error"
    default_message = "The script failed"


class ScriptTimeout(ScriptFailed):
    status_code = 504
    code = "script_timeout"
    default_message = "The script ran out of time"


class ScriptOutOfMemory(ScriptFailed):
    code = "script_memory"
    default_message = "The script ran out of memory"

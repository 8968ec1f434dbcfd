"""The browser session (a signed cookie) and its CSRF token.

The cookie holds only ids: ``kind`` (operator/customer), ``uid``, ``sv`` (the user's
session version, bumped to sign out everywhere) and ``csrf``. Every state-changing request
authenticated by this cookie must echo the CSRF token, as a form field or an
``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Any

from starlette.requests import Request

from runtime.errors import Forbidden

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(str(expected), submitted):
        raise Forbidden(
            "CSRF token missing or invalid; reload the page and try again", {"reason": "csrf"}
        )


def start_session(request: Request, kind: str, user: Any) -> None:
    """Replace the session with a fresh one for ``user`` (prevents session fixation)."""
    request.session.clear()
    request.session.update(
        {"kind": kind, "uid": user.id, "sv": user.session_version, "at": int(time.time())}
    )
    csrf_token(request)


def end_session(request: Request) -> None:
    request.session.clear()


def session_identity(request: Request) -> tuple[str, int, int] | None:
    """``(kind, user id, session version)`` from the cookie, or ``None``."""
    if "session" not in request.scope:
        return None
    data = request.session
    if "uid" not in data or "kind" not in data:
        return None
    try:
        return str(data["kind"]), int(data["uid"]), int(data.get("sv", 0))
    except (TypeError, ValueError):
        return None

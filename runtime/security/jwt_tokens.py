"""JSON Web Tokens for the API: short access tokens and rotating refresh tokens.

Claims: ``sub`` (``operator:<id>`` or ``customer:<id>``), ``typ`` (``access``/``refresh``),
``jti``, ``iat``, ``exp``; refresh tokens also carry ``fam`` (the family of one login).
This module is pure: storage of families and revocations lives in ``runtime.services.tokens``.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

import jwt

from runtime.errors import Unauthorized

ALGORITHM = "HS256"
ISSUER = "trunkline"


@dataclass(frozen=True)
class Claims:
    subject: str
    kind: str
    jti: str
    issued_at: int
    expires_at: int
    family: str | None = None
    #: The principal's session version when issued; a password change or deactivation
    #: bumps it, which ends every token issued before.
    version: int | None = None

    @property
    def principal(self) -> tuple[str, int]:
        ptype, _, pid = self.subject.partition(":")
        return ptype, int(pid)


def new_jti() -> str:
    return secrets.token_hex(16)


def encode(
    secret_key: str,
    subject: str,
    kind: str,
    ttl: int,
    *,
    family: str | None = None,
    version: int | None = None,
    now: float | None = None,
) -> tuple[str, Claims]:
    issued = int(time.time() if now is None else now)
    claims = Claims(subject, kind, new_jti(), issued, issued + ttl, family, version)
    payload: dict[str, Any] = {
        "iss": ISSUER,
        "sub": subject,
        "typ": kind,
        "jti": claims.jti,
        "iat": claims.issued_at,
        "exp": claims.expires_at,
    }
    if family:
        payload["fam"] = family
    if version is not None:
        payload["sv"] = version
    return jwt.encode(payload, secret_key, algorithm=ALGORITHM), claims


def decode(secret_key: str, token: str, kind: str) -> Claims:
    """Verify signature, expiry, issuer and type; raise :class:`Unauthorized` otherwise."""
    try:
        payload = jwt.decode(
            token,
            secret_key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "jti", "typ"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("Token expired") from None
    except jwt.InvalidTokenError:
        raise Unauthorized("Invalid token") from None
    if payload.get("typ") != kind:
        raise Unauthorized(f"Not an {kind} token" if kind == "access" else f"Not a {kind} token")
    sub = str(payload["sub"])
    ptype, sep, pid = sub.partition(":")
    if not sep or not pid.isdigit() or ptype not in {"operator", "customer"}:
        raise Unauthorized("Invalid token")
    version = payload.get("sv")
    return Claims(
        sub,
        kind,
        str(payload["jti"]),
        int(payload["iat"]),
        int(payload["exp"]),
        payload.get("fam"),
        version if isinstance(version, int) else None,
    )

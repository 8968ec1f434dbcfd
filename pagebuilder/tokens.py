"""Page tokens: what a page's script shows the server instead of the viewer's session.

An app page runs its author's JavaScript in the viewer's browser. That script must reach the
page's own data sources, datasets and functions, and nothing else the viewer could reach.
So page documents are served in a sandbox (an opaque origin: the session cookie is not sent
with the script's requests, and operator pages cannot be read), and the script authenticates
with a short-lived token naming exactly one page, the viewer and the viewer's session version.

The token is an HS256 JWT of type ``page`` under a key derived from the secret key for this
purpose only; the operator API accepts ``access`` tokens alone, so a page token opens nothing
there (and an access token opens no page endpoint).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

import jwt

from runtime.errors import Unauthorized

TTL = 15 * 60
KIND = "page"


@dataclass(frozen=True)
class PageClaims:
    app_id: int
    page: str
    #: ``operator:<id>``, ``customer:<id>`` or ``anonymous``.
    viewer: str
    #: The viewer's session version (signing out everywhere ends the token).
    version: int
    expires: int
    #: Issued for the draft (an editor's preview), not the live version.
    draft: bool = False


def _key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), b"trunkline page tokens", hashlib.sha256).digest()


def issue(
    secret_key: str,
    app_id: int,
    page: str,
    viewer: str,
    version: int = 0,
    *,
    draft: bool = False,
) -> str:
    now = int(time.time())
    claims = {
        "typ": KIND,
        "app": app_id,
        "page": page,
        "sub": viewer,
        "ver": version,
        "draft": draft,
        "iat": now,
        "exp": now + TTL,
    }
    return jwt.encode(claims, _key(secret_key), algorithm="HS256")


def verify(secret_key: str, token: str, app_id: int, page: str) -> PageClaims:
    """The claims of a valid token for this page, else :class:`Unauthorized`."""
    try:
        claims = jwt.decode(
            token,
            _key(secret_key),
            algorithms=["HS256"],
            options={"require": ["exp", "typ", "app", "page", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The page token expired; reload the page") from None
    except jwt.PyJWTError:
        raise Unauthorized("Not a valid page token") from None
    if claims.get("typ") != KIND or claims["app"] != app_id or claims["page"] != page:
        raise Unauthorized("The token belongs to another page")
    return PageClaims(
        app_id,
        page,
        str(claims["sub"]),
        int(claims.get("ver", 0)),
        int(claims["exp"]),
        bool(claims.get("draft", False)),
    )

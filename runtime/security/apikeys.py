"""API key format and hashing.

A key reads ``tk_<prefix>_<secret>``. The prefix (public, unique) finds the row; only a
SHA-256 of the whole key is stored — keys are 256-bit random, so a slow hash adds nothing.

>>> key = new_key()
>>> parse_prefix(key.secret) == key.prefix
True
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_MARK = "tk"


@dataclass(frozen=True)
class NewKey:
    prefix: str
    secret: str
    digest: str


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> NewKey:
    prefix = secrets.token_hex(6)
    secret = f"{KEY_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(prefix=prefix, secret=secret, digest=digest(secret))


def parse_prefix(key: str) -> str | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_MARK or not parts[1] or not parts[2]:
        return None
    return parts[1]


def matches(key: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(key), stored_digest)

"""Encryption at rest for secrets we must use again (a carrier's SIP credentials).

Passwords we only check are hashed (:mod:`runtime.security.passwords`); secrets we send on
are sealed with AES-256-GCM under a key derived (HKDF-SHA256) from ``settings.secret_key``,
so a database dump alone reveals nothing. A sealed value is ``v1.<base64url(nonce|ct)>``;
changing the secret key makes old values unreadable (:class:`SecretUnreadable`).

>>> box = SecretBox("k" * 32)
>>> box.open(box.seal("s3cret"))
's3cret'
>>> box.seal("s3cret") != box.seal("s3cret")
True
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from runtime.errors import TrunklineError

__all__ = ["SecretBox", "SecretUnreadable"]

_VERSION = "v1"
_INFO = b"trunkline secretbox v1"
_NONCE = 12


class SecretUnreadable(TrunklineError):
    """A sealed value that this key cannot open (another secret key, or tampered)."""

    default_message = "A stored secret cannot be decrypted with this server's secret key"


class SecretBox:
    """Seals and opens short secrets with a key derived from the server's secret key."""

    __slots__ = ("_aead",)

    def __init__(self, secret_key: str) -> None:
        if len(secret_key) < 16:
            raise ValueError("secret_key too short to derive an encryption key")
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
            secret_key.encode()
        )
        self._aead = AESGCM(key)

    @classmethod
    def for_settings(cls, settings: Any) -> SecretBox:
        return cls(settings.secret_key)

    def seal(self, plaintext: str) -> str:
        nonce = os.urandom(_NONCE)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), _VERSION.encode())
        return f"{_VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"

    def open(self, token: str) -> str:
        version, _, body = token.partition(".")
        if version != _VERSION or not body:
            raise SecretUnreadable("Not a sealed value")
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            return self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], _VERSION.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise SecretUnreadable() from exc

    def seal_json(self, value: Any) -> str:
        return self.seal(json.dumps(value, separators=(",", ":"), sort_keys=True))

    def open_json(self, token: str) -> Any:
        return json.loads(self.open(token))

"""API keys: create (the secret is returned once), list, revoke, authenticate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound
from runtime.models import ApiKey, User
from runtime.security import apikeys
from runtime.services import audit

# Writing last_used_at on every request would turn reads into writes; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def snapshot(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "user_id": key.user_id,  # type: ignore[attr-defined]
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
    }


async def create_key(
    actor: Principal, user: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """Create a key for ``user``; return the row and the secret (never stored)."""
    new = apikeys.new_key()
    async with in_transaction() as conn:
        key = await ApiKey.create(
            user=user,
            name=name,
            prefix=new.prefix,
            key_hash=new.digest,
            expires_at=expires_at,
            using_db=conn,
        )
        await audit.record(
            actor,
            "apikey.create",
            "apikey",
            key.id,
            f"{name} ({new.prefix})",
            after=snapshot(key) | {"owner": user.username},
            using_db=conn,
        )
    return key, new.secret


async def get_key(key_id: int, owner_id: int | None = None) -> ApiKey:
    query = ApiKey.filter(id=key_id)
    if owner_id is not None:
        query = query.filter(user_id=owner_id)
    key = await query.first()
    if key is None:
        raise NotFound(f"No API key with id {key_id}")
    return key


async def revoke_key(actor: Principal, key_id: int, owner_id: int | None = None) -> ApiKey:
    key = await get_key(key_id, owner_id)
    if key.revoked_at is not None:
        raise Conflict("This key is already revoked")
    async with in_transaction() as conn:
        before = snapshot(key)
        key.revoked_at = datetime.now(UTC)
        await key.save(update_fields=["revoked_at"], using_db=conn)
        await audit.record(
            actor,
            "apikey.revoke",
            "apikey",
            key.id,
            str(key),
            before=before,
            after=snapshot(key),
            using_db=conn,
        )
    return key


async def authenticate(secret: str) -> User | None:
    """The active owner of a valid, unrevoked, unexpired key, or ``None``."""
    prefix = apikeys.parse_prefix(secret)
    if prefix is None:
        return None
    key = await ApiKey.get_or_none(prefix=prefix).select_related("user")
    if key is None or not apikeys.matches(secret, key.key_hash):
        return None
    now = datetime.now(UTC)
    if key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= now):
        return None
    if not key.user.is_active:
        return None
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        await ApiKey.filter(id=key.id).update(last_used_at=now)
    return key.user

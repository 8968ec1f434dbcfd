"""Issuing, rotating and revoking API tokens (JWT access + refresh).

Every login starts a refresh-token *family*. Refreshing spends the presented token and
issues a new pair in the same family. Presenting a spent refresh token again means it was
copied: the whole family is revoked and the caller must log in again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Unauthorized
from runtime.models import PrincipalType, RefreshToken, RevokedToken
from runtime.security import jwt_tokens
from runtime.services import audit


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"


def _ts(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


async def issue_pair(
    secret_key: str,
    principal: Principal,
    access_ttl: int,
    refresh_ttl: int,
    family: str | None = None,
    version: int | None = None,
) -> TokenPair:
    """A new access + refresh pair; ``version`` is the principal's session version."""
    subject = f"{principal.type.value}:{principal.id}"
    family = family or jwt_tokens.new_jti()
    access, _ = jwt_tokens.encode(secret_key, subject, "access", access_ttl, version=version)
    refresh, claims = jwt_tokens.encode(
        secret_key, subject, "refresh", refresh_ttl, family=family, version=version
    )
    await RefreshToken.create(
        jti=claims.jti,
        family=family,
        principal_type=principal.type,
        principal_id=principal.id,
        issued_at=_ts(claims.issued_at),
        expires_at=_ts(claims.expires_at),
    )
    return TokenPair(access, refresh, access_ttl)


async def rotate(secret_key: str, refresh_token: str) -> tuple[jwt_tokens.Claims, str]:
    """Spend a refresh token; return its claims and family for the new pair.

    Raises :class:`Unauthorized` for unknown, expired, revoked or reused tokens; reuse also
    revokes the family.
    """
    claims = jwt_tokens.decode(secret_key, refresh_token, "refresh")
    now = datetime.now(UTC)
    async with in_transaction() as conn:
        row = await RefreshToken.select_for_update().using_db(conn).get_or_none(jti=claims.jti)
        if row is None:
            raise Unauthorized("Unknown refresh token")
        if row.revoked_at is not None:
            raise Unauthorized("Refresh token revoked")
        if row.used_at is not None:
            await (
                RefreshToken.filter(family=row.family, revoked_at=None)
                .using_db(conn)
                .update(revoked_at=now)
            )
            reuse = True
        else:
            row.used_at = now
            await row.save(update_fields=["used_at"], using_db=conn)
            reuse = False
    if reuse:
        ptype, pid = claims.principal
        await audit.record(
            Principal(type=PrincipalType(ptype), id=pid, name=f"{ptype}:{pid}", via="jwt"),
            "token.reuse_detected",
            "token_family",
            row.family,
            "refresh token reused",
        )
        raise Unauthorized("Refresh token already used; all tokens of this login are revoked")
    return claims, row.family


async def revoke_access(claims: jwt_tokens.Claims) -> None:
    await RevokedToken.get_or_create(
        jti=claims.jti, defaults={"expires_at": _ts(claims.expires_at)}
    )


async def revoke_family(family: str) -> int:
    return await RefreshToken.filter(family=family, revoked_at=None).update(
        revoked_at=datetime.now(UTC)
    )


async def is_revoked(jti: str) -> bool:
    return await RevokedToken.exists(jti=jti)


async def purge_expired() -> int:
    """Forget revocations and refresh tokens past their expiry (run periodically)."""
    now = datetime.now(UTC)
    gone = await RevokedToken.filter(expires_at__lt=now).delete()
    return gone + await RefreshToken.filter(expires_at__lt=now).delete()

"""Expired refresh tokens and revocations are forgotten; live ones are kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from runtime.models import PrincipalType, RefreshToken, RevokedToken
from runtime.services import tokens


async def test_purge_expired_keeps_live_records(db: str) -> None:
    now = datetime.now(UTC)
    for jti, delta in (("old", -60), ("live", 3600)):
        await RefreshToken.create(
            jti=jti,
            family="f",
            principal_type=PrincipalType.OPERATOR,
            principal_id=1,
            issued_at=now - timedelta(hours=2),
            expires_at=now + timedelta(seconds=delta),
        )
        await RevokedToken.create(jti=f"access-{jti}", expires_at=now + timedelta(seconds=delta))

    assert await tokens.purge_expired() == 2

    assert await RefreshToken.all().values_list("jti", flat=True) == ["live"]
    assert await RevokedToken.all().values_list("jti", flat=True) == ["access-live"]
    assert await tokens.is_revoked("access-live")
    assert not await tokens.is_revoked("access-old")

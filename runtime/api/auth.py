"""``/api/v1/auth``: JWT issue, refresh (rotating) and revocation; ``/api/v1/me``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from runtime import context
from runtime.api.framework import Api, Call
from runtime.auth.login import login_customer, login_operator
from runtime.auth.permissions import ROLE_PERMISSIONS, Permission
from runtime.auth.resolve import customer_principal, operator_principal
from runtime.errors import Unauthorized
from runtime.models import CustomerUser, PrincipalType, User
from runtime.security import jwt_tokens
from runtime.services import tokens

api = Api()


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1024)
    principal: Literal["operator", "customer"] = Field(
        "operator", description="'customer' logs in a customer-portal user by email"
    )


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str = Field(min_length=1)


class RevokeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(min_length=1, description="an access or a refresh token")


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds until the access token expires")


class MeResponse(BaseModel):
    type: PrincipalType
    id: int
    name: str
    role: str | None
    customer_id: int | None
    authenticated_by: str
    permissions: list[str]
    last_login_at: datetime | None = None


def _settings(call: Call) -> tuple[str, int, int]:
    s = call.request.app.state.settings
    return s.secret_key, s.access_token_ttl, s.refresh_token_ttl


@api.route(
    "POST",
    "/auth/token",
    name="auth.token",
    permission=None,
    body=TokenRequest,
    response=TokenResponse,
    tag="auth",
    errors=(401, 429),
)
async def issue_token(call: Call) -> TokenResponse:
    """Exchange a username and password for an access and a refresh token."""
    body: TokenRequest = call.body
    throttle = call.request.app.state.throttle
    ip = context.client_ip.get()
    account: User | CustomerUser
    if body.principal == "customer":
        account = await login_customer(throttle, body.username, body.password, ip)
        principal = customer_principal(account, "jwt")
    else:
        account = await login_operator(throttle, body.username, body.password, ip)
        principal = operator_principal(account, "jwt")
    secret, access_ttl, refresh_ttl = _settings(call)
    pair = await tokens.issue_pair(
        secret, principal, access_ttl, refresh_ttl, version=account.session_version
    )
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@api.route(
    "POST",
    "/auth/refresh",
    name="auth.refresh",
    permission=None,
    body=RefreshRequest,
    response=TokenResponse,
    tag="auth",
    errors=(401,),
)
async def refresh_token(call: Call) -> TokenResponse:
    """Spend a refresh token for a new pair. Reusing a spent token revokes its whole family."""
    secret, access_ttl, refresh_ttl = _settings(call)
    claims, family = await tokens.rotate(secret, call.body.refresh_token)
    ptype, pid = claims.principal
    model: type[User] | type[CustomerUser] = (
        User if ptype == PrincipalType.OPERATOR else CustomerUser
    )
    account = await model.get_or_none(id=pid, is_active=True)
    stale = account is None or claims.version not in (None, account.session_version)
    if account is None or stale:
        await tokens.revoke_family(family)
        raise Unauthorized("Token owner no longer active or signed out everywhere")
    principal = (
        operator_principal(account, "jwt")
        if isinstance(account, User)
        else customer_principal(account, "jwt")
    )
    pair = await tokens.issue_pair(
        secret, principal, access_ttl, refresh_ttl, family=family, version=account.session_version
    )
    return TokenResponse(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in
    )


@api.route(
    "POST",
    "/auth/revoke",
    name="auth.revoke",
    permission=None,
    body=RevokeRequest,
    status=204,
    tag="auth",
    errors=(401,),
)
async def revoke_token(call: Call) -> None:
    """Revoke a token: an access token joins the revocation list; a refresh token ends its
    family (every token of that login)."""
    secret = call.request.app.state.settings.secret_key
    token = call.body.token
    try:
        claims = jwt_tokens.decode(secret, token, "access")
        await tokens.revoke_access(claims)
        return
    except Unauthorized:
        pass
    claims = jwt_tokens.decode(secret, token, "refresh")
    if claims.family:
        await tokens.revoke_family(claims.family)


@api.route(
    "GET",
    "/me",
    name="me",
    permission=Permission.AUTHENTICATED,
    response=MeResponse,
    tag="auth",
    audience="any",
)
async def me(call: Call) -> MeResponse:
    """Who the caller is, how they authenticated, and what they may do."""
    p = call.actor
    perms = sorted(x.value for x in ROLE_PERMISSIONS[p.role]) if p.role else []
    last = None
    if p.is_operator:
        user = await User.get_or_none(id=p.id)
        last = user.last_login_at if user else None
    return MeResponse(
        type=p.type,
        id=p.id,
        name=p.name,
        role=p.role,
        customer_id=p.customer_id,
        authenticated_by=p.via,
        permissions=perms,
        last_login_at=last,
    )

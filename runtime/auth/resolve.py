"""Find the principal behind a request: bearer JWT, API key, or session cookie.

Explicit credentials that fail (a bad token, a revoked key) are an error, not an anonymous
request: a client that sent a key expects it to be used.
"""

from __future__ import annotations

from starlette.requests import Request

from runtime.auth.principal import Principal
from runtime.auth.session import session_identity
from runtime.errors import Unauthorized
from runtime.models import CustomerUser, PrincipalType, User
from runtime.security import jwt_tokens
from runtime.services import apikeys, tokens

_UNSET = object()


def operator_principal(user: User, via: str, token_id: str | None = None) -> Principal:
    return Principal(
        type=PrincipalType.OPERATOR,
        id=user.id,
        name=user.username,
        role=user.role,
        via=via,
        token_id=token_id,
    )


def customer_principal(user: CustomerUser, via: str, token_id: str | None = None) -> Principal:
    return Principal(
        type=PrincipalType.CUSTOMER,
        id=user.id,
        name=user.email,
        customer_id=user.customer_id,  # type: ignore[attr-defined]
        via=via,
        token_id=token_id,
    )


async def _from_bearer(request: Request, token: str) -> Principal:
    claims = jwt_tokens.decode(request.app.state.settings.secret_key, token, "access")
    if await tokens.is_revoked(claims.jti):
        raise Unauthorized("Token revoked")
    ptype, pid = claims.principal
    model: type[User] | type[CustomerUser] = (
        User if ptype == PrincipalType.OPERATOR else CustomerUser
    )
    account = await model.get_or_none(id=pid, is_active=True)
    if account is None:
        raise Unauthorized("Token owner no longer active")
    if claims.version is not None and claims.version != account.session_version:
        # Issued before a password change, deactivation or sign-out-everywhere.
        raise Unauthorized("Token no longer valid; log in again")
    if isinstance(account, User):
        return operator_principal(account, "jwt", claims.jti)
    return customer_principal(account, "jwt", claims.jti)


async def _from_session(request: Request) -> Principal | None:
    identity = session_identity(request)
    if identity is None:
        return None
    kind, uid, version = identity
    model: type[User] | type[CustomerUser] = User if kind == "operator" else CustomerUser
    user = await model.get_or_none(id=uid, is_active=True)
    if user is None or user.session_version != version:
        request.session.clear()
        return None
    if isinstance(user, User):
        return operator_principal(user, "session")
    return customer_principal(user, "session")


async def resolve_principal(request: Request) -> Principal | None:
    """The authenticated principal, or ``None`` for an anonymous request. Cached per request."""
    cached = getattr(request.state, "principal", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    principal: Principal | None
    auth = request.headers.get("authorization", "")
    api_key = request.headers.get("x-api-key")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Authorization header must be 'Bearer <token>'")
        principal = await _from_bearer(request, token.strip())
    elif api_key is not None:
        user = await apikeys.authenticate(api_key.strip())
        if user is None:
            raise Unauthorized("Invalid, expired or revoked API key")
        principal = operator_principal(user, "apikey")
    else:
        principal = await _from_session(request)
    request.state.principal = principal
    return principal

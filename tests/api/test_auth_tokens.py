"""JWT access and refresh tokens: issue, use, expiry, rotation, revocation, throttling."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from runtime.auth.permissions import ROLE_PERMISSIONS
from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, CustomerStatus, RefreshToken, RevokedToken, Role
from runtime.security import jwt_tokens
from runtime.security.throttle import IP_FACTOR
from runtime.services import customers
from tests.api.api_support import (
    assert_error,
    bearer_of,
    login,
    me,
    token_pair,
)
from tests.conftest import PASSWORD, SECRET

OTHER_SECRET = "another-secret-key-that-is-long-enough-987654321"
HOUR = 3600


async def make_contact(email: str = "pat@example.com") -> Any:
    customer = await customers.create_customer(SYSTEM, f"Customer of {email}")
    return await customers.add_contact(SYSTEM, customer.id, email, PASSWORD, "Pat")


# --- issuing and using tokens ---------------------------------------------------------------


async def test_token_response_and_bearer_use(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.DEVELOPER)

    response = await login(client, account.username)

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    access = jwt_tokens.decode(SECRET, body["access_token"], "access")
    refresh = jwt_tokens.decode(SECRET, body["refresh_token"], "refresh")
    assert access.subject == refresh.subject == f"operator:{account.user.id}"
    assert access.expires_at - access.issued_at == 900
    assert refresh.family

    who = await me(client, bearer_of(body["access_token"]))
    assert who.status_code == 200, who.text
    data = who.json()
    assert data["type"] == "operator"
    assert data["id"] == account.user.id
    assert data["name"] == account.username
    assert data["role"] == "developer"
    assert data["customer_id"] is None
    assert data["authenticated_by"] == "jwt"
    assert data["permissions"] == sorted(p.value for p in ROLE_PERMISSIONS[Role.DEVELOPER])
    assert data["last_login_at"] is not None


async def test_username_is_case_and_space_insensitive(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    account = await make_user(Role.READONLY, username="casey")
    response = await login(client, "  Casey ")
    assert response.status_code == 200, response.text
    claims = jwt_tokens.decode(SECRET, response.json()["access_token"], "access")
    assert claims.subject == f"operator:{account.user.id}"


@pytest.mark.parametrize(
    ("username", "password"),
    [
        pytest.param("known", "wrong password", id="wrong-password"),
        pytest.param("nobody-by-this-name", PASSWORD, id="unknown-user"),
        pytest.param("known", PASSWORD.upper(), id="password-is-case-sensitive"),
    ],
)
async def test_bad_credentials_are_401_and_say_the_same(
    client: httpx.AsyncClient, make_user: Any, username: str, password: str
) -> None:
    await make_user(Role.ADMIN, username="known")

    response = await login(client, username, password)

    error = assert_error(response, 401, "unauthorized")
    assert error["message"] == "Wrong username or password"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "access_token" not in response.text


def _expired_access(user_id: int) -> str:
    return jwt_tokens.encode(SECRET, f"operator:{user_id}", "access", 900, now=time.time() - HOUR)[
        0
    ]


def _refresh_as_access(user_id: int) -> str:
    return jwt_tokens.encode(SECRET, f"operator:{user_id}", "refresh", 900, family="f")[0]


def _other_secret(user_id: int) -> str:
    return jwt_tokens.encode(OTHER_SECRET, f"operator:{user_id}", "access", 900)[0]


def _unknown_user(user_id: int) -> str:
    return jwt_tokens.encode(SECRET, f"operator:{user_id + 1000}", "access", 900)[0]


def _bad_subject(user_id: int) -> str:
    return jwt_tokens.encode(SECRET, f"robot:{user_id}", "access", 900)[0]


def _tampered(user_id: int) -> str:
    token = jwt_tokens.encode(SECRET, f"operator:{user_id}", "access", 900)[0]
    head, payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{head}.{payload}.{flipped}"


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(_expired_access, id="expired"),
        pytest.param(_refresh_as_access, id="refresh-token-as-access"),
        pytest.param(_other_secret, id="signed-with-another-key"),
        pytest.param(_unknown_user, id="subject-does-not-exist"),
        pytest.param(_bad_subject, id="subject-of-unknown-type"),
        pytest.param(_tampered, id="tampered-signature"),
        pytest.param(lambda _: "not.a.jwt", id="garbage"),
    ],
)
async def test_bad_access_tokens_are_401(
    client: httpx.AsyncClient, make_user: Any, make_token: Callable[[int], str]
) -> None:
    account = await make_user(Role.ADMIN)
    good = jwt_tokens.encode(SECRET, f"operator:{account.user.id}", "access", 900)[0]
    assert (await me(client, bearer_of(good))).status_code == 200

    response = await me(client, bearer_of(make_token(account.user.id)))

    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == 'Bearer realm="trunkline"'


@pytest.mark.parametrize(
    "authorization",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token abc"],
)
async def test_malformed_authorization_header_is_401(
    client: httpx.AsyncClient, db: str, authorization: str
) -> None:
    response = await client.get("/api/v1/me", headers={"Authorization": authorization})
    assert_error(response, 401, "unauthorized")


async def test_expired_refresh_token_is_401(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.ADMIN)
    token = jwt_tokens.encode(
        SECRET,
        f"operator:{account.user.id}",
        "refresh",
        300,
        family="fam",
        now=time.time() - HOUR,
    )[0]
    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})
    assert_error(response, 401, "unauthorized")


@pytest.mark.parametrize("kind", ["unknown-refresh", "access-as-refresh"])
async def test_refresh_needs_an_issued_refresh_token(
    client: httpx.AsyncClient, make_user: Any, kind: str
) -> None:
    account = await make_user(Role.ADMIN)
    subject = f"operator:{account.user.id}"
    if kind == "unknown-refresh":  # well signed, but never issued (no row)
        token = jwt_tokens.encode(SECRET, subject, "refresh", 3600, family="forged")[0]
    else:
        token = (await token_pair(client, account.username))["access_token"]

    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})

    assert_error(response, 401, "unauthorized")


# --- refresh rotation and reuse detection ---------------------------------------------------


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/api/v1/auth/refresh", json={"refresh_token": token})


async def test_refresh_rotates_and_reuse_revokes_the_family(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    account = await make_user(Role.SUPPORT)
    first = await token_pair(client, account.username)
    family = jwt_tokens.decode(SECRET, first["refresh_token"], "refresh").family

    rotated = await refresh(client, first["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["token_type"] == "bearer"
    assert second["expires_in"] == 900
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert jwt_tokens.decode(SECRET, second["refresh_token"], "refresh").family == family
    assert (await me(client, bearer_of(second["access_token"]))).status_code == 200

    # The new refresh token rotates once more: the chain keeps working while used properly.
    third = (await refresh(client, second["refresh_token"])).json()
    assert (await me(client, bearer_of(third["access_token"]))).status_code == 200

    # An independent login (another family) must survive what follows.
    other = await token_pair(client, account.username)

    # The first, spent token comes back: theft. The whole family dies...
    reused = await refresh(client, first["refresh_token"])
    error = assert_error(reused, 401, "unauthorized")
    assert "already used" in error["message"]
    # ...including the newest refresh token, never used so far.
    assert_error(await refresh(client, third["refresh_token"]), 401, "unauthorized")
    rows = await RefreshToken.filter(family=family)
    assert len(rows) == 3
    assert all(row.revoked_at is not None for row in rows)

    assert await AuditEntry.filter(action="token.reuse_detected", object_id=family).count() == 1

    again = await refresh(client, other["refresh_token"])
    assert again.status_code == 200, again.text


async def test_revoking_an_access_token(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.READONLY)
    pair = await token_pair(client, account.username)
    headers = bearer_of(pair["access_token"])
    assert (await me(client, headers)).status_code == 200

    response = await client.post("/api/v1/auth/revoke", json={"token": pair["access_token"]})

    assert response.status_code == 204, response.text
    assert response.content == b""
    error = assert_error(await me(client, headers), 401, "unauthorized")
    assert "revoked" in error["message"].lower()
    jti = jwt_tokens.decode(SECRET, pair["access_token"], "access").jti
    assert await RevokedToken.exists(jti=jti)
    # Revoking twice is harmless.
    again = await client.post("/api/v1/auth/revoke", json={"token": pair["access_token"]})
    assert again.status_code == 204
    # Only that access token: the login's refresh token still gives a working new pair.
    renewed = await refresh(client, pair["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    assert (await me(client, bearer_of(renewed.json()["access_token"]))).status_code == 200


async def test_revoking_a_refresh_token_ends_its_family(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    account = await make_user(Role.READONLY)
    first = await token_pair(client, account.username)
    second = (await refresh(client, first["refresh_token"])).json()
    other = await token_pair(client, account.username)

    response = await client.post("/api/v1/auth/revoke", json={"token": first["refresh_token"]})

    assert response.status_code == 204, response.text
    assert_error(await refresh(client, second["refresh_token"]), 401, "unauthorized")
    family = jwt_tokens.decode(SECRET, first["refresh_token"], "refresh").family
    assert await RefreshToken.filter(family=family, revoked_at=None).count() == 0
    assert (await refresh(client, other["refresh_token"])).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        jwt_tokens.encode(OTHER_SECRET, "operator:1", "access", 900)[0],
    ],
    ids=["garbage", "foreign-signature"],
)
async def test_revoking_an_invalid_token_is_401(
    client: httpx.AsyncClient, db: str, token: str
) -> None:
    response = await client.post("/api/v1/auth/revoke", json={"token": token})
    assert_error(response, 401, "unauthorized")
    assert await RevokedToken.all().count() == 0


async def test_deactivated_user_loses_tokens(
    client: httpx.AsyncClient, make_user: Any, auth_headers: Any
) -> None:
    admin = await auth_headers(Role.ADMIN)
    account = await make_user(Role.DEVELOPER)
    pair = await token_pair(client, account.username)
    headers = bearer_of(pair["access_token"])
    assert (await me(client, headers)).status_code == 200

    response = await client.patch(
        f"/api/v1/users/{account.user.id}", json={"is_active": False}, headers=admin
    )
    assert response.status_code == 200, response.text

    assert_error(await me(client, headers), 401, "unauthorized")
    assert_error(await refresh(client, pair["refresh_token"]), 401, "unauthorized")
    assert_error(await login(client, account.username), 401, "unauthorized")

    # Reactivation does not bring the old login back to life.
    response = await client.patch(
        f"/api/v1/users/{account.user.id}", json={"is_active": True}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert_error(await refresh(client, pair["refresh_token"]), 401, "unauthorized")
    assert_error(await me(client, headers), 401, "unauthorized")  # nor the old access token
    assert (await login(client, account.username)).status_code == 200


async def test_password_change_ends_refresh_tokens(
    client: httpx.AsyncClient, make_user: Any, auth_headers: Any
) -> None:
    """A password change signs the user out everywhere: old tokens stop working at once."""
    admin = await auth_headers(Role.ADMIN)
    account = await make_user(Role.DEVELOPER)
    pair = await token_pair(client, account.username)
    old_access = bearer_of(pair["access_token"])
    assert (await me(client, old_access)).status_code == 200

    response = await client.patch(
        f"/api/v1/users/{account.user.id}",
        json={"password": "a brand new password"},
        headers=admin,
    )
    assert response.status_code == 200, response.text

    assert_error(await refresh(client, pair["refresh_token"]), 401, "unauthorized")
    assert_error(await me(client, old_access), 401, "unauthorized")
    assert_error(await login(client, account.username), 401, "unauthorized")
    fresh = await token_pair(client, account.username, "a brand new password")
    assert (await refresh(client, fresh["refresh_token"])).status_code == 200


# --- customer-portal principals -------------------------------------------------------------


async def test_customer_principal_tokens(client: httpx.AsyncClient, db: str) -> None:
    contact = await make_contact("Pat@Example.com")

    pair = await token_pair(client, "pat@example.com", principal="customer")
    headers = bearer_of(pair["access_token"])

    who = await me(client, headers)
    assert who.status_code == 200, who.text
    data = who.json()
    assert data["type"] == "customer"
    assert data["id"] == contact.id
    assert data["name"] == "pat@example.com"
    assert data["customer_id"] == contact.customer_id
    assert data["role"] is None
    assert data["permissions"] == []
    assert data["authenticated_by"] == "jwt"
    assert jwt_tokens.decode(SECRET, pair["access_token"], "access").subject == (
        f"customer:{contact.id}"
    )

    for path in ("/api/v1/apps", "/api/v1/customers", "/api/v1/apikeys", "/api/v1/users"):
        error = assert_error(await client.get(path, headers=headers), 403, "forbidden")
        assert "Operator" in error["message"], path

    renewed = await refresh(client, pair["refresh_token"])
    assert renewed.status_code == 200, renewed.text
    again = await me(client, bearer_of(renewed.json()["access_token"]))
    assert again.json()["type"] == "customer"


async def test_principal_kinds_do_not_mix(client: httpx.AsyncClient, make_user: Any) -> None:
    await make_contact("pat@example.com")
    account = await make_user(Role.ADMIN)

    as_operator = await login(client, "pat@example.com")
    as_customer = await login(client, account.username, principal="customer")

    assert_error(as_operator, 401, "unauthorized")
    assert_error(as_customer, 401, "unauthorized")


async def test_suspended_customer_cannot_log_in(client: httpx.AsyncClient, db: str) -> None:
    contact = await make_contact("pat@example.com")
    await customers.update_customer(
        SYSTEM, contact.customer_id, {"status": CustomerStatus.SUSPENDED}
    )
    response = await login(client, "pat@example.com", principal="customer")
    assert_error(response, 401, "unauthorized")


async def test_principal_must_be_known(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.ADMIN)
    response = await login(client, account.username, principal="robot")
    error = assert_error(response, 422, "validation_error")
    assert [d["path"] for d in error["details"]] == ["principal"]


# --- throttling -----------------------------------------------------------------------------


async def test_per_user_throttle(client: httpx.AsyncClient, app: Any, make_user: Any) -> None:
    account = await make_user(Role.ADMIN, username="target")
    bystander = await make_user(Role.ADMIN)
    max_failures = app.state.settings.login_max_failures
    assert max_failures == 3

    for _ in range(max_failures):
        assert_error(await login(client, account.username, "wrong"), 401, "unauthorized")

    response = await login(client, account.username)  # the right password, too late

    error = assert_error(response, 429, "rate_limited")
    assert response.headers["retry-after"] == "60"
    assert error["details"] == {"retry_after": 60}
    assert "access_token" not in response.text
    # Another user from the same address is not locked out.
    assert (await login(client, bystander.username)).status_code == 200


async def test_per_user_throttle_ignores_case_and_spaces(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    """Spelling the username differently must not buy an attacker fresh attempts."""
    await make_user(Role.ADMIN, username="target")

    for spelling in ("target", "TARGET", " target "):
        assert_error(await login(client, spelling, "wrong"), 401, "unauthorized")

    assert_error(await login(client, "Target "), 429, "rate_limited")


async def test_success_resets_the_user_counter(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.ADMIN)

    for _ in range(2):
        assert_error(await login(client, account.username, "wrong"), 401, "unauthorized")
    assert (await login(client, account.username)).status_code == 200
    for _ in range(2):
        assert_error(await login(client, account.username, "wrong"), 401, "unauthorized")
    assert (await login(client, account.username)).status_code == 200


async def test_customer_logins_are_throttled_too(client: httpx.AsyncClient, db: str) -> None:
    await make_contact("pat@example.com")
    for _ in range(3):
        response = await login(client, "pat@example.com", "wrong", principal="customer")
        assert_error(response, 401, "unauthorized")
    response = await login(client, "pat@example.com", principal="customer")
    assert_error(response, 429, "rate_limited")
    assert response.headers["retry-after"] == "60"


async def test_per_address_throttle(client: httpx.AsyncClient, app: Any, make_user: Any) -> None:
    account = await make_user(Role.ADMIN)
    limit = app.state.settings.login_max_failures * IP_FACTOR
    assert limit == 12

    # One failure per username: no user reaches its own limit, the address does.
    for n in range(limit):
        response = await login(client, f"guess{n}", "wrong")
        assert_error(response, 401, "unauthorized")

    response = await login(client, account.username)

    error = assert_error(response, 429, "rate_limited")
    assert "address" in error["message"]
    assert response.headers["retry-after"] == "60"

    # The same user, from another address, is fine.
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as elsewhere:
        assert (await login(elsewhere, account.username)).status_code == 200

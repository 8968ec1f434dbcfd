"""API keys: the secret is shown once, authenticates as X-Api-Key, and can be revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import ApiKey, Role
from runtime.security.apikeys import digest
from runtime.services import apikeys
from tests.api.api_support import assert_error
from tests.conftest import bearer


async def create(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/apikeys", json={"name": "ci", **body}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def key_header(secret: str) -> dict[str, str]:
    return {"X-Api-Key": secret}


async def test_create_shows_the_secret_once(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.DEVELOPER)
    headers = await bearer(client, account)

    created = await create(client, headers, name="deploy bot")

    secret = created["key"]
    assert secret.startswith(f"tk_{created['prefix']}_")
    assert created["name"] == "deploy bot"
    assert created["user_id"] == account.user.id
    assert created["revoked_at"] is None
    assert created["expires_at"] is None
    row = await ApiKey.get(id=created["id"])
    assert row.key_hash == digest(secret)
    assert secret not in row.key_hash

    listed = await client.get("/api/v1/apikeys", headers=headers)
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert page["total"] == 1
    (item,) = page["items"]
    assert item["id"] == created["id"]
    assert item["prefix"] == created["prefix"]
    assert "key" not in item
    assert "key_hash" not in item
    text = listed.text
    assert secret not in text
    assert secret.split("_", 2)[2] not in text  # not even the random part
    assert row.key_hash not in text
    one_more = await client.get("/api/v1/apikeys", params={"revoked": "false"}, headers=headers)
    assert secret not in one_more.text


async def test_key_authenticates_and_records_use(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.SUPPORT)
    created = await create(client, await bearer(client, account))

    response = await client.get("/api/v1/me", headers=key_header(created["key"]))

    assert response.status_code == 200, response.text
    data = response.json()
    assert data["id"] == account.user.id
    assert data["role"] == "support"
    assert data["authenticated_by"] == "apikey"
    assert (await ApiKey.get(id=created["id"])).last_used_at is not None
    # The key carries its owner's role: support may write customers, not apps.
    customers = await client.post(
        "/api/v1/customers", json={"name": "Via key"}, headers=key_header(created["key"])
    )
    assert customers.status_code == 201, customers.text
    denied = await client.post(
        "/api/v1/apps", json={"name": "via-key"}, headers=key_header(created["key"])
    )
    assert_error(denied, 403, "forbidden")


async def test_revoke_stops_the_key(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.READONLY)
    headers = await bearer(client, account)
    created = await create(client, headers)
    keep = await create(client, headers, name="other")
    assert (await client.get("/api/v1/me", headers=key_header(created["key"]))).status_code == 200

    response = await client.delete(f"/api/v1/apikeys/{created['id']}", headers=headers)

    assert response.status_code == 200, response.text
    assert response.json()["revoked_at"] is not None
    assert "key" not in response.json()
    rejected = await client.get("/api/v1/me", headers=key_header(created["key"]))
    error = assert_error(rejected, 401, "unauthorized")
    assert "API key" in error["message"]
    again = await client.delete(f"/api/v1/apikeys/{created['id']}", headers=headers)
    assert_error(again, 409, "conflict")
    # The other key is untouched; the revoked one stays listed, marked.
    assert (await client.get("/api/v1/me", headers=key_header(keep["key"]))).status_code == 200
    revoked = await client.get("/api/v1/apikeys", params={"revoked": "true"}, headers=headers)
    assert [k["id"] for k in revoked.json()["items"]] == [created["id"]]
    live = await client.get("/api/v1/apikeys", params={"revoked": "false"}, headers=headers)
    assert [k["id"] for k in live.json()["items"]] == [keep["id"]]


async def test_revoking_a_missing_key_is_404(client: httpx.AsyncClient, auth_headers: Any) -> None:
    response = await client.delete("/api/v1/apikeys/424242", headers=await auth_headers())
    assert_error(response, 404, "not_found")


async def test_expired_key_is_401(client: httpx.AsyncClient, make_user: Any) -> None:
    account = await make_user(Role.ADMIN)
    past = datetime.now(UTC) - timedelta(minutes=1)
    _, expired = await apikeys.create_key(SYSTEM, account.user, "old", past)
    future = datetime.now(UTC) + timedelta(days=1)
    _, valid = await apikeys.create_key(SYSTEM, account.user, "new", future)

    assert_error(await client.get("/api/v1/me", headers=key_header(expired)), 401, "unauthorized")
    assert (await client.get("/api/v1/me", headers=key_header(valid))).status_code == 200

    # A key that was fine, then reaches its expiry.
    await ApiKey.filter(prefix=valid.split("_")[1]).update(expires_at=past)
    assert_error(await client.get("/api/v1/me", headers=key_header(valid)), 401, "unauthorized")


async def test_expiry_must_be_in_the_future(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    response = await client.post(
        "/api/v1/apikeys", json={"name": "x", "expires_at": past}, headers=headers
    )
    error = assert_error(response, 422, "validation_error")
    assert [d["path"] for d in error["details"]] == ["expires_at"]

    future = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    created = await create(client, headers, expires_at=future)
    assert created["expires_at"] is not None
    assert (await client.get("/api/v1/me", headers=key_header(created["key"]))).status_code == 200


async def test_key_of_deactivated_user_is_401(
    client: httpx.AsyncClient, make_user: Any, auth_headers: Any
) -> None:
    admin = await auth_headers(Role.ADMIN)
    account = await make_user(Role.DEVELOPER)
    created = await create(client, await bearer(client, account))

    await client.patch(f"/api/v1/users/{account.user.id}", json={"is_active": False}, headers=admin)

    assert_error(
        await client.get("/api/v1/me", headers=key_header(created["key"])), 401, "unauthorized"
    )


@pytest.mark.parametrize(
    "make_secret",
    [
        pytest.param(lambda real: "garbage", id="garbage"),
        pytest.param(lambda real: "", id="empty"),
        pytest.param(lambda real: "tk__x", id="no-prefix"),
        pytest.param(lambda real: real[:-1] + ("A" if real[-1] != "A" else "B"), id="wrong-secret"),
        pytest.param(lambda real: "tk_000000000000_" + real.split("_", 2)[2], id="unknown-prefix"),
    ],
)
async def test_bad_keys_are_401(
    client: httpx.AsyncClient, make_user: Any, make_secret: Any
) -> None:
    account = await make_user(Role.ADMIN)
    _, real = await apikeys.create_key(SYSTEM, account.user, "real")

    response = await client.get("/api/v1/me", headers=key_header(make_secret(real)))

    assert_error(response, 401, "unauthorized")


async def test_operators_see_only_their_own_keys(client: httpx.AsyncClient, make_user: Any) -> None:
    alice = await make_user(Role.DEVELOPER)
    bob = await make_user(Role.SUPPORT)
    admin = await make_user(Role.ADMIN)
    alice_h, bob_h, admin_h = [await bearer(client, a) for a in (alice, bob, admin)]
    alice_key = await create(client, alice_h, name="alice")
    bob_key = await create(client, bob_h, name="bob")
    admin_key = await create(client, admin_h, name="admin")

    mine = await client.get("/api/v1/apikeys", headers=bob_h)
    assert [k["id"] for k in mine.json()["items"]] == [bob_key["id"]]
    own_id = await client.get("/api/v1/apikeys", params={"user_id": bob.user.id}, headers=bob_h)
    assert own_id.status_code == 200
    assert [k["id"] for k in own_id.json()["items"]] == [bob_key["id"]]

    # Not someone else's list, nor everyone's...
    for params in ({"user_id": alice.user.id}, {"all": "true"}):
        response = await client.get("/api/v1/apikeys", params=params, headers=bob_h)
        assert_error(response, 403, "forbidden")
    # ...nor revoking someone else's key (it does not exist, as far as bob can tell)...
    response = await client.delete(f"/api/v1/apikeys/{alice_key['id']}", headers=bob_h)
    assert_error(response, 404, "not_found")
    assert (await client.get("/api/v1/me", headers=key_header(alice_key["key"]))).status_code == 200
    # ...nor making keys for another user.
    response = await client.post(
        "/api/v1/apikeys", json={"name": "sneaky", "user_id": alice.user.id}, headers=bob_h
    )
    assert_error(response, 403, "forbidden")
    assert await ApiKey.filter(user_id=alice.user.id).count() == 1

    # Admins see and revoke everyone's.
    everyone = await client.get("/api/v1/apikeys", params={"all": "true"}, headers=admin_h)
    assert everyone.status_code == 200
    assert {k["id"] for k in everyone.json()["items"]} == {
        alice_key["id"],
        bob_key["id"],
        admin_key["id"],
    }
    assert alice_key["key"] not in everyone.text
    alices = await client.get("/api/v1/apikeys", params={"user_id": alice.user.id}, headers=admin_h)
    assert [k["id"] for k in alices.json()["items"]] == [alice_key["id"]]
    response = await client.delete(f"/api/v1/apikeys/{alice_key['id']}", headers=admin_h)
    assert response.status_code == 200, response.text
    assert_error(
        await client.get("/api/v1/me", headers=key_header(alice_key["key"])), 401, "unauthorized"
    )

    # Admins may create a key on another user's behalf; it acts as that user.
    made = await create(client, admin_h, name="for bob", user_id=bob.user.id)
    assert made["user_id"] == bob.user.id
    who = await client.get("/api/v1/me", headers=key_header(made["key"]))
    assert who.json()["id"] == bob.user.id
    missing = await client.post(
        "/api/v1/apikeys", json={"name": "ghost", "user_id": 987654}, headers=admin_h
    )
    assert_error(missing, 404, "not_found")


async def test_deleting_a_user_removes_their_keys(
    client: httpx.AsyncClient, make_user: Any, auth_headers: Any
) -> None:
    admin = await auth_headers(Role.ADMIN)
    account = await make_user(Role.DEVELOPER)
    created = await create(client, await bearer(client, account))

    response = await client.delete(f"/api/v1/users/{account.user.id}", headers=admin)

    assert response.status_code == 204, response.text
    assert not await ApiKey.exists(id=created["id"])
    assert_error(
        await client.get("/api/v1/me", headers=key_header(created["key"])), 401, "unauthorized"
    )


async def test_key_and_bearer_together_prefers_bearer(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    """Authorization wins; a broken bearer token is not rescued by a good key."""
    account = await make_user(Role.ADMIN)
    _, secret = await apikeys.create_key(SYSTEM, account.user, "k")
    headers = {"Authorization": "Bearer nonsense", "X-Api-Key": secret}
    assert_error(await client.get("/api/v1/me", headers=headers), 401, "unauthorized")

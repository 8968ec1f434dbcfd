"""Mutations through the API leave audit entries: who, what, before/after, request id, address.

Secrets never reach the log, entries outlive what they describe, and only admins read them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from runtime.models import AuditEntry, Role
from tests.api.api_support import CLIENT_IP, assert_error
from tests.conftest import Account, bearer

NEW_PASSWORD = "Sup3r-secret-passphrase"


@pytest.fixture
async def admin(make_user: Any) -> Account:
    return await make_user(Role.ADMIN, username="boss")


@pytest.fixture
async def admin_headers(client: httpx.AsyncClient, admin: Account) -> dict[str, str]:
    return await bearer(client, admin)


async def entries(
    client: httpx.AsyncClient, headers: dict[str, str], **filters: Any
) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/audit", params={"limit": 500, **filters}, headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def the_entry(
    client: httpx.AsyncClient, headers: dict[str, str], **filters: Any
) -> dict[str, Any]:
    found = await entries(client, headers, **filters)
    assert len(found) == 1, found
    return found[0]


async def test_user_create_is_audited(
    client: httpx.AsyncClient, admin: Account, admin_headers: dict[str, str]
) -> None:
    started = datetime.now(UTC)
    response = await client.post(
        "/api/v1/users",
        json={
            "username": "newbie",
            "password": NEW_PASSWORD,
            "role": "support",
            "email": "newbie@example.com",
        },
        headers={**admin_headers, "X-Request-ID": "req-create-user-1"},
    )
    assert response.status_code == 201, response.text
    assert response.headers["x-request-id"] == "req-create-user-1"
    user_id = response.json()["id"]

    entry = await the_entry(client, admin_headers, action="user.create", object_id=str(user_id))

    assert entry["actor_type"] == "operator"
    assert entry["actor_id"] == admin.user.id
    assert entry["actor_name"] == "boss"
    assert entry["object_type"] == "user"
    assert entry["object_repr"] == "newbie"
    assert entry["request_id"] == "req-create-user-1"
    assert entry["ip"] == CLIENT_IP
    assert entry["before"] is None
    assert entry["after"] == {
        "id": user_id,
        "username": "newbie",
        "email": "newbie@example.com",
        "full_name": "",
        "role": "support",
        "is_active": True,
    }
    at = datetime.fromisoformat(entry["at"])
    assert started - timedelta(seconds=1) <= at <= datetime.now(UTC) + timedelta(seconds=1)
    stored = await AuditEntry.get(id=entry["id"])
    assert NEW_PASSWORD not in json.dumps([stored.before, stored.after])


async def test_request_ids_are_generated_when_missing_or_insane(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(
        "/api/v1/apps",
        json={"name": "rid"},
        headers={**admin_headers, "X-Request-ID": "bad id with spaces <script>"},
    )
    assert response.status_code == 201
    rid = response.headers["x-request-id"]
    assert rid != "bad id with spaces <script>"
    entry = await the_entry(client, admin_headers, action="app.create")
    assert entry["request_id"] == rid
    assert (await the_entry(client, admin_headers, request_id=rid))["id"] == entry["id"]


async def test_password_change_is_redacted(
    client: httpx.AsyncClient, make_user: Any, admin_headers: dict[str, str]
) -> None:
    target = await make_user(Role.READONLY)

    response = await client.patch(
        f"/api/v1/users/{target.user.id}",
        json={"password": NEW_PASSWORD, "full_name": "Renamed"},
        headers=admin_headers,
    )

    assert response.status_code == 200, response.text
    entry = await the_entry(
        client, admin_headers, action="user.update", object_id=str(target.user.id)
    )
    assert entry["after"]["password"] == "***"
    assert entry["before"]["full_name"] == ""
    assert entry["after"]["full_name"] == "Renamed"
    assert "password" not in entry["before"]
    raw = await client.get("/api/v1/audit", params={"limit": 500}, headers=admin_headers)
    assert NEW_PASSWORD not in raw.text
    assert "changed" not in json.dumps(entry["after"])
    for stored in await AuditEntry.all():
        assert NEW_PASSWORD not in json.dumps([stored.before, stored.after])


async def test_apikey_entries_never_hold_the_secret(
    client: httpx.AsyncClient, admin: Account, admin_headers: dict[str, str]
) -> None:
    created = await client.post("/api/v1/apikeys", json={"name": "robot"}, headers=admin_headers)
    assert created.status_code == 201
    secret = created.json()["key"]
    key_id = created.json()["id"]
    revoked = await client.delete(f"/api/v1/apikeys/{key_id}", headers=admin_headers)
    assert revoked.status_code == 200

    create_entry = await the_entry(client, admin_headers, action="apikey.create")
    revoke_entry = await the_entry(client, admin_headers, action="apikey.revoke")
    assert create_entry["object_id"] == str(key_id)
    assert create_entry["after"]["prefix"] == created.json()["prefix"]
    assert create_entry["after"]["owner"] == admin.username
    assert revoke_entry["before"]["revoked_at"] is None
    assert revoke_entry["after"]["revoked_at"] is not None
    listing = await client.get("/api/v1/audit", params={"limit": 500}, headers=admin_headers)
    assert secret not in listing.text
    assert secret.split("_", 2)[2] not in listing.text
    for stored in await AuditEntry.all():
        blob = json.dumps([stored.before, stored.after, stored.object_repr])
        assert secret.split("_", 2)[2] not in blob


@pytest.mark.parametrize(
    ("kind", "base", "create", "update", "before_key"),
    [
        pytest.param(
            "app",
            "/api/v1/apps",
            {"name": "billing", "title": "Billing"},
            {"title": "Billing v2", "description": "now with tax"},
            "title",
            id="app",
        ),
        pytest.param(
            "customer",
            "/api/v1/customers",
            {"name": "Acme", "currency": "EUR"},
            {"name": "Acme Ltd", "status": "suspended"},
            "name",
            id="customer",
        ),
    ],
)
async def test_create_update_delete_are_audited_and_outlive_the_object(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    kind: str,
    base: str,
    create: dict[str, Any],
    update: dict[str, Any],
    before_key: str,
) -> None:
    created = await client.post(base, json=create, headers=admin_headers)
    assert created.status_code == 201, created.text
    obj = created.json()
    url = f"{base}/{obj['id']}"
    updated = await client.patch(url, json=update, headers=admin_headers)
    assert updated.status_code == 200, updated.text
    deleted = await client.delete(url, headers=admin_headers)
    assert deleted.status_code == 204, deleted.text
    assert_error(await client.get(url, headers=admin_headers), 404, "not_found")

    trail = await entries(client, admin_headers, object_type=kind, object_id=str(obj["id"]))

    assert [e["action"] for e in trail] == [f"{kind}.delete", f"{kind}.update", f"{kind}.create"]
    delete_entry, update_entry, create_entry = trail
    assert create_entry["before"] is None
    assert create_entry["after"]["id"] == obj["id"]
    for field, value in create.items():
        assert create_entry["after"][field] == value
    assert update_entry["before"][before_key] == create[before_key]
    for field, value in update.items():
        assert update_entry["after"][field] == value
    assert delete_entry["after"] is None
    assert delete_entry["before"] == update_entry["after"]
    assert all(e["actor_name"] == "boss" for e in trail)
    assert all(e["ip"] == CLIENT_IP for e in trail)
    assert len({e["request_id"] for e in trail}) == 3


async def test_failed_mutations_leave_no_entry(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    body = {"username": "twice", "password": NEW_PASSWORD}
    assert (await client.post("/api/v1/users", json=body, headers=admin_headers)).status_code == 201
    dup = await client.post("/api/v1/users", json=body, headers=admin_headers)
    assert_error(dup, 409, "conflict")
    bad = await client.post(
        "/api/v1/users", json={"username": "x", "password": "short"}, headers=admin_headers
    )
    assert_error(bad, 422, "validation_error")

    created = await entries(client, admin_headers, action="user.create", actor="boss")
    assert [e["object_repr"] for e in created] == ["twice"]


async def test_portal_user_entries_hold_no_password(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    customer = await client.post(
        "/api/v1/customers", json={"name": "Initech"}, headers=admin_headers
    )
    cid = customer.json()["id"]
    contact = await client.post(
        f"/api/v1/customers/{cid}/users",
        json={"email": "Peter@Initech.example", "password": NEW_PASSWORD},
        headers=admin_headers,
    )
    assert contact.status_code == 201, contact.text
    removed = await client.delete(
        f"/api/v1/customers/{cid}/users/{contact.json()['id']}", headers=admin_headers
    )
    assert removed.status_code == 204

    made = await the_entry(client, admin_headers, action="customer_user.create")
    gone = await the_entry(client, admin_headers, action="customer_user.delete")
    assert made["after"]["email"] == "peter@initech.example"
    assert made["after"]["customer_id"] == cid
    assert gone["before"]["email"] == "peter@initech.example"
    listing = await client.get("/api/v1/audit", params={"limit": 500}, headers=admin_headers)
    assert NEW_PASSWORD not in listing.text
    assert "argon2" not in listing.text


async def test_filters(
    client: httpx.AsyncClient, make_user: Any, admin_headers: dict[str, str]
) -> None:
    other = await make_user(Role.ADMIN, username="deputy")
    other_headers = await bearer(client, other)
    dev = await make_user(Role.DEVELOPER, username="coder")
    dev_headers = await bearer(client, dev)
    await client.post("/api/v1/apps", json={"name": "one"}, headers=admin_headers)
    await client.post("/api/v1/apps", json={"name": "two"}, headers=other_headers)
    await client.post("/api/v1/apps", json={"name": "three"}, headers=dev_headers)
    await client.post("/api/v1/customers", json={"name": "Cust"}, headers=other_headers)

    by_action = await entries(client, admin_headers, action="app.create")
    assert sorted(e["object_repr"] for e in by_action) == ["one", "three", "two"]
    by_type = await entries(client, admin_headers, object_type="customer")
    assert [e["object_repr"] for e in by_type] == ["Cust"]
    by_actor = await entries(client, admin_headers, actor="deputy")
    assert [e["action"] for e in by_actor] == ["customer.create", "app.create"]
    assert all(e["actor_id"] == other.user.id for e in by_actor)
    combined = await entries(client, admin_headers, actor="coder", action="app.create")
    assert [e["object_repr"] for e in combined] == ["three"]
    nobody = await entries(client, admin_headers, actor="nobody")
    assert nobody == []
    # System actions (the fixtures' user creation) are attributed to the system.
    system = await entries(client, admin_headers, actor="system", action="user.create")
    assert sorted(e["object_repr"] for e in system) == ["boss", "coder", "deputy"]
    assert all(e["actor_type"] == "system" and e["actor_id"] is None for e in system)

    response = await client.get(
        "/api/v1/audit", params={"action": "app.create", "limit": 2}, headers=admin_headers
    )
    page = response.json()
    assert page["total"] == 3
    assert len(page["items"]) == 2
    assert page["next"] is not None


async def test_time_filters(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    await client.post("/api/v1/apps", json={"name": "timed"}, headers=admin_headers)
    now = datetime.now(UTC)
    hour = timedelta(hours=1)

    def iso(value: datetime) -> str:
        return value.isoformat()

    assert (
        len(await entries(client, admin_headers, since=iso(now - hour), action="app.create")) == 1
    )
    assert await entries(client, admin_headers, since=iso(now + hour)) == []
    assert await entries(client, admin_headers, until=iso(now - hour)) == []
    assert (
        len(await entries(client, admin_headers, until=iso(now + hour), action="app.create")) == 1
    )


@pytest.mark.parametrize("role", [Role.DEVELOPER, Role.SUPPORT, Role.READONLY])
async def test_only_admins_read_the_log(
    client: httpx.AsyncClient, auth_headers: Any, role: Role
) -> None:
    response = await client.get("/api/v1/audit", headers=await auth_headers(role))
    error = assert_error(response, 403, "forbidden")
    assert "audit:read" in error["message"]
    assert_error(await client.get("/api/v1/audit"), 401, "unauthorized")

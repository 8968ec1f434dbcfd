"""Environment variables over the API: a protected value is never shown again (responses,
lists, the audit log); a locked variable refuses change and deletion until unlocked."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import App, AuditEntry, Role
from runtime.services import apps
from scriptforge.services import env_for_pages, env_for_scripts
from tests.api.api_support import assert_error, detail_paths

SECRET = "sk_live_51Hx-very-secret-value"


@pytest.fixture
async def headers(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.DEVELOPER))


@pytest.fixture
async def admin(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.ADMIN))


@pytest.fixture
async def shop(db: str) -> App:
    return await apps.create_app(SYSTEM, "shop")


BASE = "/api/v1/apps/shop/env"


async def create(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post(BASE, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def audit_text(client: httpx.AsyncClient, admin: dict[str, str]) -> str:
    response = await client.get("/api/v1/audit", params={"limit": 500}, headers=admin)
    assert response.status_code == 200, response.text
    return response.text


async def test_a_plain_variable_round_trips(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    created = await create(client, headers, key="currency", value="EUR", private=True)

    assert created["value"] == "EUR"
    assert created["has_value"] is True
    assert (created["protected"], created["private"], created["locked"]) == (False, True, False)
    assert created["app_id"] == shop.id
    got = await client.get(f"{BASE}/currency", headers=headers)
    assert got.json() == created
    listed = await client.get(f"/api/v1/apps/{shop.id}/env", headers=headers)
    assert [v["key"] for v in listed.json()["items"]] == ["currency"]
    assert await env_for_scripts(shop.id) == {"currency": "EUR"}
    assert await env_for_pages(shop.id) == {}  # private: scripts only


async def test_a_protected_value_is_never_shown_again(
    client: httpx.AsyncClient, headers: dict[str, str], admin: dict[str, str], shop: App
) -> None:
    created = await client.post(
        BASE, json={"key": "STRIPE_KEY", "value": SECRET, "protected": True}, headers=headers
    )
    assert created.status_code == 201, created.text
    assert created.json()["value"] == "***"
    assert created.json()["has_value"] is True
    assert SECRET not in created.text

    changed = await client.patch(
        f"{BASE}/STRIPE_KEY", json={"value": SECRET + "-2", "private": True}, headers=headers
    )
    assert changed.status_code == 200, changed.text
    responses = [
        changed,
        await client.get(f"{BASE}/STRIPE_KEY", headers=headers),
        await client.get(BASE, headers=headers),
        await client.get(BASE, params={"q": "stripe"}, headers=headers),
    ]
    for response in responses:
        assert response.status_code == 200, response.text
        assert SECRET not in response.text
        assert "***" in response.text
    deleted = await client.delete(f"{BASE}/STRIPE_KEY", headers=headers)
    assert deleted.status_code == 204

    log = await audit_text(client, admin)
    assert "STRIPE_KEY" in log
    assert SECRET not in log
    entries = await AuditEntry.filter(object_type="env_var").order_by("id")
    assert [e.action for e in entries] == ["env.create", "env.update", "env.delete"]
    assert entries[1].before["value"] == entries[1].after["value"] == "***"
    assert entries[1].after["flags"] == ["protected", "private"]


async def test_the_sandbox_sees_protected_values_in_clear(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    await create(client, headers, key="TOKEN", value=SECRET, protected=True, private=True)
    await create(client, headers, key="THEME", value="dark")

    assert await env_for_scripts(shop.id) == {"TOKEN": SECRET, "THEME": "dark"}
    assert await env_for_pages(shop.id) == {"THEME": "dark"}


async def test_secret_looking_keys_are_masked_in_the_audit_log(
    client: httpx.AsyncClient, headers: dict[str, str], admin: dict[str, str], shop: App
) -> None:
    await create(client, headers, key="API_TOKEN", value=SECRET)  # not protected

    assert SECRET not in await audit_text(client, admin)


async def test_unprotecting_needs_a_new_value(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    await create(client, headers, key="PIN", value=SECRET, protected=True)

    refused = await client.patch(f"{BASE}/PIN", json={"protected": False}, headers=headers)
    assert detail_paths(assert_error(refused, 422, "validation_error")) == ["protected"]

    replaced = await client.patch(
        f"{BASE}/PIN", json={"protected": False, "value": "1234"}, headers=headers
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["value"] == "1234"


async def test_a_locked_variable_refuses_change_until_unlocked(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    await create(client, headers, key="REGION", value="eu", locked=True)
    url = f"{BASE}/REGION"

    for body in ({"value": "us"}, {"private": True}, {"locked": False, "value": "us"}):
        response = await client.patch(url, json=body, headers=headers)
        assert_error(response, 409, "conflict")
    assert_error(await client.delete(url, headers=headers), 409, "conflict")
    assert (await client.get(url, headers=headers)).json()["value"] == "eu"

    unlocked = await client.patch(url, json={"locked": False}, headers=headers)
    assert unlocked.status_code == 200, unlocked.text
    assert unlocked.json()["locked"] is False
    changed = await client.patch(url, json={"value": "us"}, headers=headers)
    assert changed.json()["value"] == "us"
    assert (await client.delete(url, headers=headers)).status_code == 204


@pytest.mark.parametrize("key", ["1ABC", "A-B", "A B", "", "K" * 129, "é"])
async def test_keys_must_be_identifiers(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App, key: str
) -> None:
    response = await client.post(BASE, json={"key": key, "value": "v"}, headers=headers)
    assert detail_paths(assert_error(response, 422, "validation_error")) == ["key"]


async def test_duplicate_keys_conflict_and_unknowns_are_404(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    await create(client, headers, key="X", value="1")
    again = await client.post(BASE, json={"key": "X", "value": "2"}, headers=headers)
    assert detail_paths(assert_error(again, 409, "conflict")) == ["key"]
    lower = await client.post(BASE, json={"key": "x", "value": "2"}, headers=headers)
    assert lower.status_code == 201  # keys are case-sensitive

    assert_error(await client.get(f"{BASE}/NOPE", headers=headers), 404, "not_found")
    assert_error(await client.patch(f"{BASE}/NOPE", json={}, headers=headers), 404, "not_found")
    assert_error(await client.delete(f"{BASE}/NOPE", headers=headers), 404, "not_found")
    nowhere = await client.get("/api/v1/apps/nowhere/env", headers=headers)
    assert_error(nowhere, 404, "not_found")
    extra = await client.patch(f"{BASE}/X", json={"key": "Y"}, headers=headers)
    assert detail_paths(assert_error(extra, 422, "validation_error")) == ["key"]

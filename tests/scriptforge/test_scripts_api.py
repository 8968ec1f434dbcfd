"""Scripts over the API: create with defaults, validation, names unique per app, lookups by
id and uuid, and a version history that can be listed, diffed and restored."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import App, AuditEntry, Role
from runtime.services import apps
from scriptforge.models import ScriptVersion
from tests.api.api_support import assert_error, detail_paths

V1 = "export function main(data) {\n  return data;\n}\n"
V2 = "export function main(data) {\n  return { echo: data };\n}\n"


@pytest.fixture
async def headers(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.DEVELOPER))


@pytest.fixture
async def shop(db: str) -> App:
    return await apps.create_app(SYSTEM, "shop")


async def create(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/scripts", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_create_applies_the_defaults(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    created = await create(client, headers, app="shop", name="main.v2", code=V1)

    assert created["app_id"] == shop.id
    assert created["name"] == "main.v2"
    assert created["code"] == V1
    assert created["version"] == 1
    assert created["type"] == "app"
    assert (created["cpu_ms"], created["memory_mb"], created["wall_ms"]) == (1000, 64, 10000)
    assert created["access"] == "apikey"
    assert created["rate_limit_per_minute"] == 600
    assert created["routing_priority"] == "disabled"
    assert created["updated_by"].startswith("developer")
    by_id = await client.get(f"/api/v1/scripts/{created['id']}", headers=headers)
    by_uuid = await client.get(f"/api/v1/scripts/{created['uuid']}", headers=headers)
    assert by_id.json() == by_uuid.json() == created


async def test_create_takes_every_setting(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    created = await create(
        client,
        headers,
        app=shop.id,
        name="router",
        type="script",
        description="Adds headers",
        cpu_ms=30000,
        memory_mb=8,
        wall_ms=600000,
        access="public",
        rate_limit_per_minute=5,
        routing_priority="first",
    )
    assert created["type"] == "script"
    assert (created["cpu_ms"], created["memory_mb"], created["wall_ms"]) == (30000, 8, 600000)
    assert created["access"] == "public"
    assert created["routing_priority"] == "first"
    assert created["rate_limit_per_minute"] == 5


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({"name": "has space"}, ["name"]),
        ({"name": ""}, ["name"]),
        ({"name": "x" * 101}, ["name"]),
        ({"name": ".hidden"}, ["name"]),
        ({"name": "ok", "cpu_ms": 0}, ["cpu_ms"]),
        ({"name": "ok", "cpu_ms": 30001}, ["cpu_ms"]),
        ({"name": "ok", "memory_mb": 4, "wall_ms": 99}, ["memory_mb", "wall_ms"]),
        ({"name": "ok", "memory_mb": 513}, ["memory_mb"]),
        ({"name": "ok", "wall_ms": 600001}, ["wall_ms"]),
        ({"name": "ok", "type": "lambda"}, ["type"]),
        ({"name": "ok", "access": "everyone"}, ["access"]),
        ({"name": "ok", "routing_priority": "middle"}, ["routing_priority"]),
        ({"name": "ok", "rate_limit_per_minute": 0}, ["rate_limit_per_minute"]),
        ({"name": "ok", "colour": "red"}, ["colour"]),
        ({}, ["name"]),
    ],
)
async def test_create_rejects_bad_fields(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    shop: App,
    body: dict[str, Any],
    paths: list[str],
) -> None:
    response = await client.post("/api/v1/scripts", json={"app": "shop", **body}, headers=headers)
    error = assert_error(response, 422, "validation_error")
    assert detail_paths(error) == paths


async def test_an_unknown_app_is_an_error_of_the_app_field(
    client: httpx.AsyncClient, headers: dict[str, str], db: str
) -> None:
    response = await client.post(
        "/api/v1/scripts", json={"app": "nowhere", "name": "x"}, headers=headers
    )
    error = assert_error(response, 422, "validation_error")
    assert detail_paths(error) == ["app"]


async def test_names_are_unique_per_app(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    await apps.create_app(SYSTEM, "other")
    first = await create(client, headers, app="shop", name="helpers")
    await create(client, headers, app="other", name="helpers")  # another app: fine

    again = await client.post(
        "/api/v1/scripts", json={"app": "shop", "name": "helpers"}, headers=headers
    )
    error = assert_error(again, 409, "conflict")
    assert detail_paths(error) == ["name"]

    second = await create(client, headers, app="shop", name="main")
    rename = await client.patch(
        f"/api/v1/scripts/{second['id']}", json={"name": "helpers"}, headers=headers
    )
    assert detail_paths(assert_error(rename, 409, "conflict")) == ["name"]
    kept = await client.get(f"/api/v1/scripts/{first['id']}", headers=headers)
    assert kept.json()["name"] == "helpers"


@pytest.mark.parametrize("ref", ["999999", "00000000-0000-0000-0000-000000000000", "not-a-script"])
async def test_unknown_scripts_are_404(
    client: httpx.AsyncClient, headers: dict[str, str], db: str, ref: str
) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        body = {"description": "x"} if method == "PATCH" else None
        response = await client.request(
            method, f"/api/v1/scripts/{ref}", json=body, headers=headers
        )
        assert_error(response, 404, "not_found")
    assert_error(
        await client.get(f"/api/v1/scripts/{ref}/versions", headers=headers), 404, "not_found"
    )


async def test_list_filters_and_leaves_out_the_code(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    other = await apps.create_app(SYSTEM, "other")
    await create(client, headers, app="shop", name="alpha", code=V1, description="Billing")
    await create(client, headers, app="shop", name="beta", type="driver")
    await create(client, headers, app="other", name="gamma")

    async def names(**params: Any) -> list[str]:
        response = await client.get("/api/v1/scripts", params=params, headers=headers)
        assert response.status_code == 200, response.text
        assert all("code" not in item for item in response.json()["items"])
        return [item["name"] for item in response.json()["items"]]

    assert await names() == ["alpha", "beta", "gamma"]
    assert await names(app="shop") == ["alpha", "beta"]
    assert await names(app=str(other.id)) == ["gamma"]
    assert await names(app=str(other.uuid)) == ["gamma"]
    assert await names(q="bill") == ["alpha"]
    assert await names(type="driver") == ["beta"]
    assert await names(sort="-name", limit=2) == ["gamma", "beta"]
    bad = await client.get("/api/v1/scripts", params={"app": "nope"}, headers=headers)
    assert detail_paths(assert_error(bad, 422, "validation_error")) == ["app"]


async def test_settings_change_without_a_new_version(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    script = await create(client, headers, app="shop", name="main", code=V1)
    url = f"/api/v1/scripts/{script['id']}"

    patched = await client.patch(
        url, json={"description": "new", "cpu_ms": 50, "code": V1}, headers=headers
    )

    assert patched.status_code == 200, patched.text
    assert patched.json()["description"] == "new"
    assert patched.json()["cpu_ms"] == 50
    assert patched.json()["version"] == 1  # same code: no version
    bad = await client.patch(url, json={"wall_ms": 1, "name": "a b"}, headers=headers)
    assert detail_paths(assert_error(bad, 422, "validation_error")) == ["name", "wall_ms"]


async def test_code_changes_build_a_history_to_diff_and_restore(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    script = await create(client, headers, app="shop", name="echo", code=V1)
    url = f"/api/v1/scripts/{script['uuid']}"
    saved = await client.patch(url, json={"code": V2, "message": "echo back"}, headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2
    assert saved.json()["code"] == V2

    history = await client.get(f"{url}/versions", headers=headers)
    assert history.status_code == 200, history.text
    assert [(v["version"], v["message"]) for v in history.json()["items"]] == [
        (2, "echo back"),
        (1, "Created"),
    ]
    assert history.json()["items"][0]["size"] == len(V2)
    first = await client.get(f"{url}/versions/1", headers=headers)
    assert first.json()["code"] == V1
    assert first.json()["script_id"] == script["id"]
    assert_error(await client.get(f"{url}/versions/3", headers=headers), 404, "not_found")

    diff = await client.get(f"{url}/versions/2/diff", headers=headers)
    assert diff.status_code == 200, diff.text
    assert diff.json()["against"] == 1
    lines = diff.json()["diff"].splitlines()
    assert lines[:2] == ["--- echo@v1", "+++ echo@v2"]
    assert "-  return data;" in lines
    assert "+  return { echo: data };" in lines
    whole = await client.get(f"{url}/versions/1/diff", headers=headers)
    assert whole.json()["against"] is None
    assert whole.json()["diff"].startswith("--- /dev/null\n+++ echo@v1\n")
    backwards = await client.get(f"{url}/versions/1/diff", params={"against": 2}, headers=headers)
    assert "+  return data;" in backwards.json()["diff"].splitlines()
    missing = await client.get(f"{url}/versions/2/diff", params={"against": 9}, headers=headers)
    assert_error(missing, 404, "not_found")

    restored = await client.post(f"{url}/versions/1/restore", headers=headers)
    assert restored.status_code == 200, restored.text
    assert restored.json()["version"] == 3
    assert restored.json()["code"] == V1
    newest = await client.get(f"{url}/versions/3", headers=headers)
    assert newest.json()["code"] == V1
    assert newest.json()["message"] == "Restored version 1"
    assert await ScriptVersion.filter(script_id=script["id"]).count() == 3
    actions = await AuditEntry.filter(object_type="script").values_list("action", flat=True)
    assert sorted(actions) == ["script.create", "script.restore", "script.update"]


async def test_a_stale_base_version_is_a_conflict(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    script = await create(client, headers, app="shop", name="shared", code=V1)
    url = f"/api/v1/scripts/{script['id']}"
    ok = await client.patch(url, json={"code": V2, "base_version": 1}, headers=headers)
    assert ok.status_code == 200, ok.text

    stale = await client.patch(url, json={"code": "// mine", "base_version": 1}, headers=headers)

    error = assert_error(stale, 409, "conflict")
    assert detail_paths(error) == ["base_version"]
    assert (await client.get(url, headers=headers)).json()["code"] == V2


async def test_delete_removes_the_script_and_its_history(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    script = await create(client, headers, app="shop", name="gone", code=V1)
    url = f"/api/v1/scripts/{script['id']}"

    deleted = await client.delete(url, headers=headers)

    assert deleted.status_code == 204
    assert_error(await client.get(url, headers=headers), 404, "not_found")
    assert await ScriptVersion.filter(script_id=script["id"]).count() == 0
    entry = await AuditEntry.get(action="script.delete")
    assert entry.before["name"] == "gone"
    assert "code" not in entry.before

"""The KV store over the API: strings and objects, TTLs, prefixes, and expired entries that
are invisible everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import App, AuditEntry, Role
from runtime.services import apps
from scriptforge.models import KVEntry
from scriptforge.services import kv_get, kv_keys, kv_set, kv_usage
from tests.api.api_support import assert_error, detail_paths

BASE = "/api/v1/apps/shop/kv"


@pytest.fixture
async def headers(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.DEVELOPER))


@pytest.fixture
async def shop(db: str) -> App:
    return await apps.create_app(SYSTEM, "shop")


async def put(
    client: httpx.AsyncClient, headers: dict[str, str], key: str, **body: Any
) -> dict[str, Any]:
    response = await client.put(f"{BASE}/{key}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_strings_and_objects(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    text = await put(client, headers, "pin_4477", value="1234")
    obj = await put(client, headers, "profile", value={"tier": "gold", "n": [1, 2]})
    forced = await put(client, headers, "quoted", value="5", kind="object")

    assert (text["kind"], text["value"], text["expires_at"]) == ("string", "1234", None)
    assert (obj["kind"], obj["value"]) == ("object", {"tier": "gold", "n": [1, 2]})
    assert (forced["kind"], forced["value"]) == ("object", "5")
    got = await client.get(f"{BASE}/profile", headers=headers)
    assert got.json()["value"] == {"tier": "gold", "n": [1, 2]}
    assert await kv_get(shop.id, "profile") == '{"tier":"gold","n":[1,2]}'
    assert await kv_get(shop.id, "pin_4477") == "1234"

    replaced = await put(client, headers, "pin_4477", value="9999")
    assert replaced["value"] == "9999"
    assert await KVEntry.filter(app_id=shop.id).count() == 3


async def test_ttl_sets_an_expiry(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    before = datetime.now(UTC)
    entry = await put(client, headers, "session", value="abc", ttl_seconds=60)

    expires = datetime.fromisoformat(entry["expires_at"])
    assert before + timedelta(seconds=59) < expires < before + timedelta(seconds=62)


async def test_expired_entries_are_invisible(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    await put(client, headers, "old", value="stale", ttl_seconds=60)
    await put(client, headers, "new", value="fresh")
    await KVEntry.filter(key="old").update(expires_at=datetime.now(UTC) - timedelta(seconds=1))

    assert_error(await client.get(f"{BASE}/old", headers=headers), 404, "not_found")
    listed = await client.get(BASE, headers=headers)
    assert [e["key"] for e in listed.json()["items"]] == ["new"]
    assert listed.json()["total"] == 1
    assert await kv_get(shop.id, "old") is None
    assert await kv_keys(shop.id) == ["new"]
    assert await kv_usage(shop.id) == {"keys": 1, "bytes": len("new") + len("fresh")}
    assert_error(await client.delete(f"{BASE}/old", headers=headers), 404, "not_found")

    revived = await put(client, headers, "old", value="again")  # a new entry, no expiry
    assert (revived["value"], revived["expires_at"]) == ("again", None)


async def test_prefixes_are_exact_and_keys_may_hold_slashes(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    for key in ("pin_1", "PIN_2", "pin%3", "users/7/name", "pinned"):
        await kv_set(shop.id, key, "x")

    async def keys(prefix: str) -> list[str]:
        response = await client.get(BASE, params={"prefix": prefix}, headers=headers)
        assert response.status_code == 200, response.text
        return [e["key"] for e in response.json()["items"]]

    assert await keys("pin_") == ["pin_1"]
    assert await keys("PIN") == ["PIN_2"]
    assert await keys("pin%") == ["pin%3"]
    assert await keys("pin") == ["pin%3", "pin_1", "pinned"]
    assert await keys("users/") == ["users/7/name"]
    assert await kv_keys(shop.id, "pin_") == ["pin_1"]
    got = await client.get(f"{BASE}/users/7/name", headers=headers)
    assert got.json()["key"] == "users/7/name"
    assert (await client.delete(f"{BASE}/users/7/name", headers=headers)).status_code == 204
    assert_error(await client.get(f"{BASE}/users/7/name", headers=headers), 404, "not_found")


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({"value": 5, "kind": "string"}, ["value"]),
        ({"value": "x", "ttl_seconds": -1}, ["ttl_seconds"]),
        ({"value": "x", "kind": "blob"}, ["kind"]),
        ({"ttl_seconds": 5}, ["value"]),
        ({"value": "x", "expire": 5}, ["expire"]),
    ],
)
async def test_bad_puts_name_the_field(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    shop: App,
    body: dict[str, Any],
    paths: list[str],
) -> None:
    response = await client.put(f"{BASE}/k", json=body, headers=headers)
    assert detail_paths(assert_error(response, 422, "validation_error")) == paths


async def test_writes_are_audited_without_values(
    client: httpx.AsyncClient, headers: dict[str, str], shop: App
) -> None:
    await put(client, headers, "pin_1", value="48151623")
    await put(client, headers, "pin_1", value="42424242")
    assert (await client.delete(f"{BASE}/pin_1", headers=headers)).status_code == 204

    entries = await AuditEntry.filter(object_type="kv_entry").order_by("id")
    assert [e.action for e in entries] == ["kv.create", "kv.update", "kv.delete"]
    assert entries[1].before["bytes"] == 8
    text = repr([(e.before, e.after) for e in entries])
    assert "48151623" not in text
    assert "42424242" not in text


async def test_an_unknown_app_is_404(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    for method in ("GET", "DELETE"):
        response = await client.request(method, "/api/v1/apps/nowhere/kv/k", headers=headers)
        assert_error(response, 404, "not_found")
    assert_error(await client.get("/api/v1/apps/nowhere/kv", headers=headers), 404, "not_found")

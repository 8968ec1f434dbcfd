"""The IDE's explorer: an app's files grouped by kind in a fixed order, and search across
apps by name, id or uuid."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from pagebuilder import app_templates, pages
from pagebuilder.models import Button, ButtonArea
from querybuilder import datasets, queries
from runtime.auth.principal import SYSTEM
from runtime.services import apps
from scriptforge.services import env, kv, scripts
from tests.api.api_support import assert_error
from tests.ide.conftest import Ide

GROUPS = [
    ("page", "Pages"),
    ("script", "ScriptForge"),
    ("dataset", "Databases"),
    ("query", "Queries"),
    ("template", "Templates"),
    ("env", "Environment variables"),
    ("button", "Buttons"),
    ("kv", "Key-value store"),
    ("domain", "Domain"),
]


async def fill(app: Any) -> dict[str, Any]:
    """One or two files of every kind in ``app``."""
    made: dict[str, Any] = {
        "page": await pages.create_page(SYSTEM, app, "orders", title="Orders"),
        "index": await pages.create_page(SYSTEM, app, "index", title="Home"),
        "script": await scripts.create_script(SYSTEM, app, "billing", "export default 1"),
        "dataset": await datasets.create_dataset(
            SYSTEM, app, "contacts", columns=[{"name": "phone", "type": "string"}]
        ),
        "template": await app_templates.create_template(
            SYSTEM, app, "welcome", subject="Hi {{name}}", html="<p>{{name}}</p>"
        ),
        "secret": await env.create_env_var(SYSTEM, app, "API_TOKEN", "s3cr3t!", protected=True),
        "plain": await env.create_env_var(SYSTEM, app, "GREETING", "hello", private=True),
        "button": await Button.create(
            uuid=uuid.uuid4(), app=app, label="Refund", area=ButtonArea.CP_APP_ROW
        ),
    }
    made["query"] = await queries.create_query(SYSTEM, app, "phones", "select phone from contacts")
    await kv.kv_set(app.id, "counter", "1")
    await apps.update_app(SYSTEM, app.id, {"domain": "shop.example.com"})
    return made


async def test_tree_lists_every_kind_in_order(ide: Ide, shop: Any) -> None:
    made = await fill(shop)
    response = await ide.api("GET", f"/ide/apps/{shop.uuid}/tree")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["app"] == {
        "id": shop.id,
        "uuid": str(shop.uuid),
        "name": "shop",
        "title": "The shop",
        "domain": "shop.example.com",
        "live_version": None,
    }
    assert [(g["kind"], g["label"]) for g in body["groups"]] == GROUPS
    items = {g["kind"]: g["items"] for g in body["groups"]}
    assert [i["name"] for i in items["page"]] == ["index", "orders"], "sorted by name"
    assert items["page"][1] == {
        "kind": "page",
        "id": made["page"].id,
        "uuid": str(made["page"].uuid),
        "name": "orders",
        "detail": "Orders",
    }
    assert [(i["name"], i["uuid"]) for i in items["script"]] == [
        ("billing", str(made["script"].uuid))
    ]
    assert [i["name"] for i in items["dataset"]] == ["contacts"]
    assert items["dataset"][0]["detail"] == "1 column"
    assert [(i["name"], i["detail"]) for i in items["query"]] == [("phones", "SQL")]
    assert [(i["name"], i["detail"]) for i in items["template"]] == [("welcome", "Hi {{name}}")]
    assert [(i["id"], i["name"], i["uuid"], i["detail"]) for i in items["env"]] == [
        (made["secret"].id, "API_TOKEN", None, "protected"),
        (made["plain"].id, "GREETING", None, "private"),
    ]
    assert "s3cr3t!" not in response.text, "a protected value never leaves"
    assert [(i["name"], i["detail"], i["uuid"]) for i in items["button"]] == [
        ("Refund", "cp_app_row", str(made["button"].uuid))
    ]
    assert [(i["name"], i["uuid"]) for i in items["kv"]] == [("counter", None)]
    assert [(i["name"], i["uuid"]) for i in items["domain"]] == [("shop.example.com", None)]


async def test_tree_of_an_empty_app_and_of_no_app(ide: Ide, shop: Any) -> None:
    response = await ide.api("GET", f"/ide/apps/{shop.id}/tree")
    assert response.status_code == 200
    groups = response.json()["groups"]
    assert [g["kind"] for g in groups] == [k for k, _ in GROUPS]
    assert all(g["items"] == [] for g in groups), "no domain item when none is bound"
    assert_error(await ide.api("GET", "/ide/apps/nope/tree"), 404, "not_found")


@pytest.fixture
async def two_apps(shop: Any) -> tuple[Any, dict[str, Any], Any]:
    made = await fill(shop)
    crm = await apps.create_app(SYSTEM, "crm")
    await pages.create_page(SYSTEM, crm, "order-list")
    await scripts.create_script(SYSTEM, crm, "BILLING_sync", "export default 2")
    return shop, made, crm


async def search(ide: Ide, **params: Any) -> list[tuple[str, str, str]]:
    response = await ide.api("GET", "/ide/search", params=params)
    assert response.status_code == 200, response.text
    return [(i["app"], i["kind"], i["name"]) for i in response.json()["items"]]


async def test_search_by_name_across_apps_or_in_one(ide: Ide, two_apps: Any) -> None:
    assert await search(ide, q="bill") == [
        ("shop", "script", "billing"),
        ("crm", "script", "BILLING_sync"),
    ], "kind, then name"
    assert sorted(await search(ide, q="ORDER")) == [
        ("crm", "page", "order-list"),
        ("shop", "page", "orders"),
    ], "case-insensitive, pages of both apps"
    assert await search(ide, q="order", app="crm") == [("crm", "page", "order-list")]
    assert await search(ide, q="greet") == [("shop", "env", "GREETING")]
    assert await search(ide, q="zzz") == []


async def test_search_by_id_and_uuid(ide: Ide, two_apps: Any) -> None:
    _, made, _ = two_apps
    template = made["template"]
    found = await search(ide, q=str(template.uuid))
    assert found == [("shop", "template", "welcome")], "an exact uuid names one file"
    prefix = str(template.uuid)[:13]
    assert ("shop", "template", "welcome") in await search(ide, q=prefix), "a uuid's beginning"
    for kind in ("page", "query", "button"):
        wanted = made[kind].id
        response = await ide.api("GET", "/ide/search", params={"q": str(wanted), "app": "shop"})
        items = response.json()["items"]
        assert {"kind": kind, "id": wanted} in [{"kind": i["kind"], "id": i["id"]} for i in items]
        assert all(i["id"] == wanted or str(wanted) in i["name"] for i in items), items
    assert await search(ide, q=" ") == []
    assert_error(
        await ide.api("GET", "/ide/search", params={"q": "x" * 201}), 422, "validation_error"
    )
    response = await ide.api("GET", "/ide/search", params={"q": "x", "app": "nope"})
    assert_error(response, 422, "validation_error")

"""The visual page editor's page (who may open it, who may save, the embedded mode), the
"New page" form of the page list, and the editor's two endpoints: checking a document
without saving it and the data-source "Request test"."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from pagebuilder import pages
from querybuilder import datasets, queries, rows
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from tests.conftest import PASSWORD
from tests.ui.ui_support import Ui

BOOT = re.compile(r'<script type="application/json" id="pe-boot">(.*?)</script>', re.S)
EDIT = "/pages/crm/signup/edit"


@pytest.fixture
async def crm(db: str) -> Any:
    app = await apps.create_app(SYSTEM, "crm")
    people = await datasets.create_dataset(
        SYSTEM, app, "people", columns=[{"name": "name", "type": "string"}]
    )
    for name in ("Ada", "Grace", "Linus"):
        await rows.insert_row(people, {"name": name})
    await queries.create_query(SYSTEM, app, "everyone", "select name from people order by name")
    document = {"components": [{"type": "input", "id": "email", "name": "Email"}]}
    await pages.create_page(SYSTEM, app, "signup", title="Sign up", document=document)
    return app


def _boot(html: str) -> dict[str, Any]:
    match = BOOT.search(html)
    assert match, "no editor boot data on the page"
    return dict(json.loads(match.group(1)))


async def _signed_in(client: httpx.AsyncClient, make_user: Any, role: Role) -> Ui:
    ui = Ui(client)
    account = await make_user(role)
    await ui.sign_in(account.username, PASSWORD)
    return ui


async def test_the_editor_needs_a_signed_in_operator(client: httpx.AsyncClient, crm: Any) -> None:
    reply = await client.get(EDIT)
    assert reply.status_code in (302, 303, 401)
    assert "pe-boot" not in reply.text


async def test_a_developer_edits_with_the_shell_and_may_save(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    await _signed_in(client, make_user, Role.DEVELOPER)
    reply = await client.get(EDIT)
    assert reply.status_code == 200
    boot = _boot(reply.text)
    assert boot["can_save"] is True and boot["embed"] is False
    assert boot["page"]["name"] == "signup"
    assert boot["page"]["document"]["components"][0]["id"] == "email"
    assert boot["names"] == {"queries": ["everyone"], "datasets": ["people"], "scripts": []}
    assert boot["paths"] == {
        "schema": "/api/v1/pages/schema",
        "validate": "/api/v1/pages/validate",
        "page": "/api/v1/apps/crm/pages/signup",
        "test": "/api/v1/apps/crm/pages/signup/datasource-test",
        "preview": "/apps/crm/signup?draft=1",
        "pages": "/pages",
    }
    assert 'id="site-nav"' in reply.text and 'id="pe-save"' in reply.text
    assert "dist/editor.js" in reply.text


async def test_embedded_for_the_ide_without_the_shell(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    await _signed_in(client, make_user, Role.ADMIN)
    reply = await client.get(f"{EDIT}?embed=1")
    assert reply.status_code == 200
    assert _boot(reply.text)["embed"] is True
    assert 'id="site-nav"' not in reply.text and 'class="topbar"' not in reply.text
    assert 'id="page-editor"' in reply.text and 'name="csrf-token"' in reply.text


async def test_a_reader_sees_the_editor_read_only(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    await _signed_in(client, make_user, Role.SUPPORT)
    reply = await client.get(EDIT)
    assert reply.status_code == 200
    assert _boot(reply.text)["can_save"] is False
    assert 'id="pe-save"' not in reply.text
    assert "Read only" in reply.text


@pytest.mark.parametrize("path", ["/pages/crm/nope/edit", "/pages/nope/signup/edit"])
async def test_unknown_pages_and_apps_are_not_found(
    client: httpx.AsyncClient, crm: Any, make_user: Any, path: str
) -> None:
    await _signed_in(client, make_user, Role.ADMIN)
    assert (await client.get(path)).status_code == 404


async def test_the_page_list_links_the_editor_and_creates_pages(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    ui = await _signed_in(client, make_user, Role.DEVELOPER)
    listing = await client.get("/pages")
    assert f'{EDIT}" aria-label="Edit crm/signup"' in listing.text
    made = await ui.submit(
        "/pages", "/pages/new", {"app": "crm", "name": "contact", "title": "Contact"}
    )
    assert made.status_code == 303
    assert made.headers["location"].endswith("/pages/crm/contact/edit")
    page = await pages.get_page(crm, "contact")
    assert page.title == "Contact" and page.document["components"] == []

    refused = await ui.submit("/pages", "/pages/new", {"app": "crm", "name": "Bad Name"})
    assert refused.status_code == 422
    assert 'class="form-error"' in refused.text
    again = await ui.submit("/pages", "/pages/new", {"app": "crm", "name": "contact"})
    assert again.status_code == 409 and "contact" in again.text


async def test_a_reader_gets_no_new_page_form(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    ui = await _signed_in(client, make_user, Role.SUPPORT)
    listing = await client.get("/pages")
    assert 'action="/pages/new"' not in listing.text
    refused = await ui.submit("/pages", "/pages/new", {"app": "crm", "name": "x"})
    assert refused.status_code == 403


async def test_validate_fills_defaults_and_names_problems(
    client: httpx.AsyncClient, crm: Any, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.SUPPORT)
    good = {"name": "x", "components": [{"type": "grid", "id": "g", "slots": [{"span": 24}]}]}
    reply = await client.post("/api/v1/pages/validate", headers=headers, json={"document": good})
    assert reply.status_code == 200, reply.text
    checked = reply.json()["document"]
    assert checked["form"]["label_position"] == "right"
    assert checked["components"][0]["slots"][0]["children"] == []

    bad = {
        "name": "x",
        "components": [
            {"type": "grid", "id": "g", "slots": [{"children": [{"type": "nope", "id": "n"}]}]}
        ],
    }
    reply = await client.post("/api/v1/pages/validate", headers=headers, json={"document": bad})
    assert reply.status_code == 422
    assert reply.json()["error"]["details"] == [
        {"path": "components.0.slots.0.children.0.type", "message": "unknown component type 'nope'"}
    ]


async def test_request_test_runs_a_draft_data_source(
    client: httpx.AsyncClient, crm: Any, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    url = "/api/v1/apps/crm/pages/signup/datasource-test"
    query = {"name": "people", "type": "query", "query": "everyone"}
    reply = await client.post(url, headers=headers, json={"source": query})
    assert reply.status_code == 200, reply.text
    assert [r["name"] for r in reply.json()["data"]["rows"]] == ["Ada", "Grace", "Linus"]

    listed = {"name": "people", "type": "database", "dataset": "people"}
    reply = await client.post(url, headers=headers, json={"source": listed, "args": {"limit": 2}})
    assert reply.status_code == 200, reply.text
    assert [r["name"] for r in reply.json()["data"]["rows"]] == ["Ada", "Grace"]


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ({"name": "q", "type": "query"}, "source.query"),
        ({"name": "bad name", "type": "query", "query": "everyone"}, "source.name"),
        ({"name": "q", "type": "database", "dataset": "people", "operation": "delete"}, None),
    ],
)
async def test_request_test_refuses_bad_or_writing_sources(
    client: httpx.AsyncClient,
    crm: Any,
    auth_headers: Any,
    source: dict[str, Any],
    path: str | None,
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    url = "/api/v1/apps/crm/pages/signup/datasource-test"
    reply = await client.post(url, headers=headers, json={"source": source})
    assert reply.status_code == 422, reply.text
    details = reply.json()["error"]["details"]
    assert details[0]["path"] == (path or "source.operation")
    people = await rows.list_rows(await datasets.get_dataset(crm, "people"), limit=10)
    assert len(people.rows) == 3


async def test_request_test_reports_an_unknown_query(
    client: httpx.AsyncClient, crm: Any, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.ADMIN)
    url = "/api/v1/apps/crm/pages/signup/datasource-test"
    source = {"name": "q", "type": "query", "query": "missing"}
    reply = await client.post(url, headers=headers, json={"source": source})
    assert reply.status_code == 404
    assert "missing" in reply.json()["error"]["message"]


async def test_the_catalogue_says_which_components_take_options(
    client: httpx.AsyncClient, crm: Any, auth_headers: Any
) -> None:
    reply = await client.get("/api/v1/pages/schema", headers=await auth_headers(Role.SUPPORT))
    kinds = {k["type"]: k for k in reply.json()["components"]}
    assert [t for t, k in sorted(kinds.items()) if k["options"]] == [
        "cascader",
        "checkbox",
        "radio",
        "select",
        "transfer",
        "tree_select",
    ]
    assert (kinds["grid"]["container"], kinds["card"]["container"]) == ("slots", "children")

"""The visual query builder page: its shell, the data it hands the script, who may save."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import httpx

from querybuilder import datasets, queries
from querybuilder.models import DatasetPreset
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from tests.ui.ui_support import Ui

BOOT = re.compile(r'<script type="application/json" id="qb-boot">(.*?)</script>', re.S)
SPEC = {
    "from": "leads",
    "select": [{"column": "first_name"}, {"column": "phone"}],
    "where": {"and": [{"column": "status", "op": "=", "value": {"param": "status"}}]},
    "order_by": [{"column": "first_name"}],
}


def boot_of(page: str) -> dict[str, Any]:
    match = BOOT.search(page)
    assert match, "no boot data on the page"
    return dict(json.loads(match.group(1)))


async def _sales() -> Any:
    app = await apps.create_app(SYSTEM, "sales")
    await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    await datasets.create_dataset(
        SYSTEM, app, "orders", columns=[{"name": "total", "type": "float"}]
    )
    return app


async def test_a_new_query_page(client: httpx.AsyncClient, make_user: Any) -> None:
    await _sales()
    account = await make_user(Role.ADMIN)
    ui = Ui(client)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303

    page = await ui.get("/data/sales/builder")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Query builder: sales</h1>" in text
    assert "/static/dist/query-builder.js?v=" in text
    assert "/static/dist/query-builder.css?v=" in text
    assert 'role="tab"' in text and ">Visual</button>" in text and ">SQL</button>" in text
    assert 'id="qb-save"' in text
    assert "<script>" not in text, "the CSP allows no inline scripts"
    boot = boot_of(text)
    assert boot["app"] == "sales"
    assert boot["can_save"] is True
    assert boot["query"] is None
    assert [d["name"] for d in boot["datasets"]] == ["leads", "orders"]
    leads = {c["name"]: c["type"] for c in boot["datasets"][0]["columns"]}
    assert leads["id"] == "integer" and leads["first_name"] == "string"
    orders = {c["name"]: c["type"] for c in boot["datasets"][1]["columns"]}
    assert orders == {
        "id": "integer",
        "created_at": "datetime",
        "updated_at": "datetime",
        "total": "float",
    }
    assert boot["paths"] == {
        "builder": "/data/sales/builder",
        "compile": "/api/v1/apps/sales/queries/compile",
        "run": "/api/v1/apps/sales/queries/run",
        "queries": "/api/v1/apps/sales/queries",
    }

    # The Data page links to the builder.
    home = await ui.get("/data")
    assert re.search(r'href="[^"]*/data/sales/builder"', home.text)


async def test_a_saved_spec_query_opens_in_the_visual_tab(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    app = await _sales()
    saved = await queries.create_query(
        SYSTEM, app, "new leads", spec=SPEC, vars={"status": "new"}, description="To call"
    )
    account = await make_user(Role.ADMIN)
    ui = Ui(client)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303

    for ref in (str(saved.id), str(saved.uuid), "new%20leads"):
        page = await ui.get(f"/data/sales/builder/{ref}")
        assert page.status_code == 200, ref
        boot = boot_of(page.text)
        assert boot["query"]["id"] == saved.id
        assert boot["query"]["spec"] == SPEC
        assert boot["query"]["sql"] == ""
        assert boot["query"]["vars"] == {"status": "new"}
        assert 'data-mode="visual"' in page.text
        assert 'id="qb-name" maxlength="100" value="new leads"' in page.text
        assert 'value="To call"' in page.text
        assert "new leads · Query builder · sales" in html.unescape(page.text)

    home = await ui.get("/data")
    assert re.search(rf'href="[^"]*/data/sales/builder/{saved.id}"', home.text)
    assert "visual query" in home.text


async def test_a_saved_sql_query_opens_in_the_sql_tab(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    app = await _sales()
    sql = "select first_name from leads where status = :status order by first_name"
    saved = await queries.create_query(SYSTEM, app, "by status", sql, vars={"status": "won"})
    account = await make_user(Role.ADMIN)
    ui = Ui(client)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303

    page = await ui.get(f"/data/sales/builder/{saved.id}")
    assert page.status_code == 200
    boot = boot_of(page.text)
    assert boot["query"]["spec"] is None
    assert boot["query"]["sql"] == sql
    assert 'data-mode="sql"' in page.text
    assert f">{sql}</textarea>" in page.text
    panel = re.search(r'<section id="qb-panel-visual"[^>]*>', page.text)
    assert panel and "hidden" in panel.group(0)


async def test_unknown_apps_and_queries_are_404(client: httpx.AsyncClient, make_user: Any) -> None:
    await _sales()
    account = await make_user(Role.ADMIN)
    ui = Ui(client)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303
    assert (await ui.get("/data/nope/builder")).status_code == 404
    assert (await ui.get("/data/nope/builder/1")).status_code == 404
    assert (await ui.get("/data/sales/builder/424242")).status_code == 404
    assert (await ui.get("/data/sales/builder/no-such-query")).status_code == 404


async def test_readonly_may_build_and_run_but_not_save(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    app = await _sales()
    saved = await queries.create_query(SYSTEM, app, "new leads", spec=SPEC)
    account = await make_user(Role.READONLY)
    ui = Ui(client)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303
    for path in ("/data/sales/builder", f"/data/sales/builder/{saved.id}"):
        page = await ui.get(path)
        assert page.status_code == 200
        assert 'id="qb-save"' not in page.text
        assert 'id="qb-name"' not in page.text
        assert 'id="qb-run"' in page.text
        assert boot_of(page.text)["can_save"] is False


async def test_signed_out_users_go_to_the_login(client: httpx.AsyncClient, db: str) -> None:
    page = await client.get("/data/sales/builder")
    assert page.status_code in {302, 303, 401}

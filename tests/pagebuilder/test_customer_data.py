"""Customer-portal pages over per-customer data: a portal user's page reads and writes only
their customer's rows (data sources, dataset calls, the scripts it starts), and scripts get
``process.env.CUSTOMER_ID``; an operator's preview of the same page sees every row."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from pagebuilder import pages
from pagebuilder.models import PageAccess
from querybuilder import datasets, queries, rows
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps, customers
from scriptforge.services import scripts
from tests.conftest import PASSWORD
from tests.ui.ui_support import Ui

SCRIPT = """\
const userspace = require('cxUserspace')
export async function main(data) {
  const mine = await userspace.sql('SELECT title FROM orders ORDER BY title')
  return { customer: process.env.CUSTOMER_ID || null, titles: mine.map(r => r.title) }
}
"""

DOCUMENT = {
    "title": "My orders",
    "components": [{"type": "input", "id": "title"}],
    "data_sources": [{"name": "mine", "type": "query", "query": "all orders"}],
    "grants": {"datasets": {"orders": ["list", "create", "delete"]}, "scripts": ["summary"]},
}


@pytest.fixture
async def shop(db: str) -> Any:
    app = await apps.create_app(SYSTEM, "shop")
    orders = await datasets.create_dataset(
        SYSTEM, app, "orders", columns=[{"name": "title", "type": "string"}], per_customer=True
    )
    acme = await customers.create_customer(SYSTEM, "Acme")
    globex = await customers.create_customer(SYSTEM, "Globex")
    for owner, title in ((acme.id, "acme a"), (acme.id, "acme b"), (globex.id, "globex a")):
        await rows.insert_row(orders, {"title": title, "customer_id": owner})
    await queries.create_query(SYSTEM, app, "all orders", "select title from orders order by 1")
    await scripts.create_script(SYSTEM, app, "summary", SCRIPT)
    await customers.add_contact(SYSTEM, acme.id, "ops@acme.example", "portal pw acme 1")
    await customers.add_contact(SYSTEM, globex.id, "ops@globex.example", "portal pw globex 1")
    for access, name in ((PageAccess.PORTAL, "orders"), (PageAccess.OPERATORS, "all")):
        await pages.create_page(SYSTEM, app, name, document=DOCUMENT, access=access)
    await apps.assign(SYSTEM, app, None)
    return app, acme.id, globex.id


def _bearer(html: str) -> dict[str, str]:
    match = re.search(r'<script type="application/json" id="pb-boot">(.*?)</script>', html, re.S)
    assert match, "no boot data"
    return {"Authorization": f"Bearer {json.loads(match.group(1))['token']}"}


async def _calls(client: httpx.AsyncClient, url: str) -> dict[str, Any]:
    bearer = _bearer((await client.get(url)).text)
    source = await client.post(f"{url}/_api/ds/mine", json={}, headers=bearer)
    listed = await client.post(f"{url}/_api/db/orders/list", json={}, headers=bearer)
    script = await client.post(f"{url}/_api/sf/summary", json={}, headers=bearer)
    for reply in (source, listed, script):
        assert reply.status_code == 200, reply.text
    return {
        "source": [
            r[0] if isinstance(r, list) else r["title"] for r in source.json()["data"]["rows"]
        ],
        "listed": [r["title"] for r in listed.json()["data"]["rows"]],
        "script": script.json()["data"],
        "bearer": bearer,
    }


async def test_portal_users_reach_their_customers_rows_only(
    client: httpx.AsyncClient, shop: Any
) -> None:
    _, acme, globex = shop
    ui = Ui(client)
    await ui.portal_sign_in("ops@acme.example", "portal pw acme 1")
    seen = await _calls(client, "/apps/shop/orders")
    assert seen["source"] == seen["listed"] == ["acme a", "acme b"]
    assert seen["script"] == {"customer": str(acme), "titles": ["acme a", "acme b"]}

    url, bearer = "/apps/shop/orders", seen["bearer"]
    made = await client.post(
        f"{url}/_api/db/orders/create",
        json={"values": {"title": "acme c", "customer_id": globex}},
        headers=bearer,
    )
    assert made.status_code == 200, made.text
    assert made.json()["data"]["customer_id"] == acme
    globex_row = (
        await rows.list_rows(
            await datasets.get_dataset(shop[0], "orders"), equals={"customer_id": globex}
        )
    ).rows[0]
    stolen = await client.post(
        f"{url}/_api/db/orders/delete", json={"id": globex_row["id"]}, headers=bearer
    )
    assert stolen.status_code == 404

    await ui.submit("/portal", "/portal/logout")
    await ui.portal_sign_in("ops@globex.example", "portal pw globex 1")
    theirs = await _calls(client, url)
    assert theirs["listed"] == ["globex a"]
    assert theirs["script"] == {"customer": str(globex), "titles": ["globex a"]}


async def test_operators_pages_see_every_customers_rows(
    client: httpx.AsyncClient, shop: Any, make_user: Any
) -> None:
    account = await make_user(Role.DEVELOPER)
    await Ui(client).sign_in(account.user.username, PASSWORD)
    for url in ("/apps/shop/all", "/apps/shop/orders"):  # the portal's page too
        seen = await _calls(client, url)
        assert seen["listed"] == ["acme a", "acme b", "globex a"]
        assert seen["script"] == {"customer": None, "titles": ["acme a", "acme b", "globex a"]}

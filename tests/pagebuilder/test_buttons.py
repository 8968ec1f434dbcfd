"""Button Builder: buttons checked against the app (pages, script, exported function), pressed
with a selection inside their min..max, shown where their area says, and carried in bundles."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from pagebuilder import buttons, pages
from pagebuilder.models import Button, PageAccess
from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import apps, customers
from scriptforge.services import scripts
from tests.api.api_support import assert_error, detail_paths
from tests.conftest import PASSWORD
from tests.ui.ui_support import Ui

BULK = """
export function tag(data) {
  return { count: data.rows.length, ids: data.rows.map((r) => r.id), label: data.button.label };
}
export function main() { return "main ran"; }
"""
GRID = {
    "title": "Orders",
    "components": [
        {
            "type": "data_grid",
            "id": "grid_orders01",
            "attributes": {"row_selection": "multiple"},
        }
    ],
}
API = "/api/v1/apps/crm/buttons"
CONTACT, CONTACT_PW = "ops@acme.example", "portal pw acme 1"


@pytest.fixture
async def crm(db: str) -> Any:
    app = await apps.create_app(SYSTEM, "crm")
    await pages.create_page(SYSTEM, app, "orders", document=GRID)
    await pages.create_page(SYSTEM, app, "edit", document={"title": "Edit"})
    await pages.create_page(SYSTEM, app, "portal-orders", document=GRID, access=PageAccess.PORTAL)
    await scripts.create_script(SYSTEM, app, "bulk", BULK)
    return app


def button(**values: Any) -> dict[str, Any]:
    return {"label": "Tag", "area": "cp_app_row", "script": "bulk", "function": "tag", **values}


async def test_buttons_over_the_api(client: httpx.AsyncClient, auth_headers: Any, crm: Any) -> None:
    admin = await auth_headers(Role.ADMIN)
    made = await client.post(
        API,
        json=button(icon="🏷", colour="success", tooltip="Tag the rows", max_select=2),
        headers=admin,
    )
    assert made.status_code == 201, made.text
    tag = made.json()
    assert tag["area"] == "cp_app_row" and tag["max_select"] == 2 and tag["created_by"]
    second = await client.post(
        API, json=button(label="Archive", sort_order=-1, function=""), headers=admin
    )
    assert second.status_code == 201, second.text

    listed = await client.get(API, headers=admin)
    assert [b["label"] for b in listed.json()["items"]] == ["Archive", "Tag"]  # sort_order
    by_uuid = await client.get(f"{API}/{tag['uuid']}", headers=admin)
    assert by_uuid.json()["id"] == tag["id"]

    changed = await client.patch(
        f"{API}/{tag['id']}", json={"tooltip": "Tag them", "max_select": None}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["tooltip"] == "Tag them" and changed.json()["max_select"] is None
    bad = await client.patch(f"{API}/{tag['id']}", json={"page": "nowhere"}, headers=admin)
    assert detail_paths(assert_error(bad, 422, "validation_error")) == ["page"]

    assert (await client.delete(f"{API}/{tag['id']}", headers=admin)).status_code == 204
    assert (await client.get(f"{API}/{tag['id']}", headers=admin)).status_code == 404
    actions = await AuditEntry.filter(object_type="button").values_list("action", flat=True)
    assert sorted(actions) == [
        "button.create",
        "button.create",
        "button.delete",
        "button.update",
    ]
    readonly = await auth_headers(Role.READONLY)
    assert (await client.post(API, json=button(), headers=readonly)).status_code == 403


@pytest.mark.parametrize(
    ("values", "paths"),
    [
        ({"page": "nowhere"}, ["page"]),
        ({"script": "missing"}, ["script"]),
        ({"function": "nope"}, ["function"]),
        ({"script": "", "function": ""}, ["page"]),  # opens nothing, runs nothing
        ({"script": "", "function": "tag", "page": "edit"}, ["function"]),
        ({"min_select": 3, "max_select": 2}, ["max_select"]),
        ({"area": "cp_page"}, ["show_on"]),
        ({"area": "portal_page", "show_on": "missing"}, ["show_on"]),
        ({"area": "cp_nav", "show_on": "orders"}, ["show_on"]),
        ({"area": "cp_nav", "min_select": 1}, ["min_select"]),
        ({"colour": "purple"}, ["colour"]),
        ({"area": "webphone"}, ["area"]),
        ({"label": ""}, ["label"]),
        ({"min_select": -1}, ["min_select"]),
        ({"page": "nowhere", "function": "nope", "colour": "x"}, ["colour", "function", "page"]),
    ],
)
async def test_validation_names_the_field(
    client: httpx.AsyncClient, auth_headers: Any, crm: Any, values: Any, paths: list[str]
) -> None:
    refused = await client.post(API, json=button(**values), headers=await auth_headers())
    error = assert_error(refused, 422, "validation_error")
    assert detail_paths(error) == paths, error
    assert not await Button.exists()


async def test_press_checks_the_selection_and_runs_the_function(
    client: httpx.AsyncClient, auth_headers: Any, crm: Any
) -> None:
    made = await buttons.create_button(SYSTEM, crm, button(min_select=1, max_select=2))
    press = f"{API}/{made.uuid}/press"
    readonly = await auth_headers(Role.READONLY)  # pressing needs only apps:read
    for rows in ([], [{"id": 1}, {"id": 2}, {"id": 3}]):
        refused = await client.post(press, json={"rows": rows}, headers=readonly)
        error = assert_error(refused, 422, "validation_error")
        assert "needs 1 to 2 selected rows" in error["message"], error
        assert f"{len(rows)} selected" in error["message"]
    pressed = await client.post(press, json={"rows": [{"id": 4}, {"id": 7}]}, headers=readonly)
    assert pressed.status_code == 200, pressed.text
    assert pressed.json() == {"result": {"count": 2, "ids": [4, 7], "label": "Tag"}, "open": None}
    malformed = await client.post(press, json={"rows": [1, 2]}, headers=readonly)
    assert_error(malformed, 422, "validation_error")

    # Only a page: the answer is where to go, with the rows' ids.
    opener = await buttons.create_button(
        SYSTEM, crm, {"label": "Edit", "area": "cp_app_row", "page": "edit"}
    )
    opened = await client.post(
        f"{API}/{opener.id}/press", json={"rows": [{"id": 3}, {"id": 9}]}, headers=readonly
    )
    assert opened.json() == {"result": None, "open": "/apps/crm/edit?rows=3,9"}
    # Both: the function runs, then the page opens; no function named runs main.
    both = await buttons.create_button(
        SYSTEM, crm, {"label": "Run", "area": "cp_nav", "page": "edit", "script": "bulk"}
    )
    ran = await client.post(f"{API}/{both.id}/press", json={}, headers=readonly)
    assert ran.json() == {"result": "main ran", "open": "/apps/crm/edit"}


async def test_page_toolbar_buttons_press_with_the_page_token(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    on_orders = await buttons.create_button(
        SYSTEM,
        crm,
        button(area="cp_page", show_on="orders", max_select=1, tooltip="Tag the order"),
    )
    portal_only = await buttons.create_button(
        SYSTEM, crm, button(label="Portal tag", area="portal_page", show_on="orders")
    )
    on_edit = await buttons.create_button(
        SYSTEM, crm, button(label="Elsewhere", area="cp_page", show_on="edit")
    )
    await Ui(client).sign_in((await make_user(Role.READONLY)).username, PASSWORD)
    page = await client.get("/apps/crm/orders")
    assert page.status_code == 200
    toolbar = re.search(r'<div class="pb-buttons".*?</div>', page.text, re.S)
    assert toolbar, "no toolbar"
    assert f'data-pb-button="{on_orders.uuid}"' in toolbar.group(0)
    assert 'title="Tag the order"' in toolbar.group(0) and 'data-max="1"' in toolbar.group(0)
    assert "Portal tag" not in page.text and "Elsewhere" not in page.text
    token = json.loads(
        re.search(r'id="pb-boot">(.*?)</script>', page.text, re.S).group(1)  # type: ignore[union-attr]
    )["token"]
    auth = {"Authorization": f"Bearer {token}"}
    api = "/apps/crm/orders/_api/button"

    pressed = await client.post(f"{api}/{on_orders.uuid}", json={"rows": [{"id": 5}]}, headers=auth)
    assert pressed.status_code == 200, pressed.text
    assert pressed.json()["result"] == {"count": 1, "ids": [5], "label": "Tag"}
    assert pressed.headers["access-control-allow-origin"] == "null"
    too_many = await client.post(
        f"{api}/{on_orders.uuid}", json={"rows": [{"id": 5}, {"id": 6}]}, headers=auth
    )
    assert_error(too_many, 422, "validation_error")
    for other in (portal_only, on_edit):  # not this viewer's, not this page's
        refused = await client.post(f"{api}/{other.uuid}", json={"rows": []}, headers=auth)
        assert refused.status_code == 403, refused.text
    anonymous = await client.post(f"{api}/{on_orders.uuid}", json={"rows": []})
    assert anonymous.status_code == 401


async def test_nav_and_apps_list_buttons_for_operators(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    await apps.create_app(SYSTEM, "other")
    await buttons.create_button(
        SYSTEM, crm, {"label": "Open edit", "area": "cp_nav", "page": "edit", "tooltip": "Edit!"}
    )
    await buttons.create_button(
        SYSTEM, crm, {"label": "A first", "area": "cp_nav", "page": "edit", "sort_order": -5}
    )
    await buttons.create_button(SYSTEM, crm, button(min_select=1, max_select=2))
    await buttons.create_button(
        SYSTEM, crm, {"label": "Portal only", "area": "portal_nav", "page": "edit"}
    )
    ui = Ui(client)
    await ui.sign_in((await make_user(Role.READONLY)).username, PASSWORD)
    listing = await client.get("/apps")
    nav = re.search(r'<nav id="site-nav".*?</nav>', listing.text, re.S).group(0)  # type: ignore[union-attr]
    assert re.findall(r'data-app-button="[^"]+"[^>]*>([^<]+)</a>', nav) == ["A first", "Open edit"]
    assert 'href="/apps/crm/edit" data-app-button' in nav and 'title="Edit!"' in nav
    assert "Portal only" not in listing.text

    rows = {
        m.group(1): m.group(0)
        for m in re.finditer(
            r"<tr><td><input[^>]*aria-label=\"Select app (\w+)\".*?</tr>", listing.text, re.S
        )
    }
    assert set(rows) == {"crm", "other"}
    assert f'data-row=\'{{"id": {crm.id}, "name": "crm"}}\'' in rows["crm"]
    assert 'data-min="1"' in rows["crm"] and 'data-max="2"' in rows["crm"]
    assert 'data-press="/api/v1/apps/crm/buttons/' in rows["crm"]
    assert "data-press" not in rows["other"]  # only in its own app's row
    # An htmx search renders the table with its buttons, without the navigation.
    fragment = await client.get("/apps?q=cr", headers={"HX-Request": "true"})
    assert "data-press" in fragment.text and "site-nav" not in fragment.text


async def test_portal_nav_buttons_for_assigned_customers(
    client: httpx.AsyncClient, crm: Any
) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    await customers.add_contact(SYSTEM, acme.id, CONTACT, CONTACT_PW)
    opener = await buttons.create_button(
        SYSTEM, crm, {"label": "My orders", "area": "portal_nav", "page": "portal-orders"}
    )
    runner = await buttons.create_button(
        SYSTEM, crm, {"label": "Count", "area": "portal_nav", "script": "bulk", "function": "tag"}
    )
    operator_only = await buttons.create_button(
        SYSTEM, crm, {"label": "Ops", "area": "cp_nav", "script": "bulk"}
    )
    ui = Ui(client)
    await ui.portal_sign_in(CONTACT, CONTACT_PW)
    home = await client.get("/portal")
    assert "My orders" not in home.text  # not offered yet
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)">', home.text).group(1)  # type: ignore[union-attr]
    headers = {"X-CSRF-Token": csrf}
    refused = await client.post(f"{API}/{runner.uuid}/press", json={}, headers=headers)
    assert_error(refused, 403, "forbidden")

    await apps.assign(SYSTEM, crm, acme.id)
    home = await client.get("/portal")
    assert 'href="/portal/apps/crm/portal-orders" data-app-button' in home.text
    assert f'data-press="/api/v1/apps/crm/buttons/{runner.uuid}/press"' in home.text
    assert "Ops" not in home.text
    pressed = await client.post(f"{API}/{runner.uuid}/press", json={}, headers=headers)
    assert pressed.status_code == 200, pressed.text
    assert pressed.json()["result"] == {"count": 0, "ids": [], "label": "Count"}
    opened = await client.post(f"{API}/{opener.uuid}/press", json={}, headers=headers)
    assert opened.json()["open"] == "/portal/apps/crm/portal-orders"
    cp = await client.post(f"{API}/{operator_only.uuid}/press", json={}, headers=headers)
    assert_error(cp, 403, "forbidden")
    # The operator API's other button endpoints stay closed to portal users.
    assert (await client.get(API, headers=headers)).status_code == 403


async def test_buttons_travel_in_bundles(crm: Any) -> None:
    from runtime.bundles import export_app, import_app, read_zip

    await buttons.create_button(SYSTEM, crm, button(min_select=1, max_select=2, icon="★"))
    await buttons.create_button(
        SYSTEM, crm, {"label": "Toolbar", "area": "cp_page", "show_on": "orders", "page": "edit"}
    )
    bundle = await export_app(crm)
    listed = json.loads(bundle.files["buttons.json"])
    assert [b["label"] for b in listed] == ["Tag", "Toolbar"]
    assert "id" not in listed[0] and "uuid" not in listed[0]

    copy, _ = await import_app(SYSTEM, read_zip(bundle.to_zip()), name="crm-copy")
    copied = sorted(await Button.filter(app_id=copy.id), key=buttons.sort_key)
    assert [
        (b.label, b.area, b.show_on, b.page, b.function, b.min_select, b.max_select) for b in copied
    ] == [
        ("Tag", "cp_app_row", "", "", "tag", 1, 2),
        ("Toolbar", "cp_page", "orders", "edit", "", 0, None),
    ]
    assert copied[0].icon == "★"
    assert {b.uuid for b in copied}.isdisjoint({b.uuid for b in await Button.filter(app_id=crm.id)})


async def test_a_bundle_with_a_broken_button_is_refused_whole(crm: Any) -> None:
    from runtime.bundles import export_app, import_app
    from runtime.errors import ValidationFailed
    from runtime.models import App

    bundle = await export_app(crm)
    bundle.files["buttons.json"] = json.dumps(
        [{"label": "Lost", "area": "cp_nav", "page": "gone"}]
    ).encode()
    with pytest.raises(ValidationFailed) as refused:
        await import_app(SYSTEM, bundle, name="crm-bad")
    assert refused.value.message == "buttons.json.0: page: the app has no page 'gone'"
    assert not await App.exists(name="crm-bad")


@pytest.mark.parametrize(
    ("low", "high", "allowed", "refused", "words"),
    [
        (0, None, [0, 5], [], "any number of"),
        (1, None, [1, 9], [0], "at least 1"),
        (2, 2, [2], [1, 3], "exactly 2"),
        (1, 2, [1, 2], [0, 3], "1 to 2"),
        (0, 0, [0], [1], "exactly 0"),
    ],
)
def test_selection_range(
    low: int, high: int | None, allowed: list[int], refused: list[int], words: str
) -> None:
    from runtime.errors import ValidationFailed

    made = Button(label="B", min_select=low, max_select=high)
    assert buttons.selection_range(made) == words
    for count in allowed:
        assert len(buttons.check_rows(made, [{"id": n} for n in range(count)])) == count
    for count in refused:
        with pytest.raises(
            ValidationFailed, match=f"needs {words} selected rows; {count} selected"
        ):
            buttons.check_rows(made, [{"id": n} for n in range(count)])

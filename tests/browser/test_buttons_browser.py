"""End to end: Button Builder buttons in the control panel's navigation, the customer
portal's navigation and the apps list's Actions column (gated by the checked rows)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, admin_api, sign_in

pytestmark = pytest.mark.browser

APP = "btn-app"
CONTACT, CONTACT_PW = "desk@acme.example", "acme portal password"
PICK = "export function pick(data) { return data.rows.map((r) => r.name).join('+'); }\n"

GRID_PAGE = {
    "title": "Grid page",
    "form": {"events": {"mounted": "fill"}},
    "components": [
        {
            "type": "data_grid",
            "id": "grid_people01",
            "attributes": {
                "row_selection": "multiple",
                "columns": [{"field": "name", "title": "Name"}],
            },
        }
    ],
    "actions": [
        {
            "name": "fill",
            "body": "this.$('grid_people01').setData("
            "[{id: 1, name: 'ann'}, {id: 2, name: 'bob'}, {id: 3, name: 'cy'}]);",
        }
    ],
}


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    """The REST API as the admin: three apps; one with pages, a script, a customer it is
    offered to, and a button in each shell place."""
    with admin_api(server) as client:

        def made(path: str, body: dict[str, object]) -> dict[str, object]:
            reply = client.post(path, json=body)
            assert reply.status_code == 201, reply.text
            return dict(reply.json())

        for name in (APP, "btn-b", "btn-c"):
            made("/apps", {"name": name})
        made(f"/apps/{APP}/pages", {"name": "target", "document": {"title": "Target page"}})
        made(f"/apps/{APP}/pages", {"name": "grid", "document": GRID_PAGE})
        made(
            f"/apps/{APP}/pages",
            {"name": "desk", "access": "portal", "document": {"title": "Portal desk"}},
        )
        made("/scripts", {"app": APP, "name": "rows", "code": PICK})
        customer = made("/customers", {"name": "Acme", "currency": "EUR"})
        made(f"/customers/{customer['id']}/users", {"email": CONTACT, "password": CONTACT_PW})
        made(f"/apps/{APP}/assignments", {"customer_id": customer["id"]})
        buttons = f"/apps/{APP}/buttons"
        made(buttons, {"label": "Go to target", "area": "cp_nav", "page": "target"})
        made(buttons, {"label": "Help desk", "area": "portal_nav", "page": "desk"})
        made(
            buttons,
            {
                "label": "Pick",
                "area": "cp_app_row",
                "script": "rows",
                "function": "pick",
                "min_select": 1,
                "max_select": 2,
                "tooltip": "Join the names of 1 or 2 apps",
            },
        )
        made(
            buttons,
            {
                "label": "Pick rows",
                "area": "cp_page",
                "show_on": "grid",
                "script": "rows",
                "function": "pick",
                "min_select": 2,
            },
        )
        yield client


def test_a_control_panel_nav_button_opens_its_page(page: Page, api: httpx.Client) -> None:
    sign_in(page)
    page.wait_for_load_state()  # its assets loaded: leaving early would cancel them
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Go to target").click()
    expect(page.get_by_role("heading", name="Target page", level=1)).to_be_visible()
    assert page.url.endswith(f"/apps/{APP}/target")


def test_a_portal_nav_button_opens_its_page(page: Page, api: httpx.Client) -> None:
    page.goto("/portal/login")
    page.get_by_label("Email").fill(CONTACT)
    page.get_by_label("Password").fill(CONTACT_PW)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome", level=1)).to_be_visible()
    page.wait_for_load_state()  # its assets loaded: leaving early would cancel them
    page.get_by_role("link", name="Help desk").click()
    # The page opens inside the portal, its navigation around it.
    expect(page).to_have_url(re.compile(rf"/portal/apps/{APP}/desk$"))
    framed = page.frame_locator("iframe.portal-frame")
    expect(framed.get_by_role("heading", name="Portal desk", level=1)).to_be_visible()
    portal_nav = page.get_by_role("navigation", name="Portal")
    expect(portal_nav.get_by_role("link", name="Help desk")).to_be_visible()


def test_an_app_row_button_runs_for_one_or_two_checked_apps(page: Page, api: httpx.Client) -> None:
    sign_in(page)
    page.goto("/apps")
    pick = page.get_by_role("button", name="Pick")
    expect(pick).to_have_attribute("title", "Join the names of 1 or 2 apps")
    expect(pick).to_be_disabled()  # nothing checked
    boxes = [page.get_by_label(f"Select app {name}") for name in (APP, "btn-b", "btn-c")]
    for box in boxes:
        box.check()
    expect(pick).to_be_disabled()  # three checked
    boxes[2].uncheck()
    expect(pick).to_be_enabled()
    pick.focus()
    page.keyboard.press("Enter")  # keyboard-usable
    expect(page.get_by_role("status").filter(has_text="Pick:")).to_have_text(f"Pick: {APP}+btn-b")


def test_a_page_toolbar_button_gets_the_grid_selection(page: Page, api: httpx.Client) -> None:
    sign_in(page)
    page.goto(f"/apps/{APP}/grid")
    toolbar = page.get_by_role("toolbar", name="Page buttons")
    pick = toolbar.get_by_role("button", name="Pick rows")
    expect(page.get_by_role("cell", name="cy")).to_be_visible()
    expect(pick).to_be_disabled()
    page.get_by_label("Select row 1").check()
    expect(pick).to_be_disabled()  # one of at least two
    page.get_by_label("Select row 3").check()
    expect(pick).to_be_enabled()
    pick.click()
    expect(toolbar.get_by_role("status")).to_have_text("Pick rows: ann+cy")

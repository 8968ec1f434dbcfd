"""End to end in Chromium: list a published version in the App Store, install it from the
catalogue answering its config step, list a newer version, upgrade (its new variable asked
for, the rows kept), and uninstall after typing the app's name."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN_PASSWORD, Server, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    """The REST API as the admin: the vendor's side (building and publishing the app)."""
    with httpx.Client(base_url=server.url + "/api/v1", timeout=30, trust_env=False) as http:
        token = http.post("/auth/token", json={"username": "admin", "password": ADMIN_PASSWORD})
        assert token.status_code == 200, token.text
        http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield http


def _ok(response: httpx.Response) -> httpx.Response:
    assert response.status_code < 300, f"{response.request.url}: {response.text}"
    return response


def test_list_install_upgrade_and_uninstall(page: Page, api: httpx.Client) -> None:
    # The vendor's app: a secret key (travels without value), a default colour, a dataset.
    _ok(api.post("/apps", json={"name": "notes", "title": "Notes", "description": "Team notes"}))
    _ok(api.post("/apps/notes/env", json={"key": "API_KEY", "value": "v", "protected": True}))
    _ok(api.post("/apps/notes/env", json={"key": "COLOUR", "value": "teal", "is_default": True}))
    columns = [{"name": "text", "type": "text"}]
    _ok(api.post("/apps/notes/datasets", json={"name": "notes", "columns": columns}))
    _ok(api.post("/apps/notes/pages", json={"name": "index"}))
    _ok(api.post("/apps/notes/versions", json={"version": "1.0.0", "note": "First"}))

    # List it from the app's settings page.
    sign_in(page)
    page.goto("/apps")
    page.get_by_role("link", name="notes", exact=True).click()
    page.get_by_role("link", name="List in App Store").click()
    expect(page.get_by_role("heading", name="List notes in the App Store")).to_be_visible()
    page.get_by_label("Documentation").fill("# Notes\n\n- Write notes\n- <b>Share</b> them")
    page.get_by_role("button", name="List in App Store").click()
    expect(page.get_by_role("status")).to_contain_text("Listed notes 1.0.0 in the App Store.")
    card = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Notes"))
    expect(card).to_contain_text("version 1.0.0")
    card.get_by_text("Documentation").click()
    shared = card.get_by_role("listitem").filter(has_text="Share")
    expect(shared).to_have_text("Share them")
    expect(shared.locator("b")).to_have_text("Share")

    # Install: a new name, then the config step.
    card.get_by_role("link", name="Install notes").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Step 1: name the app")).to_be_visible()
    dialog.get_by_label("App name").fill("notes")
    dialog.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("already exists")
    page.get_by_role("dialog").get_by_label("App name").fill("team-notes")
    page.get_by_role("dialog").get_by_role("button", name="Continue").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Step 2: configure team-notes")).to_be_visible()
    expect(dialog.get_by_label("COLOUR")).to_have_value("teal")
    secret = dialog.get_by_label("API_KEY (required)")
    expect(secret).to_have_attribute("type", "password")
    secret.fill("k-123")
    dialog.get_by_label("COLOUR").fill("orange")
    dialog.get_by_role("button", name="Install").click()
    expect(page.get_by_role("heading", name="Notes is installed")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Installed notes 1.0.0 as team-notes.")
    page.get_by_label("Domain", exact=True).fill("notes.example.com")
    page.get_by_role("button", name="Bind domain").click()
    expect(page.get_by_role("status")).to_contain_text("team-notes is served at notes.example.com")
    installed = _ok(api.get("/apps/team-notes")).json()
    assert installed["domain"] == "notes.example.com"
    env = {v["key"]: v for v in _ok(api.get("/apps/team-notes/env")).json()["items"]}
    assert env["COLOUR"]["value"] == "orange" and env["API_KEY"]["protected"]
    _ok(api.post("/apps/team-notes/datasets/notes/rows", json={"text": "keep me"}))

    # The vendor's 1.1.0: a new column and a new required setting; listed from the UI.
    _ok(api.post("/apps/notes/datasets/notes/columns", json={"name": "tags", "type": "string"}))
    _ok(api.post("/apps/notes/env", json={"key": "WEBHOOK", "value": ""}))
    _ok(api.patch("/apps/notes/env/COLOUR", json={"value": "navy"}))
    _ok(api.post("/apps/notes/versions", json={"version": "1.1.0", "note": "Tags"}))
    page.goto("/apps")
    page.get_by_role("link", name="notes", exact=True).click()
    page.get_by_role("link", name="List in App Store").click()
    expect(page.get_by_label("Version")).to_have_value("1.1.0")
    page.get_by_role("button", name="List in App Store").click()
    expect(page.get_by_role("status")).to_contain_text("Listed notes 1.1.0")

    # Upgrade: the new setting is asked for; the row and the local colour stay.
    page.get_by_role("link", name="Upgrade team-notes to 1.1.0").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="From 1.0.0 to 1.1.0")).to_be_visible()
    expect(dialog.get_by_label("COLOUR")).to_have_count(0)
    dialog.get_by_label("WEBHOOK (required)").fill("https://hooks.example.com/notes")
    dialog.get_by_role("button", name="Upgrade to 1.1.0").click()
    expect(page.get_by_role("status")).to_contain_text("Upgraded team-notes from 1.0.0 to 1.1.0.")
    card = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Notes"))
    expect(card.get_by_role("listitem").filter(has_text="team-notes")).to_contain_text("1.1.0")
    expect(card.get_by_role("link", name=re.compile("^Upgrade"))).to_have_count(0)
    env = {v["key"]: v["value"] for v in _ok(api.get("/apps/team-notes/env")).json()["items"]}
    assert (env["COLOUR"], env["WEBHOOK"]) == ("orange", "https://hooks.example.com/notes")
    found = _ok(api.get("/apps/team-notes/datasets/notes/rows")).json()["items"]
    assert [r["text"] for r in found] == ["keep me"]
    schema = _ok(api.get("/apps/team-notes/datasets/notes")).json()
    assert "tags" in [c["name"] for c in schema["columns"]]

    # Uninstall: the name must be typed.
    card.get_by_role("link", name="Uninstall team-notes").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Type the app name, team-notes, to confirm").fill("notes")
    dialog.get_by_role("button", name="Uninstall team-notes").click()
    expect(page.get_by_role("alert")).to_contain_text("type the app's name")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Type the app name, team-notes, to confirm").fill("team-notes")
    dialog.get_by_role("button", name="Uninstall team-notes").click()
    expect(page.get_by_role("status")).to_contain_text("Uninstalled team-notes")
    assert api.get("/apps/team-notes").status_code == 404
    assert _ok(api.get("/apps/notes")).json()["name"] == "notes"

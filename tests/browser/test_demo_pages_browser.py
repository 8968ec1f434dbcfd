"""End to end: the demo's pages in Chromium, on a server seeded by ``trunkline demo``.

- support-desk's ``index`` (operators): the call-back form. Its ``mounted`` action sets a
  value, an onChange shows the notes only for "Something else", a button runs the
  ScriptForge function ``callback`` and shows its reply in a dialog, and the form saves a
  row in the ``callbacks`` dataset.
- dnc-manager's ``opt-out`` (public): a number is added to the DNC list.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, _cli, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_commands() -> Sequence[Sequence[str]]:
    return [("demo",)]


def _api_key(server: Server) -> str:
    out = _cli(server.env, server.log.parent, "apikey", "create", "--user", "admin")
    return out.strip().splitlines()[-1]


def _rows(server: Server, app: str, dataset: str) -> list[dict[str, object]]:
    headers = {"X-Api-Key": _api_key(server)}
    with httpx.Client(base_url=server.url, headers=headers, trust_env=False) as http:
        listed = http.get(f"/api/v1/apps/{app}/datasets/{dataset}/rows", params={"limit": 100})
        assert listed.status_code == 200, listed.text
        return list(listed.json()["items"])


def test_call_back_form_runs_a_script_into_a_dialog_and_saves(page: Page, server: Server) -> None:
    sign_in(page)
    page.goto("/apps/support-desk")
    expect(page.get_by_role("heading", name="Request a call-back")).to_be_visible()
    notes = page.locator('[data-pb-field="notes"]')
    expect(notes).to_be_hidden()

    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Phone number").fill("+442071234567")
    page.get_by_label("What is it about?").select_option("other")
    expect(notes).to_be_visible()  # the onChange action showed it
    page.get_by_label("Tell us more").fill("My line crackles at night")
    page.get_by_label("What is it about?").select_option("billing")
    expect(notes).to_be_hidden()

    page.get_by_role("button", name="Preview the greeting").click()
    dialog = page.locator('[data-pb-id="dialog_greeting"]')
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Hello Ada Lovelace, a support engineer will call you back.")
    page.keyboard.press("Escape")

    page.get_by_role("button", name="Request call-back").click()
    expect(page.locator("#pb-status")).to_contain_text("a support engineer will call you back")
    saved = [r for r in _rows(server, "support-desk", "callbacks") if r["name"] == "Ada Lovelace"]
    assert len(saved) == 1
    assert saved[0]["phone"] == "+442071234567"
    assert saved[0]["reason"] == "billing"
    assert saved[0]["urgent"] is False  # set by the mounted action


def test_public_opt_out_page_adds_a_number_to_the_dnc_list(page: Page, server: Server) -> None:
    page.goto("/apps/dnc-manager/opt-out")
    page.get_by_label("Your phone number").fill("0207")
    page.get_by_role("button", name="Add my number").click()
    expect(page.locator("#phone-error")).to_contain_text("E.164")
    page.get_by_label("Your phone number").fill("+15551239876")
    page.get_by_role("button", name="Add my number").click()
    expect(page.locator("#pb-status")).to_contain_text("do-not-call list")
    keys = [r["key"] for r in _rows(server, "dnc-manager", "dnc")]
    assert "+15551239876" in keys

"""End to end: an IVR menu with a nested menu built on the page (mouse and keyboard), saved,
its ConneXML shown, and tried on the simulator."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, admin_api, sign_in

pytestmark = pytest.mark.browser

SUB_PROMPT = "Billing. Press 1 to pay."


def test_build_a_menu_with_a_sub_menu_save_and_try_it(page: Page, server: Server) -> None:
    with admin_api(server) as api:
        customer = api.post("/customers", json={"name": "Acme Browser", "currency": "USD"})
        assert customer.status_code == 201, customer.text
        acme = customer.json()["id"]
        queue = api.post("/queues", json={"name": "Support", "customer": acme})
        assert queue.status_code == 201, queue.text
        sub = api.post(
            "/ivr-menus",
            json={
                "name": "Billing",
                "customer": acme,
                "prompt": {"say": SUB_PROMPT},
                "options": {"1": {"type": "external", "target": "15550100300"}},
                "tries": 1,
            },
        )
        assert sub.status_code == 201, sub.text

    sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="IVR menus").click()
    expect(page.get_by_role("heading", name="IVR menus", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Billing")).to_be_visible()
    new = page.get_by_role("form", name="New IVR menu")
    new.get_by_label("Name").fill("Main")
    new.get_by_label("Customer").select_option(label="Acme Browser")
    new.get_by_role("button", name="Build menu").click()

    expect(page.get_by_role("heading", name="New IVR menu", level=1)).to_be_visible()
    expect(page.get_by_label("Audio source")).to_be_hidden()  # "Speak text" is chosen
    page.get_by_label("Text to speak").fill("Welcome. Press 1 for billing, 2 for support.")
    # Option 1 starts as "IVR menu": pick the sub-menu.
    page.get_by_label("Destination of option 1").select_option(label="Billing")
    # Option 2 from the keyboard: the new row takes the focus and the next free key.
    page.get_by_role("button", name="Add option").focus()
    page.keyboard.press("Enter")
    digit = page.get_by_label("Key of option 2")
    expect(digit).to_be_focused()
    expect(digit).to_have_value("2")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Destination type of option 2")).to_be_focused()
    page.get_by_label("Destination type of option 2").select_option("queue")
    target = page.get_by_label("Destination of option 2")
    expect(target.locator("option")).to_have_text(["Choose…", "Support"])
    target.select_option(label="Support")
    # A third row, removed again: the focus stays in the table, on the row before it.
    page.get_by_role("button", name="Add option").click()
    page.get_by_role("button", name="Remove option 3").click()
    expect(page.get_by_label("Key of option 3")).to_have_count(0)
    expect(page.get_by_role("button", name="Remove option 2")).to_be_focused()
    page.get_by_label("Tries").fill("2")
    page.get_by_role("button", name="Create menu").click()

    expect(page.get_by_role("heading", name="IVR menu Main", level=1)).to_be_visible()
    expect(page.get_by_text("IVR menu Main created.")).to_be_visible()
    expect(page.get_by_label("Destination of option 1")).to_have_value(str(sub.json()["id"]))
    expect(page.get_by_role("link", name="Open sub-menu")).to_be_visible()
    connexml = page.locator("#ivr-connexml")
    expect(connexml).to_contain_text(f"<Redirect>app:ivr_menu/{sub.json()['id']}</Redirect>")
    expect(connexml).to_contain_text(f"<Redirect>app:queue/{queue.json()['id']}</Redirect>")
    assert connexml.inner_text().count("<Gather ") == 2

    page.get_by_label("Keys the caller presses").fill("1")
    page.get_by_label("Keys the caller presses").press("Enter")
    transcript = page.locator("#ivr-trial ol.transcript li")
    expect(transcript.filter(has_text=f"say: {SUB_PROMPT}")).to_have_count(1)
    expect(transcript.first).to_contain_text("answer")
    expect(page).to_have_url(re.compile(r"/voice/ivr/\d+$"))  # htmx: no navigation

    page.get_by_role("link", name="Open sub-menu").click()
    expect(page.get_by_role("heading", name="IVR menu Billing", level=1)).to_be_visible()

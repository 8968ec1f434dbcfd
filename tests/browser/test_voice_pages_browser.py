"""End to end in Chromium: a customer, its queue and a DID pointing at the queue, all made
through the /voice pages with the keyboard and the mouse, then listed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_queue_and_a_did_pointing_at_it(page: Page) -> None:
    sign_in(page)
    page.goto("/customers")
    page.get_by_label("Name").fill("Acme Voice")
    page.get_by_role("button", name="Create customer").click()
    expect(page.get_by_role("status")).to_contain_text("Customer Acme Voice created.")

    # The queue, from the Voice navigation; the form is filled from the keyboard.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Queues").click()
    expect(page.get_by_role("heading", name="Queues", level=1)).to_be_visible()
    form = page.get_by_role("form", name="New queue")
    form.get_by_label("Name").fill("Support")
    form.get_by_label("Customer").select_option(label="Acme Voice")
    form.get_by_label("Extension").fill("300")
    max_wait = form.get_by_label("Maximum wait (seconds)")
    max_wait.fill("abc")
    max_wait.press("Enter")  # Enter saves (the add-a-row button comes after "Create queue")
    expect(page.get_by_role("alert")).to_contain_text("max_wait: must be a whole number")
    form = page.get_by_role("form", name="New queue")
    expect(form.get_by_label("Name")).to_have_value("Support")
    form.get_by_label("Maximum wait (seconds)").fill("120")
    form.get_by_role("button", name="Create queue").click()
    expect(page.get_by_role("status")).to_contain_text("Queue Support created.")
    expect(page.get_by_role("heading", name="Queue Support", level=1)).to_be_visible()

    # The DID: destination type, then the queue among the customer's objects.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="DIDs").click()
    form = page.get_by_role("form", name="New DID")
    form.get_by_label("Number", exact=True).fill("+44 20 7946 0123")
    form.get_by_label("Customer").select_option(label="Acme Voice")
    form.get_by_label("Destination type", exact=True).select_option(label="queue")
    target = form.get_by_label("Destination target", exact=True)
    target.focus()
    target.select_option(label="Support (300) — Acme Voice")
    form.get_by_role("button", name="Create DID").click()
    expect(page.get_by_role("status")).to_contain_text("DID 442079460123 created.")
    expect(form.get_by_label("Destination target", exact=True)).to_have_count(
        0
    )  # on the detail page now
    expect(page.get_by_label("Destination target", exact=True)).to_have_value(
        re.compile(r"^queue:\d+$")
    )

    # Both listed, filtered by customer.
    page.get_by_role("link", name="← DIDs").click()
    page.get_by_label("Customer", exact=True).first.select_option(label="Acme Voice")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text="+442079460123")
    expect(row).to_contain_text("queue Support")
    expect(row).to_contain_text("Acme Voice")
    row.get_by_role("link", name="+442079460123").click()
    expect(page.get_by_role("heading", name="DID 442079460123", level=1)).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Queues").click()
    expect(page.get_by_role("row").filter(has_text="Support")).to_contain_text("Acme Voice")

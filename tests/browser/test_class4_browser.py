"""End to end in Chromium: a carrier and its provider card with uploaded rates, a customer
card built from it with a 10% profit rule (the build runs in the background; the page
follows it to its report), a route for a customer (its ScriptForge hook refused without an
app), and the explained call showing the carrier with its buy, sell and margin — all
through the /class4 pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

RATES = b"prefix,name,rate,connection_fee,billing\n44,UK,0.0100,0,1/1\n4420,London,0.0200,0,60/60\n"


def _nav(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()


def test_carrier_to_explained_call(page: Page) -> None:
    sign_in(page)

    _nav(page, "Carriers")
    form = page.get_by_role("form", name="New carrier")
    form.get_by_label("Name", exact=True).fill("Tel1")
    form.get_by_label("Channels").fill("many")
    form.get_by_label("Channels").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("channels: must be a whole number")
    form = page.get_by_role("form", name="New carrier")
    expect(form.get_by_label("Name", exact=True)).to_have_value("Tel1")
    form.get_by_label("Channels").fill("30")
    form.get_by_role("button", name="Create carrier").click()
    expect(page.get_by_role("status")).to_contain_text("Carrier Tel1 created.")

    _nav(page, "Rate cards")
    form = page.get_by_role("form", name="New rate card")
    form.get_by_label("Name", exact=True).fill("Tel1 rates")
    form.get_by_label("Kind").select_option("provider")
    form.get_by_label("Carrier").select_option(label="Tel1 (USD)")
    form.get_by_role("button", name="Create rate card").click()
    expect(page.get_by_role("heading", name="Rate card Tel1 rates", level=1)).to_be_visible()

    upload = page.get_by_role("form", name="Upload rates")
    upload.get_by_label("CSV file").set_input_files(
        {"name": "tel1.csv", "mimeType": "text/csv", "buffer": RATES}
    )
    upload.get_by_role("button", name="Upload").click()
    expect(page.locator("#import-panel").get_by_role("status")).to_contain_text(
        "Imported 2 rows into revision 1 (active)"
    )
    expect(page.get_by_role("row").filter(has_text="London")).to_contain_text("60/60")

    page.goto("/customers")
    page.get_by_label("Name", exact=True).fill("Acme C4")
    page.get_by_role("button", name="Create customer").click()
    expect(page.get_by_role("status")).to_contain_text("Customer Acme C4 created.")

    _nav(page, "Rate cards")
    form = page.get_by_role("form", name="New rate card")
    form.get_by_label("Name", exact=True).fill("Acme retail")
    form.get_by_label("Kind").select_option("customer")
    form.get_by_role("button", name="Create rate card").click()
    expect(page.get_by_role("heading", name="Rate card Acme retail", level=1)).to_be_visible()
    parent = page.get_by_role("form", name="Add a parent")
    parent.get_by_label("Provider card").select_option(label="Tel1 rates")
    parent.get_by_role("button", name="Add parent").click()
    expect(page.get_by_role("status")).to_contain_text("Parent card added")
    profit = page.get_by_role("form", name="Add a profit rule")
    profit.get_by_label("Kind").select_option("percent")
    profit.get_by_label("Value").fill("10")
    profit.get_by_role("button", name="Add profit rule").click()
    expect(page.get_by_role("status")).to_contain_text("Profit rule added")
    expect(page.get_by_text("stale: build again")).to_be_visible()
    # The build runs in the background: the page follows it (a progress bar polled every
    # second), then shows the report and fetches the rows again.
    page.get_by_role("button", name="Build Acme retail").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/class4/cards/\d+#build$"))
    report = page.locator("#build-panel").get_by_role("status")
    expect(report).to_contain_text("Built revision 1 (active): 2 prefixes", timeout=30_000)
    expect(page.locator("#build-panel").get_by_role("progressbar")).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="4420")).to_contain_text("0.022")
    expect(page.locator("#revisions-table").get_by_role("row").nth(1)).to_contain_text("build")
    expect(page.get_by_text("stale: build again")).to_have_count(0)

    _nav(page, "Routes")
    form = page.get_by_role("form", name="New route")
    form.get_by_label("Name", exact=True).fill("UK")
    form.get_by_label("Customer", exact=True).select_option(label="Acme C4")
    form.get_by_label("Customer rate card").select_option(label="Acme retail")
    form.get_by_label("Dial string").fill("44")
    # The ScriptForge hook: a script needs its app; what was typed stays after the refusal.
    form.get_by_label("Script", exact=True).fill("pick")
    form.get_by_label("On a script error or time-out").select_option("200 OK")
    form.get_by_role("button", name="Create route").click()
    expect(page.get_by_role("alert")).to_contain_text("the app of the script")
    form = page.get_by_role("form", name="New route")
    expect(form.get_by_label("Script", exact=True)).to_have_value("pick")
    expect(form.get_by_label("On a script error or time-out")).to_have_value("200 OK")
    expect(form.get_by_label("App", exact=True)).to_have_value("")
    form.get_by_label("Script", exact=True).fill("")
    form.get_by_role("button", name="Create route").click()
    expect(page.get_by_role("status")).to_contain_text("Route UK created.")

    _nav(page, "Explain a call")
    page.get_by_label("Customer").select_option(label="Acme C4")
    page.get_by_label("To", exact=True).fill("+44 20 7946 0000")
    page.get_by_label("To", exact=True).press("Enter")
    expect(page.get_by_role("heading", name="Routed: 1 carrier(s) to try")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Tel1 rates")
    # Buy 0.02, sell 0.022 (10% on top), margin 0.002 per minute.
    expect(row).to_contain_text("Tel1")
    expect(row.get_by_role("cell")).to_have_text(
        ["1", "Tel1", "Tel1 rates", "4420", "0.0200", "0.0220", "0.0020", "0.0000", "60/60"]
    )

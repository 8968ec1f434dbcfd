"""End to end in Chromium: a numbering plan uploaded through /class4/destination-types,
its ranges filtered live, and a number typed in the lookup box answered in place (htmx)
with its type and plan prefix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PLAN = b"prefix,type,name\n44,FIXED,UK\n447,MOBILE,UK mobile\n8816,SATELLITE,Iridium\n"


def test_a_plan_is_uploaded_then_a_number_looked_up(page: Page) -> None:
    sign_in(page)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Numbering plan").click()
    expect(page.get_by_role("heading", name="Numbering plan", level=1)).to_be_visible()

    upload = page.get_by_role("form", name="Import ranges")
    upload.get_by_label("CSV file").set_input_files(
        {"name": "plan.csv", "mimeType": "text/csv", "buffer": PLAN}
    )
    upload.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Imported 3 range(s), 0 replaced/removed; the plan has 3 range(s)."
    )
    expect(page.get_by_role("row").filter(has_text="UK mobile")).to_contain_text("MOBILE")

    # The filters answer as one types (htmx swaps the table in place).
    page.get_by_label("Prefix", exact=True).fill("88")
    expect(page.locator("#results").get_by_role("row")).to_have_count(2)
    expect(page.locator("#results")).to_contain_text("Iridium")

    number = page.get_by_label("Number", exact=True)
    number.fill("+44 7911 123456")
    answer = page.locator("#lookup-answer")
    expect(answer).to_contain_text("MOBILE")
    expect(answer).to_contain_text("447 UK mobile")
    expect(page).not_to_have_url(re.compile(r"number="))  # answered in place

    number.fill("+33 1 23 45 67 89")
    expect(answer).to_contain_text("33123456789: no prefix in the plan")

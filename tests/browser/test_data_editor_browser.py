"""End to end: make a dataset, add a column, and import a CSV through the wizard, in Chromium
(server seeded by ``trunkline demo``, which makes the app "dnc-manager")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_commands() -> Sequence[Sequence[str]]:
    return [("demo",)]


def test_create_dataset_add_column_and_import_a_csv(
    page: Page, server: Server, tmp_path: Path
) -> None:
    sign_in(page)
    page.goto("/data")
    page.get_by_role("link", name="New dataset in dnc-manager").click()
    expect(page.get_by_role("heading", name="New dataset in dnc-manager", level=1)).to_be_visible()
    page.get_by_label("Name", exact=True).fill("contacts")
    page.get_by_label("Preset").select_option("custom")
    page.get_by_label("Columns (optional)").fill("name string required")
    page.get_by_role("button", name="Create dataset").click()

    expect(page.get_by_role("heading", name="Schema: dnc-manager / contacts")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="created")).to_contain_text(
        "Dataset contacts created."
    )
    page.get_by_label("New column name", exact=True).fill("age")
    page.get_by_label("New column type", exact=True).select_option("integer")
    page.get_by_role("button", name="Add column").click()
    expect(page.get_by_role("status").filter(has_text="added")).to_contain_text("Column age added.")
    expect(page.get_by_label("Type of age")).to_have_value("integer")
    expect(page.get_by_label("Nullable: name")).not_to_be_checked()

    # The wizard: upload a CSV whose third line is bad.
    csv = tmp_path / "people.csv"
    csv.write_text("Full name,Age\nAda,36\nBob,forty\nCy,29\n")
    page.get_by_role("link", name="Import into contacts").click()
    expect(page.get_by_role("heading", name="Step 1: upload a file")).to_be_visible()
    page.get_by_label("File").set_input_files(str(csv))
    expect(page.get_by_label("CSV", exact=True)).to_be_checked()
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("heading", name="Step 2: map fields and start")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/data/dnc-manager/datasets/contacts/imports/\d+$"))
    # "Full name" names no column, so the first row is not taken for a header: say it is.
    expect(page.locator("table.import-preview tbody tr")).to_have_count(4)
    header = page.get_by_label("First row is a header")
    expect(header).not_to_be_checked()
    header.check()
    expect(page.get_by_label("Column for cell 2 (Age)")).to_have_value("age")
    page.get_by_label("Column for cell 1 (Full name)").select_option("name")
    page.get_by_label(re.compile("^All or nothing")).check()
    page.get_by_role("button", name="Start import").click()

    expect(page.get_by_role("heading", name="Import failed")).to_be_visible()
    expect(page.get_by_text("nothing imported: 1 bad rows (all-or-nothing)")).to_be_visible()
    report = page.locator("table.import-report tbody tr")
    expect(report).to_have_count(1)
    expect(report.first.locator("td")).to_have_text(["3", "age", re.compile("not a valid")])

    # Start again, skipping the bad row; the mapping chosen before is kept.
    expect(page.get_by_role("heading", name="Start again")).to_be_visible()
    expect(page.get_by_label("First row is a header")).to_be_checked()
    expect(page.get_by_label("Column for Full name")).to_have_value("name")
    expect(page.get_by_label("Column for Age")).to_have_value("age")
    page.get_by_label(re.compile("^Skip bad rows")).check()
    page.get_by_role("button", name="Start again").click()
    expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible()
    expect(page.get_by_text("2 rows imported, 1 bad rows skipped")).to_be_visible()
    expect(page.locator("table.import-report tbody tr")).to_have_count(1)

    page.get_by_role("link", name="See the rows of contacts").click()
    expect(page.get_by_text("2 rows", exact=True)).to_be_visible()
    expect(page.locator("#results tbody")).to_contain_text("Ada")
    expect(page.locator("#results tbody")).not_to_contain_text("Bob")

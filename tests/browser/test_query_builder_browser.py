"""End to end: the visual query builder in Chromium, on a server seeded by ``trunkline demo``
(the app "dnc-manager" with its ``leads`` dataset: Ada/new, Grace/called, Alan/new,
Edsger/won, and the saved SQL query "callable leads")."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, _cli, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_commands() -> Sequence[Sequence[str]]:
    return [("demo",)]


def test_build_run_save_and_reopen_a_visual_query(page: Page, server: Server) -> None:
    sign_in(page)
    page.goto("/data")
    page.get_by_role("link", name="Build a query in dnc-manager").click()
    expect(page.get_by_role("heading", name="Query builder: dnc-manager", level=1)).to_be_visible()
    expect(page.get_by_role("tab", name="Visual")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#qb-preview-status")).to_have_text("Choose a dataset to start.")

    page.get_by_label("Dataset", exact=True).select_option("leads")
    page.get_by_role("button", name="Add condition to filters").click()
    page.get_by_label("Condition 1: Column", exact=True).select_option("status")
    expect(page.get_by_label("Condition 1: Operator", exact=True)).to_have_value("=")
    page.get_by_label("Condition 1: Value", exact=True).fill("new")
    page.get_by_role("button", name="Add column").click()
    page.get_by_label("Output 1: Column", exact=True).select_option("first_name")
    page.get_by_role("button", name="Add column").click()
    page.get_by_label("Output 2: Column", exact=True).select_option("phone")
    page.get_by_role("button", name="Add sort").click()
    page.get_by_label("Sort 1: Column", exact=True).select_option("first_name")

    preview = page.locator("#qb-preview")
    expect(preview).to_contain_text(re.compile(r"SELECT .*first_name.*phone", re.I | re.S))
    expect(preview).to_contain_text(re.compile(r"WHERE .*status.* = :p1", re.I | re.S))
    expect(preview).to_contain_text(re.compile(r"ORDER BY .*first_name", re.I | re.S))
    expect(page.locator("#qb-preview-status")).to_have_text("Compiled.")

    page.get_by_role("button", name="Run").click()
    rows = page.locator("#qb-grid tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td")).to_have_text(["Ada", "44207900000"])
    expect(rows.nth(1).locator("td")).to_have_text(["Alan", "44207900002"])
    headers = page.locator("#qb-grid thead th")
    expect(headers.locator(".qb-col-name")).to_have_text(["first_name", "phone"])
    expect(page.locator("#qb-results-summary")).to_contain_text("2 rows")
    expect(page.locator("#qb-results-summary")).to_contain_text(" ms")

    page.get_by_label("Name", exact=True).fill("new leads by name")
    page.get_by_label("Description", exact=True).fill("built in the browser")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text(
        "Saved “new leads by name”."
    )
    expect(page).to_have_url(re.compile(r"/data/dnc-manager/builder/\d+$"))
    saved_url = page.url

    page.reload()
    expect(page).to_have_url(saved_url)
    expect(page).to_have_title(re.compile(r"^new leads by name · Query builder"))
    expect(page.get_by_role("tab", name="Visual")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Dataset", exact=True)).to_have_value("leads")
    expect(page.get_by_label("Condition 1: Column", exact=True)).to_have_value("status")
    expect(page.get_by_label("Condition 1: Operator", exact=True)).to_have_value("=")
    expect(page.get_by_label("Condition 1: Value", exact=True)).to_have_value("new")
    expect(page.get_by_label("Output 1: Column", exact=True)).to_have_value("first_name")
    expect(page.get_by_label("Output 2: Column", exact=True)).to_have_value("phone")
    expect(page.get_by_label("Sort 1: Column", exact=True)).to_have_value("first_name")
    expect(page.get_by_label("Sort 1: Direction", exact=True)).to_have_value("asc")
    expect(page.get_by_label("Name", exact=True)).to_have_value("new leads by name")
    expect(page.get_by_label("Description", exact=True)).to_have_value("built in the browser")
    expect(page.locator("#qb-preview-status")).to_have_text("Compiled.")

    # Saving again updates the same query (PATCH), from the keyboard: Ctrl+Enter runs.
    page.get_by_label("Sort 1: Direction", exact=True).select_option("desc")
    expect(preview).to_contain_text(re.compile(r"first_name.* DESC", re.I | re.S))
    page.get_by_label("Condition 1: Value", exact=True).press("Control+Enter")
    expect(rows.nth(0).locator("td").first).to_have_text("Alan")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    expect(page).to_have_url(saved_url)

    # The Data page lists it, and its link opens it in the builder again.
    page.goto("/data")
    page.get_by_role("link", name="new leads by name").click()
    expect(page).to_have_url(saved_url)
    expect(page.get_by_label("Sort 1: Direction", exact=True)).to_have_value("desc")
    expect(page.locator("#qb-preview-status")).to_have_text("Compiled.")


@pytest.fixture
def expected_errors() -> list[re.Pattern[str]]:
    return [re.compile(r"^POST \S+/api/v1/apps/dnc-manager/queries/compile: 422$")]


def test_compile_errors_are_shown_next_to_the_control(page: Page) -> None:
    sign_in(page)
    page.goto("/data/dnc-manager/builder")
    page.get_by_label("Dataset", exact=True).select_option("leads")
    page.get_by_role("button", name="Add column").click()
    page.get_by_label("Output 1: Column", exact=True).select_option("status")
    page.get_by_role("button", name="Add column").click()
    page.get_by_label("Output 2: Kind", exact=True).select_option("count")
    expect(page.get_by_label("Output 2: Output name", exact=True)).to_have_value("count")

    # A plain column beside an aggregate must be grouped: the server says where.
    column = page.get_by_label("Output 1: Column", exact=True)
    expect(column).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#qb-preview-errors")).to_contain_text(
        "select.0.column: must be in group_by or inside an aggregate"
    )
    expect(page.locator(".qb-field-error")).to_have_text(
        "must be in group_by or inside an aggregate"
    )

    page.get_by_role("button", name="Add group-by column").click()
    page.get_by_label("Group by 1: Column", exact=True).select_option("status")
    expect(page.locator("#qb-preview-status")).to_have_text("Compiled.")
    expect(column).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator(".qb-field-error")).to_have_count(0)
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#qb-grid tbody tr")).to_have_count(3)  # called, new, won


def test_a_saved_sql_query_opens_in_the_sql_tab_and_runs(page: Page) -> None:
    sign_in(page)
    page.goto("/data")
    page.get_by_role("link", name="callable leads").click()
    sql_tab = page.get_by_role("tab", name="SQL")
    expect(sql_tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("SQL text", exact=True)).to_have_value(
        re.compile(r"^select l\.first_name")
    )
    expect(page.get_by_label("Parameter 1: Name", exact=True)).to_have_value("status")
    expect(page.get_by_label("Parameter 1: Value", exact=True)).to_have_value("new")
    page.get_by_label("SQL text", exact=True).press("Control+Enter")
    rows = page.locator("#qb-grid tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").first).to_have_text("Ada")

    # Results are paged in the browser, 50 rows a page.
    sql = page.get_by_label("SQL text", exact=True)
    sql.fill("select a.first_name, b.phone from leads a, leads b, leads c, dnc d order by 1, 2")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#qb-results-summary")).to_contain_text("192 rows")
    expect(page.locator("#qb-page")).to_have_text("Page 1 of 4")
    expect(rows).to_have_count(50)
    expect(page.get_by_role("button", name="Previous page")).to_be_disabled()
    page.get_by_role("button", name="Next page").click()
    expect(page.locator("#qb-page")).to_have_text("Page 2 of 4")
    for _ in range(2):
        page.get_by_role("button", name="Next page").click()
    expect(page.locator("#qb-page")).to_have_text("Page 4 of 4")
    expect(rows).to_have_count(42)
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()

    # The tabs work from the keyboard.
    sql_tab.focus()
    page.keyboard.press("ArrowLeft")
    visual_tab = page.get_by_role("tab", name="Visual")
    expect(visual_tab).to_be_focused()
    expect(visual_tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("SQL text", exact=True)).to_be_hidden()


def test_readonly_users_see_no_save(page: Page, server: Server) -> None:
    ro = ("user", "create", "rita", "--role", "readonly", "--password-stdin")
    _cli(server.env, server.log.parent, *ro, stdin="rita's password\n")
    sign_in(page, "rita", "rita's password")
    page.goto("/data/dnc-manager/builder")
    expect(page.get_by_role("button", name="Run")).to_be_visible()
    expect(page.get_by_role("button", name="Save")).to_have_count(0)

"""End to end: the visual page editor in Chromium.

A page is created from the page list's "New page" form; in the editor a Grid is dragged from
the palette onto the page, then an Input, a Select and a Button into its columns (mouse
drags, as SortableJS follows the pointer). The select takes its options from a saved query
(a data source made and "Request test"ed in the Form tab); the input's label is set in the
property panel, undone and redone; a bad rule is refused by the server next to its field;
the page is saved, read back in the JSON view, previewed at phone width and finally served
as the draft with the query's options.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Server, admin_api, sign_in

pytestmark = pytest.mark.browser

APP = "editor-app"
PAGE = "order"
EDIT = f"/pages/{APP}/{PAGE}/edit"
SHOT = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "page-editor.png"
PLANS = [("basic", "Basic plan"), ("pro", "Pro plan"), ("team", "Team plan")]


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    with admin_api(server) as client:

        def ok(reply: httpx.Response) -> None:
            assert reply.status_code in (200, 201), reply.text

        ok(client.post("/apps", json={"name": APP, "title": "Editor"}))
        columns = [{"name": "code", "type": "string"}, {"name": "title", "type": "string"}]
        ok(client.post(f"/apps/{APP}/datasets", json={"name": "plans", "columns": columns}))
        for code, title in PLANS:
            ok(client.post(f"/apps/{APP}/datasets/plans/rows", json={"code": code, "title": title}))
        query = {"name": "plans", "sql": "select code, title from plans order by code"}
        ok(client.post(f"/apps/{APP}/queries", json=query))
        yield client


@pytest.fixture
def expected_errors() -> list[re.Pattern[str]]:
    # The save refused for a bad regular expression (shown next to its field), and the JSON
    # view's document with an unknown component type.
    return [
        re.compile(rf"PATCH .*/api/v1/apps/{APP}/pages/{PAGE}: 422"),
        re.compile(r"POST .*/api/v1/pages/validate: 422"),
    ]


def drag(page: Page, source: Locator, target: Locator, *, at: str = "center") -> None:
    """A pointer drag as a person makes it: press, move in steps, release."""
    source.hover()  # waits until the palette item is attached and stable, scrolls it in view
    start = source.bounding_box()
    assert start is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(
        start["x"] + start["width"] / 2 + 8, start["y"] + start["height"] / 2 + 8, steps=4
    )
    end = target.bounding_box()
    assert end is not None
    y = end["y"] + (end["height"] - 8 if at == "bottom" else end["height"] / 2)
    page.mouse.move(end["x"] + end["width"] / 2, y, steps=20)
    page.mouse.move(end["x"] + end["width"] / 2 + 2, y, steps=2)
    # SortableJS places its ghost on a timer while the pointer moves: release once it shows
    # where the component goes.
    ghost = ":scope > .sortable-ghost" + (":last-child" if at == "bottom" else "")
    expect(target.locator(ghost)).to_have_count(1)
    page.mouse.up()


def node(page: Page, type_name: str) -> Locator:
    return page.locator(f'#pe-canvas .pe-node[data-type-name="{type_name}"]')


def test_build_a_page_in_the_editor(page: Page, api: httpx.Client) -> None:
    page.set_viewport_size({"width": 1440, "height": 1000})
    sign_in(page)
    page.goto("/pages")
    page.get_by_label("App", exact=True).select_option(APP)
    page.get_by_label("Page name").fill(PAGE)
    page.get_by_label("Title", exact=True).fill("Order")
    page.get_by_role("button", name="Create and edit").click()
    expect(page).to_have_url(re.compile(re.escape(EDIT) + "$"))
    editor = page.locator("#page-editor")
    expect(editor).to_have_attribute("data-ready", "true")

    # The palette is grouped and searchable.
    palette = page.locator("#pe-palette-groups")
    expect(palette.locator("h3")).to_have_text(
        ["Layout", "Collection", "Basic fields", "Advanced fields"]
    )
    page.get_by_label("Search components").fill("sel")
    expect(palette.locator(".pe-item")).to_have_text(["Select", "Tree-Select"])
    page.get_by_label("Search components").fill("")

    # Drag a grid onto the page, then fields into its columns.
    item = lambda label: palette.locator(".pe-item", has_text=re.compile(f"^{label}$"))  # noqa: E731
    drag(page, item("Grid"), page.locator("#pe-canvas .pe-root"))
    expect(node(page, "grid")).to_have_count(1)
    columns = node(page, "grid").locator(".pe-slot > .pe-list")
    expect(columns).to_have_count(2)
    drag(page, item("Input"), columns.nth(0))
    expect(columns.nth(0).locator(".pe-node")).to_have_count(1)
    drag(page, item("Select"), columns.nth(1))
    expect(columns.nth(1).locator(".pe-node")).to_have_count(1)
    drag(page, item("Button"), columns.nth(0), at="bottom")
    expect(columns.nth(0).locator(".pe-node .pe-node-type")).to_have_text(["Input", "Button"])
    expect(columns.nth(1).locator(".pe-node .pe-node-type")).to_have_text(["Select"])
    # Components on the page move by dragging too (and the move is undoable).
    drag(page, node(page, "button"), columns.nth(1), at="bottom")
    expect(columns.nth(1).locator(".pe-node .pe-node-type")).to_have_text(["Select", "Button"])
    page.locator("#pe-canvas").focus()
    page.keyboard.press("Control+z")
    expect(columns.nth(0).locator(".pe-node .pe-node-type")).to_have_text(["Input", "Button"])
    expect(columns.nth(1).locator(".pe-node .pe-node-type")).to_have_text(["Select"])

    # A data source over the saved query, tried with "Request test".
    page.get_by_role("tab", name="Form").click()
    page.get_by_role("button", name="Add data source").click()
    page.locator("#pe-f-data_sources-0-name").fill("plans")
    page.locator("#pe-f-data_sources-0-query").select_option("plans")
    page.locator("#pe-f-data_sources-0-auto_load").check()
    page.get_by_role("button", name="Request test").click()
    result = page.locator("#pe-f-ds-0-result")
    expect(result).to_contain_text("3 rows")
    expect(result.locator("tbody tr")).to_have_count(3)
    expect(result.locator("tbody tr").nth(1).locator("td")).to_have_text(["pro", "Pro plan"])

    # The select's options come from it.
    node(page, "select").click()
    expect(page.get_by_role("tab", name="Component")).to_have_attribute("aria-selected", "true")
    panel = page.locator("#pe-component-panel")
    panel.get_by_label("Options come from").select_option("data_source")
    panel.get_by_label("Options data source").select_option("plans")
    panel.get_by_label("Value field").fill("code")
    panel.get_by_label("Label field").fill("title")
    panel.get_by_label("Label", exact=True).fill("Plan")
    expect(node(page, "select")).to_contain_text("options from plans")

    # The input's label, undone and redone.
    node(page, "input").click()
    panel.get_by_label("Label", exact=True).fill("Customer name")
    input_label = node(page, "input").locator(".pe-node-label")
    expect(input_label).to_have_text("Customer name")
    expect(page.get_by_text("Unsaved changes")).to_be_visible()
    page.locator("#pe-canvas").focus()
    page.keyboard.press("Control+z")
    expect(input_label).to_have_text("Input")
    expect(panel.get_by_label("Label", exact=True)).to_have_value("Input")
    page.keyboard.press("Control+Shift+z")
    expect(input_label).to_have_text("Customer name")
    page.get_by_role("button", name="Undo").click()
    expect(input_label).to_have_text("Input")
    page.get_by_role("button", name="Redo").click()
    expect(input_label).to_have_text("Customer name")

    # Keyboard: arrows move the selection through the page.
    node(page, "grid").click()
    page.keyboard.press("ArrowDown")
    expect(node(page, "input")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(node(page, "button")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Tab")
    expect(node(page, "select")).to_have_attribute("aria-selected", "true")
    expect(node(page, "button")).to_have_attribute("aria-selected", "false")
    page.keyboard.press("Shift+Tab")
    expect(node(page, "button")).to_have_attribute("aria-selected", "true")

    # Enter on a palette item adds it to the selected container; Delete removes it again.
    node(page, "grid").click()
    item("Divider").focus()
    page.keyboard.press("Enter")
    expect(node(page, "divider")).to_have_count(1)
    expect(node(page, "divider")).to_be_focused()
    expect(columns.nth(0).locator(".pe-node .pe-node-type")).to_have_text(
        ["Input", "Button", "Divider"]
    )
    page.keyboard.press("Delete")
    expect(node(page, "divider")).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(node(page, "divider")).to_have_count(1)
    page.keyboard.press("Control+Shift+z")
    expect(node(page, "divider")).to_have_count(0)

    # The button's onClick runs a new action, written in the panel.
    node(page, "button").click()
    panel.get_by_label("onClick action").select_option("New action…")
    body = panel.get_by_label(re.compile(r"^Body of button_\w+_onClick$"))
    body.fill("this.setData({})")

    # The server refuses a bad regular expression; the problem shows next to the field.
    node(page, "input").click()
    pattern = panel.get_by_label("Pattern")
    pattern.fill("/[/")
    page.keyboard.press("Control+s")
    expect(page.locator("#pe-status")).to_contain_text("Not saved")
    expect(page.locator("#pe-errors")).to_contain_text(".rules.pattern")
    expect(pattern).to_have_attribute("aria-invalid", "true")
    expect(panel.locator(f"#{pattern.get_attribute('id')}-error")).to_contain_text(
        "not a usable regular expression"
    )
    expect(node(page, "input")).to_have_class(re.compile("pe-invalid"))
    pattern.fill("/^[A-Za-z ]+$/")
    panel.get_by_label("Required").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#pe-status")).to_contain_text("Saved")
    expect(page.locator("#pe-errors")).to_be_hidden()
    expect(editor).to_have_attribute("data-dirty", "false")
    expect(page.get_by_text("Unsaved changes")).to_be_hidden()
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOT), full_page=True)

    # The saved document, as the API has it.
    saved = api.get(f"/apps/{APP}/pages/{PAGE}").json()["document"]
    grid = saved["components"][0]
    assert grid["type"] == "grid" and len(saved["components"]) == 1
    first, second = (s["children"] for s in grid["slots"])
    assert [c["type"] for c in first] == ["input", "button"]
    assert [c["type"] for c in second] == ["select"]
    assert first[0]["name"] == "Customer name"
    assert first[0]["rules"]["required"] is True
    assert second[0]["options"]["source"] == "data_source"
    assert second[0]["options"]["data_source"] == "plans"
    assert saved["data_sources"][0]["query"] == "plans"
    action = first[1]["events"]["onClick"]
    assert saved["actions"] == [{"name": action, "body": "this.setData({})"}]

    # The JSON view shows the same structure.
    page.get_by_role("tab", name="JSON").click()
    shown = json.loads(page.get_by_label("Page document (JSON)").input_value())
    assert shown["components"] == saved["components"]
    assert shown["data_sources"] == saved["data_sources"]
    # An edit in JSON comes back to the canvas once the server has checked it.
    shown["components"][0]["slots"][0]["children"][1]["name"] = "Place order"
    page.get_by_label("Page document (JSON)").fill(json.dumps(shown))
    page.get_by_role("button", name="Apply JSON").click()
    expect(page.locator("#pe-json-errors")).to_contain_text("Applied")
    shown["components"][0]["slots"][0]["children"][1]["type"] = "nope"
    page.get_by_label("Page document (JSON)").fill(json.dumps(shown))
    page.get_by_role("button", name="Apply JSON").click()
    expect(page.locator("#pe-json-errors")).to_contain_text(
        "components.0.slots.0.children.1.type unknown component type 'nope'"
    )
    # Saving with bad JSON in the view saves nothing.
    page.keyboard.press("Control+s")
    expect(page.locator("#pe-status")).to_contain_text("the JSON has problems")
    page.get_by_role("button", name="Discard JSON edits").click()
    expect(page.locator("#pe-json-errors")).to_be_empty()
    page.get_by_role("tab", name="Design").click()
    expect(node(page, "button").locator(".pe-node-label")).to_have_text("Place order")
    page.keyboard.press("Control+s")
    expect(page.locator("#pe-status")).to_contain_text("Saved")

    # The preview at phone width.
    page.get_by_role("tab", name="Preview").click()
    page.get_by_role("button", name="Phone (375px)").click()
    frame = page.locator("#pe-preview-frame")
    expect(frame).to_have_attribute("width", "375")
    assert frame.bounding_box()["width"] == pytest.approx(375, abs=2)  # type: ignore[index]
    preview = page.frame_locator("#pe-preview-frame")
    expect(preview.get_by_label("Customer name")).to_be_visible()
    expect(preview.get_by_role("button", name="Place order")).to_be_visible()

    # The draft as the runtime serves it.
    page.goto(f"/apps/{APP}/{PAGE}?draft=1")
    expect(page.get_by_label("Customer name")).to_be_visible()
    plan = page.get_by_label("Plan")
    expect(plan.locator("option", has_text="Team plan")).to_have_count(1)
    plan.select_option("pro")
    expect(page.get_by_role("button", name="Place order")).to_be_visible()


def test_a_reader_sees_the_editor_read_only(page: Page, api: httpx.Client) -> None:
    made = api.post(
        f"/apps/{APP}/pages",
        json={"name": "readonly", "document": {"components": [{"type": "input", "id": "x"}]}},
    )
    assert made.status_code == 201, made.text
    sign_in(page, "carol", "carol's password")
    page.goto(f"/pages/{APP}/readonly/edit?embed=1")
    expect(page.locator("#page-editor")).to_have_attribute("data-ready", "true")
    expect(page.locator("#site-nav")).to_have_count(0)
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.locator("#pe-status")).to_contain_text("Read only")
    node(page, "input").click()
    expect(page.locator("#pe-component-panel").get_by_label("Label", exact=True)).to_be_disabled()

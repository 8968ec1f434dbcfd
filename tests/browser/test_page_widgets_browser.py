"""End to end: every interactive page component in Chromium, its value arriving at the server.

An app (made through the REST API with an admin API key) has:

- ``widgets``: cascader, transfer, tree-select, rich-text editor, dates and times, sub-forms;
  its form goes to the ScriptForge script ``echo`` (``main`` returns its input), so the
  submit reply's ``result`` is what the server accepted.
- ``saved``: rate, slider, colour, switch, time and a date range; its form goes to the
  dataset ``answers``, read back through the API.
- ``grid``: a data grid over the 300-row dataset ``calls`` (server paging, sorting,
  filtering, selection, link cells, CSV export).
- ``chart``: a chart over a saved query.
- ``all``: the ``all_components`` fixture, each component screenshotted to
  ``var/test-artifacts/components/<type>.png``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, admin_api

pytestmark = pytest.mark.browser

APP = "widgets-app"
ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "pagebuilder" / "all_components.json"
SHOTS = ROOT / "var" / "test-artifacts" / "components"

TREE = [
    {
        "value": "eu",
        "label": "Europe",
        "children": [{"value": "fr", "label": "France"}, {"value": "de", "label": "Germany"}],
    },
    {
        "value": "as",
        "label": "Asia",
        "children": [
            {"value": "jp", "label": "Japan", "children": [{"value": "tokyo", "label": "Tokyo"}]}
        ],
    },
]
FRUITS = [
    {"value": "a", "label": "Apple"},
    {"value": "b", "label": "Banana"},
    {"value": 3, "label": "Three"},
]
SUBMIT = {"type": "button", "id": "send", "name": "Send", "attributes": {"role": "submit"}}

WIDGETS: dict[str, Any] = {
    "name": "widgets",
    "title": "Widgets",
    "form": {"submit": {"type": "scriptforge", "script": "echo", "message": "Echoed"}},
    "components": [
        {"type": "cascader", "id": "place", "name": "Place", "options": {"items": TREE}},
        {"type": "transfer", "id": "fruits", "name": "Fruits", "options": {"items": FRUITS}},
        {"type": "tree_select", "id": "country", "name": "Country", "options": {"items": TREE}},
        {"type": "editor", "id": "bio", "name": "Bio"},
        {
            "type": "date",
            "id": "period",
            "name": "Period",
            "attributes": {"display_type": "daterange"},
        },
        {"type": "date", "id": "year_pick", "name": "Year", "attributes": {"display_type": "year"}},
        {
            "type": "date",
            "id": "month_pick",
            "name": "Month",
            "attributes": {"display_type": "month"},
        },
        {"type": "date", "id": "week_pick", "name": "Week", "attributes": {"display_type": "week"}},
        {
            "type": "date",
            "id": "moment",
            "name": "Moment",
            "attributes": {"display_type": "datetime"},
        },
        {"type": "date", "id": "days", "name": "Days", "attributes": {"display_type": "dates"}},
        {"type": "time", "id": "opens", "name": "Opens"},
        {"type": "time", "id": "hours", "name": "Hours", "attributes": {"is_range": True}},
        {"type": "number", "id": "qty", "name": "Quantity"},
        {"type": "checkbox", "id": "extras", "name": "Extras", "options": {"items": FRUITS}},
        {"type": "radio", "id": "pick", "name": "Pick", "options": {"items": FRUITS}},
        {
            "type": "sub_form",
            "id": "lines",
            "name": "Lines",
            "events": {"onRowAdd": "rowAdded", "onRowRemove": "rowRemoved"},
            "children": [
                {"type": "input", "id": "item", "name": "Item"},
                {"type": "number", "id": "price", "name": "Price", "attributes": {"step": 0.01}},
            ],
        },
        {
            "type": "sub_form_plus",
            "id": "people",
            "name": "People",
            "children": [
                {
                    "type": "grid",
                    "id": "person_grid",
                    "slots": [
                        {
                            "span": 12,
                            "children": [{"type": "input", "id": "pname", "name": "Name"}],
                        },
                        {"span": 12, "children": [{"type": "switch", "id": "vip", "name": "VIP"}]},
                    ],
                }
            ],
        },
        {"type": "text", "id": "row_log", "name": "Row log", "binding": False},
        SUBMIT,
    ],
    "actions": [
        {
            "name": "rowAdded",
            "body": "const log = this.getValue('row_log') || '';\n"
            "this.setData({row_log: log + 'add' + args[0].index + ';'});",
        },
        {
            "name": "rowRemoved",
            "body": "const log = this.getValue('row_log') || '';\n"
            "this.setData({row_log: log + 'remove' + args[0].index + ';'});",
        },
    ],
}

SAVED: dict[str, Any] = {
    "name": "saved",
    "form": {"submit": {"type": "dataset", "dataset": "answers", "message": "Saved"}},
    "components": [
        {"type": "rate", "id": "stars", "name": "Stars"},
        {"type": "slider", "id": "volume", "name": "Volume", "attributes": {"min": 0, "max": 100}},
        {"type": "slider", "id": "band", "name": "Band", "attributes": {"range": True, "max": 50}},
        {"type": "color", "id": "brand", "name": "Brand"},
        {"type": "switch", "id": "active", "name": "Active"},
        {"type": "time", "id": "opens", "name": "Opens"},
        {
            "type": "date",
            "id": "period",
            "name": "Period",
            "attributes": {"display_type": "daterange"},
        },
        SUBMIT,
    ],
}
ANSWER_COLUMNS = [
    {"name": name, "type": kind, "nullable": True}
    for name, kind in [
        ("stars", "float"),
        ("volume", "integer"),
        ("band", "json"),
        ("brand", "string"),
        ("active", "boolean"),
        ("opens", "string"),
        ("period", "json"),
    ]
]

GRID_COLUMNS = [
    {"field": "id", "title": "ID", "link": True},
    {"field": "number", "title": "Number", "filter": True},
    {"field": "duration", "title": "Duration", "format": "duration"},
    {"field": "cost", "title": "Cost", "format": "currency", "currency": "EUR", "decimals": 2},
    {"field": "note", "title": "Note", "sortable": False},
]
GRID: dict[str, Any] = {
    "name": "grid",
    "data_sources": [
        {"name": "calls", "type": "database", "dataset": "calls", "operation": "list"}
    ],
    "components": [
        {
            "type": "data_grid",
            "id": "calls_grid",
            "name": "Calls",
            "data_source": "calls",
            "events": {"onLinkClicked": "linkClicked"},
            "attributes": {"row_selection": "multiple", "page_size": 50, "columns": GRID_COLUMNS},
        },
        {"type": "text", "id": "clicked", "name": "Clicked", "binding": False},
    ],
    "actions": [
        {"name": "linkClicked", "body": "this.setData({clicked: 'call ' + args[0].row.id});"}
    ],
}

CHART: dict[str, Any] = {
    "name": "chart",
    "data_sources": [{"name": "daily", "type": "query", "query": "calls_per_day"}],
    "components": [
        {
            "type": "chart",
            "id": "daily_chart",
            "data_source": "daily",
            "attributes": {
                "type": "bar",
                "title": "Calls per day",
                "series": [{"name": "Calls", "encode_x": "day", "encode_y": "calls"}],
                "y_axis": {"name": "Calls", "formatter": "decimal"},
            },
        }
    ],
}

DAILY = [
    ("2026-01-01", 5, 60, "0.50"),
    ("2026-01-02", 8, 3700, "1.25"),
    ("2026-01-03", 3, 20, "0.10"),
]


def _calls_csv() -> bytes:
    lines = ["number,duration,cost,note"]
    for n in range(1, 301):
        note = "=1+2" if n == 2 else f"note {n}"
        lines.append(f"+4420{n:04d},{n * 7},{n % 50}.{n % 100:02d},{note}")
    return ("\n".join(lines) + "\n").encode()


def _import(api: httpx.Client, dataset: str, body: bytes) -> None:
    made = api.post(f"/apps/{APP}/datasets/{dataset}/imports?format=csv", content=body)
    assert made.status_code == 202, made.text
    job = made.json()["id"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = api.get(f"/apps/{APP}/datasets/{dataset}/imports/{job}").json()
        if state["status"] in ("succeeded", "failed", "cancelled"):
            assert state["status"] == "succeeded", state
            return
        time.sleep(0.1)
    pytest.fail(f"the import into {dataset} did not finish")


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    with admin_api(server, timeout=20) as client:

        def ok(reply: httpx.Response) -> None:
            assert reply.status_code in (200, 201), reply.text

        ok(client.post("/apps", json={"name": APP, "title": "Widgets"}))
        ok(
            client.post(
                "/scripts",
                json={
                    "app": APP,
                    "name": "echo",
                    "code": "export function main(data) {\n  return data;\n}\n",
                },
            )
        )
        ok(
            client.post(
                f"/apps/{APP}/datasets", json={"name": "answers", "columns": ANSWER_COLUMNS}
            )
        )
        calls = [
            {"name": "number", "type": "string", "indexed": True},
            {"name": "duration", "type": "integer"},
            {"name": "cost", "type": "decimal(10,2)"},
            {"name": "note", "type": "string", "nullable": True},
        ]
        ok(client.post(f"/apps/{APP}/datasets", json={"name": "calls", "columns": calls}))
        _import(client, "calls", _calls_csv())
        log = [
            {"name": "day", "type": "string"},
            {"name": "calls", "type": "integer"},
            {"name": "duration", "type": "integer"},
            {"name": "cost", "type": "decimal(10,2)"},
        ]
        ok(client.post(f"/apps/{APP}/datasets", json={"name": "call_log", "columns": log}))
        for day, count, seconds, cost in DAILY:
            row = {"day": day, "calls": count, "duration": seconds, "cost": cost}
            ok(client.post(f"/apps/{APP}/datasets/call_log/rows", json=row))
        sql = "select id, day, calls, duration, cost from call_log order by day"
        ok(client.post(f"/apps/{APP}/queries", json={"name": "calls_per_day", "sql": sql}))
        everything = json.loads(FIXTURE.read_text())
        everything["name"] = "all"
        for document in (WIDGETS, SAVED, GRID, CHART, everything):
            body = {"name": document["name"], "access": "public", "document": document}
            ok(client.post(f"/apps/{APP}/pages", json=body))
        yield client


def _open(page: Page, name: str) -> None:
    page.goto(f"/apps/{APP}/{name}")
    page.wait_for_function("() => typeof window.cx === 'function'")


def _submit(page: Page) -> Any:
    """Send the form; the submit reply (``{ok, message, result}``)."""
    with page.expect_response(lambda r: r.url.endswith("/_api/submit")) as reply:
        page.get_by_role("button", name="Send").click()
    body = reply.value.json()
    assert reply.value.status == 200, body
    return body


def _echo(page: Page) -> dict[str, Any]:
    body = _submit(page)
    expect(page.locator("#pb-status")).to_have_text("Echoed")
    return dict(body["result"])


def _ctx(page: Page, script: str) -> Any:
    return page.evaluate(f"() => {{ const ctx = window.cx().ctx; return {script}; }}")


# -- choices ----------------------------------------------------------------------------------


def test_cascader_path_by_mouse_and_keyboard(page: Page, api: httpx.Client) -> None:
    _open(page, "widgets")
    box = page.locator("#place")
    tree = page.locator("#place-tree")
    expect(tree).to_be_hidden()
    box.click()
    expect(tree).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    tree.get_by_text("Asia", exact=True).click()
    tree.get_by_text("Japan", exact=True).click()
    tree.get_by_text("Tokyo", exact=True).click()
    expect(tree).to_be_hidden()
    expect(box).to_have_value("Asia / Japan / Tokyo")
    assert _ctx(page, "ctx.getValue('place')") == ["as", "jp", "tokyo"]
    # Keyboard: open, Escape closes; then Europe → France.
    box.focus()
    page.keyboard.press("ArrowDown")
    expect(tree).to_be_visible()
    page.keyboard.press("Escape")
    expect(tree).to_be_hidden()
    expect(box).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Home")  # Europe
    page.keyboard.press("ArrowRight")  # expand it
    page.keyboard.press("ArrowDown")  # France
    page.keyboard.press("Enter")
    expect(tree).to_be_hidden()
    expect(box).to_have_value("Europe / France")
    assert _echo(page)["place"] == ["eu", "fr"]


def test_transfer_moves_items_both_ways(page: Page, api: httpx.Client) -> None:
    _open(page, "widgets")
    available = page.locator("#fruits-source")
    chosen = page.locator("#fruits")
    available.select_option(label="Apple")
    page.get_by_role("button", name="Add to List 2").click()
    available.select_option(label="Three")
    available.focus()
    page.keyboard.press("Enter")  # the keyboard moves the selected items too
    expect(chosen.locator("option")).to_have_text(["Apple", "Three"])
    chosen.select_option(label="Apple")
    page.get_by_role("button", name="Remove from List 2").click()
    expect(chosen.locator("option")).to_have_text(["Three"])
    expect(available.locator("option")).to_have_text(["Banana", "Apple"])
    chosen.locator("option", has_text="Three").dblclick()
    expect(chosen.locator("option")).to_have_count(0)
    available.locator("option", has_text="Banana").dblclick()
    assert _echo(page)["fruits"] == ["b"]


def test_tree_select_picks_a_node(page: Page, api: httpx.Client) -> None:
    _open(page, "widgets")
    box = page.locator("#country")
    tree = page.locator("#country-tree")
    box.click()
    expect(tree).to_be_visible()
    tree.get_by_text("Germany", exact=True).click()
    expect(tree).to_be_hidden()
    expect(box).to_have_value("Germany")
    expect(tree.locator('[aria-selected="true"]')).to_have_text("Germany")
    # Keyboard: open on the chosen node, move to France.
    box.focus()
    page.keyboard.press("Enter")
    expect(tree.locator("li:focus")).to_contain_text("Germany")
    page.keyboard.press("ArrowUp")
    page.keyboard.press(" ")
    expect(box).to_have_value("France")
    assert _echo(page)["country"] == "fr"


def test_checkbox_radio_and_number(page: Page, api: httpx.Client) -> None:
    _open(page, "widgets")
    page.locator("#extras").get_by_label("Banana").check()
    page.locator("#extras").get_by_label("Three").check()
    page.locator("#pick").get_by_label("Three").check()
    page.get_by_label("Quantity").fill("12")
    result = _echo(page)
    assert result["extras"] == ["b", 3]
    assert result["pick"] == 3
    assert result["qty"] == 12


# -- text, dates, times -----------------------------------------------------------------------


def test_rich_text_editor(page: Page, api: httpx.Client) -> None:
    _open(page, "widgets")
    area = page.get_by_role("textbox", name="Bio")
    expect(page.locator("#bio")).to_be_hidden()  # the text area behind it
    area.click()
    page.keyboard.type("Hello ")
    page.get_by_role("button", name="Bold", exact=True).click()
    expect(page.get_by_role("button", name="Bold", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    page.keyboard.type("world")
    page.get_by_role("button", name="Bold", exact=True).click()  # off again
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("item")
    value = _ctx(page, "ctx.getValue('bio')")
    assert re.search(r"<(b|strong)>world</(b|strong)>", value), value
    assert "<li>" in value
    bio = _echo(page)["bio"]
    assert re.search(r"<(b|strong)>world</(b|strong)>", bio) and "<li>item" in bio, bio
    # setData shows new HTML in the editor.
    _ctx(page, "ctx.setData({bio: '<p><i>set</i></p>'})")
    expect(area.locator("i")).to_have_text("set")


def test_dates_and_times(page: Page, api: httpx.Client) -> None:
    _open(page, "widgets")
    page.get_by_label("Period start").fill("2026-03-01")
    page.get_by_label("Period end").fill("2026-03-31")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Month").fill("2026-05")
    page.get_by_label("Week").fill("2026-W10")
    page.get_by_label("Moment").fill("2026-04-02T09:30:15")
    page.get_by_label("Opens").fill("08:15:00")
    page.get_by_label("Hours start").fill("09:00:00")
    page.get_by_label("Hours end").fill("17:30:00")
    days = page.locator('[data-pb-id="days"]')
    days.get_by_label("Date 1", exact=True).fill("2026-02-10")
    days.get_by_role("button", name="Add date").click()
    days.get_by_label("Date 2", exact=True).fill("2026-02-01")
    days.get_by_role("button", name="Add date").click()
    days.get_by_label("Date 3", exact=True).fill("2026-02-20")
    days.get_by_role("button", name="Remove date 3").click()
    result = _echo(page)
    assert result["period"] == ["2026-03-01", "2026-03-31"]
    assert result["year_pick"] == "2027"
    assert result["month_pick"] == "2026-05"
    assert result["week_pick"] == "2026-W10"
    assert result["moment"] == "2026-04-02T09:30:15"
    assert result["opens"] == "08:15:00"
    assert result["hours"] == ["09:00:00", "17:30:00"]
    assert result["days"] == ["2026-02-01", "2026-02-10"]


def test_rate_slider_colour_switch_saved_to_a_dataset(page: Page, api: httpx.Client) -> None:
    _open(page, "saved")
    page.locator('label[for="stars-4"]').click()
    expect(page.locator("#stars-4")).to_be_checked()
    slider = page.locator("#volume")
    slider.fill("40")
    slider.focus()
    page.keyboard.press("ArrowRight")  # 41
    expect(page.locator('[data-pb-id="volume"] .pb-slider-value')).to_have_text("41")
    page.locator("#band").fill("30")
    page.locator("#band-end").fill("10")  # may not pass the start: both end at 10
    expect(page.locator('[data-pb-id="band"] .pb-slider-value')).to_have_text("10 \u2013 10")
    page.locator("#band-end").fill("45")
    page.locator("#brand").fill("#ff8800")
    page.get_by_role("switch", name="Active").check()
    page.get_by_label("Opens").fill("07:45:00")
    page.get_by_label("Period start").fill("2026-06-01")
    page.get_by_label("Period end").fill("2026-06-07")
    assert _submit(page)["ok"] is True
    expect(page.locator("#pb-status")).to_have_text("Saved")
    rows = api.get(f"/apps/{APP}/datasets/answers/rows").json()["items"]
    row = rows[-1]
    assert row["stars"] == 4
    assert row["volume"] == 41
    assert row["band"] == [10, 45]
    assert row["brand"] == "#ff8800"
    assert row["active"] is True
    assert row["opens"] == "07:45:00"
    assert row["period"] == ["2026-06-01", "2026-06-07"]


# -- sub-forms --------------------------------------------------------------------------------


def test_sub_form_rows_added_and_removed(page: Page, api: httpx.Client) -> None:
    _open(page, "widgets")
    lines = page.locator('[data-pb-id="lines"]')
    add = lines.get_by_role("button", name="Add row")
    for item, price in (("Cable", "2.5"), ("Plug", "1"), ("Box", "7.25")):
        add.click()
        row = lines.locator(".pb-row").last
        expect(row.get_by_label("Item")).to_be_focused()
        row.get_by_label("Item").fill(item)
        row.get_by_label("Price").fill(price)
    expect(lines.locator(".pb-row")).to_have_count(3)
    lines.get_by_role("button", name="Remove row 2").click()
    expect(lines.locator(".pb-row .pb-row-number")).to_have_text(["1", "2"])
    expect(page.locator("#row_log")).to_have_text("add0;add1;add2;remove1;")
    people = page.locator('[data-pb-id="people"]')
    people.get_by_role("button", name="Add row").click()
    people.locator(".pb-row").last.get_by_label("Name").fill("Ada")
    people.locator(".pb-row").last.get_by_role("switch", name="VIP").check()
    result = _echo(page)
    assert result["lines"] == [{"item": "Cable", "price": 2.5}, {"item": "Box", "price": 7.25}]
    assert result["people"] == [{"pname": "Ada", "vip": True}]
    # setData fills rows from the value.
    _ctx(page, "ctx.setData({lines: [{item: 'X', price: 1}, {item: 'Y', price: 2}]})")
    expect(lines.locator(".pb-row")).to_have_count(2)
    assert _ctx(page, "ctx.getValue('lines')") == [
        {"item": "X", "price": 1},
        {"item": "Y", "price": 2},
    ]


# -- data grid --------------------------------------------------------------------------------


def _grid_ids(page: Page) -> list[int]:
    cells = page.locator('[data-pb-id="calls_grid"] tbody td[data-pb-field="id"]')
    return [int(t) for t in cells.all_inner_texts()]


def test_data_grid_pages_on_the_server(page: Page, api: httpx.Client) -> None:
    _open(page, "grid")
    grid = page.locator('[data-pb-id="calls_grid"]')
    expect(grid.locator("tbody tr")).to_have_count(50)
    expect(grid.locator(".pb-grid-info")).to_have_text("Rows 1\u201350 of 300")
    assert _grid_ids(page) == list(range(1, 51))
    # Display formats: duration (h:mm:ss) and currency (EUR, 2 decimals).
    first = grid.locator("tbody tr").first
    expect(first.locator('td[data-pb-field="duration"]')).to_have_text("0:00:07")
    expect(first.locator('td[data-pb-field="cost"]')).to_have_text("€1.01")
    with page.expect_request(lambda r: "/_api/ds/calls" in r.url) as sent:
        grid.get_by_role("button", name="Next").click()
    assert json.loads(sent.value.post_data or "{}").get("cursor")
    expect(grid.locator("tbody tr").first.locator("td").nth(1)).to_have_text("51")
    assert _grid_ids(page) == list(range(51, 101))
    expect(grid.locator(".pb-grid-page")).to_have_text("Page 2 of 6")
    grid.get_by_role("button", name="Previous").click()
    expect(grid.locator("tbody tr").first.locator("td").nth(1)).to_have_text("1")
    grid.get_by_label("Rows per page").select_option("100")
    expect(grid.locator("tbody tr")).to_have_count(100)
    for first_id in ("101", "201"):  # wait for each page before the next click
        grid.get_by_role("button", name="Next").click()
        expect(grid.locator("tbody tr").first.locator("td").nth(1)).to_have_text(first_id)
    expect(grid.locator("tbody tr")).to_have_count(100)
    assert _grid_ids(page) == list(range(201, 301))
    expect(grid.get_by_role("button", name="Next")).to_be_disabled()


def test_data_grid_sorts_and_filters(page: Page, api: httpx.Client) -> None:
    _open(page, "grid")
    grid = page.locator('[data-pb-id="calls_grid"]')
    expect(grid.locator("tbody tr")).to_have_count(50)
    grid.get_by_role("button", name="Number").click()
    header = grid.locator('th[data-pb-field="number"]')
    expect(header).to_have_attribute("aria-sort", "ascending")
    grid.get_by_role("button", name="Number").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(grid.locator("tbody tr").first.locator('td[data-pb-field="id"]')).to_have_text("300")
    assert _grid_ids(page) == list(range(300, 250, -1))
    grid.get_by_role("button", name="Next").click()  # paging follows the sort
    expect(grid.locator("tbody tr").first.locator('td[data-pb-field="id"]')).to_have_text("250")
    grid.get_by_role("button", name="Number").click()  # back to unsorted, page 1
    expect(header).to_have_attribute("aria-sort", "none")
    expect(grid.locator("tbody tr").first.locator('td[data-pb-field="id"]')).to_have_text("1")
    grid.get_by_label("Filter Number").fill("+44200123")
    grid.get_by_label("Filter Number").press("Enter")
    expect(grid.locator("tbody tr")).to_have_count(1)
    assert _grid_ids(page) == [123]


def test_data_grid_selection_and_links(page: Page, api: httpx.Client) -> None:
    _open(page, "grid")
    grid = page.locator('[data-pb-id="calls_grid"]')
    expect(grid.locator("tbody tr")).to_have_count(50)
    grid.get_by_label("Select row 1", exact=True).check()
    grid.get_by_label("Select row 3", exact=True).check()
    expect(grid.locator('tbody tr[aria-selected="true"]')).to_have_count(2)
    selected = _ctx(page, "ctx.$('calls_grid').getSelectedRows()")
    assert [r["id"] for r in selected] == [1, 3]
    assert selected[0]["number"] == "+44200001"
    # Keyboard: the row's checkbox toggles with Space.
    grid.get_by_label("Select row 3", exact=True).focus()
    page.keyboard.press(" ")
    assert [r["id"] for r in _ctx(page, "ctx.$('calls_grid').getSelectedRows()")] == [1]
    grid.get_by_label("Select all rows on this page").check()
    assert len(_ctx(page, "ctx.getComponent('calls_grid').getSelectedRows()")) == 50
    grid.locator("tbody tr").nth(4).get_by_role("button", name="5", exact=True).click()
    expect(page.locator("#clicked")).to_have_text("call 5")


def test_data_grid_exports_csv(page: Page, api: httpx.Client) -> None:
    _open(page, "grid")
    grid = page.locator('[data-pb-id="calls_grid"]')
    expect(grid.locator("tbody tr")).to_have_count(50)
    with page.expect_download() as info:
        grid.get_by_role("button", name="Export Calls as CSV").click()
    download = info.value
    assert download.suggested_filename == "calls_grid.csv"
    text = Path(download.path()).read_text()
    lines = text.splitlines()
    assert lines[0] == "id,number,duration,cost,note"
    assert len(lines) == 51
    # Formula escaping as the server's export does it: text cells starting = + - @.
    assert lines[1] == "1,'+44200001,7,1.01,note 1"
    assert lines[2] == "2,'+44200002,14,2.02,'=1+2"


# -- chart ------------------------------------------------------------------------------------


def test_chart_renders_a_saved_query(page: Page, api: httpx.Client) -> None:
    _open(page, "chart")
    chart = page.locator('[data-pb-id="daily_chart"]')
    expect(chart.locator("canvas")).to_have_count(1)
    page.wait_for_function(
        "() => window.cx().ctx.getComponent('daily_chart').getOption().series[0].data.length === 3"
    )
    option = _ctx(page, "ctx.getComponent('daily_chart').getOption()")
    assert option["series"][0]["name"] == "Calls"
    assert option["series"][0]["type"] == "bar"
    assert option["series"][0]["data"] == [[d, n] for d, n, _, _ in DAILY]
    assert option["title"][0]["text"] == "Calls per day"
    url = _ctx(page, "ctx.$('daily_chart').getDataURL()")
    assert url.startswith("data:image/png;base64,")
    # setData redraws from new rows; the ECharts methods are there.
    _ctx(page, "ctx.$('daily_chart').setData([{day: 'Mon', calls: 1}, {day: 'Tue', calls: 2}])")
    assert _ctx(page, "ctx.getComponent('daily_chart').getOption().series[0].data") == [
        ["Mon", 1],
        ["Tue", 2],
    ]
    _ctx(page, "ctx.getComponent('daily_chart').showLoading()")
    _ctx(page, "ctx.getComponent('daily_chart').hideLoading()")
    _ctx(page, "ctx.getComponent('daily_chart').resize()")


# -- every component ----

#: Show a component inside a closed tab panel or collapse panel (its tab clicked, opened).
REVEAL = """(id) => {
  const element = document.querySelector(`[data-pb-id="${id}"]`);
  for (let e = element; e; e = e.parentElement) {
    const tab = e.matches('[role=tabpanel][hidden]') && e.getAttribute('aria-labelledby');
    if (tab) document.getElementById(tab).click();
    if (e.matches('details:not([open])')) e.open = true;
  }
}"""


def test_every_component_renders_and_is_screenshotted(
    page: Page, api: httpx.Client, expected_errors: list[re.Pattern[str]]
) -> None:
    expected_errors.append(re.compile(r"example\.com"))  # the iframe's page: no network here
    page.set_viewport_size({"width": 1200, "height": 900})
    _open(page, "all")
    document = json.loads(FIXTURE.read_text())

    def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for item in items:
            yield item
            yield from walk(item.get("children") or [])
            for slot in item.get("slots") or []:
                yield from walk(slot.get("children") or [])

    first: dict[str, str] = {}
    for component in walk(document["components"]):
        first.setdefault(component["type"], component["id"])
    # The grid and the chart drew their rows from the saved query.
    expect(page.locator('[data-pb-id="aggrid_calls001"] tbody tr')).to_have_count(len(DAILY))
    expect(page.locator('[data-pb-id="echarts_calls01"] canvas')).to_have_count(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for kind, ident in sorted(first.items()):
        if kind == "dialog":
            _ctx(page, f"ctx.$('{ident}').open()")
        page.evaluate(REVEAL, ident)
        element = page.locator(f'[data-pb-id="{ident}"]').first
        expect(element).to_be_visible()
        element.screenshot(path=str(SHOTS / f"{kind}.png"), animations="disabled")
        if kind == "dialog":
            _ctx(page, f"ctx.$('{ident}').close()")
    assert {p.stem for p in SHOTS.glob("*.png")} >= set(first)

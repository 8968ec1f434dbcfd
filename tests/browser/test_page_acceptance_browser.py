"""End to end, the page builder's headline flows in Chromium:

- a form whose select takes its options from a data source (a saved query), with a number,
  a date and a checkbox, checked in the browser and saved as a dataset row;
- a data grid bound to a saved query: server paging and sorting by a column header.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, admin_api

pytestmark = pytest.mark.browser

APP = "acceptance"
PEOPLE = "".join(f"P{n:03d},{20 + n % 50}\n" for n in range(120))

FORM: dict[str, Any] = {
    "title": "Pick a person",
    "form": {"submit": {"type": "dataset", "dataset": "picks", "message": "Picked"}},
    "data_sources": [{"name": "people", "type": "query", "query": "people", "auto_load": True}],
    "components": [
        {
            "type": "select",
            "id": "person",
            "name": "Person",
            "options": {
                "source": "data_source",
                "data_source": "people",
                "value_field": "name",
                "label_field": "name",
            },
            "rules": {"required": True},
        },
        {
            "type": "number",
            "id": "age",
            "name": "Age",
            "attributes": {"min": 18, "max": 99},
            "rules": {"required": True, "min": 18, "max": 99},
        },
        {"type": "date", "id": "day", "name": "Day", "rules": {"required": True}},
        {
            "type": "checkbox",
            "id": "tags",
            "name": "Tags",
            "options": {"items": [{"value": "vip"}, {"value": "new"}]},
        },
        {"type": "button", "id": "send", "name": "Send", "attributes": {"role": "submit"}},
    ],
}

GRID: dict[str, Any] = {
    "title": "People",
    "data_sources": [{"name": "people", "type": "query", "query": "people"}],
    "components": [
        {
            "type": "data_grid",
            "id": "people_grid",
            "name": "People",
            "data_source": "people",
            "attributes": {
                "page_size": 50,
                "columns": [
                    {"field": "name", "title": "Name"},
                    {"field": "age", "title": "Age"},
                ],
            },
        }
    ],
}


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    with admin_api(server) as client:

        def ok(reply: httpx.Response) -> None:
            assert reply.status_code in (200, 201), reply.text

        ok(client.post("/apps", json={"name": APP}))
        people = [{"name": "name", "type": "string"}, {"name": "age", "type": "integer"}]
        ok(client.post(f"/apps/{APP}/datasets", json={"name": "people", "columns": people}))
        picks = [
            {"name": "person", "type": "string"},
            {"name": "age", "type": "integer"},
            {"name": "day", "type": "date"},
            {"name": "tags", "type": "json"},
        ]
        ok(client.post(f"/apps/{APP}/datasets", json={"name": "picks", "columns": picks}))
        imported = client.post(
            f"/apps/{APP}/datasets/people/import",
            params={"header": "false"},
            content=PEOPLE.encode(),
        )
        ok(imported)
        assert imported.json()["rows_imported"] == 120
        query = {"name": "people", "sql": "select name, age from people order by name"}
        ok(client.post(f"/apps/{APP}/queries", json=query))
        for name, document in (("pick", FORM), ("people", GRID)):
            page = {"name": name, "access": "public", "document": document}
            ok(client.post(f"/apps/{APP}/pages", json=page))
        yield client


def test_form_with_options_from_a_data_source(page: Page, api: httpx.Client) -> None:
    page.goto(f"/apps/{APP}/pick")
    person = page.get_by_label("Person")
    expect(person.locator("option", has_text="P119")).to_have_count(1)  # loaded from the query
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#person-error")).to_contain_text("required")
    person.select_option("P007")
    page.get_by_label("Age").fill("17")
    page.get_by_label("Day").fill("2026-12-01")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#age-error")).to_contain_text("at least 18")
    page.get_by_label("Age").fill("42")
    page.get_by_label("vip").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#pb-status")).to_contain_text("Picked")
    rows = api.get(f"/apps/{APP}/datasets/picks/rows").json()["items"]
    assert [(r["person"], r["age"], r["day"], r["tags"]) for r in rows] == [
        ("P007", 42, "2026-12-01", ["vip"])
    ]


def test_grid_over_a_saved_query_pages_and_sorts(page: Page, api: httpx.Client) -> None:
    page.goto(f"/apps/{APP}/people")
    grid = page.locator('[data-pb-id="people_grid"]')
    body = grid.locator("tbody tr")
    expect(body).to_have_count(50)
    expect(body.first.locator("td").first).to_have_text("P000")
    grid.get_by_role("button", name="Next").click()
    expect(body.first.locator("td").first).to_have_text("P050")
    grid.get_by_role("button", name="Name").click()  # ascending (already), then...
    grid.get_by_role("button", name="Name").click()  # ...descending, from page 1
    expect(body.first.locator("td").first).to_have_text("P119")
    grid.get_by_role("button", name="Next").click()
    expect(body.first.locator("td").first).to_have_text("P069")

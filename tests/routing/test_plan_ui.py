"""The numbering plan page (/class4/destination-types) and the exchange-rate CSV import,
driven like a browser through httpx: a plan uploaded, listed, filtered and asked "which
type is this number?", bad files refused line by line with nothing written, the whole plan
replaced, and what a read-only user gets."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from telephony.rating.models import DestinationType, ExchangeRate
from telephony.rating.services.plan import import_plan
from tests.ui.ui_support import Ui, csrf_of

PAGE = "/class4/destination-types"
IMPORT = f"{PAGE}/import"
RATES = "/class4/exchange-rates"
PLAN = "prefix,type,name\n44,FIXED,UK\n447,MOBILE,UK mobile\n8816,satellite,Iridium\n"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def ui(client: httpx.AsyncClient) -> Ui:
    return Ui(client)


@pytest.fixture
async def admin(ui: Ui, make_user: Any) -> Any:
    account = await make_user(Role.ADMIN)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303
    return account


async def _upload(
    ui: Ui, page: str, action: str, content: str | bytes, **fields: str
) -> httpx.Response:
    """Submit ``page``'s upload form to ``action`` with ``content`` as its file."""
    body = content.encode() if isinstance(content, str) else content
    return await ui.client.post(
        action,
        data={"csrf_token": await ui.token(page), **fields},
        files={"file": ("upload.csv", body, "text/csv")},
    )


async def _flash_after(ui: Ui, response: httpx.Response, page: str = PAGE) -> str:
    """The page an accepted import redirects to, with its flash."""
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"http://testserver{page}"
    return (await ui.get(response.headers["location"])).text


async def test_a_plan_is_imported_listed_and_filtered(ui: Ui, admin: Any) -> None:
    empty = await ui.get(PAGE)
    assert empty.status_code == 200
    assert "The plan is empty" in empty.text
    assert 'enctype="multipart/form-data"' in empty.text

    page = await _flash_after(ui, await _upload(ui, PAGE, IMPORT, PLAN))
    assert "Imported 3 range(s), 0 replaced/removed; the plan has 3 range(s)." in page
    assert "<td>447</td><td>MOBILE</td><td>UK mobile</td>" in page
    assert "<td>8816</td><td>SATELLITE</td><td>Iridium</td>" in page

    for query, shown, hidden in [
        ("prefix=44", ["44", "447"], ["8816"]),
        ("prefix=%2B447", ["447"], ["44", "8816"]),
        ("type=MOBILE", ["447"], ["44", "8816"]),
        ("type=satellite", ["8816"], ["44", "447"]),
        ("prefix=44&type=FIXED", ["44"], ["447", "8816"]),
    ]:
        found = await ui.get(f"{PAGE}?{query}")
        cells = re.findall(r"<tr><td>(\d+)</td>", found.text)
        assert cells == shown, (query, cells)
        assert not set(hidden) & set(cells)
    fragment = await ui.get(f"{PAGE}?prefix=88", headers=HTMX)
    assert "<html" not in fragment.text and "<td>8816</td>" in fragment.text
    assert "1\u20131 of 1" in fragment.text
    none = await ui.get(f"{PAGE}?prefix=99", headers=HTMX)
    assert "No ranges match." in none.text


@pytest.mark.parametrize(
    ("number", "status", "needles"),
    [
        (
            "+44 7911 123456",
            200,
            ["<dd>447911123456</dd>", "<dd>MOBILE</dd>", "<dd>447 UK mobile</dd>"],
        ),
        ("0044 20 7946 0000", 200, ["<dd>FIXED</dd>", "<dd>44 UK</dd>"]),
        ("+33 1 23 45 67 89", 200, ["33123456789: no prefix in the plan"]),
        ("not a number", 422, ["is not a phone number"]),
    ],
)
async def test_which_type_is_this_number(
    ui: Ui, admin: Any, number: str, status: int, needles: list[str]
) -> None:
    assert (await _upload(ui, PAGE, IMPORT, PLAN)).status_code == 303
    # Without JS: the whole page, the number kept in its box.
    page = await ui.get(PAGE, params={"number": number})
    assert page.status_code == status
    assert "<h1>Numbering plan</h1>" in page.text and f'value="{number}"' in page.text
    # htmx: the answer alone.
    fragment = await ui.get(f"{PAGE}/lookup", params={"number": number}, headers=HTMX)
    assert fragment.status_code == status
    assert "<html" not in fragment.text and "<table" not in fragment.text
    for needle in needles:
        assert needle in page.text and needle in fragment.text, needle


@pytest.mark.parametrize(
    ("content", "lines"),
    [
        (
            "prefix,type\n44,FIXED\nabc,MOBILE\n44,MOBILE\n4,ROAMING\n",
            [
                ("line 3", "prefix &#39;abc&#39;: digits only, 1 to 20"),
                ("line 4", "prefix 44 is also on line 2"),
                ("line 5", "type &#39;ROAMING&#39;: one of"),
            ],
        ),
        ("prefix,name\n44,UK\n", [("line 1", "missing column(s): type")]),
    ],
)
async def test_a_bad_plan_is_refused_with_its_lines_and_nothing_is_written(
    ui: Ui, admin: Any, content: str, lines: list[tuple[str, str]]
) -> None:
    assert (await _upload(ui, PAGE, IMPORT, "prefix,type\n1,FIXED\n")).status_code == 303
    audit = await AuditEntry.all().count()
    refused = await _upload(ui, PAGE, IMPORT, content, replace="on")
    assert refused.status_code == 422
    assert f"{len(lines)} problem(s) in the file. Nothing was imported" in refused.text
    for path, message in lines:
        assert f"<td>{path}</td><td>{message}" in refused.text, (path, refused.text)
    assert 'id="p-replace" name="replace" value="on" checked' in refused.text, "kept"
    assert await DestinationType.all().values_list("prefix", flat=True) == ["1"]
    assert await AuditEntry.all().count() == audit


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"prefix,type\n44,FIXED,\xe9\n", "not UTF-8 text (byte 21)"),
        (b"prefix,type\n", "no ranges below the header"),
        (None, "choose a CSV file to upload"),
    ],
)
async def test_a_file_that_is_no_plan_is_refused(
    ui: Ui, admin: Any, content: bytes | None, message: str
) -> None:
    if content is None:
        refused = await ui.submit(PAGE, IMPORT, {})
    else:
        refused = await _upload(ui, PAGE, IMPORT, content)
    assert refused.status_code == 422
    assert f'<span class="error-text">{message}' in refused.text
    assert not await DestinationType.exists()


async def test_a_utf8_file_with_a_byte_order_mark_is_read(ui: Ui, admin: Any) -> None:
    made = await _upload(ui, PAGE, IMPORT, "\ufeffprefix,type,name\n49,FIXED,Deutschland\n")
    assert made.status_code == 303
    assert await DestinationType.get(prefix="49").values_list("name", flat=True) == "Deutschland"


async def test_the_replace_box_replaces_the_whole_plan(ui: Ui, admin: Any) -> None:
    assert (await _upload(ui, PAGE, IMPORT, PLAN)).status_code == 303
    added = await _flash_after(
        ui, await _upload(ui, PAGE, IMPORT, "prefix,type\n447,PAGING\n33,FIXED\n")
    )
    assert "Imported 2 range(s), 1 replaced/removed; the plan has 4 range(s)." in added
    assert "<td>447</td><td>PAGING</td>" in added

    swapped = await _upload(ui, PAGE, IMPORT, "prefix,type\n49,FIXED\n", replace="on")
    page = await _flash_after(ui, swapped)
    assert "Imported 1 range(s), 4 replaced/removed; the plan has 1 range(s)." in page
    assert await DestinationType.all().values_list("prefix", flat=True) == ["49"]
    answer = await ui.get(f"{PAGE}/lookup", params={"number": "+44 7911 123456"}, headers=HTMX)
    assert "447911123456: no prefix in the plan" in answer.text, "the plan in memory too"


async def test_a_read_only_user_sees_the_plan_but_no_form_and_cannot_import(
    ui: Ui, make_user: Any
) -> None:
    await import_plan(SYSTEM, PLAN)
    reader = await make_user(Role.READONLY)
    assert (await ui.sign_in(reader.username, reader.password)).status_code == 303
    for path in [PAGE, RATES]:
        page = await ui.get(path)
        assert page.status_code == 200
        forms = re.findall(r'method="post" action="([^"]*)"', page.text)
        assert forms == ["http://testserver/logout"], (path, forms)
        assert 'type="file"' not in page.text
    page = await ui.get(PAGE, params={"number": "+447911123456"})
    assert "<td>447</td><td>MOBILE</td>" in page.text and "<dd>MOBILE</dd>" in page.text

    audit = await AuditEntry.all().count()
    for action, content in [
        (IMPORT, "prefix,type\n1,FIXED\n"),
        (f"{RATES}/import", "base,quote,rate\nEUR,USD,1\n"),
    ]:
        refused = await _upload(ui, "/", action, content, replace="on")
        assert refused.status_code == 403, action
    assert await DestinationType.all().count() == 3
    assert not await ExchangeRate.exists()
    assert await AuditEntry.all().count() == audit


async def test_exchange_rates_are_imported_from_csv(ui: Ui, admin: Any) -> None:
    page = await ui.get(RATES)
    assert "Import from CSV" in page.text
    content = "base,quote,rate,as_of\neur,usd,1.08,2026-01-01T00:00Z\nGBP,USD,1.27,\n"
    shown = await _flash_after(ui, await _upload(ui, RATES, f"{RATES}/import", content), RATES)
    assert "Imported 2 exchange rate(s)." in shown
    assert "1 EUR = 1.08 USD" in shown and "1 GBP = 1.27 USD" in shown
    assert await ExchangeRate.filter(source="import").count() == 2


async def test_a_bad_exchange_rate_file_lists_its_lines_and_adds_nothing(
    ui: Ui, admin: Any
) -> None:
    content = "base,quote,rate\nEUR,USD,-1\nEUR,EUR,1\nEUR,USD,1.1\n"
    refused = await _upload(ui, RATES, f"{RATES}/import", content)
    assert refused.status_code == 422
    text = refused.text
    assert "2 problem(s) in the file. Nothing was imported; the rates are unchanged." in text
    assert "<td>line 2</td><td>rate cannot be negative</td>" in text
    assert re.search(r"<td>line 3</td><td>quote [^<]*differ", text), text
    assert not await ExchangeRate.exists()
    # The page stays usable: the add form carries no stale errors and still works.
    assert 'aria-invalid="true"' not in text.split('id="import-panel"')[0]
    data = {"base": "EUR", "quote": "USD", "rate": "1.1"}
    assert (await ui.post(RATES, data, csrf=csrf_of(text))).status_code == 303
    assert await ExchangeRate.all().count() == 1

    missing = await ui.submit(RATES, f"{RATES}/import", {})
    assert missing.status_code == 422
    assert '<span class="error-text">choose a CSV file to upload' in missing.text


async def test_the_plan_downloads_as_csv(ui: Ui, admin: Any) -> None:
    await import_plan(SYSTEM, "prefix,type,name\n44,FIXED,UK\n447,MOBILE,UK mobile\n")
    page = await ui.get("/class4/destination-types")
    assert '/class4/destination-types/export.csv" download>download as CSV' in page.text
    sheet = await ui.get("/class4/destination-types/export.csv")
    assert sheet.status_code == 200
    assert sheet.text == "prefix,type,name\n44,FIXED,UK\n447,MOBILE,UK mobile\n"

"""The numbering plan and exchange-rate imports over REST."""

from __future__ import annotations

from typing import Any

import httpx

from runtime.models import Role
from telephony.rating.models import DestinationType, ExchangeRate

PLAN = "prefix,type,name\n44,FIXED,UK\n447,MOBILE,UK mobile\n8816,satellite,Iridium\n"


async def test_the_plan_is_imported_listed_and_looked_up(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    writer = await auth_headers(Role.SUPPORT)
    made = await client.post(
        "/api/v1/destination-types/import",
        content=PLAN,
        headers={**writer, "content-type": "text/csv"},
    )
    assert made.status_code == 200, made.text
    assert made.json() == {"imported": 3, "removed": 0, "total": 3}
    reader = await auth_headers(Role.READONLY)
    listed = await client.get("/api/v1/destination-types", params={"prefix": "44"}, headers=reader)
    assert [(r["prefix"], r["type"]) for r in listed.json()["items"]] == [
        ("44", "FIXED"),
        ("447", "MOBILE"),
    ]
    found = await client.get(
        "/api/v1/destination-types/lookup", params={"number": "+44 7911 123456"}, headers=reader
    )
    assert found.json() == {
        "number": "447911123456",
        "match": {"prefix": "447", "type": "MOBILE", "name": "UK mobile"},
    }
    replaced = await client.post(
        "/api/v1/destination-types/import",
        params={"replace": "true"},
        files={"file": ("plan.csv", b"prefix,type\n33,FIXED\n", "text/csv")},
        headers=writer,
    )
    assert replaced.json() == {"imported": 1, "removed": 3, "total": 1}


async def test_a_bad_plan_names_its_lines_and_changes_nothing(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = {**await auth_headers(Role.SUPPORT), "content-type": "text/csv"}
    refused = await client.post(
        "/api/v1/destination-types/import",
        content="prefix,type\n44,FIXED\nabc,MOBILE\n44,MOBILE\n",
        headers=headers,
    )
    assert refused.status_code == 422
    assert [d["path"] for d in refused.json()["error"]["details"]] == ["line 3", "line 4"]
    assert not await DestinationType.exists()
    latin = await client.post(
        "/api/v1/destination-types/import", content=b"prefix,type\n\xff", headers=headers
    )
    assert latin.status_code == 422 and "UTF-8" in latin.text


async def test_exchange_rates_import(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = {**await auth_headers(Role.SUPPORT), "content-type": "text/csv"}
    made = await client.post(
        "/api/v1/exchange-rates/import",
        content="base,quote,rate,as_of\nEUR,USD,1.08,2026-01-01T00:00Z\n",
        headers=headers,
    )
    assert made.status_code == 201, made.text
    assert [(r["base"], r["rate"]) for r in made.json()["items"]] == [("EUR", "1.08")]
    bad = await client.post(
        "/api/v1/exchange-rates/import", content="base,quote,rate\nEUR,USD,-1\n", headers=headers
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["details"] == [
        {"path": "line 2", "message": "rate cannot be negative"}
    ]
    assert await ExchangeRate.all().count() == 1
    reader = await auth_headers(Role.READONLY)
    forbidden = await client.post(
        "/api/v1/exchange-rates/import", content="base,quote,rate\n", headers=reader
    )
    assert forbidden.status_code == 403


async def test_the_plan_exports_as_the_import_reads_it(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    writer = {**await auth_headers(Role.SUPPORT), "content-type": "text/csv"}
    sheet = 'prefix,type,name\n44,FIXED,UK\n447,MOBILE,"UK, mobile"\n8816,SATELLITE,Iridium\n'
    await client.post("/api/v1/destination-types/import", content=sheet, headers=writer)
    reader = await auth_headers(Role.READONLY)
    exported = await client.get("/api/v1/destination-types/export.csv", headers=reader)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert exported.text == sheet
    again = await client.post(
        "/api/v1/destination-types/import",
        params={"replace": "true"},
        content=exported.text,
        headers=writer,
    )
    assert again.json() == {"imported": 3, "removed": 3, "total": 3}

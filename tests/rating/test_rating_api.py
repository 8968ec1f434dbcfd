"""The rating REST API: carriers, cards, an import/export round trip."""

from __future__ import annotations

from typing import Any

import httpx

from runtime.models import AuditEntry, Role
from telephony.rating.models import Carrier, Rate, RateRevision

MAPPING = {"Code": "prefix", "Dest": "name", "Cost": "rate", "Billing": "billing"}


async def test_carrier_credentials_never_come_back(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.SUPPORT)
    body = {"name": "Acme", "currency": "EUR", "credentials": {"password": "hunter22"}}
    made = await client.post("/api/v1/carriers", json=body, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["has_credentials"] is True and "hunter22" not in made.text
    got = await client.get(f"/api/v1/carriers/{made.json()['id']}", headers=headers)
    assert "hunter22" not in got.text and "credentials" not in got.json()
    stored = await Carrier.get(id=made.json()["id"])
    assert stored.credentials_encrypted and "hunter22" not in stored.credentials_encrypted
    assert "hunter22" not in str(await AuditEntry.all().values_list("after", flat=True))
    fixed = await client.patch(
        f"/api/v1/carriers/{stored.id}", json={"currency": "USD"}, headers=headers
    )
    assert fixed.status_code == 422 and fixed.json()["error"]["details"][0]["path"] == "currency"


async def test_import_export_round_trip(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.SUPPORT)
    await client.post("/api/v1/carriers", json={"name": "Acme"}, headers=headers)
    card = await client.post(
        "/api/v1/rate-cards", json={"name": "Acme A-Z", "carrier": "Acme"}, headers=headers
    )
    assert card.status_code == 201, card.text
    card_id = card.json()["id"]
    text = "Code,Dest,Cost,Billing\n44,UK,0.01,60/60\n4420,London,0.008,30/6\n"
    made = await client.post(
        f"/api/v1/rate-cards/{card_id}/imports",
        files={"file": ("rates.csv", text.encode(), "text/csv")},
        data={
            "mapping": '{"Code": "prefix", "Dest": "name", "Cost": "rate", "Billing": "billing"}'
        },
        headers=headers,
    )
    assert made.status_code == 201, made.text
    revision = made.json()["revision"]
    assert revision["status"] == "active" and made.json()["report"]["rows_imported"] == 2
    base = f"/api/v1/rate-cards/{card_id}/revisions/{revision['id']}"
    rows = await client.get(f"{base}/rates", params={"prefix": "442"}, headers=headers)
    assert rows.json()["total"] == 1
    assert rows.json()["items"][0] | {"candidates": None} == {
        "prefix": "4420",
        "name": "London",
        "rate": "0.008",
        "connection_fee": "0",
        "billing": "30/6",
        "mcd": 30,
        "pulse": 6,
        "status": "active",
        "inter": None,
        "intra": None,
        "candidates": None,
    }
    exported = await client.get(f"{base}/export.csv", headers=headers)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.text == (
        "prefix,name,rate,connection_fee,billing\n44,UK,0.01,0,60/60\n4420,London,0.008,0,30/6\n"
    )
    again = await client.post(
        f"/api/v1/rate-cards/{card_id}/imports",
        files={"file": ("export.csv", exported.content, "text/csv")},
        data={"date_live": "2099-01-01T00:00:00Z"},
        headers=headers,
    )
    assert again.status_code == 201 and again.json()["revision"]["status"] == "pending"
    got = await client.get(f"/api/v1/rate-cards/{card_id}", headers=headers)
    assert got.json()["active_revision_id"] == revision["id"]


async def test_import_with_errors_is_422_with_the_report(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.ADMIN)
    await client.post("/api/v1/carriers", json={"name": "Acme"}, headers=headers)
    card = await client.post(
        "/api/v1/rate-cards", json={"name": "Acme A-Z", "carrier": "Acme"}, headers=headers
    )
    text = "prefix,name,rate,connection_fee,billing\n44,UK,0.01,0,1/1\n44,UK,x,0,30/0\n"
    bad = await client.post(
        f"/api/v1/rate-cards/{card.json()['id']}/imports",
        files={"file": ("rates.csv", text.encode(), "text/csv")},
        headers=headers,
    )
    assert bad.status_code == 422, bad.text
    details = bad.json()["error"]["details"]
    assert [(e["line"], e["column"]) for e in details["errors"]] == [
        (3, "prefix"),
        (3, "rate"),
        (3, "billing"),
    ]
    assert await RateRevision.all().count() == 0 and await Rate.all().count() == 0

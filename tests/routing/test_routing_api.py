"""``/api/v1/routes``: rules made, read, changed and deleted through HTTP (validated,
audited, seen by the next decision), and ``POST /routes/explain``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runtime.models import AuditEntry, Role
from tests.api.api_support import assert_error, detail_paths
from tests.routing.support import customer, customer_card, lcr_world, offer, provider


@pytest.fixture
async def headers(auth_headers: Any) -> dict[str, str]:
    return await auth_headers(Role.ADMIN)


async def test_rules_are_made_read_changed_and_deleted(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    owner, card, providers = await lcr_world(2)
    body = {
        "customer": owner.id,
        "card": card.id,
        "name": "uk-tech",
        "tech_prefix": "77#",
        "dial_string": ["44", "^447"],
        "manipulation": [{"match": "^0", "replace": "44"}],
        "strategies": [{"match": "4420", "strategy": "reverse_lcr"}],
        "exclude_cards": [providers[1].id],
        "capped_rate": "0.02",
        "max_duration": 3600,
        "priority": -1,
    }
    made = await client.post("/api/v1/routes", json=body, headers=headers)
    assert made.status_code == 201, made.text
    shown = made.json()
    assert shown["capped_rate"] == "0.0200"
    assert shown["strategy"] == "lcr" and shown["tech_prefix"] == "77#"
    route_id = shown["id"]

    explained = await client.post(
        "/api/v1/routes/explain",
        json={"customer": owner.name, "to": "77#4420 7946 0000", "at": "2026-12-01T10:00:00Z"},
        headers=headers,
    )
    assert explained.status_code == 200, explained.text
    decision = explained.json()
    assert decision["route"] == {"id": route_id, "name": "uk-tech"}
    assert [c["card_name"] for c in decision["candidates"]] == ["c1"]
    assert decision["dropped"] == [
        {"card": providers[1].id, "card_name": "c2", "carrier": decision["dropped"][0]["carrier"],
         "reason": "excluded by the rule"}
    ]  # fmt: skip

    changed = await client.patch(
        f"/api/v1/routes/{route_id}",
        json={"exclude_cards": [], "capped_rate": None},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["capped_rate"] is None
    again = await client.post(
        "/api/v1/routes/explain",
        json={"customer": owner.id, "to": "77#442079460000"},
        headers=headers,
    )
    assert [c["card_name"] for c in again.json()["candidates"]] == ["c2", "c1"]  # reverse LCR

    listed = await client.get(f"/api/v1/routes?customer={owner.id}", headers=headers)
    assert [r["name"] for r in listed.json()["items"]] == ["uk-tech", "all"]
    got = await client.get(f"/api/v1/routes/{route_id}", headers=headers)
    assert got.json()["dial_string"] == ["44", "^447"]

    gone = await client.delete(f"/api/v1/routes/{route_id}", headers=headers)
    assert gone.status_code == 204
    actions = (
        await AuditEntry.filter(object_type="route").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["route.create", "route.update", "route.delete"]
    assert_error(await client.get(f"/api/v1/routes/{route_id}", headers=headers), 404, "not_found")


async def test_every_problem_is_reported_at_once(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    owner = await customer()
    p = await provider("c1")
    body = {
        "customer": owner.id,
        "card": p.id,  # a provider card, not a customer card
        "tech_prefix": "12a",
        "dial_string": ["44", "4x", "^(unclosed"],
        "manipulation": [{"match": "^0", "replace": "$3"}],
        "strategy": "fastest",
        "strategies": [{"match": "44", "strategy": "nope"}],
        "lock_cards": [999],
        "capped_rate": "-1",
        "channels": -2,
        "script": "hook",
        "script_timeout_action": "later",
    }
    response = await client.post("/api/v1/routes", json=body, headers=headers)
    error = assert_error(response, 422, "validation_error")
    assert detail_paths(error) == sorted(
        [
            "card",
            "tech_prefix",
            "dial_string.1",
            "dial_string.2",
            "manipulation.0",
            "strategy",
            "strategies.0.strategy",
            "lock_cards.0",
            "capped_rate",
            "channels",
            "script_app",
            "script_timeout_action",
        ]
    )


async def test_names_are_unique_per_customer_and_the_customer_is_fixed(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    owner, card, _ = await lcr_world(1)
    other = await customer("Other")
    dup = await client.post(
        "/api/v1/routes",
        json={"customer": owner.id, "card": card.id, "name": "all"},
        headers=headers,
    )
    assert_error(dup, 409, "conflict")
    elsewhere = await client.post(
        "/api/v1/routes",
        json={"customer": other.id, "card": card.id, "name": "all"},
        headers=headers,
    )
    assert elsewhere.status_code == 201
    moved = await client.patch(
        f"/api/v1/routes/{elsewhere.json()['id']}", json={"customer": owner.id}, headers=headers
    )
    assert moved.status_code == 422


async def test_explain_reports_a_rejection_and_an_unknown_customer(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    p = await provider("c1", (("44", "0.02"),))
    card = await customer_card("Thin", [("44", "0.01", [offer(p, "0.02")])])
    owner = await customer()
    made = await client.post(
        "/api/v1/routes", json={"customer": owner.id, "card": card.id}, headers=headers
    )
    assert made.status_code == 201
    response = await client.post(
        "/api/v1/routes/explain", json={"customer": owner.id, "to": "4420", "cli": "1555"},
        headers=headers,
    )  # fmt: skip
    shown = response.json()
    assert (shown["result"], shown["code"], shown["reason"]) == (
        "rejected",
        503,
        "No Routes Available (Profit Assurance)",
    )
    assert shown["cli"] == "1555" and shown["customer"]["name"] == "Acme"
    assert shown["trace"][-1]["step"] == "rejected"
    assert shown["dropped"][0]["reason"].endswith("(profit assurance)")
    missing = await client.post(
        "/api/v1/routes/explain", json={"customer": "Nobody", "to": "4420"}, headers=headers
    )
    assert_error(missing, 404, "not_found")

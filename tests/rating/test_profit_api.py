"""A customer card's parents and profit rules through the REST API: listed, added (each
refusal naming its field), removed; every change audited and the card left stale."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from telephony.rating.models import CardParent, ProfitRule, RateCard
from telephony.rating.services import cards
from tests.rating.support import provider_card


async def _customer_card(name: str = "Retail") -> RateCard:
    return await cards.create_card(SYSTEM, {"name": name, "kind": "customer"})


async def test_parents_are_listed_added_and_removed(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.SUPPORT)
    first = await provider_card("Tel1 A-Z", "Tel1")
    second = await provider_card("Tel2 A-Z", "Tel2")
    card = await _customer_card()
    base = f"/api/v1/rate-cards/{card.id}/parents"

    added = await client.post(base, json={"card": first.id, "weight": 3}, headers=headers)
    assert added.status_code == 201, added.text
    assert added.json() == {"card_id": first.id, "name": "Tel1 A-Z", "weight": 3, "position": 0}
    by_name = await client.post(base, json={"card": "Tel2 A-Z"}, headers=headers)
    assert by_name.status_code == 201, by_name.text
    assert by_name.json()["position"] == 1, "after the last"

    listed = await client.get(base, headers=headers)
    assert listed.status_code == 200
    assert [(p["name"], p["weight"], p["position"]) for p in listed.json()["items"]] == [
        ("Tel1 A-Z", 3, 0),
        ("Tel2 A-Z", 1, 1),
    ]
    await card.refresh_from_db()
    assert card.stale

    removed = await client.delete(f"{base}/{first.id}", headers=headers)
    assert removed.status_code == 204
    assert await CardParent.filter(card_id=card.id).values_list("parent_id", flat=True) == [
        second.id
    ]
    again = await client.delete(f"{base}/{first.id}", headers=headers)
    assert again.status_code == 404
    assert "is not a parent of 'Retail'" in again.json()["error"]["message"]
    actions = await AuditEntry.filter(object_type="card_parent").values_list("action", flat=True)
    assert sorted(actions) == ["card_parent.create", "card_parent.create", "card_parent.delete"]


@pytest.mark.parametrize(
    ("body", "status", "path", "message"),
    [
        ({"card": "Retail 2"}, 409, "card", "'Retail 2' is a customer card"),
        ({"card": "Nowhere"}, 422, "card", "No rate card 'Nowhere'"),
        ({"card": "Tel1 A-Z", "weight": 5000}, 422, "weight", "from 0 to 1000"),
        ({"card": "Tel1 A-Z", "position": -1}, 422, "position", "from 0 to 10000"),
        ({"card": "Tel1 A-Z", "colour": "red"}, 422, "colour", "unknown field"),
        ({"card": "Tel0 A-Z"}, 409, "card", "'Tel0 A-Z' is already a parent of 'Retail'"),
    ],
)
async def test_a_refused_parent_names_the_field(
    client: httpx.AsyncClient,
    auth_headers: Any,
    body: dict[str, Any],
    status: int,
    path: str,
    message: str,
) -> None:
    headers = await auth_headers(Role.ADMIN)
    await provider_card("Tel1 A-Z", "Tel1")
    already = await provider_card("Tel0 A-Z", "Tel0")
    card = await _customer_card()
    await _customer_card("Retail 2")
    await cards.add_parent(SYSTEM, card.id, already.id)
    audit = await AuditEntry.all().count()

    refused = await client.post(f"/api/v1/rate-cards/{card.id}/parents", json=body, headers=headers)
    assert refused.status_code == status, refused.text
    error = refused.json()["error"]
    assert message in error["message"]
    assert error["details"][0]["path"] == path
    assert await CardParent.filter(card_id=card.id).count() == 1
    assert await AuditEntry.all().count() == audit


async def test_a_provider_card_has_no_parents_nor_profit_rules(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.ADMIN)
    card = await provider_card("Tel1 A-Z", "Tel1")
    other = await provider_card("Tel2 A-Z", "Tel2")
    base = f"/api/v1/rate-cards/{card.id}"
    parent = await client.post(f"{base}/parents", json={"card": other.id}, headers=headers)
    assert parent.status_code == 409
    assert "only customer cards have parents" in parent.json()["error"]["message"]
    rule = await client.post(f"{base}/profit-rules", json={"value": "10"}, headers=headers)
    assert rule.status_code == 409
    assert "only customer cards have profit rules" in rule.json()["error"]["message"]
    assert rule.json()["error"]["details"][0]["path"] == "card"
    assert (await client.get(f"{base}/parents", headers=headers)).json() == {"items": []}
    assert (await client.get(f"{base}/profit-rules", headers=headers)).json() == {"items": []}
    missing = await client.get("/api/v1/rate-cards/999/parents", headers=headers)
    assert missing.status_code == 404


async def test_profit_rules_are_listed_added_and_removed(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.SUPPORT)
    card = await _customer_card()
    base = f"/api/v1/rate-cards/{card.id}/profit-rules"
    catch_all = await client.post(base, json={"kind": "percent", "value": "10"}, headers=headers)
    assert catch_all.status_code == 201, catch_all.text
    assert catch_all.json() == {
        "id": catch_all.json()["id"],
        "card_id": card.id,
        "match": "",
        "kind": "percent",
        "value": "10",
        "connection_fee": None,
        "mcd": None,
        "pulse": None,
        "blocked": False,
        "position": 0,
    }
    uk = {
        "match": "44",
        "kind": "relative",
        "value": "-0.0025",
        "connection_fee": "0.01",
        "mcd": 30,
        "pulse": 6,
        "position": 2,
    }
    made = await client.post(base, json=uk, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json() | {"id": 0} == {**uk, "id": 0, "card_id": card.id, "blocked": False}
    regex = {"match": "^1(8|9)00", "kind": "absolute", "value": 0, "blocked": True}
    assert (await client.post(base, json=regex, headers=headers)).status_code == 201

    listed = await client.get(base, headers=headers)
    assert [(r["match"], r["kind"], r["value"]) for r in listed.json()["items"]] == [
        ("", "percent", "10"),
        ("^1(8|9)00", "absolute", "0"),
        ("44", "relative", "-0.0025"),
    ]
    await card.refresh_from_db()
    assert card.stale

    gone = await client.delete(f"{base}/{made.json()['id']}", headers=headers)
    assert gone.status_code == 204
    assert await ProfitRule.filter(card_id=card.id).count() == 2
    again = await client.delete(f"{base}/{made.json()['id']}", headers=headers)
    assert again.status_code == 404


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        ({"match": "4x4", "value": "1"}, "match", "a prefix (digits), ^regex"),
        ({"match": "^(44", "value": "1"}, "match", "not a regular expression"),
        ({"kind": "markup", "value": "1"}, "kind", "'absolute', 'relative' or 'percent'"),
        ({"kind": "percent", "value": "ten"}, "value", "decimal"),
        ({"kind": "percent", "value": "-5"}, "value", "cannot be negative"),
        ({"value": "1", "mcd": 9000}, "mcd", "from 0 to 3600"),
        ({"value": "1", "pulse": 0}, "pulse", "from 1 to 3600"),
        ({"value": "1", "connection_fee": "0.123456789"}, "connection_fee", "8 after"),
        ({"kind": "percent"}, "value", "Field required"),
    ],
)
async def test_a_refused_profit_rule_names_the_field(
    client: httpx.AsyncClient,
    auth_headers: Any,
    body: dict[str, Any],
    path: str,
    message: str,
) -> None:
    headers = await auth_headers(Role.ADMIN)
    card = await _customer_card()
    refused = await client.post(
        f"/api/v1/rate-cards/{card.id}/profit-rules", json=body, headers=headers
    )
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["details"][0]["path"] == path
    assert message in error["details"][0]["message"]
    assert not await ProfitRule.exists()

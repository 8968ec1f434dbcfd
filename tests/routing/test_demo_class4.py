"""The demo's Class 4 content: seeded twice without change, and Acme Telecom's calls route
through it (cheapest carrier first, every candidate at a profit)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from runtime import demo
from runtime.models import Customer
from telephony.rating.models import Carrier, RateCard
from telephony.routing.engine import route
from telephony.routing.trace import Rejected, Routed


async def test_the_demo_routes_acme_calls(db: str) -> None:
    said: list[str] = []
    await demo.seed(said.append)
    assert any("customer card acme-retail" in line for line in said)
    again: list[str] = []
    await demo.seed(again.append)
    assert not [line for line in again if "card" in line or "carrier" in line]
    assert await Carrier.all().count() == 3 and await RateCard.all().count() == 4

    acme = await Customer.get(name="Acme Telecom")
    now = datetime(2026, 12, 1, 10, tzinfo=UTC)
    decision = await route(acme, "15550100100", "447911123456", now, dry_run=True)
    assert isinstance(decision, Routed), decision
    assert decision.rate.prefix == "4479"
    buys = [c.buy_rate for c in decision.candidates]
    assert len(buys) == 2 and buys == sorted(buys)  # LCR; Cobalt's card carries no mobiles
    assert [(d.card_name, d.reason) for d in decision.dropped] == [
        ("cobalt-standard", "the card blocks destination type MOBILE")
    ]
    assert all(c.sell_rate > c.buy_rate for c in decision.candidates)
    assert decision.candidates[0].sell_rate - max(buys) > Decimal(0)  # +0.004 on UK mobiles
    london = await route(acme, "15550100100", "442071234567", now, dry_run=True)
    assert isinstance(london, Routed)  # a fixed line: no card refuses the type
    assert not [d for d in london.dropped if "destination type" in d.reason]
    satellite = await route(acme, "15550100100", "881612345678", now, dry_run=True)
    assert isinstance(satellite, Rejected)
    assert (satellite.code, satellite.reason) == (403, "Destination Blocked")

    # Nigeria: Borealis does not carry it; Cobalt costs more than the sell price (the card
    # compacts to the cheapest cost), so profit assurance leaves Atlas alone.
    nigeria = await route(acme, "15550100100", "2348031234567", now, dry_run=True)
    assert isinstance(nigeria, Routed)
    assert [c.carrier_name for c in nigeria.candidates] == ["Atlas Wholesale"]
    assert [d.reason for d in nigeria.dropped if d.card_name == "cobalt-standard"] == [
        "buys at 0.1236, above the sell rate 0.12144 (profit assurance)"
    ]
    nowhere = await route(acme, "15550100100", "8821234567", now, dry_run=True)
    assert isinstance(nowhere, Rejected) and nowhere.code == 503

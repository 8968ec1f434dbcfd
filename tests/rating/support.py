"""Objects the rating tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtime.auth.principal import SYSTEM
from telephony.rating.models import RateCard
from telephony.rating.services import cards, carriers

FIXTURES = Path(__file__).parent.parent / "fixtures" / "rating"


async def provider_card(name: str = "Acme A-Z", carrier: str = "Acme", **values: Any) -> RateCard:
    found = await carriers.Carrier.get_or_none(name=carrier)
    if found is None:
        found = await carriers.create_carrier(SYSTEM, {"name": carrier, "currency": "USD"})
    return await cards.create_card(
        SYSTEM, {"name": name, "kind": "provider", "carrier": found.id, **values}
    )

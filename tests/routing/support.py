"""Building a routing world directly with the ORM: carriers, provider cards with an active
revision, customer cards whose rows carry their candidates, customers and rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from runtime.models import Customer
from telephony.rating.index import registry
from telephony.rating.models import (
    CardKind,
    CardParent,
    Carrier,
    CarrierStatus,
    Rate,
    RateCard,
    RateRevision,
    RateStatus,
    RevisionStatus,
)
from telephony.routing.models import Route

#: ``(prefix, rate)`` or ``(prefix, rate, {extra Rate fields})``.
RowSpec = tuple[Any, ...]


async def carrier(name: str, status: CarrierStatus = CarrierStatus.ACTIVE) -> Carrier:
    return await Carrier.create(name=name, status=status)


async def _activate(card: RateCard, rows: Sequence[RowSpec]) -> RateRevision:
    revision = await RateRevision.create(card=card, number=1, status=RevisionStatus.ACTIVE)
    for spec in rows:
        prefix, rate, *rest = spec
        extra = rest[0] if rest else {}
        await Rate.create(revision=revision, prefix=prefix, rate=Decimal(str(rate)), **extra)
    await registry().activated(card.id, revision.id)
    return revision


async def provider(
    name: str,
    rows: Sequence[RowSpec] = (("44", "0.01"),),
    *,
    carrier_name: str | None = None,
    currency: str = "USD",
    **fields: Any,
) -> RateCard:
    """A provider card (and its carrier, made or found by name) with an active revision."""
    owner = await Carrier.get_or_none(name=carrier_name or name) or await carrier(
        carrier_name or name
    )
    card = await RateCard.create(
        uuid=uuid.uuid4(),
        name=name,
        kind=CardKind.PROVIDER,
        carrier=owner,
        currency=currency,
        **fields,
    )
    card.revision = await _activate(card, rows)  # type: ignore[attr-defined]
    return card


def offer(card: RateCard, rate: str, prefix: str = "44", **extra: Any) -> dict[str, Any]:
    """A built row's candidate: ``card`` carries ``prefix`` at ``rate``."""
    revision = getattr(card, "revision", None)
    return {
        "card": card.id,
        "revision": revision.id if revision is not None else 0,
        "prefix": prefix,
        "rate": rate,
        "fee": extra.pop("fee", "0"),
        "mcd": extra.pop("mcd", 1),
        "pulse": extra.pop("pulse", 1),
        **extra,
    }


async def customer_card(
    name: str,
    rows: Sequence[tuple[str, str, list[dict[str, Any]] | None]],
    *,
    parents: Sequence[tuple[RateCard, int, int]] = (),
    currency: str = "USD",
    blocked: Sequence[str] = (),
) -> RateCard:
    """A customer card: ``rows`` are ``(prefix, sell rate, candidates or None)``; ``parents``
    ``(provider card, weight, position)``; ``blocked`` prefixes are blocked rows."""
    card = await RateCard.create(
        uuid=uuid.uuid4(), name=name, kind=CardKind.CUSTOMER, currency=currency
    )
    for parent, weight, position in parents:
        await CardParent.create(card=card, parent=parent, weight=weight, position=position)
    specs: list[RowSpec] = [
        (
            prefix,
            rate,
            {
                "candidates": candidates,
                "status": RateStatus.BLOCKED if prefix in blocked else RateStatus.ACTIVE,
            },
        )
        for prefix, rate, candidates in rows
    ]
    card.revision = await _activate(card, specs)  # type: ignore[attr-defined]
    return card


async def customer(name: str = "Acme", currency: str = "USD", **fields: Any) -> Customer:
    return await Customer.create(name=name, currency=currency, **fields)


async def rule(owner: Customer, card: RateCard, **fields: Any) -> Route:
    return await Route.create(uuid=uuid.uuid4(), customer=owner, card=card, **fields)


async def lcr_world(n: int = 3, sell: str = "0.05") -> tuple[Customer, RateCard, list[RateCard]]:
    """A customer with one rule on a built card for 44 whose ``n`` carriers cost 0.010,
    0.011, 0.012... (card ``c1`` cheapest), parents in that order with weight 1."""
    providers = [await provider(f"c{i + 1}", (("44", f"0.0{10 + i}"),)) for i in range(n)]
    card = await customer_card(
        "Retail",
        [("44", sell, [offer(p, f"0.0{10 + i}") for i, p in enumerate(providers)])],
        parents=[(p, 1, i) for i, p in enumerate(providers)],
    )
    owner = await customer()
    await rule(owner, card, name="all")
    return owner, card, providers


def names(decision: Any) -> list[str]:
    """The carriers' card names, in try order."""
    return [c.card_name for c in decision.candidates]

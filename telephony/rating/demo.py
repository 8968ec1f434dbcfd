"""Demo Class 4 content, so ``make run`` shows rating and routing at once.

Three carriers (Atlas Wholesale and Cobalt Voice in USD, Borealis Telecom in EUR, with an
exchange rate), each with a provider card of about forty destinations imported from CSV; the
customer card ``acme-retail`` built from all three with a 15 % profit (and a fixed margin on
UK mobiles); a small numbering plan, with Cobalt's card carrying no mobiles and
``acme-retail`` refusing satellite numbers; and Acme Telecom's route to it: LCR, round robin
for North America. Try ``trunkline route explain --customer "Acme Telecom" --to
447911123456`` (or 881612345678) or the same number in the "Explain a call" page. Each step
adds only what is missing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from runtime.auth.principal import SYSTEM
from runtime.models import Customer
from telephony.rating.models import Carrier, DestinationType, ExchangeRate, ProfitKind, RateCard

CUSTOMER = "Acme Telecom"
CUSTOMER_CARD = "acme-retail"

#: (prefix, destination, base rate per minute in USD, billing).
DESTINATIONS = (
    ("1", "USA and Canada", "0.0060", "6/6"),
    ("1212", "USA New York", "0.0055", "6/6"),
    ("1416", "Canada Toronto", "0.0058", "6/6"),
    ("1800", "USA Toll-free", "0.0180", "30/6"),
    ("33", "France", "0.0120", "1/1"),
    ("336", "France Mobile", "0.0310", "1/1"),
    ("337", "France Mobile", "0.0320", "1/1"),
    ("34", "Spain", "0.0110", "1/1"),
    ("346", "Spain Mobile", "0.0260", "1/1"),
    ("39", "Italy", "0.0130", "1/1"),
    ("393", "Italy Mobile", "0.0290", "1/1"),
    ("44", "United Kingdom", "0.0090", "1/1"),
    ("4420", "UK London", "0.0075", "1/1"),
    ("44161", "UK Manchester", "0.0080", "1/1"),
    ("447", "UK Mobile", "0.0190", "1/1"),
    ("4474", "UK Mobile O2", "0.0185", "1/1"),
    ("4477", "UK Mobile EE", "0.0195", "1/1"),
    ("4479", "UK Mobile Vodafone", "0.0188", "1/1"),
    ("44870", "UK Non-geographic", "0.0400", "60/60"),
    ("49", "Germany", "0.0100", "60/60"),
    ("4915", "Germany Mobile", "0.0330", "60/60"),
    ("4917", "Germany Mobile", "0.0340", "60/60"),
    ("61", "Australia", "0.0200", "60/60"),
    ("614", "Australia Mobile", "0.0450", "60/60"),
    ("65", "Singapore", "0.0150", "1/1"),
    ("81", "Japan", "0.0350", "60/60"),
    ("8190", "Japan Mobile", "0.0700", "60/60"),
    ("86", "China", "0.0150", "6/6"),
    ("91", "India", "0.0170", "1/1"),
    ("919", "India Mobile", "0.0160", "1/1"),
    ("234", "Nigeria", "0.0900", "60/60"),
    ("2348", "Nigeria Mobile", "0.1100", "60/60"),
    ("254", "Kenya", "0.0800", "60/60"),
    ("27", "South Africa", "0.0350", "1/1"),
    ("277", "South Africa Mobile", "0.0600", "1/1"),
    ("52", "Mexico", "0.0110", "6/6"),
    ("5255", "Mexico City", "0.0090", "6/6"),
    ("55", "Brazil", "0.0250", "6/6"),
    ("5511", "Brazil Sao Paulo", "0.0140", "6/6"),
    ("971", "United Arab Emirates", "0.1200", "60/60"),
)
#: Priced alike by every carrier.
SATELLITE = ("8816", "Iridium satellite", "2.5000", "60/60")

#: The numbering plan's ranges (prefix, type, name): mobiles, fixed lines, satellites.
PLAN = (
    ("1", "FIXED", "North America"),
    ("33", "FIXED", "France"),
    ("336", "MOBILE", "France mobile"),
    ("337", "MOBILE", "France mobile"),
    ("44", "FIXED", "United Kingdom"),
    ("447", "MOBILE", "UK mobile"),
    ("49", "FIXED", "Germany"),
    ("4915", "MOBILE", "Germany mobile"),
    ("4917", "MOBILE", "Germany mobile"),
    ("8816", "SATELLITE", "Iridium"),
    ("870", "SATELLITE", "Inmarsat"),
)

#: (name, currency, price factor against the base, destinations it does not carry, address,
#: destination types its card blocks).
CARRIERS = (
    ("Atlas Wholesale", "USD", Decimal("1.00"), ("81", "8190"), "198.51.100.10", ()),
    ("Borealis Telecom", "EUR", Decimal("0.88"), ("234", "2348", "254"), "198.51.100.20", ()),
    ("Cobalt Voice", "USD", Decimal("1.07"), ("971",), "198.51.100.30", ("MOBILE",)),
)
EUR_USD = Decimal("1.08")


def _csv(factor: Decimal, skip: tuple[str, ...], rng: random.Random) -> str:
    lines = ["prefix,name,rate,connection_fee,billing"]
    for prefix, name, rate, billing in DESTINATIONS:
        if prefix in skip:
            continue
        wobble = Decimal(rng.randint(92, 108)) / 100  # each carrier is dearer somewhere
        price = (Decimal(rate) * factor * wobble).quantize(Decimal("0.0001"))
        lines.append(f"{prefix},{name},{price},0,{billing}")
    prefix, name, rate, billing = SATELLITE
    lines.append(
        f"{prefix},{name},{(Decimal(rate) * factor).quantize(Decimal('0.0001'))},0,{billing}"
    )
    return "\n".join(lines) + "\n"


async def seed_class4(say: Callable[[str], None]) -> None:
    from telephony.rating.build import build
    from telephony.rating.imports import import_rates
    from telephony.rating.services import cards, carriers, exchange, profit
    from telephony.rating.services.plan import import_plan
    from telephony.routing.models import Route
    from telephony.routing.services import create_route

    customer = await Customer.get_or_none(name=CUSTOMER)
    if customer is None:
        return
    if not await ExchangeRate.exists(base="EUR", quote="USD"):
        await exchange.add_rate(SYSTEM, "EUR", "USD", EUR_USD, datetime(2026, 1, 1, tzinfo=UTC))
        say(f"exchange rate 1 EUR = {EUR_USD} USD")
    rng = random.Random(7)
    provider_cards = []
    if not await DestinationType.exists():
        sheet = "prefix,type,name\n" + "".join(f"{p},{t},{n}\n" for p, t, n in PLAN)
        summary = await import_plan(SYSTEM, sheet)
        say(f"numbering plan: {summary['total']} ranges (mobile, fixed, satellite)")
    for name, currency, factor, skip, address, blocked_types in CARRIERS:
        carrier = await Carrier.get_or_none(name=name)
        if carrier is None:
            carrier = await carriers.create_carrier(
                SYSTEM, {"name": name, "currency": currency, "channels": 500, "cps": 50}
            )
            await carriers.add_ip(SYSTEM, carrier.id, {"address": address, "weight": 1})
            say(f"carrier {name} ({currency}, sends to {address})")
        card_name = name.split()[0].lower() + "-standard"
        card = await RateCard.get_or_none(name=card_name)
        if card is None:
            card = await cards.create_card(
                SYSTEM,
                {
                    "name": card_name,
                    "kind": "provider",
                    "carrier": carrier.id,
                    "blocked_types": list(blocked_types),
                },
            )
            result = await import_rates(SYSTEM, card, _csv(factor, skip, rng))
            say(f"provider card {card_name}: {result.report.rows_imported} rates")
        provider_cards.append(card)
    retail = await RateCard.get_or_none(name=CUSTOMER_CARD)
    if retail is None:
        retail = await cards.create_card(
            SYSTEM,
            {
                "name": CUSTOMER_CARD,
                "kind": "customer",
                "currency": "USD",
                "parents": [c.id for c in provider_cards],
                "blocked_types": ["SATELLITE"],
            },
        )
        await profit.add_rule(SYSTEM, retail, {"kind": ProfitKind.PERCENT, "value": "15"})
        await profit.add_rule(
            SYSTEM, retail, {"match": "447", "kind": ProfitKind.RELATIVE, "value": "0.004"}
        )
        report = await build(retail, now=datetime.now(UTC))
        say(f"customer card {CUSTOMER_CARD}: built {report.prefixes} prefixes (+15 %)")
    if not await Route.exists(customer_id=customer.id):
        await create_route(
            SYSTEM,
            {
                "customer": customer.id,
                "name": "Retail",
                "card": retail.id,
                "strategy": "lcr",
                "strategies": [{"match": "1", "strategy": "round_robin"}],
            },
        )
        say(
            f"route for {CUSTOMER} -> {CUSTOMER_CARD} (LCR; try: trunkline route explain "
            f'--customer "{CUSTOMER}" --to 447911123456)'
        )

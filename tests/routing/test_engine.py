"""``route()``: rule selection and its tie-breaks, tech prefixes, number manipulation, the
customer rate, the carrier checks (lock, exclude, capped rates, profit assurance, exchange
rates, inactive carriers) and every rejection code, with the trace saying why."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from runtime.auth.principal import SYSTEM
from runtime.models.constants import CustomerStatus
from runtime.services import apps
from scriptforge.services import scripts as script_service
from telephony.rating.models import CarrierStatus, ExchangeRate
from telephony.routing.engine import normalise, route
from telephony.routing.state import state
from telephony.routing.trace import Rejected, Routed, decision_json
from tests.routing.support import (
    customer,
    customer_card,
    lcr_world,
    names,
    offer,
    provider,
    rule,
)

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # a Tuesday


def steps(decision: Any) -> list[str]:
    return [step for step, _, _ in decision.trace.steps]


def text(decision: Any) -> str:
    return "\n".join(decision.trace.lines())


def test_numbers_are_normalised_to_e164_digits() -> None:
    assert normalise(" +44 (20) 7946-0000 ") == "442079460000"
    assert normalise("123*4420.7946") == "123*44207946"


async def test_an_lcr_decision_lists_carriers_cheapest_first_with_buy_sell_and_margin(
    db: str,
) -> None:
    owner, card, _ = await lcr_world(3)
    decision = await route(owner, "15551234567", "+44 20 7946 0000", NOW)
    assert isinstance(decision, Routed), text(decision)
    assert names(decision) == ["c1", "c2", "c3"]
    first = decision.candidates[0]
    assert (first.buy_rate, first.sell_rate, first.margin) == (
        Decimal("0.010"),
        Decimal("0.05"),
        Decimal("0.040"),
    )
    assert decision.number == "442079460000"
    assert decision.rate.card == card.id and decision.rate.prefix == "44"
    assert steps(decision) == ["account", "rule", "rate", "carriers", "strategy"]
    shown = decision_json(decision)
    assert shown["result"] == "routed" and shown["code"] == 200
    assert shown["candidates"][0]["buy_rate"] == "0.0100"
    assert shown["candidates"][0]["margin"] == "0.0400"
    assert shown["rate"]["rate"] == "0.0500"


RULES = [
    # (name, tech prefix, dial string, priority)
    ("everything", "", [], 0),
    ("uk", "", ["44"], 0),
    ("london", "", ["4420"], 5),
    ("regex", "", ["^447"], 0),
    ("tech", "99#", [], 9),
    ("tech-uk", "99#", ["44"], 9),
    ("star", "123*", [], 0),
]


@pytest.mark.parametrize(
    ("dialled", "expected", "number"),
    [
        ("33123456789", "everything", "33123456789"),  # only the empty dial string
        ("441611234567", "uk", "441611234567"),  # 44 beats the empty dial string
        ("442079460000", "london", "442079460000"),  # longer prefix beats lower priority
        ("447700900000", "uk", "447700900000"),  # a prefix of 2 beats a regex (1)
        ("99#3312345", "tech", "3312345"),  # a tech prefix beats any dial string
        ("99#4420794600", "tech-uk", "4420794600"),  # same tech prefix: the dial string
        ("123*+442079460000", "star", "442079460000"),  # `*` and a `+` after it
        ("12344", "everything", "12344"),  # no `*`: not the star rule
    ],
)
async def test_rule_selection_and_tie_breaks(
    db: str, dialled: str, expected: str, number: str
) -> None:
    card = await customer_card("Retail", [("", "0.05", None)])
    owner = await customer()
    for name, tech, dial, priority in RULES:
        await rule(owner, card, name=name, tech_prefix=tech, dial_string=dial, priority=priority)
    decision = await route(owner, "", dialled, NOW, dry_run=True)
    assert decision.route is not None, text(decision)
    assert decision.route.name == expected
    assert decision.number == number


async def test_equal_rules_go_to_the_lower_priority_then_the_older(db: str) -> None:
    card = await customer_card("Retail", [("", "0.05", None)])
    owner = await customer()
    await rule(owner, card, name="older", dial_string=["44"], priority=1)
    await rule(owner, card, name="newer", dial_string=["44"], priority=1)
    await rule(owner, card, name="low", dial_string=["44"], priority=0)
    decision = await route(owner, "", "4420", NOW)
    assert decision.route.name == "low"
    await (await _route_named("low")).delete()
    decision = await route(owner, "", "4420", NOW)
    assert decision.route.name == "older"
    assert "lost the tie-break: 'newer'" in text(decision)


async def _route_named(name: str) -> Any:
    from telephony.routing.models import Route

    return await Route.get(name=name)


async def test_number_manipulation_runs_in_order_and_is_traced(db: str) -> None:
    owner, _card, _ = await lcr_world(1)
    found = await _route_named("all")
    found.manipulation = [
        {"match": "^0", "replace": "44"},
        {"match": "^(44)20", "replace": "$1207"},
    ]
    await found.save()
    decision = await route(owner, "", "02012345", NOW)
    assert isinstance(decision, Routed), text(decision)
    assert decision.number == "4420712345"
    assert "02012345 -> 442012345" in text(decision)
    assert "442012345 -> 4420712345" in text(decision)


async def test_exchange_rates_convert_carrier_costs_into_the_customer_currency(db: str) -> None:
    eur = await provider("eur", (("44", "0.010"),), currency="EUR")
    gbp = await provider("gbp", (("44", "0.010"),), currency="GBP")
    card = await customer_card(
        "Retail", [("44", "0.05", [offer(eur, "0.010"), offer(gbp, "0.010")])]
    )
    owner = await customer()
    await rule(owner, card)
    await ExchangeRate.create(base="EUR", quote="USD", rate="1.10", as_of=datetime(2026, 1, 1))
    await ExchangeRate.create(base="EUR", quote="USD", rate="1.20", as_of=datetime(2026, 6, 1))
    await ExchangeRate.create(base="EUR", quote="USD", rate="9.99", as_of=datetime(2027, 1, 1))
    await ExchangeRate.create(base="USD", quote="GBP", rate="0.80", as_of=datetime(2026, 1, 1))
    decision = await route(owner, "", "4420", NOW)
    assert isinstance(decision, Routed), text(decision)
    assert [(c.card_name, c.buy_rate) for c in decision.candidates] == [
        ("eur", Decimal("0.01200000")),  # the newest rate in force (1.20), not the future one
        ("gbp", Decimal("0.01250000")),  # the inverse pair: 0.010 / 0.80
    ]


async def test_a_card_uploaded_by_hand_routes_to_its_parents_own_rows(db: str) -> None:
    cheap = await provider("cheap", (("44", "0.02"), ("4420", "0.009")))
    dear = await provider("dear", (("44", "0.015"),))
    silent = await provider("silent", (("33", "0.001"),))
    card = await customer_card(
        "Manual", [("44", "0.05", None)], parents=[(cheap, 1, 0), (dear, 1, 1), (silent, 1, 2)]
    )
    owner = await customer()
    await rule(owner, card)
    decision = await route(owner, "", "442079460000", NOW)
    assert isinstance(decision, Routed), text(decision)
    assert [(c.card_name, c.prefix, c.buy_rate) for c in decision.candidates] == [
        ("cheap", "4420", Decimal("0.009")),
        ("dear", "44", Decimal("0.015")),
    ]
    assert [(d.card_name, d.reason) for d in decision.dropped] == [
        ("silent", "no prefix of 442079460000")
    ]


async def test_drops_are_explained(db: str) -> None:
    ok = await provider("ok", (("44", "0.01"),))
    excluded = await provider("excluded", (("44", "0.01"),))
    off = await provider("off", (("44", "0.01"),))
    blocked = await provider("blocked", (("44", "0.01"),))
    capped = await provider("capped", (("44", "0.03"),), capped_rate=Decimal("0.02"))
    pricey = await provider("pricey", (("44", "0.045"),))
    loss = await provider("loss", (("44", "0.06"),))
    card = await customer_card(
        "Retail",
        [
            (
                "44",
                "0.05",
                [
                    offer(ok, "0.01"),
                    offer(excluded, "0.01"),
                    offer(off, "0.01"),
                    offer(blocked, "0.01", blocked=True),
                    offer(capped, "0.03"),
                    offer(pricey, "0.045"),
                    offer(loss, "0.06"),
                ],
            )
        ],
    )
    carrier_off = await off.carrier
    carrier_off.status = CarrierStatus.INACTIVE
    await carrier_off.save()
    owner = await customer()
    await rule(owner, card, exclude_cards=[excluded.id], capped_rate=Decimal("0.04"))
    decision = await route(owner, "", "4420", NOW)
    assert isinstance(decision, Routed), text(decision)
    assert names(decision) == ["ok"]
    reasons = {d.card_name: d.reason for d in decision.dropped}
    assert reasons == {
        "excluded": "excluded by the rule",
        "off": "carrier off is inactive",
        "blocked": "row 44 is blocked",
        "capped": "rate 0.0300 above the card's capped rate 0.0200",
        "pricey": "buys at 0.0450, above the rule's capped rate 0.0400",
        "loss": "buys at 0.0600, above the rule's capped rate 0.0400",
    }


async def test_profit_assurance_drops_carriers_that_cost_more_than_the_sell_rate(db: str) -> None:
    owner, _card, _providers = await lcr_world(3, sell="0.011")
    decision = await route(owner, "", "4420", NOW)
    assert names(decision) == ["c1", "c2"]
    assert decision.dropped[0].reason == (
        "buys at 0.0120, above the sell rate 0.0110 (profit assurance)"
    )
    found = await _route_named("all")
    found.profit_assurance = False
    await found.save()
    assert names(await route(owner, "", "4420", NOW)) == ["c1", "c2", "c3"]


async def test_lock_keeps_only_the_listed_cards(db: str) -> None:
    owner, _card, providers = await lcr_world(3)
    found = await _route_named("all")
    found.lock_cards = [providers[2].id]
    await found.save()
    assert names(await route(owner, "", "4420", NOW)) == ["c3"]


async def _set(owner: Any, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(owner, name, value)
    await owner.save()


@pytest.mark.parametrize(
    ("setup", "dialled", "code", "reason"),
    [
        ("inactive", "4420", 500, "Server not accepting calls (Paused)"),
        ("night", "4420", 403, "Outside Permitted Hours"),
        ("no-rule", "3312", 580, "No Route Available"),
        ("no-row", "4420", 503, "No Routes Available (Pre)"),
        ("blocked-row", "4420", 403, "Destination Blocked"),
        ("lock", "4420", 503, "No Routes Available (Lock)"),
        ("profit", "4420", 503, "No Routes Available (Profit Assurance)"),
        ("excluded", "4420", 503, "No Routes Available (U)"),
        ("drop", "4420", 503, "Dropping Call (Strategy)"),
        ("channels", "4420", 503, "Server at max channels"),
        ("letters", "4420", 484, "Address Incomplete"),
    ],
)
async def test_each_rejection_code(
    db: str, setup: str, dialled: str, code: int, reason: str
) -> None:
    owner, _card, providers = await lcr_world(2)
    found = await _route_named("all")
    if setup == "inactive":
        await _set(owner, status=CustomerStatus.INACTIVE)
    elif setup == "night":
        window = {"days": "1-5", "from": "20:00", "to": "06:00"}
        await _set(owner, day_time_restriction={"timezone": "UTC", "windows": [window]})
    elif setup == "no-rule":
        await _set(found, dial_string=["44"])
    elif setup == "no-row":
        other = await customer_card("Other", [("33", "0.05", None)])
        await _set(found, card=other)
    elif setup == "blocked-row":
        other = await customer_card("Blocked", [("44", "0.05", None)], blocked=["44"])
        await _set(found, card=other)
    elif setup == "lock":
        outsider = await provider("outsider")
        await _set(found, lock_cards=[outsider.id])
    elif setup == "profit":
        other = await customer_card(
            "Cheap", [("44", "0.001", [offer(p, "0.01") for p in providers])]
        )
        await _set(found, card=other)
    elif setup == "excluded":
        await _set(found, exclude_cards=[p.id for p in providers])
    elif setup == "drop":
        await _set(found, strategies=[{"match": "44", "strategy": "drop"}])
    elif setup == "channels":
        await _set(owner, channels=1)
        assert await state().counters.acquire(f"customer:{owner.id}", 1)
    elif setup == "letters":
        await _set(found, manipulation=[{"match": "^44", "replace": "x"}])
    decision = await route(owner, "", dialled, NOW)
    assert isinstance(decision, Rejected), text(decision)
    assert (decision.code, decision.reason) == (code, reason), text(decision)
    assert steps(decision)[-1] == "rejected"
    shown = decision_json(decision)
    assert (shown["result"], shown["code"], shown["reason"]) == ("rejected", code, reason)


async def test_day_time_windows_in_the_customer_zone(db: str) -> None:
    owner, _, _ = await lcr_world(1)
    window = {"days": "1-5", "from": "09:00", "to": "17:00"}
    await _set(owner, day_time_restriction={"timezone": "America/New_York", "windows": [window]})
    # 10:00 UTC is 05:00 in New York: refused; 15:00 UTC is 10:00 there: allowed.
    assert (await route(owner, "", "4420", NOW)).code == 403
    later = NOW.replace(hour=15)
    assert isinstance(await route(owner, "", "4420", later), Routed)


async def test_cps_counts_calls_per_second_and_explaining_does_not(db: str) -> None:
    owner, _, _ = await lcr_world(1)
    await _set(owner, cps=2)
    for _ in range(3):
        assert isinstance(await route(owner, "", "4420", NOW, dry_run=True), Routed)
    assert isinstance(await route(owner, "", "4420", NOW), Routed)
    assert isinstance(await route(owner, "", "4420", NOW), Routed)
    third = await route(owner, "", "4420", NOW)
    assert (third.code, third.reason) == (503, "Server at max cps")
    next_second = NOW.replace(second=1)
    assert isinstance(await route(owner, "", "4420", next_second), Routed)


async def test_route_capacity_limits_apply_too(db: str) -> None:
    owner, _, _ = await lcr_world(1)
    found = await _route_named("all")
    await _set(found, channels=2)
    key = f"route:{found.id}"
    assert await state().counters.acquire(key, 2)
    assert isinstance(await route(owner, "", "4420", NOW), Routed)
    assert await state().counters.acquire(key, 2)
    assert not await state().counters.acquire(key, 2)
    assert (await route(owner, "", "4420", NOW)).reason == "Server at max channels"
    await state().counters.release(key)
    assert isinstance(await route(owner, "", "4420", NOW), Routed)


async def test_changes_through_the_orm_reach_the_cache(db: str) -> None:
    owner, _card, providers = await lcr_world(2)
    assert names(await route(owner, "", "4420", NOW)) == ["c1", "c2"]
    carrier = await providers[0].carrier
    carrier.status = CarrierStatus.INACTIVE
    await carrier.save()
    assert names(await route(owner, "", "4420", NOW)) == ["c2"]
    found = await _route_named("all")
    await _set(found, enabled=False)
    assert (await route(owner, "", "4420", NOW)).code == 580


async def test_max_duration_and_provider_tech_prefix(db: str) -> None:
    prefixed = await provider("prefixed", (("44", "0.01"),), tech_prefix="7788#")
    card = await customer_card("Retail", [("44", "0.05", [offer(prefixed, "0.01")])])
    owner = await customer()
    await rule(owner, card, max_duration=7200)
    decision = await route(owner, "", "4420", NOW)
    assert isinstance(decision, Routed)
    assert decision.max_duration == 7200
    assert decision.candidates[0].tech_prefix == "7788#"


# -- the ScriptForge hook ------------------------------------------------------------------------


async def _hooked(code: str, **route_fields: Any) -> Any:
    owner, _card, _ = await lcr_world(3)
    owner_app = await apps.create_app(SYSTEM, "routing")
    await script_service.create_script(SYSTEM, owner_app, "hook", code)
    await _set(await _route_named("all"), script_app=owner_app, script="hook", **route_fields)
    return owner


async def test_the_hook_reorders_and_removes_carriers(db: str, app: Any) -> None:
    owner = await _hooked(
        "export function main(data) {\n"
        "  const r = data.routing.egress_routing;\n"
        "  data.routing.egress_routing = [r[2], r[0]];\n"
        "  return data }"
    )
    decision = await route(owner, "", "4420", NOW, app=app)
    assert isinstance(decision, Routed), text(decision)
    assert names(decision) == ["c3", "c1"]
    assert ("c2", "removed by the script") in [(d.card_name, d.reason) for d in decision.dropped]
    assert steps(decision)[-1] == "hook"
    skipped = await route(owner, "", "4420", NOW, app=app, hooks=False)
    assert names(skipped) == ["c1", "c2", "c3"]


async def test_the_hook_rejects_with_its_code(db: str, app: Any) -> None:
    owner = await _hooked(
        "export function main() { return Promise.reject([604, 'Number on DNC List']) }"
    )
    decision = await route(owner, "", "4420", NOW, app=app)
    assert isinstance(decision, Rejected)
    assert (decision.code, decision.reason) == (604, "Number on DNC List")


async def test_the_hook_failing_follows_the_timeout_action(db: str, app: Any) -> None:
    owner = await _hooked(
        "export function main(d) { const x = null; return x.y }",
        script_timeout_action="200 OK",
    )
    decision = await route(owner, "", "4420", NOW, app=app)
    assert isinstance(decision, Routed)
    assert names(decision) == ["c1", "c2", "c3"]


async def test_an_unknown_customer_is_rejected(db: str) -> None:
    decision = await route(12345, "", "4420", NOW)
    assert isinstance(decision, Rejected) and decision.code == 503


async def test_a_sell_card_in_another_currency_is_converted(db: str) -> None:
    p = await provider("usd", (("44", "0.01"),))
    card = await customer_card("Euro", [("44", "0.05", [offer(p, "0.01")])], currency="EUR")
    owner = await customer()
    await rule(owner, card)
    assert (await route(owner, "", "4420", NOW)).reason == "LCR Unavailable"
    await ExchangeRate.create(base="EUR", quote="USD", rate="2", as_of=datetime(2026, 1, 1))
    decision = await route(owner, "", "4420", NOW)
    assert isinstance(decision, Routed)
    assert decision.rate.rate == Decimal("0.10000000")
    assert decision.candidates[0].margin == Decimal("0.09000000")


async def test_the_remembered_rate_step_follows_time_renames_and_currency(db: str) -> None:
    """The rate step is remembered per row; the exchange rate in force at the call's time,
    a renamed card and a customer in another currency each give a new answer."""
    p = await provider("usd", (("44", "0.01"),))
    card = await customer_card("Euro", [("44", "0.05", [offer(p, "0.01")])], currency="EUR")
    owner = await customer()
    await rule(owner, card)
    await ExchangeRate.create(base="EUR", quote="USD", rate="2", as_of=datetime(2026, 1, 1))
    await ExchangeRate.create(base="EUR", quote="USD", rate="3", as_of=datetime(2026, 12, 5))
    before = await route(owner, "", "4420", NOW)
    later = await route(owner, "", "4420", datetime(2026, 12, 6, tzinfo=UTC))
    again = await route(owner, "", "4420", NOW)
    assert [d.rate.rate for d in (before, later, again) if d.rate is not None] == [
        Decimal("0.10000000"),
        Decimal("0.15000000"),
        Decimal("0.10000000"),
    ]
    card.name = "Euro retail"
    await card.save()
    renamed = await route(owner, "", "4420", NOW)
    assert "Euro retail 44" in "\n".join(renamed.trace.lines())
    in_euro_owner = await customer("Euro buyer", currency="EUR")
    await rule(in_euro_owner, card)
    in_euro = await route(in_euro_owner, "", "4420", NOW)
    assert in_euro.rate is not None and in_euro.rate.rate == Decimal("0.05000000")

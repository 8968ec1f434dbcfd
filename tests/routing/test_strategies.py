"""Each strategy's order, weighted random and tier statistically (seeded), round robin
across calls and after a restart, LCR-performance from recorded outcomes, and per-prefix
overrides."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from telephony.rating.models import Strategy
from telephony.routing import engine
from telephony.routing.engine import route
from telephony.routing.models import RoundRobinPosition, Route
from telephony.routing.state import record_outcome, state
from telephony.routing.strategies import Ordered, StrategyContext, by_name, weighted_order
from telephony.routing.trace import Candidate, Routed
from tests.routing.support import customer, customer_card, names, offer, provider, rule

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


async def world(
    strategy: Strategy, weights: tuple[int, ...] = (1, 1, 1), **fields: Any
) -> tuple[Any, Route]:
    """Cards c1 (0.010), c2 (0.011), c3 (0.012); parent positions 3, 1, 2."""
    providers = [await provider(f"c{i + 1}", (("44", f"0.01{i}"),)) for i in range(3)]
    positions = (3, 1, 2)
    card = await customer_card(
        "Retail",
        [("44", "0.05", [offer(p, f"0.01{i}") for i, p in enumerate(providers)])],
        parents=[(p, weights[i], positions[i]) for i, p in enumerate(providers)],
    )
    owner = await customer()
    made = await rule(owner, card, name="r", strategy=strategy, **fields)
    return owner, made


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        (Strategy.LCR, ["c1", "c2", "c3"]),
        (Strategy.REVERSE_LCR, ["c3", "c2", "c1"]),
        (Strategy.PRIORITY, ["c2", "c3", "c1"]),
    ],
)
async def test_deterministic_orders(db: str, strategy: Strategy, expected: list[str]) -> None:
    owner, _ = await world(strategy)
    decision = await route(owner, "", "4420", NOW)
    assert isinstance(decision, Routed)
    assert names(decision) == expected
    assert decision.strategy == strategy


async def test_weighted_random_first_choices_follow_the_weights(db: str) -> None:
    owner, _ = await world(Strategy.WEIGHTED, weights=(1, 3, 6))
    rng = random.Random(8)
    firsts = Counter()
    runs = 3000
    for _ in range(runs):
        decision = await route(owner, "", "4420", NOW, rng=rng)
        assert sorted(names(decision)) == ["c1", "c2", "c3"]
        firsts[names(decision)[0]] += 1
    for name, share in (("c1", 0.1), ("c2", 0.3), ("c3", 0.6)):
        assert abs(firsts[name] / runs - share) < 0.03, firsts


def _candidate(card: int, carrier: int, buy: str, weight: int = 1) -> Candidate:
    rate = Decimal(buy)
    return Candidate(
        carrier, f"carrier{carrier}", card, f"card{card}", 1, "44", rate, Decimal("0.05"),
        Decimal(0), 1, 1, Decimal("0.05") - rate, "", "USD", rate, weight, card,
    )  # fmt: skip


def test_zero_weights_go_last_and_the_order_is_a_permutation() -> None:
    items = [_candidate(1, 1, "0.01", 0), _candidate(2, 2, "0.02", 5), _candidate(3, 3, "0.03")]
    rng = random.Random(1)
    for _ in range(200):
        order = weighted_order(items, rng)
        assert sorted(c.card for c in order) == [1, 2, 3]
        assert order[-1].card == 1


async def test_tier_tries_one_card_per_carrier_in_proportion_to_weight(db: str) -> None:
    state_ = state()
    items = [
        _candidate(1, 1, "0.010", 1),
        _candidate(2, 1, "0.011", 9),  # the same carrier, dearer: dropped
        _candidate(3, 2, "0.012", 3),
    ]
    ctx = StrategyContext(1, "44", state_, random.Random(3))
    firsts = Counter()
    for _ in range(2000):
        ordered = by_name(Strategy.TIER).order(items, ctx)
        assert isinstance(ordered, Ordered)
        assert sorted(c.card for c in ordered.candidates) == [1, 3]
        assert [d.card for d in ordered.dropped] == [2]
        firsts[ordered.candidates[0].card] += 1
    assert abs(firsts[1] / 2000 - 0.25) < 0.03, firsts


async def test_round_robin_rotates_call_by_call_and_survives_a_restart(db: str) -> None:
    owner, made = await world(Strategy.ROUND_ROBIN)
    # the fixed sequence is the parent order: c2 (1), c3 (2), c1 (3)
    seen = [names(await route(owner, "", "4420", NOW)) for _ in range(4)]
    assert seen == [
        ["c2", "c3", "c1"],
        ["c3", "c1", "c2"],
        ["c1", "c2", "c3"],
        ["c2", "c3", "c1"],
    ]
    stored = await RoundRobinPosition.get(route_id=made.id, prefix="44")
    assert stored.position == 4
    explained = await route(owner, "", "4420", NOW, dry_run=True)
    assert names(explained) == ["c3", "c1", "c2"], "explaining shows the next call's order"
    # a restart: memory gone, the database remembers
    state().clear()
    engine.forget()
    assert names(await route(owner, "", "4420", NOW)) == ["c3", "c1", "c2"]
    assert names(await route(owner, "", "4420", NOW)) == ["c1", "c2", "c3"]


async def test_lcr_performance_puts_the_best_recent_asr_of_the_cheap_band_first(db: str) -> None:
    owner, _ = await world(Strategy.LCR_PERFORMANCE)
    c1, c2, c3 = [c.carrier for c in (await route(owner, "", "4420", NOW)).candidates]
    # no history: every carrier counts 50 %, so cheapest first
    assert names(await route(owner, "", "4420", NOW)) == ["c1", "c2", "c3"]
    for i in range(20):
        record_outcome(c1, None, "44", answered=i % 4 == 0, pdd_ms=900)  # 25 %
        record_outcome(c2, None, "44", answered=i % 4 != 0, pdd_ms=1200)  # 75 %
        record_outcome(c3, None, "44", answered=True, pdd_ms=500)  # 100 %
    # band: within 10 % of 0.010 -> c1 (0.010), c2 (0.011); c3 (0.012) stays last
    decision = await route(owner, "", "4420", NOW)
    assert names(decision) == ["c2", "c1", "c3"]
    assert "best ASR first" in decision.trace.steps[-1][1]
    assert state().outcomes.performance(c2).asr == 0.75


async def test_the_most_specific_prefix_override_wins(db: str) -> None:
    owner, made = await world(
        Strategy.LCR,
        strategies=[
            {"match": "44", "strategy": "reverse_lcr"},
            {"match": "4420", "strategy": "priority"},
            {"match": "^447", "strategy": "drop"},
        ],
    )
    assert names(await route(owner, "", "4420", NOW)) == ["c2", "c3", "c1"]  # priority
    assert names(await route(owner, "", "4416", NOW)) == ["c3", "c2", "c1"]  # reverse
    dropped = await route(owner, "", "447700", NOW)  # "44" (2) beats the regex (1)
    assert names(dropped) == ["c3", "c2", "c1"]
    made.strategies = [{"match": "^447", "strategy": "drop"}]
    await made.save()
    decision = await route(owner, "", "447700", NOW)
    assert (decision.code, decision.reason) == (503, "Dropping Call (Strategy)")

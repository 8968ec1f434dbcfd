"""Routing strategies: how the candidate carriers are ordered (spec §2.4).

Each strategy is a class registered by its :class:`~telephony.rating.models.Strategy` name;
``order`` gets the candidates left after the checks, **cheapest first** (ties: the parent
link's position, then the card id), and returns the try order. Definitions:

- ``lcr``: ascending buy rate (the input order).
- ``reverse_lcr``: descending buy rate.
- ``priority``: the customer card's parent order (``CardParent.position``), then cheaper.
- ``weighted``: a weighted random order without replacement (each next card drawn with
  probability weight / the weights left; ``CardParent.weight``; weight 0 goes last, in LCR
  order). The first choice is card *i* with probability ``w_i / sum(w)``.
- ``round_robin``: a fixed sequence (parent position, then card id) rotated by one per call,
  per route and matched prefix; the position persists (:mod:`telephony.routing.state`).
- ``tier``: one card per carrier (its cheapest; the carrier's other cards are dropped, so
  failover always reaches a *different* carrier), the carriers in a weighted random order
  (the weight of the card kept): calls spread over the carriers in proportion to weight.
- ``lcr_performance``: the *band* is the cheapest candidates costing at most
  :data:`BAND` (10 %) more than the cheapest one, at most :data:`BAND_SIZE` (3) of them;
  inside the band the best recent ASR goes first (ASR counted as :data:`UNKNOWN_ASR`
  (0.5) until a carrier has :data:`MIN_ATTEMPTS` (10) attempts in the window; ties: cheaper);
  the rest follow in LCR order.
- ``drop``: no order; the engine rejects with ``503 Dropping Call (Strategy)``.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from telephony.rating.models import Strategy
from telephony.routing.state import RoutingState
from telephony.routing.trace import Candidate, Dropped

__all__ = ["STRATEGIES", "Ordered", "StrategyContext", "by_name"]

BAND = Decimal("0.10")
BAND_SIZE = 3
MIN_ATTEMPTS = 10
UNKNOWN_ASR = 0.5


@dataclass(slots=True)
class StrategyContext:
    route_id: int
    #: The customer card prefix the call matched (round robin rotates per prefix).
    prefix: str
    state: RoutingState
    rng: random.Random
    #: Explaining, not routing: round robin shows the next position without moving it.
    dry_run: bool = False


@dataclass(slots=True)
class Ordered:
    candidates: list[Candidate]
    #: What the strategy did, for the trace.
    note: str = ""
    dropped: list[Dropped] = field(default_factory=list)


class OrderStrategy(ABC):
    name: ClassVar[Strategy]
    #: A strategy that refuses the call instead: ``(code, reason)``.
    rejects: ClassVar[tuple[int, str] | None] = None

    @abstractmethod
    def order(
        self, candidates: Sequence[Candidate], ctx: StrategyContext
    ) -> Ordered | Awaitable[Ordered]:
        """The candidates in the order to try them (and any this strategy drops); an
        awaitable of that when the strategy keeps shared state (round robin)."""


STRATEGIES: dict[Strategy, OrderStrategy] = {}


def register(cls: type[OrderStrategy]) -> type[OrderStrategy]:
    STRATEGIES[cls.name] = cls()
    return cls


def by_name(name: Strategy | str) -> OrderStrategy:
    found = STRATEGIES.get(name)  # type: ignore[arg-type]  # a str finds its StrEnum
    return found if found is not None else STRATEGIES[Strategy(name)]


def weighted_order(
    candidates: Sequence[Candidate], rng: random.Random, weight_of: dict[int, int] | None = None
) -> list[Candidate]:
    """Candidates in a weighted random order without replacement (Efraimidis-Spirakis:
    sort by ``u ** (1 / w)``); zero weights last, in the order given."""
    keyed = []
    for i, candidate in enumerate(candidates):
        weight = candidate.weight if weight_of is None else weight_of[candidate.card]
        key = rng.random() ** (1.0 / weight) if weight > 0 else -1.0 - i / (len(candidates) + 1)
        keyed.append((key, candidate))
    keyed.sort(key=lambda k: k[0], reverse=True)
    return [c for _, c in keyed]


@register
class Lcr(OrderStrategy):
    name = Strategy.LCR

    def order(self, candidates: Sequence[Candidate], ctx: StrategyContext) -> Ordered:
        return Ordered(list(candidates), "cheapest first")


@register
class ReverseLcr(OrderStrategy):
    name = Strategy.REVERSE_LCR

    def order(self, candidates: Sequence[Candidate], ctx: StrategyContext) -> Ordered:
        ordered = sorted(candidates, key=lambda c: (-c.buy_rate, c.position, c.card))
        return Ordered(ordered, "dearest first")


@register
class Priority(OrderStrategy):
    name = Strategy.PRIORITY

    def order(self, candidates: Sequence[Candidate], ctx: StrategyContext) -> Ordered:
        ordered = sorted(candidates, key=lambda c: (c.position, c.buy_rate, c.card))
        return Ordered(ordered, "the customer card's parent order")


@register
class Weighted(OrderStrategy):
    name = Strategy.WEIGHTED

    def order(self, candidates: Sequence[Candidate], ctx: StrategyContext) -> Ordered:
        weights = ", ".join(f"{c.card_name}={c.weight}" for c in candidates)
        return Ordered(weighted_order(candidates, ctx.rng), f"weighted random ({weights})")


@register
class RoundRobin(OrderStrategy):
    name = Strategy.ROUND_ROBIN

    async def order(self, candidates: Sequence[Candidate], ctx: StrategyContext) -> Ordered:
        sequence = sorted(candidates, key=lambda c: (c.position, c.card))
        rr = ctx.state.round_robin
        if ctx.dry_run:
            position = await rr.peek(ctx.route_id, ctx.prefix)
        else:
            position = await rr.advance(ctx.route_id, ctx.prefix)
        start = position % len(sequence)
        return Ordered(
            sequence[start:] + sequence[:start],
            f"round robin position {position} for prefix {ctx.prefix} "
            f"(starts at {start + 1} of {len(sequence)})",
        )


@register
class Tier(OrderStrategy):
    name = Strategy.TIER

    def order(self, candidates: Sequence[Candidate], ctx: StrategyContext) -> Ordered:
        kept: dict[int, Candidate] = {}
        dropped = []
        for candidate in candidates:  # cheapest first: the first card of a carrier stays
            first = kept.get(candidate.carrier)
            if first is None:
                kept[candidate.carrier] = candidate
            else:
                dropped.append(
                    Dropped(
                        candidate.card,
                        candidate.card_name,
                        candidate.carrier,
                        f"tier: carrier {candidate.carrier_name} is tried once, with its "
                        f"cheaper card {first.card_name}",
                    )
                )
        ordered = weighted_order(list(kept.values()), ctx.rng)
        return Ordered(ordered, f"tier: one card per carrier, {len(ordered)} carrier(s)", dropped)


@register
class LcrPerformance(OrderStrategy):
    name = Strategy.LCR_PERFORMANCE

    def order(self, candidates: Sequence[Candidate], ctx: StrategyContext) -> Ordered:
        if not candidates:
            return Ordered([])
        ceiling = candidates[0].buy_rate * (1 + BAND)
        band = [c for c in candidates[:BAND_SIZE] if c.buy_rate <= ceiling]
        rest = list(candidates[len(band) :])
        scores = {}
        for candidate in band:
            seen = ctx.state.outcomes.performance(candidate.carrier)
            scores[candidate.card] = (
                seen.asr if seen.attempts >= MIN_ATTEMPTS and seen.asr is not None else UNKNOWN_ASR
            )
        band.sort(key=lambda c: (-scores[c.card], c.buy_rate, c.position, c.card))
        shown = ", ".join(f"{c.card_name} ASR {scores[c.card]:.0%}" for c in band)
        return Ordered(
            band + rest, f"band up to {ceiling} ({len(band)} card(s)): best ASR first: {shown}"
        )


@register
class Drop(OrderStrategy):
    name = Strategy.DROP
    rejects = (503, "Dropping Call (Strategy)")

    def order(self, candidates: Sequence[Candidate], ctx: StrategyContext) -> Ordered:
        return Ordered([], "drop")

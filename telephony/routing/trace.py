"""A routing decision and its trace: what :func:`telephony.routing.engine.route` returns.

A decision is :class:`Routed` (the carriers to try, in order, at what buy and sell price) or
:class:`Rejected` (a SIP code and reason for the customer). Both carry a :class:`Trace`: the
steps the engine took, each a line a person reads (``"rule 'UK' matched: tech prefix '123*'
stripped"``) and the data behind it. Recording a step is one tuple appended to a list; the
candidates are referenced, not copied, so the trace stays on in production.

:func:`decision_json` is the documented JSON shape of ``route explain --json`` and ``POST
/api/v1/routes/explain`` (money as decimal strings)::

    {"result": "routed" | "rejected", "code": 200 | 503 ..., "reason": "...",
     "customer": {"id", "name", "currency"}, "dialled", "cli", "at",
     "route": {"id", "name"} | null, "number", "strategy", "max_duration",
     "rate": {"card", "card_name", "prefix", "name", "rate", "connection_fee", "mcd",
              "pulse", "currency"} | null,
     "candidates": [{"carrier", "carrier_name", "card", "card_name", "revision", "prefix",
                     "buy_rate", "sell_rate", "margin", "connection_fee", "mcd", "pulse",
                     "tech_prefix", "currency", "card_rate", "weight", "position"}],
     "dropped": [{"card", "card_name", "carrier", "reason"}],
     "trace": [{"step", "message", "data"}]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

__all__ = [
    "Candidate",
    "Decision",
    "Dropped",
    "Rejected",
    "Routed",
    "SellRow",
    "Trace",
    "decision_json",
    "money",
]


_QUANTUM = Decimal("0.00000001")


def money(value: Decimal) -> str:
    """A rate as a decimal string: 8 places at most, 4 at least.

    >>> money(Decimal("0.05000000")), money(Decimal("0.0123456789")), money(Decimal(2))
    ('0.0500', '0.01234568', '2.0000')
    """
    text = f"{value.quantize(_QUANTUM):f}"
    whole, _, places = text.partition(".")
    return f"{whole}.{places.rstrip('0').ljust(4, '0')}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A provider card that can carry the call. Money in the customer's currency, except
    ``card_rate`` (the provider card's own rate, in ``currency``)."""

    carrier: int
    carrier_name: str
    card: int
    card_name: str
    revision: int
    prefix: str
    buy_rate: Decimal
    sell_rate: Decimal
    connection_fee: Decimal
    mcd: int
    pulse: int
    #: ``sell_rate - buy_rate`` per minute.
    margin: Decimal
    #: The provider card's tech prefix, put in front of the number sent to the carrier.
    tech_prefix: str
    currency: str
    card_rate: Decimal
    #: From the customer card's parent link (weighted random, tier, priority).
    weight: int = 1
    position: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "carrier": self.carrier,
            "carrier_name": self.carrier_name,
            "card": self.card,
            "card_name": self.card_name,
            "revision": self.revision,
            "prefix": self.prefix,
            "buy_rate": money(self.buy_rate),
            "sell_rate": money(self.sell_rate),
            "margin": money(self.margin),
            "connection_fee": money(self.connection_fee),
            "mcd": self.mcd,
            "pulse": self.pulse,
            "tech_prefix": self.tech_prefix,
            "currency": self.currency,
            "card_rate": money(self.card_rate),
            "weight": self.weight,
            "position": self.position,
        }


@dataclass(frozen=True, slots=True)
class Dropped:
    """A candidate left out, and why."""

    card: int
    card_name: str
    carrier: int | None
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "card": self.card,
            "card_name": self.card_name,
            "carrier": self.carrier,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class SellRow:
    """The customer card's row for the number: what the customer pays."""

    card: int
    card_name: str
    revision: int
    prefix: str
    name: str
    rate: Decimal
    connection_fee: Decimal
    mcd: int
    pulse: int
    currency: str

    def as_json(self) -> dict[str, Any]:
        return {
            "card": self.card,
            "card_name": self.card_name,
            "revision": self.revision,
            "prefix": self.prefix,
            "name": self.name,
            "rate": money(self.rate),
            "connection_fee": money(self.connection_fee),
            "mcd": self.mcd,
            "pulse": self.pulse,
            "currency": self.currency,
        }


def _plain(value: Any) -> Any:
    """Trace data as JSON: money as strings, candidates and rows as their JSON."""
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, Candidate | Dropped | SellRow):
        return value.as_json()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value


class Trace:
    """The steps of one decision, in order: ``(step, message, data)``."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps: list[tuple[str, str, dict[str, Any]]] = []

    def add(self, step: str, message: str, data: dict[str, Any] | None = None) -> None:
        self.steps.append((step, message, data if data is not None else {}))

    def lines(self) -> list[str]:
        """The trace as a person reads it, one line per step."""
        return [f"{step:<10} {message}" for step, message, _ in self.steps]

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {"step": step, "message": message, "data": _plain(data)}
            for step, message, data in self.steps
        ]


@dataclass(slots=True)
class Routed:
    """Try these carriers, in this order."""

    candidates: list[Candidate]
    route: Any  # the matched rule (telephony.routing.cache.Rule)
    rate: SellRow
    #: The number after tech-prefix strip and manipulation (E.164 digits), as rated.
    number: str
    #: Seconds the call may last (None: no limit from routing).
    max_duration: int | None
    strategy: str
    trace: Trace
    dropped: list[Dropped] = field(default_factory=list)
    code: int = 200
    reason: str = "OK"


@dataclass(slots=True)
class Rejected:
    """Refuse the call with ``code`` and ``reason``."""

    code: int
    reason: str
    trace: Trace
    route: Any = None
    rate: SellRow | None = None
    number: str = ""
    dropped: list[Dropped] = field(default_factory=list)


Decision = Routed | Rejected


def decision_json(
    decision: Decision,
    *,
    customer: dict[str, Any] | None = None,
    dialled: str = "",
    cli: str = "",
    at: datetime | None = None,
) -> dict[str, Any]:
    """The decision as the documented JSON (see the module docstring)."""
    rule = decision.route
    routed = isinstance(decision, Routed)
    return {
        "result": "routed" if routed else "rejected",
        "code": decision.code,
        "reason": decision.reason,
        "customer": customer,
        "dialled": dialled,
        "cli": cli,
        "at": at.isoformat() if at is not None else None,
        "route": {"id": rule.id, "name": rule.name} if rule is not None else None,
        "number": decision.number,
        "strategy": decision.strategy if isinstance(decision, Routed) else None,
        "max_duration": decision.max_duration if isinstance(decision, Routed) else None,
        "rate": decision.rate.as_json() if decision.rate is not None else None,
        "candidates": [c.as_json() for c in decision.candidates]
        if isinstance(decision, Routed)
        else [],
        "dropped": [d.as_json() for d in decision.dropped],
        "trace": decision.trace.as_json(),
    }

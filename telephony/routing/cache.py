"""What the engine reads per call, held in memory: customers and their compiled rules,
carriers, cards, card parents and exchange rates.

A decision makes no database query once these are loaded. A change made through the ORM
(``save``/``delete`` of a customer, route, carrier, card, card parent or exchange rate, in any
service) drops what it touches at once (tortoise signals, installed on first load); every
entry is also reloaded after :data:`TTL` seconds, so a change made by another node, or by a
bulk ``update()``, shows within that time.
"""

from __future__ import annotations

import bisect
import itertools
import re
import time
from dataclasses import dataclass
from datetime import datetime
from datetime import time as dtime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telephony.rating.models import Strategy

__all__ = ["Catalog", "CustomerInfo", "Rule", "cache"]

#: Seconds an entry is trusted without a signal (changes from other nodes).
TTL = 30.0

_serial = itertools.count(1)


@dataclass(frozen=True, slots=True)
class CardInfo:
    id: int
    name: str
    kind: str
    carrier_id: int | None
    currency: str
    capped_rate: Decimal | None
    tech_prefix: str
    #: Destination types the card refuses (the numbering plan's, telephony.rating.plan).
    blocked_types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CarrierInfo:
    id: int
    name: str
    active: bool
    status: str


@dataclass(frozen=True, slots=True)
class Window:
    days: frozenset[int]  # ISO weekdays, 1 = Monday
    start: dtime
    end: dtime  # end <= start: the window runs past midnight into the next day

    def allows(self, local: datetime) -> bool:
        moment, day = local.time(), local.isoweekday()
        if self.start < self.end:
            return day in self.days and self.start <= moment < self.end
        previous = 7 if day == 1 else day - 1
        return (day in self.days and moment >= self.start) or (
            previous in self.days and moment < self.end
        )


@dataclass(frozen=True, slots=True)
class Restriction:
    """``day_time_restriction``: calls only inside one of the windows, in ``zone``."""

    zone: ZoneInfo
    windows: tuple[Window, ...]

    def allows(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        return any(w.allows(local) for w in self.windows)


def _days(text: Any) -> frozenset[int]:
    days: set[int] = set()
    for part in str(text or "1-7").split(","):
        low, _, high = part.strip().partition("-")
        days.update(range(int(low), int(high or low) + 1))
    return frozenset(d for d in days if 1 <= d <= 7)


def parse_restriction(raw: Any) -> Restriction | None:
    """``{"timezone": "Europe/London", "windows": [{"days": "1-5", "from": "08:00", "to":
    "18:00"}]}`` (days are ISO weekdays, 1 = Monday; ``to`` before ``from`` runs past
    midnight); empty = always allowed. Raises ``ValueError`` on a malformed one."""
    if not raw or not raw.get("windows"):
        return None
    try:
        zone = ZoneInfo(raw.get("timezone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {raw.get('timezone')!r}") from exc
    windows = tuple(
        Window(
            _days(w.get("days")),
            dtime.fromisoformat(w.get("from") or "00:00"),
            dtime.fromisoformat(w.get("to") or "00:00"),
        )
        for w in raw["windows"]
    )
    return Restriction(zone, windows)


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    id: int
    name: str
    status: str
    currency: str
    channels: int
    cps: int
    restriction: Restriction | None
    restriction_error: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A route compiled for matching (see :mod:`telephony.routing.models`)."""

    id: int
    name: str
    serial: int
    tech_prefix: str
    prefixes: tuple[str, ...]
    regexes: tuple[re.Pattern[str], ...]
    manipulation: tuple[tuple[re.Pattern[str], str], ...]
    card_id: int
    strategy: Strategy
    #: ``(prefix, regex, strategy)`` per override, prefix or regex set.
    strategies: tuple[tuple[str, re.Pattern[str] | None, Strategy], ...]
    lock: frozenset[int]
    exclude: frozenset[int]
    capped_rate: Decimal | None
    profit_assurance: bool
    max_duration: int
    channels: int
    cps: int
    script_app_id: int | None
    script: str
    timeout_action: str
    priority: int
    created: tuple[datetime, int]

    def specificity(self, number: str) -> int:
        """How specifically the dial string matches ``number``: the longest matching prefix
        (a regular expression counts as 1, an empty dial string as 0); -1 = no match."""
        if not self.prefixes and not self.regexes:
            return 0
        best = -1
        for prefix in self.prefixes:
            if len(prefix) > best and number.startswith(prefix):
                best = len(prefix)
        if best < 1:
            for regex in self.regexes:
                if regex.search(number):
                    return 1
        return best


def template(replace: str) -> str:
    """``$1``..``$9`` (ConnexCS, JavaScript) as ``\\g<1>`` (Python): ``$1207`` is group 1
    followed by ``207``."""
    return re.sub(r"\$(\d)", r"\\g<\1>", replace)


def compile_rule(route: Any) -> Rule:
    dial = [str(d).strip() for d in route.dial_string or [] if str(d).strip()]
    strategies = []
    for row in route.strategies or []:
        match = str(row.get("match", ""))
        regex = re.compile(match) if match.startswith("^") else None
        strategies.append(("" if regex else match, regex, Strategy(row["strategy"])))
    return Rule(
        id=route.id,
        name=route.name,
        serial=next(_serial),
        tech_prefix=route.tech_prefix or "",
        prefixes=tuple(d for d in dial if not d.startswith("^")),
        regexes=tuple(re.compile(d) for d in dial if d.startswith("^")),
        manipulation=tuple(
            (re.compile(m["match"]), template(m.get("replace", "")))
            for m in route.manipulation or []
        ),
        card_id=route.card_id,
        strategy=Strategy(route.strategy),
        strategies=tuple(strategies),
        lock=frozenset(int(c) for c in route.lock_cards or []),
        exclude=frozenset(int(c) for c in route.exclude_cards or []),
        capped_rate=route.capped_rate,
        profit_assurance=route.profit_assurance,
        max_duration=route.max_duration,
        channels=route.channels,
        cps=route.cps,
        script_app_id=route.script_app_id,
        script=route.script,
        timeout_action=route.script_timeout_action,
        priority=route.priority,
        created=(route.created_at, route.id),
    )


class Rates:
    """Exchange rates by pair, each a time-ordered list: the newest as of a moment wins."""

    def __init__(self, rows: list[tuple[str, str, Decimal, datetime, int]]) -> None:
        self._pairs: dict[tuple[str, str], tuple[list[datetime], list[Decimal]]] = {}
        for base, quote, rate, as_of, _ in sorted(rows, key=lambda r: (r[3], r[4])):
            times, rates = self._pairs.setdefault((base, quote), ([], []))
            times.append(as_of)
            rates.append(rate)
        self._moments = sorted(r[3] for r in rows)

    def version(self, now: datetime) -> int:
        """How many rates are in force at ``now`` (changes when a newer one applies)."""
        return bisect.bisect_right(self._moments, now)

    def _at(self, base: str, quote: str, now: datetime) -> Decimal | None:
        found = self._pairs.get((base, quote))
        if found is None:
            return None
        i = bisect.bisect_right(found[0], now)
        return found[1][i - 1] if i else None

    def factor(self, source: str, target: str, now: datetime) -> Decimal | None:
        """What one unit of ``source`` is in ``target`` at ``now`` (direct or inverse pair);
        None when no rate is known."""
        if source == target:
            return Decimal(1)
        direct = self._at(source, target, now)
        if direct is not None:
            return direct
        inverse = self._at(target, source, now)
        return Decimal(1) / inverse if inverse else None


@dataclass(frozen=True, slots=True)
class Link:
    weight: int
    position: int


@dataclass(slots=True)
class Catalog:
    """Carriers, cards, parents and exchange rates, loaded together."""

    serial: int
    loaded: float
    carriers: dict[int, CarrierInfo]
    cards: dict[int, CardInfo]
    #: customer card id -> provider card id -> link.
    parents: dict[int, dict[int, Link]]
    rates: Rates


class Cache:
    def __init__(self) -> None:
        self._catalog: Catalog | None = None
        self._customers: dict[int, tuple[float, CustomerInfo, tuple[Rule, ...]]] = {}
        self._signals = False
        self.ttl = TTL

    async def catalog(self) -> Catalog:
        found = self._catalog
        if found is not None and time.monotonic() - found.loaded < self.ttl:
            return found
        from telephony.rating.models import CardParent, Carrier, CarrierStatus, ExchangeRate
        from telephony.rating.models import RateCard as Card

        self._install_signals()
        carriers = {
            c.id: CarrierInfo(c.id, c.name, c.status == CarrierStatus.ACTIVE, str(c.status))
            for c in await Carrier.all()
        }
        cards = {
            c.id: CardInfo(
                c.id,
                c.name,
                str(c.kind),
                c.carrier_id,  # type: ignore[attr-defined]
                c.currency,
                c.capped_rate,
                c.tech_prefix,
                frozenset(c.blocked_types or ()),
            )
            for c in await Card.all()
        }
        parents: dict[int, dict[int, Link]] = {}
        for card_id, parent_id, weight, position in await CardParent.all().values_list(
            "card_id", "parent_id", "weight", "position"
        ):
            parents.setdefault(card_id, {})[parent_id] = Link(weight, position)
        rates = Rates(
            [
                (b, q, Decimal(r), a, i)
                for b, q, r, a, i in await ExchangeRate.all().values_list(
                    "base", "quote", "rate", "as_of", "id"
                )
            ]
        )
        self._catalog = Catalog(next(_serial), time.monotonic(), carriers, cards, parents, rates)
        return self._catalog

    async def customer(self, customer_id: int) -> tuple[CustomerInfo, tuple[Rule, ...]] | None:
        """The customer and its enabled rules, in tie-break order; None when unknown."""
        found = self._customers.get(customer_id)
        if found is not None and time.monotonic() - found[0] < self.ttl:
            return found[1], found[2]
        from runtime.models import Customer
        from telephony.routing.models import Route

        self._install_signals()
        row = await Customer.get_or_none(id=customer_id)
        if row is None:
            self._customers.pop(customer_id, None)
            return None
        try:
            restriction, error = parse_restriction(row.day_time_restriction), ""
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            restriction, error = None, str(exc) or "malformed"
        info = CustomerInfo(
            row.id,
            row.name,
            str(row.status),
            row.currency,
            row.channels,
            row.cps,
            restriction,
            error,
        )
        routes = await Route.filter(customer_id=customer_id, enabled=True).order_by(
            "priority", "created_at", "id"
        )
        rules = tuple(compile_rule(r) for r in routes)
        self._customers[customer_id] = (time.monotonic(), info, rules)
        return info, rules

    def forget_customer(self, customer_id: int) -> None:
        self._customers.pop(customer_id, None)

    def forget_catalog(self) -> None:
        self._catalog = None

    def forget(self) -> None:
        """Drop everything (tests; another database)."""
        self._catalog = None
        self._customers.clear()

    def _install_signals(self) -> None:
        if self._signals:
            return
        from tortoise.signals import Signals

        from runtime.models import Customer
        from telephony.rating.models import CardParent, Carrier, ExchangeRate, RateCard
        from telephony.routing.models import Route

        async def customer_changed(sender: Any, instance: Any, *args: Any) -> None:
            self.forget_customer(instance.id)

        async def route_changed(sender: Any, instance: Any, *args: Any) -> None:
            self.forget_customer(instance.customer_id)

        async def catalog_changed(sender: Any, *args: Any) -> None:
            self.forget_catalog()

        for signal in (Signals.post_save, Signals.post_delete):
            Customer.register_listener(signal, customer_changed)
            Route.register_listener(signal, route_changed)
            for model in (Carrier, RateCard, CardParent, ExchangeRate):
                model.register_listener(signal, catalog_changed)
        self._signals = True


_cache = Cache()


def cache() -> Cache:
    """The process's routing cache."""
    return _cache

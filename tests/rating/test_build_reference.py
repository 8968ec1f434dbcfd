"""The build against the spec read literally: random parent cards (shared, carried-down
and blocked prefixes, three currencies, every compact mode and kind of profit rule, names
and prefixes that need escaping) built by :func:`telephony.rating.build.build` and by
:func:`reference`, row for row; the chunks and the progress they report; and the index of
the new revision holds what its rows in the database hold."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from telephony.rating import build as building
from telephony.rating.index import registry
from telephony.rating.lookup import money
from telephony.rating.models import (
    CardKind,
    CardParent,
    Carrier,
    Compact,
    ExchangeRate,
    ProfitKind,
    ProfitRule,
    Rate,
    RateCard,
    RateRevision,
    RateStatus,
)

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
#: Into USD: EUR directly, GBP through the inverse of USD->GBP.
FX = {"USD": Decimal(1), "EUR": Decimal("1.1"), "GBP": Decimal(1) / Decimal("0.8")}
NAMES = ["", "UK", "UK mobile", "tab\there", "back\\slash", "line\nbreak\r", 'quo"te', "Ünï ☎"]
AMOUNTS = ["0", "0.01", "0.0100", "0.0075", "0.02", "1.23456789", "0.00000001", "0.333"]
BILLING = [(0, 6), (1, 1), (6, 6), (30, 6), (60, 60)]
ODD_PREFIXES = ["+4", "+41", "4#1", "4\\1", "ü1"]
MATCHES = ["", "1", "12", "123", "4", "^2", "^3.*1", "^\\+"]


@dataclass(frozen=True)
class Row:
    prefix: str
    name: str
    rate: Decimal
    fee: Decimal
    mcd: int
    pulse: int
    blocked: bool


@dataclass(frozen=True)
class Parent:
    card: int
    revision: int
    position: int
    fx: Decimal
    rows: dict[str, Row]


def quantized(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1E-8"), rounding=ROUND_HALF_UP)


def rule_for(prefix: str, rules: list[ProfitRule]) -> ProfitRule | None:
    """The longest matching prefix rule, else the first matching ``^regex`` rule, else the
    first catch-all; ties by position, then id."""
    import re

    def order(rule: ProfitRule) -> tuple[int, int]:
        return (rule.position, rule.id)

    prefixed = [r for r in rules if r.match and not r.match.startswith("^")]
    fitting = [r for r in prefixed if prefix.startswith(r.match)]
    if fitting:
        longest = max(len(r.match) for r in fitting)
        return min((r for r in fitting if len(r.match) == longest), key=order)
    regexes = [r for r in rules if r.match.startswith("^") and re.search(r.match, prefix)]
    if regexes:
        return min(regexes, key=order)
    catch_alls = [r for r in rules if not r.match]
    return min(catch_alls, key=order) if catch_alls else None


def reference(
    parents: list[Parent], rules: list[ProfitRule], compact: Compact
) -> dict[str, tuple[Any, ...]]:
    """Each prefix's ``(name, rate, fee, mcd, pulse, blocked, candidates)``, from the module
    text of :mod:`telephony.rating.build`, one prefix and parent at a time."""
    ordered = sorted(parents, key=lambda p: (p.position, p.card))
    out = {}
    for prefix in sorted({p for parent in parents for p in parent.rows}):
        carriers = []
        blocked_names = []
        for parent in ordered:
            own = [p for p in parent.rows if prefix.startswith(p)]
            if not own:
                continue
            row = parent.rows[max(own, key=len)]  # the parent's longest row
            if row.blocked:
                blocked_names.append(row.name)
            else:
                carriers.append((row.rate * parent.fx, parent.position, parent.card, parent, row))
        if not carriers:
            name = next((n for n in blocked_names if n), "")
            out[prefix] = (name, Decimal(0), Decimal(0), 1, 1, True, [])
            continue
        carriers.sort(key=lambda c: c[:3])
        costs = [c[0] for c in carriers]
        basis = {
            Compact.MIN: costs[0],
            Compact.MAX: costs[-1],
            Compact.AVG: costs[0] if len(costs) == 1 else sum(costs, Decimal(0)) / len(costs),
        }[compact]
        rule = rule_for(prefix, rules)
        if rule is None:
            sell = basis
        elif rule.kind == ProfitKind.ABSOLUTE:
            sell = Decimal(rule.value)
        elif rule.kind == ProfitKind.RELATIVE:
            sell = basis + Decimal(rule.value)
        else:
            sell = basis * (1 + Decimal(rule.value) / 100)
        fee = max(c[4].fee * c[3].fx for c in carriers)
        mcd = max(c[4].mcd for c in carriers)
        pulse = max(c[4].pulse for c in carriers)
        if rule is not None:
            fee = Decimal(rule.connection_fee) if rule.connection_fee is not None else fee
            mcd = rule.mcd if rule.mcd is not None else mcd
            pulse = rule.pulse if rule.pulse is not None else pulse
        longest = max(len(c[4].prefix) for c in carriers)
        name = next(c[4].name for c in carriers if len(c[4].prefix) == longest)
        candidates = [
            {
                "card": parent.card,
                "revision": parent.revision,
                "prefix": row.prefix,
                "rate": money(row.rate),
                "fee": money(row.fee),
                "mcd": row.mcd,
                "pulse": row.pulse,
            }
            for _, _, _, parent, row in carriers
        ]
        blocked = rule is not None and rule.blocked
        out[prefix] = (name, quantized(sell), quantized(fee), mcd, pulse, blocked, candidates)
    return out


async def random_parent(rng: random.Random, n: int, prefixes: list[str]) -> Parent:
    currency = rng.choice(sorted(FX))
    carrier = await Carrier.create(name=f"carrier {n}", currency=currency)
    card = await RateCard.create(
        uuid=uuid.uuid4(),
        name=f"provider {n}",
        kind=CardKind.PROVIDER,
        carrier=carrier,
        currency=currency,
    )
    revision = await RateRevision.create(card=card, number=1, status="active", activated_at=NOW)
    rows = {}
    for prefix in rng.sample(prefixes, rng.randint(1, len(prefixes))):
        mcd, pulse = rng.choice(BILLING)
        rows[prefix] = Row(
            prefix,
            rng.choice(NAMES),
            Decimal(rng.choice(AMOUNTS)),
            Decimal(rng.choice(AMOUNTS[:3])),
            mcd,
            pulse,
            rng.random() < 0.15,
        )
    await Rate.bulk_create(
        [
            Rate(
                revision=revision,
                prefix=r.prefix,
                name=r.name,
                rate=r.rate,
                connection_fee=r.fee,
                mcd=r.mcd,
                pulse=r.pulse,
                status=RateStatus.BLOCKED if r.blocked else RateStatus.ACTIVE,
            )
            for r in rows.values()
        ]
    )
    return Parent(card.id, revision.id, rng.randint(0, 2), FX[currency], rows)


@pytest.mark.parametrize("seed", range(6))
async def test_the_build_matches_the_reference(
    db: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    await ExchangeRate.create(
        base="EUR", quote="USD", rate=Decimal("1.1"), as_of=NOW - timedelta(days=1)
    )
    await ExchangeRate.create(
        base="USD", quote="GBP", rate=Decimal("0.8"), as_of=NOW - timedelta(days=1)
    )
    # Short prefixes of few digits: many shared, many carried down several levels.
    digits = {"".join(rng.choices("1234", k=rng.randint(1, 5))) for _ in range(120)}
    prefixes = sorted(digits | set(ODD_PREFIXES))
    parents = [await random_parent(rng, n, prefixes) for n in range(rng.randint(1, 4))]
    compact = list(Compact)[seed % len(Compact)]
    card = await RateCard.create(
        uuid=uuid.uuid4(), name="Retail", kind=CardKind.CUSTOMER, compact=compact
    )
    for parent in parents:
        await CardParent.create(card=card, parent_id=parent.card, position=parent.position)
    rules = [
        await ProfitRule.create(
            card=card,
            match=rng.choice(MATCHES),
            kind=rng.choice(list(ProfitKind)),
            value=Decimal(rng.choice(["10", "0.002", "33.333", "0.05"])),
            connection_fee=rng.choice([None, None, Decimal("0.5")]),
            mcd=rng.choice([None, None, 6]),
            pulse=rng.choice([None, None, 1]),
            blocked=rng.random() < 0.1,
            position=rng.randint(0, 2),
        )
        for _ in range(rng.randint(0, 4))
    ]
    monkeypatch.setattr(building, "CHUNK", 7)  # several chunks, carrying down across them
    seen: list[tuple[int, int]] = []

    report = await building.build(card, now=NOW, progress=lambda *figures: seen.append(figures))

    expected = reference(parents, rules, compact)
    found = await Rate.filter(revision_id=report.revision.id).values_list(
        "prefix", "name", "rate", "connection_fee", "mcd", "pulse", "status", "candidates"
    )
    got = {
        prefix: (name, rate, fee, mcd, pulse, status == RateStatus.BLOCKED, candidates or [])
        for prefix, name, rate, fee, mcd, pulse, status, candidates in found
    }
    assert sorted(got) == sorted(expected)
    for prefix, row in expected.items():
        assert got[prefix] == row, prefix
    assert (report.prefixes, report.blocked) == (
        len(expected),
        sum(r[5] for r in expected.values()),
    )
    # Progress: after every chunk, the last with all of them.
    assert [done for done, _ in seen] == [*range(7, len(expected), 7), len(expected)]
    assert {total for _, total in seen} == {len(expected)}
    # The index was made from the rows in hand: it holds what the database holds.
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == report.revision.id
    for prefix, (name, rate, fee, mcd, pulse, blocked, candidates) in got.items():
        entry = index.longest(prefix)
        assert entry is not None and entry.prefix == prefix
        assert (entry.name, entry.rate, entry.connection_fee) == (name, rate, fee)
        assert (entry.mcd, entry.pulse, entry.blocked) == (mcd, pulse, blocked)
        assert list(entry.candidates) == candidates

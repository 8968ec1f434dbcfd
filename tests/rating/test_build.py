"""Building customer cards from provider cards (spec 2.2): normalised prefixes, candidates
cheapest first, compact modes, profit rules, worst-case increments and fees, blocked rows,
parents in other currencies, activation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from runtime.errors import BadRequest
from telephony.rating import build as building
from telephony.rating.build import build, build_card
from telephony.rating.index import registry
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
    RevisionStatus,
)

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def row(
    prefix: str,
    rate: str,
    *,
    fee: str = "0",
    billing: str = "1/1",
    blocked: bool = False,
    name: str = "",
) -> dict[str, Any]:
    mcd, pulse = (int(n) for n in billing.split("/"))
    return {
        "prefix": prefix,
        "name": name or f"dest {prefix}",
        "rate": Decimal(rate),
        "connection_fee": Decimal(fee),
        "mcd": mcd,
        "pulse": pulse,
        "status": RateStatus.BLOCKED if blocked else RateStatus.ACTIVE,
    }


async def add_revision(
    card: RateCard,
    rows: list[dict[str, Any]],
    *,
    status: RevisionStatus = RevisionStatus.ACTIVE,
    activated_at: datetime | None = NOW - timedelta(days=30),
    date_live: datetime | None = None,
) -> RateRevision:
    """A revision of ``card`` with ``rows``; an active one replaces the card's active one
    (archived) and its index."""
    number = await RateRevision.filter(card_id=card.id).count() + 1
    if status == RevisionStatus.ACTIVE:
        await RateRevision.filter(card_id=card.id, status=RevisionStatus.ACTIVE).update(
            status=RevisionStatus.ARCHIVED
        )
    revision = await RateRevision.create(
        card=card,
        number=number,
        status=status,
        activated_at=activated_at if status != RevisionStatus.PENDING else None,
        date_live=date_live,
        row_count=len(rows),
    )
    await Rate.bulk_create([Rate(revision=revision, **r) for r in rows])
    if status == RevisionStatus.ACTIVE:
        await registry().activated(card.id, revision.id)
    return revision


async def provider(name: str, rows: list[dict[str, Any]], *, currency: str = "USD") -> RateCard:
    carrier = await Carrier.create(name=f"{name} carrier", currency=currency)
    card = await RateCard.create(
        uuid=uuid.uuid4(), name=name, kind=CardKind.PROVIDER, carrier=carrier, currency=currency
    )
    await add_revision(card, rows)
    return card


async def customer(
    name: str, parents: list[RateCard], *, compact: Compact = Compact.MIN, currency: str = "USD"
) -> RateCard:
    card = await RateCard.create(
        uuid=uuid.uuid4(), name=name, kind=CardKind.CUSTOMER, compact=compact, currency=currency
    )
    for position, parent in enumerate(parents):
        await CardParent.create(card=card, parent=parent, position=position)
    return card


async def built_rows(card: RateCard) -> dict[str, Rate]:
    active = await RateRevision.get(card_id=card.id, status=RevisionStatus.ACTIVE)
    return {r.prefix: r for r in await Rate.filter(revision_id=active.id)}


def order(rate: Rate) -> list[tuple[int, str, str]]:
    return [(c["card"], c["prefix"], c["rate"]) for c in rate.candidates]


async def test_prefixes_are_normalised_and_candidates_ordered_by_cost(db: str) -> None:
    a = await provider("A", [row("441", "0.01", name="UK")])
    b = await provider(
        "B", [row("44", "0.05", name="UK all"), row("441481", "0.02", name="Jersey")]
    )
    card = await customer("Retail", [a, b])

    revision = await build_card(card, now=NOW)

    rows = await built_rows(card)
    assert sorted(rows) == ["44", "441", "441481"]
    # A's 441 is carried down to 441481, which only B has; A has nothing for 44.
    assert order(rows["441481"]) == [(a.id, "441", "0.01"), (b.id, "441481", "0.02")]
    assert order(rows["441"]) == [(a.id, "441", "0.01"), (b.id, "44", "0.05")]
    assert order(rows["44"]) == [(b.id, "44", "0.05")]
    assert rows["441481"].name == "Jersey"  # the most specific parent row names it
    assert rows["441481"].candidates[0] == {
        "card": a.id,
        "revision": revision.built_from[str(a.id)],
        "prefix": "441",
        "rate": "0.01",
        "fee": "0",
        "mcd": 1,
        "pulse": 1,
    }


@pytest.mark.parametrize(
    ("compact", "sell"),
    [(Compact.MIN, "0.0075"), (Compact.MAX, "0.02"), (Compact.AVG, "0.0125")],
)
async def test_each_compact_mode(db: str, compact: Compact, sell: str) -> None:
    parents = [
        await provider(name, [row("49", rate)])
        for name, rate in (("A", "0.01"), ("B", "0.0075"), ("C", "0.02"))
    ]
    card = await customer("Retail", parents, compact=compact)
    await build_card(card, now=NOW)
    rows = await built_rows(card)
    assert rows["49"].rate == Decimal(sell)  # no profit rule: sell = the basis
    assert [c["rate"] for c in rows["49"].candidates] == ["0.0075", "0.01", "0.02"]


@pytest.mark.parametrize(
    ("kind", "value", "sell"),
    [
        (ProfitKind.ABSOLUTE, "0.05", "0.05"),
        (ProfitKind.RELATIVE, "0.002", "0.012"),
        (ProfitKind.PERCENT, "10", "0.011"),
        (ProfitKind.PERCENT, "33.333", "0.0133333"),
    ],
)
async def test_each_profit_rule_kind(db: str, kind: ProfitKind, value: str, sell: str) -> None:
    card = await customer("Retail", [await provider("A", [row("49", "0.01")])])
    await ProfitRule.create(card=card, match="", kind=kind, value=Decimal(value))
    await build_card(card, now=NOW)
    assert (await built_rows(card))["49"].rate == Decimal(sell)


async def test_the_most_specific_profit_rule_wins(db: str) -> None:
    parent = await provider(
        "A", [row(p, "0.01") for p in ("33", "3312", "44", "441", "4412", "49")]
    )
    card = await customer("Retail", [parent])
    for match, kind, value, position in (
        ("", ProfitKind.RELATIVE, "1", 0),  # catch-all: the least specific
        ("^4", ProfitKind.RELATIVE, "2", 0),  # a regex: below any prefix rule
        ("^3", ProfitKind.RELATIVE, "3", 0),
        ("44", ProfitKind.RELATIVE, "4", 0),
        ("4412", ProfitKind.ABSOLUTE, "5", 0),
        ("33", ProfitKind.RELATIVE, "6", 2),  # same prefix: the lower position wins
        ("33", ProfitKind.RELATIVE, "7", 1),
    ):
        await ProfitRule.create(
            card=card, match=match, kind=kind, value=Decimal(value), position=position
        )
    await build_card(card, now=NOW)
    sells = {p: r.rate for p, r in (await built_rows(card)).items()}
    assert sells == {
        "33": Decimal("7.01"),
        "3312": Decimal("7.01"),
        "44": Decimal("4.01"),
        "441": Decimal("4.01"),
        "4412": Decimal("5"),
        "49": Decimal("2.01"),
    }


async def test_increments_and_fees_take_the_worst_case_unless_a_rule_overrides(db: str) -> None:
    a = await provider("A", [row("44", "0.01", fee="0.01", billing="30/6"), row("33", "0.01")])
    b = await provider("B", [row("44", "0.02", fee="0.02", billing="1/1"), row("33", "0.01")])
    c = await provider("C", [row("44", "0.03", billing="0/60")])
    card = await customer("Retail", [a, b, c])
    await ProfitRule.create(card=card, match="33", connection_fee=Decimal("0.5"), mcd=6, pulse=1)
    await build_card(card, now=NOW)
    rows = await built_rows(card)
    assert (rows["44"].connection_fee, rows["44"].mcd, rows["44"].pulse) == (
        Decimal("0.02"),
        30,
        60,
    )
    assert (rows["33"].connection_fee, rows["33"].mcd, rows["33"].pulse) == (Decimal("0.5"), 6, 1)


async def test_blocked_parent_rows_and_blocked_rules(db: str) -> None:
    a = await provider("A", [row("44", "0.01"), row("447", "0.01", blocked=True)])
    b = await provider("B", [row("44", "0.02"), row("449", "0.03")])
    only_a = await provider("OnlyA", [row("33", "0.01"), row("337", "0", blocked=True)])
    card = await customer("Retail", [a, b, only_a])
    await ProfitRule.create(card=card, match="449", blocked=True)

    report = await build(card, now=NOW)

    rows = await built_rows(card)
    assert order(rows["447"]) == [(b.id, "44", "0.02")]  # A blocks 447: B's 44 carries
    assert rows["447"].status == RateStatus.ACTIVE
    # No parent carries 337: a blocked row, so the card's 33 row does not catch it.
    assert (rows["337"].status, rows["337"].candidates) == (RateStatus.BLOCKED, [])
    assert rows["449"].status == RateStatus.BLOCKED  # by the rule; candidates kept
    assert order(rows["449"]) == [(a.id, "44", "0.01"), (b.id, "449", "0.03")]
    assert (report.prefixes, report.blocked) == (5, 2)


async def test_parents_in_other_currencies_are_compared_through_exchange_rates(db: str) -> None:
    eur = await provider("EUR card", [row("49", "0.01", fee="0.1")], currency="EUR")
    gbp = await provider("GBP card", [row("49", "0.01")], currency="GBP")
    usd = await provider("USD card", [row("49", "0.0105")])
    jpy = await provider("JPY card", [row("49", "0.001")], currency="JPY")
    for base, quote, rate, as_of in (
        ("EUR", "USD", "1.1", NOW - timedelta(days=1)),
        ("EUR", "USD", "2.0", NOW + timedelta(days=1)),  # not yet
        ("USD", "GBP", "0.8", NOW - timedelta(days=2)),  # the inverse pair: 1 GBP = 1.25 USD
    ):
        await ExchangeRate.create(base=base, quote=quote, rate=Decimal(rate), as_of=as_of)
    card = await customer("Retail", [gbp, eur, usd, jpy], compact=Compact.MAX)

    report = await build(card, now=NOW)

    rows = await built_rows(card)
    # 0.0105 USD < 0.011 USD (EUR 0.01) < 0.0125 USD (GBP 0.01); money kept in each's currency.
    assert order(rows["49"]) == [
        (usd.id, "49", "0.0105"),
        (eur.id, "49", "0.01"),
        (gbp.id, "49", "0.01"),
    ]
    assert rows["49"].rate == Decimal("0.0125")  # max, in USD
    assert rows["49"].connection_fee == Decimal("0.11")  # EUR 0.1, in USD
    assert report.skipped == [
        {"card": jpy.id, "name": "JPY card", "reason": "no exchange rate JPY->USD"}
    ]
    assert report.warnings == ["parent JPY card skipped: no exchange rate JPY->USD"]
    assert str(jpy.id) not in report.revision.built_from


async def test_equal_costs_are_ordered_by_position_then_card(db: str) -> None:
    a = await provider("A", [row("49", "0.01")])
    b = await provider("B", [row("49", "0.01")])
    c = await provider("C", [row("49", "0.01")])
    card = await customer("Retail", [])
    for parent, position in ((a, 1), (b, 0), (c, 1)):
        await CardParent.create(card=card, parent=parent, position=position)
    await build_card(card, now=NOW)
    assert [x["card"] for x in (await built_rows(card))["49"].candidates] == [b.id, a.id, c.id]


async def test_the_build_is_active_at_once_and_replaces_the_last(db: str) -> None:
    a = await provider("A", [row("49", "0.01")])
    card = await customer("Retail", [a])
    await RateCard.filter(id=card.id).update(stale=True)
    card = await RateCard.get(id=card.id)
    seen: list[tuple[int, int]] = []

    first = await build_card(card, now=NOW, progress=lambda done, total: seen.append((done, total)))
    await add_revision(a, [row("49", "0.02")])
    second = await build_card(card, now=NOW)

    assert seen[-1] == (1, 1)
    assert (first.number, second.number) == (1, 2)
    assert second.source == "build" and second.built_from == {
        str(a.id): (await RateRevision.get(card_id=a.id, status="active")).id
    }
    statuses = {r.number: r.status for r in await RateRevision.filter(card_id=card.id)}
    assert statuses == {1: RevisionStatus.ARCHIVED, 2: RevisionStatus.ACTIVE}
    assert not (await RateCard.get(id=card.id)).stale
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == second.id
    found = index.longest("4930")
    assert found is not None and found.rate == Decimal("0.02")
    assert found.candidates[0]["card"] == a.id


async def test_a_build_with_a_later_date_live_waits(db: str) -> None:
    card = await customer("Retail", [await provider("A", [row("49", "0.01")])])
    first = await build_card(card, now=NOW)
    later = await build_card(card, now=NOW, date_live=NOW + timedelta(days=1))
    assert (later.status, later.date_live) == (RevisionStatus.PENDING, NOW + timedelta(days=1))
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == first.id


async def test_parents_without_an_active_revision_are_skipped(db: str) -> None:
    a = await provider("A", [row("49", "0.01")])
    empty = await RateCard.create(uuid=uuid.uuid4(), name="Empty", kind=CardKind.PROVIDER)
    card = await customer("Retail", [a, empty])
    report = await build(card, now=NOW)
    assert report.skipped == [{"card": empty.id, "name": "Empty", "reason": "no active revision"}]
    with pytest.raises(BadRequest, match="no parent card"):
        await build(await customer("Lonely", [empty]), now=NOW)
    with pytest.raises(BadRequest, match="provider card"):
        await build(a, now=NOW)


async def test_a_parent_changing_during_the_build_leaves_the_card_stale(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = await provider("A", [row("49", "0.01")])
    card = await customer("Retail", [a])
    write_rows = building.write_rows

    async def racing(conn: Any, *args: Any) -> None:
        await write_rows(conn, *args)
        # What another task's import of A does meanwhile (on the build's connection here).
        await RateRevision.filter(card_id=a.id).using_db(conn).update(status="archived")
        await RateRevision.create(card=a, number=2, status="active", using_db=conn)

    monkeypatch.setattr(building, "write_rows", racing)
    await build_card(card, now=NOW)
    assert (await RateCard.get(id=card.id)).stale


async def test_a_failed_write_leaves_nothing_behind(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = await provider("A", [row(p, "0.01") for p in ("44", "441", "442", "49", "491")])
    card = await customer("Retail", [a])
    first = await build_card(card, now=NOW)
    write_rows = building.write_rows
    written: list[int] = []

    async def failing(conn: Any, revision_id: int, rows: Any, candidates: Any) -> None:
        if written:
            raise RuntimeError("disk full")
        await write_rows(conn, revision_id, rows, candidates)
        written.append(len(rows))

    monkeypatch.setattr(building, "CHUNK", 2)
    monkeypatch.setattr(building, "write_rows", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        await build(card, now=NOW)

    assert written == [2]  # the first chunk was written, then rolled back
    assert [r.id for r in await RateRevision.filter(card_id=card.id)] == [first.id]
    assert await Rate.filter(revision__card_id=card.id).count() == 5
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == first.id


async def test_a_failed_merge_is_raised_and_nothing_is_written(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = await customer("Retail", [await provider("A", [row("44", "0.01"), row("49", "0.01")])])
    merge_chunks = building.merge_chunks

    def failing(*args: Any, **kwargs: Any) -> Any:
        chunks = merge_chunks(*args, **kwargs)
        yield next(chunks)
        raise ZeroDivisionError("bad rule")

    monkeypatch.setattr(building, "CHUNK", 1)
    monkeypatch.setattr(building, "merge_chunks", failing)
    with pytest.raises(ZeroDivisionError, match="bad rule"):
        await build(card, now=NOW)
    assert not await RateRevision.filter(card_id=card.id).exists()
    assert await registry().index(card.id) is None


async def test_a_cancelled_build_leaves_nothing_behind(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = await customer("Retail", [await provider("A", [row(p, "0.01") for p in "123456"])])
    monkeypatch.setattr(building, "CHUNK", 2)

    def cancel(done: int, total: int) -> None:
        task.cancel()  # what the server does to a running build job when it stops

    task = asyncio.create_task(build(card, now=NOW, progress=cancel))
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not await RateRevision.filter(card_id=card.id).exists()
    assert not await Rate.filter(revision__card_id=card.id).exists()

"""The prefix index: longest-prefix match, blocked rows, atomic swaps, loading after a
restart."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from telephony.rating.index import PrefixIndex, registry
from telephony.rating.models import CardKind, Rate, RateCard, RateRevision, RevisionStatus

ROWS = [
    ("4", "World zone 4", "0.5", "0", 60, 60, False, None),
    ("44", "UK", "0.01", "0", 1, 1, False, None),
    ("447", "UK mobile", "0.05", "0", 30, 6, True, None),
    ("4477", "UK mobile Jersey", "0.09", "0.01", 60, 60, False, None),
    ("4420", "London", "0.008", "0", 1, 1, False, None),
]


@pytest.mark.parametrize(
    ("number", "prefix", "blocked"),
    [
        ("442071234567", "4420", False),
        ("441611234567", "44", False),
        ("447911123456", "447", True),  # the blocked row is the answer, not the 44 row
        ("447700900123", "4477", False),  # longer than the blocked 447
        ("49301234", "4", False),
        ("4", "4", False),
        ("33123", None, None),
        ("", None, None),
    ],
)
def test_longest_prefix_with_overlaps_and_blocked_rows(
    number: str, prefix: str | None, blocked: bool | None
) -> None:
    index = PrefixIndex.build(1, 1, ROWS)
    found = index.longest(number)
    if prefix is None:
        assert found is None
    else:
        assert found is not None and (found.prefix, found.blocked) == (prefix, blocked)


def test_entries_carry_the_rows_terms() -> None:
    index = PrefixIndex.build(1, 1, ROWS)
    row = index.longest("447700900123")
    assert row is not None
    assert (row.name, row.rate, row.connection_fee, row.mcd, row.pulse) == (
        "UK mobile Jersey",
        Decimal("0.09"),
        Decimal("0.01"),
        60,
        60,
    )
    assert [e.prefix for e in index.matches("447700900123")] == ["4", "44", "447", "4477"]
    assert len(index) == 5


@pytest.mark.parametrize("number", ["442071234567", "447911123456", "49301234", "33123", ""])
def test_the_match_alone_finds_the_same_row_as_longest(number: str) -> None:
    index = PrefixIndex.build(1, 1, ROWS)
    prefix = index.longest_prefix(number)
    if index.longest(number) is None:
        assert prefix == ""
    else:
        assert index.entry(prefix) == index.longest(number)


def test_zero_and_repeated_amounts_keep_their_values() -> None:
    """Amounts are shared between rows and between lookups (0 included, which is falsy)."""
    rows = [
        ("1", "A", Decimal("0"), Decimal("0"), 1, 1, False, None),
        ("2", "B", "0.0125", "0", 6, 6, False, None),
        ("3", "C", Decimal("0.0125"), "0.5", 6, 6, False, None),
    ]
    index = PrefixIndex.build(1, 1, rows)
    terms = [(e.rate, e.connection_fee) for e in (index.longest(n) for n in "123") if e]
    assert terms == [
        (Decimal(0), Decimal(0)),
        (Decimal("0.0125"), Decimal(0)),
        (Decimal("0.0125"), Decimal("0.5")),
    ]


async def _card(name: str) -> RateCard:
    return await RateCard.create(uuid=uuid.uuid4(), name=name, kind=CardKind.PROVIDER)


async def _revision(card: RateCard, number: int, rows: list[tuple[str, str]], status: str) -> int:
    revision = await RateRevision.create(
        card=card,
        number=number,
        status=status,
        activated_at=datetime.now(UTC) if status != RevisionStatus.PENDING else None,
    )
    await Rate.bulk_create(
        [Rate(revision=revision, prefix=p, name=p, rate=Decimal(r)) for p, r in rows]
    )
    return revision.id


async def test_a_lookup_holding_the_old_index_keeps_answering(db: str) -> None:
    card = await _card("A")
    await _revision(card, 1, [("44", "0.01")], RevisionStatus.ACTIVE)
    old = await registry().index(card.id)
    assert old is not None
    new_id = await _revision(card, 2, [("44", "0.02"), ("4420", "0.03")], RevisionStatus.PENDING)
    await RateRevision.filter(card_id=card.id, number=1).update(status=RevisionStatus.ARCHIVED)
    await RateRevision.filter(id=new_id).update(status=RevisionStatus.ACTIVE)
    await registry().activated(card.id, new_id)

    # The old index, still held, answers as before; a new lookup sees the new revision.
    row = old.longest("442071234567")
    assert row is not None and (row.prefix, row.rate) == ("44", Decimal("0.01"))
    current = await registry().index(card.id)
    assert current is not None and current is not old and current.revision_id == new_id
    row = current.longest("442071234567")
    assert row is not None and (row.prefix, row.rate) == ("4420", Decimal("0.03"))


async def test_the_registry_loads_the_active_revision_after_a_restart(db: str) -> None:
    card = await _card("A")
    await _revision(card, 1, [("44", "0.01")], RevisionStatus.ARCHIVED)
    active = await _revision(card, 2, [("44", "0.02")], RevisionStatus.ACTIVE)
    await _revision(card, 3, [("44", "0.03")], RevisionStatus.PENDING)
    registry().put(PrefixIndex.build(card.id, 999, [("1", "x", "9", "0", 1, 1, False, None)]))

    registry().forget()  # what a restart leaves
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == active
    row = index.longest("4412")
    assert row is not None and row.rate == Decimal("0.02")


async def test_a_card_without_an_active_revision_has_no_index(db: str) -> None:
    card = await _card("A")
    await _revision(card, 1, [("44", "0.01")], RevisionStatus.PENDING)
    assert await registry().index(card.id) is None


async def test_refresh_takes_in_what_another_process_activated(db: str) -> None:
    """Another node activates a revision (only the database changes here): a refresh loads
    it; a card whose active revision went away has no index; untouched cards stay as they
    were (the same index object)."""
    changed, emptied, steady = await _card("A"), await _card("B"), await _card("C")
    await _revision(changed, 1, [("44", "0.01")], RevisionStatus.ACTIVE)
    await _revision(emptied, 1, [("44", "0.01")], RevisionStatus.ACTIVE)
    await _revision(steady, 1, [("44", "0.01")], RevisionStatus.ACTIVE)
    held = {card.id: await registry().index(card.id) for card in (changed, emptied, steady)}
    assert await registry().refresh() == []

    new_id = await _revision(changed, 2, [("44", "0.05")], RevisionStatus.PENDING)
    await RateRevision.filter(card_id=changed.id, number=1).update(status=RevisionStatus.ARCHIVED)
    await RateRevision.filter(id=new_id).update(status=RevisionStatus.ACTIVE)
    await RateRevision.filter(card_id=emptied.id).update(status=RevisionStatus.ARCHIVED)

    assert sorted(await registry().refresh()) == sorted([changed.id, emptied.id])
    now = await registry().index(changed.id)
    assert now is not None and now.revision_id == new_id
    assert (row := now.longest("4420")) is not None and row.rate == Decimal("0.05")
    assert await registry().index(emptied.id) is None
    assert await registry().index(steady.id) is held[steady.id]

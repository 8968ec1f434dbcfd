"""The quick pattern of rate imports: it takes only lines the full checks accept as they
stand and gives the same rows; every other line gets the full checks, with their message
and line number. Then the same through ``import_rates`` on both databases, in small
batches: the rows written, the index built from them, nothing written on an error."""

from __future__ import annotations

import csv
import io
import json
import random
from decimal import Decimal
from typing import Any

import pytest

from runtime.auth.principal import SYSTEM
from telephony.rating import import_formats
from telephony.rating.import_checks import Checker
from telephony.rating.import_formats import Batch, CsvFormat, Source
from telephony.rating.imports import import_rates
from telephony.rating.index import load, registry
from telephony.rating.models import Rate, RateRevision, RevisionStatus
from tests.rating.support import provider_card

DEFAULT = {"prefix": 0, "name": 1, "rate": 2, "connection_fee": 3, "billing": 4}
HEADER = "prefix,name,rate,connection_fee,billing\n"


def full(line: str, positions: dict[str, int] = DEFAULT) -> Any:
    """The full checks' row for one line, or their messages."""
    cells = next(csv.reader([line]))
    checker = Checker(Source(positions, {}, iter(())), 100, keep=False)
    rows = checker._check([(2, cells)])
    return rows[0] if rows else [e["message"] for e in checker.report.errors]


def quick(line: str, positions: dict[str, int] = DEFAULT, width: int = 5) -> Any:
    """The quick pattern's row for one line, as the full checks write it; None when it
    leaves the line to them."""
    pattern = import_formats._Quick.of(positions, width)
    assert pattern is not None
    matched = pattern.line.fullmatch(line)
    if matched is None:
        return None
    row = (pattern.shape or list)([matched.groups()])[0]
    return (*row[:4], int(row[4]), int(row[5]), "active", None, None)


def row(prefix: str, name: str, rate: str, fee: str = "0", mcd: int = 1, pulse: int = 1) -> Any:
    return (prefix, name, rate, fee, mcd, pulse, "active", None, None)


def checked(text: str, size: int = 20_000) -> list[Any]:
    """The rows the checks pass, all written as the full checks write them."""
    checker = Checker(CsvFormat().open(text, None, 1, size), 100, keep=False)
    rows = []
    for batch in checker.batches():
        rows += batch.rows
        rows += [row(*r[:4], int(r[4]), int(r[5])) for r in batch.quick or []]
    assert not checker.report.errors, checker.report.errors
    return rows


@pytest.mark.parametrize(
    ("line", "taken", "expected"),
    [
        ("44,UK,0.01,0,60/60", True, row("44", "UK", "0.01", "0", 60, 60)),
        ("+44,UK,0.0100,0.001,30/6", True, row("44", "UK", "0.0100", "0.001", 30, 6)),
        ("44,,0,0,0/1", True, row("44", "", "0", mcd=0)),
        (
            "44,UK,9999999999.99999999,0,3600/3600",
            True,
            row("44", "UK", "9999999999.99999999", mcd=3600, pulse=3600),
        ),
        ("44,São Tomé,0.01,0,1/1", True, row("44", "São Tomé", "0.01")),
        ("44," + "N" * 100 + ",0.01,0,1/1", True, row("44", "N" * 100, "0.01")),
        ("44,UK,0.01,0,1/1\r\n", True, row("44", "UK", "0.01")),
        ("44,UK,0.01,0,1/1,a note", True, row("44", "UK", "0.01")),
        # Amounts any Decimal reads, written back plainly.
        ("44,UK,1e-3,0,1/1", False, row("44", "UK", "0.001")),
        ("44,UK,1E-05,0,1/1", False, row("44", "UK", "0.00001")),
        ("44,UK,1E+2,0,1/1", False, row("44", "UK", "100")),
        ("44,UK,.5,0,1/1", False, row("44", "UK", "0.5")),
        ("44,UK,5.,0,1/1", False, row("44", "UK", "5")),
        ("44,UK,007.50,0,1/1", False, row("44", "UK", "7.50")),
        ("44,UK,+1,0,1/1", False, row("44", "UK", "1")),
        ("44,UK,-0,0,1/1", False, row("44", "UK", "0")),
        ("44,UK,0.01,,1/1", False, row("44", "UK", "0.01")),
        ("44,UK,-0.01,0,1/1", False, ["cannot be negative: -0.01"]),
        ("44,UK,1e-9,0,1/1", False, ["at most 10 digits before and 8 after the point: 1e-9"]),
        (
            "44,UK,0.123456789,0,1/1",
            False,
            ["at most 10 digits before and 8 after the point: 0.123456789"],
        ),
        (
            "44,UK,10000000000,0,1/1",
            False,
            ["at most 10 digits before and 8 after the point: 10000000000"],
        ),
        ("44,UK,NaN,0,1/1", False, ["not a number: 'NaN'"]),
        ("44,UK,,0,1/1", False, ["required"]),
        # Cells with space around them, quotes, escapes: stripped or kept as the full checks do.
        (" 44 , UK ,0.01 ,0, 30/6", False, row("44", "UK", "0.01", mcd=30, pulse=6)),
        ("44,UK\xa0,0.01,0,1/1", False, row("44", "UK", "0.01")),
        ('44,"UK, London",0.01,0,1/1', False, row("44", "UK, London", "0.01")),
        ("44,U\\K,0.01,0,1/1", False, row("44", "U\\K", "0.01")),
        ("44,U\tK,0.01,0,1/1", False, row("44", "U\tK", "0.01")),
        # Prefixes and increments.
        ("4x,UK,0.01,0,1/1", False, ["digits only: '4x'"]),
        ("١٢,UK,0.01,0,1/1", False, ["digits only: '١٢'"]),
        (",UK,0.01,0,1/1", False, ["empty"]),
        ("1" * 21 + ",UK,0.01,0,1/1", False, ["at most 20 digits"]),
        ("44," + "N" * 101 + ",0.01,0,1/1", False, ["at most 100 characters"]),
        ("44,UK,0.01,0,030/6", False, row("44", "UK", "0.01", mcd=30, pulse=6)),
        ("44,UK,0.01,0,30 / 6", False, row("44", "UK", "0.01", mcd=30, pulse=6)),
        ("44,UK,0.01,0,", False, row("44", "UK", "0.01")),
        ("44,UK,0.01", False, row("44", "UK", "0.01")),
        ("44,UK,0.01,0,3601/1", False, ["MCD/Pulse with MCD >= 0 and pulse >= 1: '3601/1'"]),
        ("44,UK,0.01,0,30/0", False, ["MCD/Pulse with MCD >= 0 and pulse >= 1: '30/0'"]),
    ],
)
def test_quick_pattern_agrees_with_the_full_checks(line: str, taken: bool, expected: Any) -> None:
    assert full(line) == expected
    assert quick(line) == (expected if taken else None)


def test_random_lines_the_quick_pattern_takes_are_rows_as_the_full_checks_give_them() -> None:
    rng = random.Random(8)
    cells = [  # (usual values, others) per column
        (["44", "+44", "0044", "4" * 20], ["4x", "", " 44", "4" * 21, "+", "++44", "٤٤"]),
        (["UK", "", "N" * 100, "é"], [" UK", "UK ", 'U"K', "U,K", "N" * 101, "U\\K", "\t", "\x85"]),
        (["0", "0.01", "0.0100", "9999999999.99999999"], ["1e-3", ".5", "5.", "007", "-1", "00"]),
        (["0", "0.5"], ["0.123456789", "1_0", "10000000000", "0.", " 1", "inf", ""]),
        (["1/1", "0/1", "30/6", "3600/3600", "1/3600"], ["3601/1", "1/0", "030/6", "30 / 6", ""]),
    ]
    taken = 0
    for _ in range(3000):
        line = ",".join(
            rng.choice(usual if rng.random() < 0.8 else other) for usual, other in cells
        )
        line += rng.choice(["", "\n", "\r\n", ",extra", ',"quoted"', "\r"])
        got = quick(line)
        if got is not None:
            taken += 1
            assert got == full(line), line
    assert taken > 500  # the table above covers the lines it leaves


@pytest.mark.parametrize(
    ("header", "line", "expected"),
    [
        ("code,price", "44,0.01", row("44", "", "0.01")),
        ("rate,prefix,name", "0.01,44,UK", row("44", "UK", "0.01")),
        (
            "billing,connection_fee,rate,name,prefix",
            "30/6,0.1,0.01,UK,44",
            row("44", "UK", "0.01", "0.1", 30, 6),
        ),
        ("prefix,notes,rate", "44,anything here,0.01", row("44", "", "0.01")),
        ("name,prefix,rate", ",44,0.01", row("44", "", "0.01")),  # the full checks take it
    ],
)
def test_other_layouts(header: str, line: str, expected: Any) -> None:
    assert checked(f"{header}\n{line}\n") == [expected]


def test_status_and_inter_columns_go_through_the_full_checks() -> None:
    positions = {"prefix": 0, "rate": 1, "status": 2}
    assert import_formats._Quick.of(positions, 3) is None
    assert import_formats._Quick.of({"prefix": 0, "rate": 1, "inter": 2, "intra": 3}, 4) is None


def batches_of(text: str, size: int) -> list[Batch]:
    return list(CsvFormat().open(text, None, 1, size).batches)


def test_a_batch_of_usual_lines_is_taken_whole() -> None:
    text = HEADER + "".join(f"{44 + n},UK,0.01,0,30/6\n" for n in range(5))
    first, second = batches_of(text, 3)
    assert (first.first, first.records) == (2, [])
    assert first.quick == [(str(44 + n), "UK", "0.01", "0", "30", "6") for n in range(3)]
    assert second.first == 5
    assert second.quick == [(str(47 + n), "UK", "0.01", "0", "30", "6") for n in range(2)]
    assert checked(text, 3) == [row(str(44 + n), "UK", "0.01", mcd=30, pulse=6) for n in range(5)]


def test_a_batch_with_an_unusual_line_is_read_line_by_line() -> None:
    text = HEADER + "44,UK,0.01,0,1/1\n33, France ,0.02,0,1/1\n\n34,Spain,0.03,0,1/1\n"
    (batch,) = batches_of(text, 10)
    assert batch.quick is None
    assert batch.records == [
        (2, ("44", "UK", "0.01", "0", "1", "1")),
        (3, ["33", " France ", "0.02", "0", "1/1"]),
        (4, []),
        (5, ("34", "Spain", "0.03", "0", "1", "1")),
    ]


def test_a_quoted_field_runs_on_past_the_batch() -> None:
    text = HEADER + '44,UK,0.01,0,1/1\n33,"France\nParis",0.02,0,1/1\n34,Spain,0.03,0,1/1\n'
    first, second = batches_of(text, 2)
    # The record of lines 3-4 is numbered by its last line, as csv.reader counts.
    assert first.records == [
        (2, ("44", "UK", "0.01", "0", "1", "1")),
        (4, ["33", "France\nParis", "0.02", "0", "1/1"]),
    ]
    assert (second.first, second.quick) == (5, [("34", "Spain", "0.03", "0", "1", "1")])


def test_lines_are_read_a_batch_at_a_time() -> None:
    class Counted(io.StringIO):
        lines = 0

        def __next__(self) -> str:
            Counted.lines += 1
            return super().__next__()

    text = HEADER + "".join(f"{100 + n},N,0.01,0,1/1\n" for n in range(1000))
    source = CsvFormat().open(Counted(text), None, 1, 10)
    next(source.batches)
    assert Counted.lines <= 1 + 10 + 1


def test_a_duplicate_in_a_quick_batch_is_named_by_its_line() -> None:
    text = HEADER + "44,UK,0.01,0,1/1\n33,F,0.01,0,1/1\n34,E,0.01,0,1/1\n44,UK,0.02,0,1/1\n"
    source = CsvFormat().open(text, None, 1, 2)
    checker = Checker(source, 100, keep=True)
    assert sum(len(c) for c in checker.batches()) == 2  # none after the error
    assert checker.report.errors == [
        {"line": 5, "column": "prefix", "message": "duplicate prefix 44"}
    ]
    assert checker.report.rows_read == 4


# -- through import_rates, on both databases ---------------------------------------------


MIXED = HEADER + (
    "44,UK,0.0100,0,60/60\n"
    "4420,UK London,0.008,0.001,30/6\n"
    "+447, UK Mobile ,.025,,1/1\n"  # full checks
    "33,France,1e-3,0,60/6\n"  # full checks
    '331,"Paris, Île-de-France",0.012,0,60/6\n'  # full checks
    "\n"
    "34,Spain,0.02,0,0/6\n"
    "349,Spain \\ Canary,0.03,0.5,1/1\n"  # full checks
)
STORED = {
    "44": ("UK", Decimal("0.01"), Decimal(0), 60, 60),
    "4420": ("UK London", Decimal("0.008"), Decimal("0.001"), 30, 6),
    "447": ("UK Mobile", Decimal("0.025"), Decimal(0), 1, 1),
    "33": ("France", Decimal("0.001"), Decimal(0), 60, 6),
    "331": ("Paris, Île-de-France", Decimal("0.012"), Decimal(0), 60, 6),
    "34": ("Spain", Decimal("0.02"), Decimal(0), 0, 6),
    "349": ("Spain \\ Canary", Decimal("0.03"), Decimal("0.5"), 1, 1),
}


@pytest.mark.parametrize("batch_size", [2, 20_000])
async def test_quick_and_full_lines_are_written_and_indexed_alike(db: str, batch_size: int) -> None:
    card = await provider_card()
    seen: list[int] = []
    result = await import_rates(SYSTEM, card, MIXED, batch_size=batch_size, progress=seen.append)
    assert result.ok, result.report.errors
    assert result.report.rows_read == result.report.rows_imported == 7
    assert seen[-1] == 7 and len(seen) == (5 if batch_size == 2 else 2)
    assert result.revision is not None and result.revision.row_count == 7
    stored = {
        r.prefix: (r.name, r.rate, r.connection_fee, r.mcd, r.pulse)
        for r in await Rate.filter(revision_id=result.revision.id)
    }
    assert stored == STORED
    # The index built from the rows read is the one a restart loads from the database.
    built = await registry().index(card.id)
    loaded = await load(card.id, result.revision.id)
    assert built is not None and built.revision_id == result.revision.id
    for prefix in STORED:
        assert built.longest(prefix + "123") == loaded.longest(prefix + "123")
    assert built.longest("4471234").name == "UK Mobile"  # type: ignore[union-attr]


async def test_an_error_in_a_later_batch_writes_nothing(db: str) -> None:
    card = await provider_card()
    first = await import_rates(SYSTEM, card, HEADER + "44,UK,0.01,0,1/1\n")
    assert first.revision is not None
    lines = [f"{1000 + n},N,0.01,0,1/1\n" for n in range(9)]
    text = HEADER + "".join(lines) + "1003,again,0.02,0,1/1\n" + "1100,N,x,0,1/1\n"
    result = await import_rates(SYSTEM, card, text, batch_size=3)
    assert not result.ok and result.report.rows_imported == 0
    assert result.report.errors == [
        {"line": 11, "column": "prefix", "message": "duplicate prefix 1003"},
        {"line": 12, "column": "rate", "message": "not a number: 'x'"},
    ]
    assert await RateRevision.filter(card_id=card.id).count() == 1
    assert await Rate.all().count() == 1
    active = await RateRevision.get(card_id=card.id)
    assert active.id == first.revision.id and active.status == RevisionStatus.ACTIVE
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == first.revision.id


async def test_blocked_rows_and_status_column(db: str) -> None:
    card = await provider_card()
    text = "prefix,name,rate,status\n44,UK,0.01,active\n447,UK Mobile,0.05,BLOCKED\n"
    result = await import_rates(SYSTEM, card, text)
    assert result.ok, result.report.errors
    index = await registry().index(card.id)
    assert index is not None
    assert index.longest("4471").blocked and not index.longest("441").blocked  # type: ignore[union-attr]


async def test_open_rate_card_entries_in_small_batches(db: str) -> None:
    card = await provider_card()
    rates = [[str(440 + n), f"N{n}", 0.01, 0] for n in range(5)] + [["440", "again", 0.02, 0]]
    document = {
        "cards": {
            "default": {
                "fields": [
                    {"name": "prefix"},
                    {"name": "name"},
                    {"name": "rate"},
                    {"name": "connection_fee"},
                ],
                "rates": rates,
            }
        }
    }
    options: dict[str, Any] = {"format": "open-rate-card", "batch_size": 2}
    bad = await import_rates(SYSTEM, card, json.dumps(document), **options)
    assert [(e["line"], e["message"]) for e in bad.report.errors] == [(6, "duplicate prefix 440")]
    rates.pop()
    good = await import_rates(SYSTEM, card, json.dumps(document), **options)
    assert good.ok and good.report.rows_imported == 5

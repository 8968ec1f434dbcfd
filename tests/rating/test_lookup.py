"""The test rate lookup: normalised numbers, the revision active at a time, prices, and the
``rates lookup`` / ``rates build`` commands run as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from runtime.errors import BadRequest, NotFound
from telephony.rating.lookup import lookup, normalise
from telephony.rating.models import CardKind, RateCard, RevisionStatus, Rounding
from tests.rating.test_build import NOW, add_revision, customer, provider, row


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("+44 20 7123 4567", "442071234567"),
        ("0044-20-7123-4567", "442071234567"),
        ("(0033) 1.23", "33123"),
        ("15550100", "15550100"),
    ],
)
def test_numbers_are_normalised_to_e164_digits(raw: str, digits: str) -> None:
    assert normalise(raw) == digits


@pytest.mark.parametrize("raw", ["", "+", "44abc", "٤٤"])
def test_what_is_not_a_number_is_refused(raw: str) -> None:
    with pytest.raises(BadRequest, match="not a phone number"):
        normalise(raw)


@pytest.mark.parametrize(
    ("billing", "seconds", "billed", "cost"),
    [
        ("30/6", 37, 42, "0.0105"),  # spec 2.5: 42/60 x 0.015
        ("30/6", 30, 30, "0.0075"),  # exactly the MCD
        ("30/6", 31, 36, "0.0090"),  # MCD + 1
        ("30/6", 0, 0, "0.0000"),  # not a connected call
        ("0/6", 7, 12, "0.0030"),
        ("60/60", 60.2, 120, "0.0300"),  # duration rounded up first
    ],
)
async def test_a_lookup_prices_a_call(
    db: str, billing: str, seconds: float, billed: int, cost: str
) -> None:
    card = await provider("A", [row("44", "0.015", billing=billing)])
    result = await lookup(card, "+44 20 7123 4567", seconds=seconds)
    assert (result.billed_seconds, result.cost) == (billed, Decimal(cost))


async def test_the_connection_fee_and_the_card_rounding_apply(db: str) -> None:
    card = await provider("A", [row("44", "0.005", fee="0.01")])
    await RateCard.filter(id=card.id).update(rounding=Rounding.DOWN)
    card = await RateCard.get(id=card.id)
    result = await lookup(card, "44", seconds=9)
    assert result.cost == Decimal("0.0107")  # 9/60 x 0.005 + 0.01 = 0.01075, down


async def test_the_longest_row_and_blocked_rows(db: str) -> None:
    card = await provider(
        "A", [row("44", "0.01"), row("4420", "0.008", name="London"), row("447", "1", blocked=True)]
    )
    london = await lookup(card, "442071234567")
    assert london.row is not None and (london.row.prefix, london.row.name) == ("4420", "London")
    mobile = await lookup(card, "447911123456")
    assert mobile.row is not None and mobile.row.blocked
    assert (await lookup(card, "33123")).row is None


async def test_a_lookup_at_a_past_time_uses_the_revision_active_then(db: str) -> None:
    card = await RateCard.create(uuid=uuid.uuid4(), name="A", kind=CardKind.PROVIDER)
    jan, feb = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    first = await add_revision(card, [row("44", "0.01")], activated_at=jan)
    await add_revision(  # superseded while pending: archived, never active
        card,
        [row("44", "0.09")],
        status=RevisionStatus.ARCHIVED,
        activated_at=None,
        date_live=jan + timedelta(days=10),
    )
    second = await add_revision(card, [row("44", "0.02")], activated_at=feb)
    future = NOW + timedelta(days=3650)
    scheduled = await add_revision(
        card, [row("44", "0.03")], status=RevisionStatus.PENDING, date_live=future
    )

    for at, revision, rate in (
        (None, second.id, "0.02"),
        (jan + timedelta(days=14), first.id, "0.01"),
        (feb, second.id, "0.02"),
        (future + timedelta(days=1), scheduled.id, "0.03"),  # scheduled: shown ahead of time
    ):
        result = await lookup(card, "4412", at=at)
        assert result.row is not None
        assert (result.revision_id, result.row.rate) == (revision, Decimal(rate))
    with pytest.raises(NotFound, match="had no active revision"):
        await lookup(card, "4412", at=jan - timedelta(seconds=1))


async def test_a_card_without_an_active_revision(db: str) -> None:
    card = await RateCard.create(uuid=uuid.uuid4(), name="A", kind=CardKind.PROVIDER)
    with pytest.raises(NotFound, match="no active revision"):
        await lookup(card, "44")


# The commands, as the lead wires them into ``trunkline rates``: run standalone here.
def rates(command: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        f"from telephony.rating.build_cli import {command}_command as c; "
        f"c(prog_name='trunkline rates {command}')"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


@pytest.fixture
def env(db: str, db_url: str, tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    return {**clean, "TRUNKLINE_DATABASE_URL": db_url, "TRUNKLINE_DATA_DIR": str(tmp_path / "d")}


async def test_rates_lookup_end_to_end(env: dict[str, str]) -> None:
    card = await provider("Carrier A", [row("44", "0.015", billing="30/6", name="UK")])

    shown = rates("lookup", "Carrier A", "+44 20 7123 4567", "--seconds", "37", env=env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[2:] == [
        "prefix     44",
        "name       UK",
        "rate       0.015 USD/min",
        "fee        0 USD",
        "MCD/Pulse  30/6",
        "status     active",
        "seconds    37 (billed 42)",
        "cost       0.0105 USD",
    ]

    as_json = rates("lookup", str(card.id), "442071234567", "--json", env=env)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["number"] == "442071234567"
    assert {k: data["row"][k] for k in ("prefix", "name", "billing", "status")} == {
        "prefix": "44",
        "name": "UK",
        "billing": "30/6",
        "status": "active",
    }
    assert (data["row"]["rate"], data["row"]["connection_fee"], data["cost"]) == (
        "0.015",
        "0",
        None,
    )

    missing = rates("lookup", "Carrier A", "33123", env=env)
    assert (missing.returncode, missing.stderr.strip()) == (
        1,
        "trunkline: error: no row of Carrier A matches 33123",
    )
    unknown = rates("lookup", "Nobody", "44", env=env)
    assert (unknown.returncode, unknown.stderr.strip()) == (
        1,
        "trunkline: error: No rate card 'Nobody'",
    )
    await RateCard.create(uuid=uuid.uuid4(), name="Empty", kind=CardKind.PROVIDER)
    empty = rates("lookup", "Empty", "44", env=env)
    assert (empty.returncode, empty.stderr.strip()) == (
        1,
        "trunkline: error: rate card Empty has no active revision",
    )


async def test_rates_build_end_to_end(env: dict[str, str]) -> None:
    a = await provider("A", [row("441", "0.01")])
    b = await provider("B", [row("44", "0.05"), row("441481", "0.02")])
    await customer("Retail", [])

    built = rates(
        "build",
        "Retail",
        "--from",
        "A",
        "--from",
        str(b.id),
        "--profit",
        "10%",
        "--compact",
        "max",
        "--json",
        env=env,
    )
    assert built.returncode == 0, built.stderr
    report = json.loads(built.stdout)
    assert {k: report[k] for k in ("number", "status", "prefixes", "blocked", "skipped")} == {
        "number": 1,
        "status": "active",
        "prefixes": 3,
        "blocked": 0,
        "skipped": [],
    }
    assert set(report["built_from"]) == {str(a.id), str(b.id)}

    shown = rates("lookup", "Retail", "441481123456", "--json", env=env)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["row"]["rate"] == "0.022"  # max(0.01, 0.02) + 10 %
    assert [(c["card"], c["prefix"]) for c in data["row"]["candidates"]] == [
        (a.id, "441"),
        (b.id, "441481"),
    ]

    again = rates("build", "Retail", "--profit", "=0.5", env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("built revision 2 (active): 3 prefixes, 0 blocked, from 2 ")

    refused = rates("build", "A", env=env)
    assert (refused.returncode, refused.stderr.strip()) == (
        1,
        "trunkline: error: A is a provider card; only customer cards are built",
    )
    bad = rates("build", "Retail", "--profit", "10", env=env)
    assert bad.returncode == 1 and "write 10% (percent)" in bad.stderr

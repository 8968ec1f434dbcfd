"""CSV and open-rate-card imports into revisions; CSV export."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from runtime.auth.principal import SYSTEM
from runtime.errors import ValidationFailed
from telephony.rating.imports import export_csv, import_rates
from telephony.rating.index import registry
from telephony.rating.models import Rate, RateRevision, RevisionStatus
from telephony.rating.services import revisions
from tests.rating.support import FIXTURES, provider_card

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


async def test_good_file_becomes_the_active_revision(db: str) -> None:
    card = await provider_card()
    seen: list[int] = []
    result = await import_rates(
        SYSTEM, card, (FIXTURES / "good.csv").read_bytes(), now=NOW, progress=seen.append
    )
    assert result.ok, result.report.errors
    assert result.report.rows_imported == 4
    assert seen[-1] == 4
    revision = result.revision
    assert revision is not None and revision.status == RevisionStatus.ACTIVE
    assert revision.number == 1 and revision.row_count == 4
    rows = {r.prefix: r for r in await Rate.filter(revision_id=revision.id)}
    assert sorted(rows) == ["33", "44", "4420", "447"]
    london = rows["4420"]
    assert (london.name, london.rate, london.connection_fee) == (
        "UK London",
        Decimal("0.008"),
        Decimal("0.001"),
    )
    assert (london.mcd, london.pulse) == (30, 6)
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == revision.id
    assert index.longest("442071234567").prefix == "4420"  # type: ignore[union-attr]
    assert index.longest("447700900123").name == "UK Mobile"  # type: ignore[union-attr]
    assert index.longest("441611234567").prefix == "44"  # type: ignore[union-attr]
    assert index.longest("4912345") is None


async def test_bad_rows_are_reported_and_nothing_is_written(db: str) -> None:
    card = await provider_card()
    good = await import_rates(SYSTEM, card, (FIXTURES / "good.csv").read_bytes(), now=NOW)
    assert good.revision is not None
    result = await import_rates(SYSTEM, card, (FIXTURES / "bad.csv").read_bytes(), now=NOW)
    assert not result.ok
    got = [(e["line"], e["column"]) for e in result.report.errors]
    assert got == [
        (4, "prefix"),  # +44x
        (5, "rate"),  # negative
        (6, "billing"),  # 30/0
        (7, "prefix"),  # duplicate 44
        (8, "prefix"),  # empty
        (9, "rate"),  # abc
    ]
    messages = {e["line"]: e["message"] for e in result.report.errors}
    assert "duplicate prefix 44" in messages[7]
    assert "negative" in messages[5]
    assert result.report.errors_total == 6 and result.report.rows_imported == 0
    assert await RateRevision.filter(card_id=card.id).count() == 1
    assert await Rate.all().count() == 4
    active = await RateRevision.get(card_id=card.id)
    assert active.id == good.revision.id and active.status == RevisionStatus.ACTIVE
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == good.revision.id
    registry().forget()  # as after a restart
    reloaded = await registry().index(card.id)
    assert reloaded is not None and reloaded.longest("4420123").prefix == "4420"  # type: ignore[union-attr]


async def test_too_many_errors_stop_reading(db: str) -> None:
    card = await provider_card()
    text = "prefix,name,rate\n" + "".join(f"x{i},N,1\n" for i in range(500))
    result = await import_rates(SYSTEM, card, text, max_errors=100)
    assert result.report.stopped and result.report.errors_total == 100
    assert result.report.rows_read == 100


async def test_future_date_live_stays_pending_until_due(db: str) -> None:
    card = await provider_card()
    first = await import_rates(SYSTEM, card, (FIXTURES / "good.csv").read_bytes(), now=NOW)
    later = NOW + timedelta(days=1)
    text = "prefix,name,rate,connection_fee,billing\n44,UK,0.02,0,1/1\n"
    second = await import_rates(SYSTEM, card, text, date_live=later, now=NOW)
    assert second.revision is not None and second.revision.status == RevisionStatus.PENDING
    index = await registry().index(card.id)
    assert index is not None and index.revision_id == first.revision.id  # type: ignore[union-attr]
    assert await revisions.activate_due(NOW + timedelta(hours=1)) == []
    done = await revisions.activate_due(later)
    assert [r.id for r in done] == [second.revision.id]
    statuses = dict(await RateRevision.filter(card_id=card.id).values_list("number", "status"))
    assert statuses == {1: RevisionStatus.ARCHIVED, 2: RevisionStatus.ACTIVE}
    index = await registry().index(card.id)
    assert index is not None and index.longest("4420").rate == Decimal("0.02")  # type: ignore[union-attr]


async def test_latest_due_revision_wins(db: str) -> None:
    card = await provider_card()
    text = "prefix,rate\n44,{}\n"
    made = []
    for days, rate in ((1, "0.01"), (2, "0.02"), (5, "0.05")):
        result = await import_rates(
            SYSTEM, card, text.format(rate), date_live=NOW + timedelta(days=days), now=NOW
        )
        made.append(result.revision)
    done = await revisions.activate_due(NOW + timedelta(days=3))
    assert [r.number for r in done] == [2]
    statuses = dict(await RateRevision.filter(card_id=card.id).values_list("number", "status"))
    assert statuses == {
        1: RevisionStatus.ARCHIVED,
        2: RevisionStatus.ACTIVE,
        3: RevisionStatus.PENDING,
    }


async def test_mapping_start_row_and_extra_columns(db: str) -> None:
    card = await provider_card()
    text = (
        "Acme price list\n"
        "exported 2026-11-01\n"
        "Dest,Code,Cost,Initial,Increment,State,Inter,Intra\n"
        "USA,1,0.005,6,6,active,0.004,0.006\n"
        "Premium,1900,1.5,60,60,blocked,,\n"
    )
    mapping = {
        "Code": "prefix",
        "Dest": "name",
        "Cost": "rate",
        "Initial": "mcd",
        "Increment": "pulse",
        "State": "status",
        "Inter": "inter",
        "Intra": "intra",
    }
    result = await import_rates(SYSTEM, card, text, mapping=mapping, start_row=3)
    assert result.ok, result.report.errors
    rows = {r.prefix: r for r in await Rate.all()}
    assert (rows["1"].mcd, rows["1"].pulse, rows["1"].inter) == (6, 6, Decimal("0.004"))
    assert rows["1900"].status == "blocked" and rows["1900"].inter is None
    bad = await import_rates(SYSTEM, card, text.replace("0.005", "x"), mapping=mapping, start_row=3)
    assert [(e["line"], e["column"]) for e in bad.report.errors] == [(4, "rate")]


async def test_mapping_by_column_number_has_no_header(db: str) -> None:
    card = await provider_card()
    result = await import_rates(
        SYSTEM,
        card,
        "44;UK;0.01\n33;FR;0.02\n".replace(";", ","),
        mapping={1: "prefix", "2": "name", 3: "rate"},
    )
    assert result.ok and result.report.rows_imported == 2


async def test_mapping_naming_a_missing_column(db: str) -> None:
    card = await provider_card()
    with pytest.raises(ValidationFailed, match="no column named"):
        await import_rates(SYSTEM, card, "a,b\n1,2\n", mapping={"Code": "prefix", "b": "rate"})


async def test_open_rate_card_document(db: str) -> None:
    card = await provider_card()
    document = {
        "name": "ABC",
        "schema_version": "1.0.0",
        "version": "1.0",
        "date": "2026-01-03",
        "cards": {
            "default": {
                "name": "Termination",
                "type": "termination",
                "currency": "USD",
                "endpoint": "default",
                "fields": [
                    {"name": "prefix"},
                    {"name": "name"},
                    {"name": "rate"},
                    {"name": "connection_fee"},
                    {"name": "initial_interval"},
                    {"name": "billing_interval"},
                    {"name": "effective_date"},
                ],
                "rate": {
                    "precision": 4,
                    "rounding": "up",
                    "default_pulse": 6,
                    "default_initial": 30,
                    "connection": 0,
                },
                "rates": [
                    ["441", "UK Landline", 0.012, 0, 60, 60, "2026-01-01"],
                    ["442", "UK Mobile", 0.025, None, None, None, None],
                ],
            }
        },
    }
    result = await import_rates(
        SYSTEM, card, json.dumps(document).encode(), format="open-rate-card"
    )
    assert result.ok, result.report.errors
    rows = {r.prefix: r for r in await Rate.all()}
    assert (rows["441"].mcd, rows["441"].pulse, rows["441"].rate) == (60, 60, Decimal("0.012"))
    assert (rows["442"].mcd, rows["442"].pulse) == (30, 6)
    document["cards"]["default"]["rates"][1][2] = -1  # type: ignore[index]
    bad = await import_rates(SYSTEM, card, json.dumps(document), format="open-rate-card")
    assert [(e["line"], e["column"]) for e in bad.report.errors] == [(2, "rate")]


async def test_export_imports_back_as_the_same_rows(db: str) -> None:
    card = await provider_card()
    text = "prefix,name,rate,connection_fee,billing,status\n44,UK,0.01,0,60/60,active\n"
    text += '4420,"London, City",0.008,0.001,30/6,blocked\n'
    first = await import_rates(SYSTEM, card, text)
    assert first.revision is not None
    exported = "".join([chunk async for chunk in export_csv(first.revision, page=1)])
    assert exported.splitlines() == [
        "prefix,name,rate,connection_fee,billing,status",
        "44,UK,0.01,0,60/60,active",
        '4420,"London, City",0.008,0.001,30/6,blocked',
    ]
    again = await import_rates(SYSTEM, card, exported)
    assert again.revision is not None
    exported_again = "".join([c async for c in export_csv(again.revision)])
    assert exported_again == exported

"""``trunkline carrier|rates|customer ...`` run as real processes, on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from telephony.rating.models import (
    Carrier,
    ExchangeRate,
    RateCard,
    RateRevision,
    RevisionStatus,
)
from tests.rating.support import FIXTURES

TRUNKLINE = [sys.executable, "-m", "runtime"]


@pytest.fixture
def cli(db: str, db_url: str, tmp_path: Path) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    env.update(TRUNKLINE_DATABASE_URL=db_url, TRUNKLINE_DATA_DIR=str(tmp_path / "data"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*TRUNKLINE, *args], capture_output=True, text=True, timeout=120, env=env, check=False
        )

    return run


async def test_carrier_card_import_customer(cli: Any, tmp_path: Path) -> None:
    made = cli("carrier", "create", "Acme", "--currency", "EUR", "--json")
    assert made.returncode == 0, made.stderr
    carrier = json.loads(made.stdout)
    assert (carrier["name"], carrier["currency"]) == ("Acme", "EUR")
    assert (await Carrier.get(name="Acme")).currency == "EUR"
    card = cli(
        "rates",
        "card",
        "create",
        "Acme A-Z",
        "--carrier",
        str(carrier["id"]),
        "--precision",
        "5",
        "--rounding",
        "half_up",
        "--json",
    )
    assert card.returncode == 0, card.stderr
    assert json.loads(card.stdout) | {"created_at": None, "uuid": None} == json.loads(
        card.stdout
    ) | {"created_at": None, "uuid": None}
    shape = json.loads(card.stdout)
    assert (shape["precision"], shape["rounding"], shape["currency"]) == (5, "half_up", "EUR")
    imported = cli("rates", "import", "Acme A-Z", str(FIXTURES / "good.csv"), "--json")
    assert imported.returncode == 0, imported.stderr
    out = json.loads(imported.stdout)
    assert out["revision"]["status"] == "active" and out["report"]["rows_imported"] == 4
    assert "rows read" in imported.stderr
    bad = cli("rates", "import", str(shape["id"]), str(FIXTURES / "bad.csv"))
    assert bad.returncode == 1
    assert f"{FIXTURES / 'bad.csv'}:7:prefix: duplicate prefix 44" in bad.stdout
    assert "nothing imported" in bad.stderr
    later = cli(
        "rates",
        "import",
        "Acme A-Z",
        str(FIXTURES / "good.csv"),
        "--date-live",
        "2099-01-01T00:00Z",
        "--json",
    )
    assert json.loads(later.stdout)["revision"]["status"] == "pending"
    statuses = (
        await RateRevision.filter(card_id=shape["id"])
        .order_by("number")
        .values_list("status", flat=True)
    )
    assert statuses == [RevisionStatus.ACTIVE, RevisionStatus.PENDING]
    exported = cli("rates", "export", "Acme A-Z")
    assert exported.stdout.splitlines()[:2] == [
        "prefix,name,rate,connection_fee,billing",
        "33,France,0.012,0,60/6",
    ]
    retail = cli(
        "rates",
        "card",
        "create",
        "Retail",
        "--kind",
        "customer",
        "--parent",
        "Acme A-Z",
        "--currency",
        "USD",
        "--json",
    )
    assert retail.returncode == 0, retail.stderr
    assert json.loads(retail.stdout)["parents"][0]["name"] == "Acme A-Z"
    assert (await RateCard.get(name="Retail")).kind == "customer"
    customer = cli("customer", "create", "Globex", "--currency", "GBP", "--json")
    assert customer.returncode == 0, customer.stderr
    assert json.loads(customer.stdout)["currency"] == "GBP"
    missing = cli("rates", "import", "Nope", str(FIXTURES / "good.csv"))
    assert missing.returncode == 1 and "No rate card 'Nope'" in missing.stderr


FX_SHEET = """base,quote,rate,as_of
EUR,USD,1.08,2026-01-01T00:00:00Z
gbp,usd,1.27,2026-01-01T00:00:00+00:00

USD,JPY,151.5,
"""


async def test_the_cli_adds_imports_and_lists(cli: Any, tmp_path: Path) -> None:
    added = cli("rates", "fx", "add", "EUR", "USD", "1.10", "--as-of", "2026-01-01T00:00Z")
    assert added.returncode == 0, added.stderr
    assert "1 EUR = 1.1 USD from 2026-01-01T00:00:00+00:00 (manual)" in added.stdout
    sheet = tmp_path / "fx.csv"
    sheet.write_text(FX_SHEET)
    imported = cli("rates", "fx", "import", str(sheet), "--json")
    assert imported.returncode == 0, imported.stderr
    assert [r["rate"] for r in json.loads(imported.stdout)] == ["1.08", "1.27", "151.5"]
    listed = cli("rates", "fx", "list", "--json")
    assert len(json.loads(listed.stdout)) == 4
    sheet.write_text("base,quote,rate\nEUR,USD,abc\n")
    refused = cli("rates", "fx", "import", str(sheet))
    assert refused.returncode == 1
    assert "line 2: rate not a number: 'abc'" in refused.stderr
    assert await ExchangeRate.all().count() == 4


async def test_the_numbering_plan_cli(cli: Any, tmp_path: Path) -> None:
    sheet = tmp_path / "plan.csv"
    sheet.write_text("prefix,type,name\n44,FIXED,UK\n447,MOBILE,UK mobile\n")
    imported = cli("rates", "types", "import", str(sheet))
    assert imported.returncode == 0, imported.stderr
    assert "imported 2 range(s), 0 removed; the plan has 2" in imported.stdout
    found = cli("rates", "types", "lookup", "+44 7911 123456", "--json")
    assert json.loads(found.stdout) == {
        "number": "447911123456",
        "match": {"prefix": "447", "type": "MOBILE", "name": "UK mobile"},
    }
    assert "no destination type" in cli("rates", "types", "lookup", "33123").stdout
    sheet.write_text("prefix,type\n44,LANDLINE\n")
    refused = cli("rates", "types", "import", str(sheet))
    assert refused.returncode == 1 and "line 2: type 'LANDLINE'" in refused.stderr

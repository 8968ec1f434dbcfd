"""``trunkline route add`` and ``trunkline route explain``, run as a real process against both
databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from telephony.routing.models import Route
from tests.routing.support import customer, customer_card, offer, provider

TRUNKLINE = [sys.executable, "-m", "runtime"]


@pytest.fixture
def cli(db: str, db_url: str, tmp_path: Path) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    env.update(TRUNKLINE_DATABASE_URL=db_url, TRUNKLINE_DATA_DIR=str(tmp_path / "data"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*TRUNKLINE, "route", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )

    return run


async def _world() -> Any:
    cheap = await provider("cheap", (("44", "0.010"),))
    dear = await provider("dear", (("44", "0.020"),))
    loss = await provider("loss", (("44", "0.090"),))
    card = await customer_card(
        "Retail UK",
        [("44", "0.05", [offer(cheap, "0.010"), offer(dear, "0.020"), offer(loss, "0.090")])],
    )
    return await customer("Acme"), card


async def test_add_then_explain(cli: Any) -> None:
    owner, card = await _world()
    added = cli(
        "add", "--customer", "Acme", "--card", "Retail UK", "--tech-prefix", "12*",
        "--dial-string", "44", "--name", "uk", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    made = json.loads(added.stdout)
    assert (made["customer"], made["card"], made["tech_prefix"]) == (owner.id, card.id, "12*")
    assert await Route.filter(customer_id=owner.id).count() == 1

    by_id = cli("add", "--customer", str(owner.id), "--card", str(card.id), "--strategy", "tier")
    assert by_id.returncode == 0, by_id.stderr
    assert "tier" in by_id.stdout and "every number" in by_id.stdout

    explained = cli(
        "explain", "--customer", "Acme", "--to", "12*+44 20 7946 0000", "--cli", "15551234567",
        "--at", "2026-12-01T10:00Z",
    )  # fmt: skip
    assert explained.returncode == 0, explained.stderr
    out = explained.stdout
    assert "rule 'uk'" in out and "tech prefix '12*' stripped" in out
    assert "Retail UK 44" in out and "sells at 0.0500/min" in out
    assert "ROUTED number 442079460000, strategy lcr" in out
    lines = [line.split() for line in out.splitlines() if line.strip().startswith(("1 ", "2 "))]
    assert [(row[1], row[4], row[5], row[6]) for row in lines] == [
        ("cheap", "0.0100", "0.0500", "0.0400"),
        ("dear", "0.0200", "0.0500", "0.0300"),
    ]
    assert "loss: buys at 0.0900, above the sell rate 0.0500 (profit assurance)" in out

    as_json = cli("explain", "--customer", "Acme", "--to", "12*442079460000", "--json")
    shown = json.loads(as_json.stdout)
    assert shown["result"] == "routed"
    assert [c["buy_rate"] for c in shown["candidates"]] == ["0.0100", "0.0200"]
    assert [step["step"] for step in shown["trace"]] == [
        "account", "rule", "rate", "carriers", "strategy",
    ]  # fmt: skip


async def test_explain_prints_rejections_and_errors(cli: Any) -> None:
    await _world()
    assert (
        cli("add", "--customer", "Acme", "--card", "Retail UK", "--dial-string", "44").returncode
        == 0
    )
    rejected = cli("explain", "--customer", "Acme", "--to", "33123456")
    assert rejected.returncode == 0, rejected.stderr
    assert "REJECTED 580 No Route Available" in rejected.stdout
    unknown = cli("explain", "--customer", "Nobody", "--to", "4420")
    assert unknown.returncode == 1
    assert "No customer 'Nobody'" in unknown.stderr
    bad_card = cli("add", "--customer", "Acme", "--card", "cheap")  # a provider card
    assert bad_card.returncode == 1
    assert "No customer card 'cheap'" in bad_card.stderr
    bad_at = cli("explain", "--customer", "Acme", "--to", "4420", "--at", "soon")
    assert bad_at.returncode == 2 and "not an ISO date-time" in bad_at.stderr

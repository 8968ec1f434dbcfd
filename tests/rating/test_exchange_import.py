"""Exchange rates imported from CSV: checked line by line, all or nothing (the CLI's
``rates fx`` is in test_rating_cli)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from runtime.auth.principal import SYSTEM
from runtime.errors import ValidationFailed
from runtime.models import AuditEntry
from telephony.rating.models import ExchangeRate
from telephony.rating.services import exchange

GOOD = """base,quote,rate,as_of
EUR,USD,1.08,2026-01-01T00:00:00Z
gbp,usd,1.27,2026-01-01T00:00:00+00:00

USD,JPY,151.5,
"""


async def test_an_import_adds_every_rate_and_audits_once(db: str) -> None:
    rows = await exchange.import_rates(SYSTEM, GOOD)
    assert [(r.base, r.quote, Decimal(r.rate)) for r in rows] == [
        ("EUR", "USD", Decimal("1.08")),
        ("GBP", "USD", Decimal("1.27")),
        ("USD", "JPY", Decimal("151.5")),
    ]
    assert rows[0].as_of == datetime(2026, 1, 1, tzinfo=UTC)
    assert rows[2].as_of > datetime(2026, 1, 1, tzinfo=UTC)  # no as_of: from now
    assert await exchange.rate_at("EUR", "USD", datetime(2026, 2, 1, tzinfo=UTC)) == Decimal("1.08")
    audit = await AuditEntry.filter(action="exchange_rate.import").get()
    assert audit.object_repr == "3 rate(s): EUR/USD, GBP/USD, USD/JPY"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("base,quote\nEUR,USD\n", [("line 1", "missing column(s): rate")]),
        (
            "base,quote,rate,as_of\nEUR,USD,1.1,\nEURO,USD,1,\nEUR,EUR,1,\nEUR,USD,-1,\n"
            "EUR,USD,0,\nEUR,USD,x,\nEUR,USD,1,2026-01-01\nEUR,USD,1,yesterday\n",
            [
                ("line 3", "base must be a 3-letter ISO 4217 code, e.g. USD"),
                ("line 4", "quote must differ from the base currency"),
                ("line 5", "rate cannot be negative"),
                ("line 6", "rate must be more than 0"),
                ("line 7", "rate not a number: 'x'"),
                ("line 8", "as_of needs a time zone (e.g. Z)"),
                ("line 9", "as_of not an ISO date and time: 'yesterday'"),
            ],
        ),
        ("base,quote,rate\n\n", [("file", "no rates below the header")]),
    ],
)
async def test_bad_lines_are_reported_by_line_and_nothing_is_added(
    db: str, text: str, found: list[tuple[str, str]]
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        await exchange.import_rates(SYSTEM, text)
    assert [(d["path"], d["message"]) for d in raised.value.details] == found
    assert await ExchangeRate.all().count() == 0

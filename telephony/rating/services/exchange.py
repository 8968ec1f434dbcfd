"""Exchange rates: ``1 base = rate quote`` from ``as_of``; the newest row at a time applies.

Rates are entered one at a time (:func:`add_rate`) or imported from CSV
(:func:`import_rates`: ``base,quote,rate,as_of`` with a header line; every line is checked
and every problem reported with its line number, the header being line 1; all or nothing).

:func:`convert` turns carrier costs into a customer's currency (LCR ordering, margins,
profit assurance). A pair is found directly (``EUR->USD``) or through its inverse
(``USD->EUR``, ``1 / rate``), whichever was set most recently at that time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import NotFound, ValidationFailed
from runtime.services import audit
from telephony.rating.models import ExchangeRate
from telephony.rating.services import common

__all__ = ["add_rate", "convert", "import_rates", "rate_at", "snapshot"]

#: The import's columns, in the order a header names them (any order, case-insensitive).
COLUMNS = ("base", "quote", "rate", "as_of")
#: Lines an import may hold, and problems reported before it stops.
MAX_LINES = 10_000
MAX_ERRORS = 100


def snapshot(row: ExchangeRate) -> dict[str, Any]:
    return {
        "id": row.id,
        "base": row.base,
        "quote": row.quote,
        "rate": row.rate,
        "as_of": row.as_of,
        "source": row.source,
    }


async def add_rate(
    actor: Principal,
    base: str,
    quote: str,
    rate: Any,
    as_of: datetime | None = None,
    source: str = "manual",
) -> ExchangeRate:
    """Record ``1 base = rate quote`` from ``as_of`` (default: now)."""
    base, quote = common.currency("base", base), common.currency("quote", quote)
    if base == quote:
        raise ValidationFailed.field("quote", "must differ from the base currency")
    amount = common.money("rate", rate)
    if not amount:
        raise ValidationFailed.field("rate", "must be more than 0")
    when = as_of or datetime.now(UTC)
    if when.tzinfo is None:
        raise ValidationFailed.field("as_of", "needs a time zone (e.g. Z)")
    async with in_transaction() as conn:
        row = await ExchangeRate.create(
            base=base, quote=quote, rate=amount, as_of=when, source=source[:64], using_db=conn
        )
        await audit.record(
            actor,
            "exchange_rate.create",
            "exchange_rate",
            row.id,
            f"{base}/{quote}",
            after=snapshot(row),
            using_db=conn,
        )
    return row


async def rate_at(source: str, target: str, at: datetime | None = None) -> Decimal:
    """How many ``target`` one ``source`` buys at ``at`` (default now); NotFound if no
    rate for the pair (either way round) was set by then."""
    if source == target:
        return Decimal(1)
    when = at or datetime.now(UTC)
    direct = (
        await ExchangeRate.filter(base=source, quote=target, as_of__lte=when)
        .order_by("-as_of", "-id")
        .first()
    )
    inverse = (
        await ExchangeRate.filter(base=target, quote=source, as_of__lte=when)
        .order_by("-as_of", "-id")
        .first()
    )
    if direct is None and inverse is None:
        raise NotFound(f"No exchange rate from {source} to {target} at {when.isoformat()}")
    if inverse is None or (direct is not None and direct.as_of >= inverse.as_of):
        assert direct is not None
        return Decimal(direct.rate)
    return Decimal(1) / Decimal(inverse.rate)


async def convert(amount: Decimal, source: str, target: str, at: datetime | None = None) -> Decimal:
    """``amount`` of ``source`` in ``target`` at ``at`` (full precision, not rounded)."""
    return amount * await rate_at(source, target, at)


def _checked_line(fields: dict[str, str], now: datetime) -> tuple[str, str, Decimal, datetime]:
    """One CSV line's rate; raises ValidationFailed naming the column."""
    base = common.currency("base", fields["base"])
    quote = common.currency("quote", fields["quote"])
    if base == quote:
        raise ValidationFailed.field("quote", "must differ from the base currency")
    amount = common.money("rate", fields["rate"])
    if not amount:
        raise ValidationFailed.field("rate", "must be more than 0")
    text = fields["as_of"].strip()
    if not text:
        return base, quote, amount, now
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed.field("as_of", f"not an ISO date and time: {text!r}") from None
    if when.tzinfo is None:
        raise ValidationFailed.field("as_of", "needs a time zone (e.g. Z)")
    return base, quote, amount, when.astimezone(UTC)


def _parse(text: str, now: datetime) -> list[tuple[str, str, Decimal, datetime]]:
    found: list[tuple[str, str, Decimal, datetime]] = []
    problems = common.LineErrors(MAX_ERRORS)
    for number, fields in common.csv_lines(text, COLUMNS[:3], COLUMNS[3:]):
        if len(found) >= MAX_LINES:
            problems.add(number, f"more than {MAX_LINES} rates")
            break
        try:
            found.append(_checked_line(fields, now))
        except ValidationFailed as exc:
            if problems.add_refusal(number, exc):
                break
    problems.refuse()
    if not found:
        raise ValidationFailed.field("file", "no rates below the header")
    return found


async def import_rates(actor: Principal, text: str, source: str = "import") -> list[ExchangeRate]:
    """Add every rate of the CSV ``text`` (see the module text) in one transaction; a line
    without ``as_of`` takes effect now. Nothing is added when any line is wrong."""
    now = datetime.now(UTC)
    parsed = _parse(text, now)
    async with in_transaction() as conn:
        rows = [
            await ExchangeRate.create(
                base=base, quote=quote, rate=amount, as_of=when, source=source[:64], using_db=conn
            )
            for base, quote, amount, when in parsed
        ]
        pairs = sorted({f"{row.base}/{row.quote}" for row in rows})
        await audit.record(
            actor,
            "exchange_rate.import",
            "exchange_rate",
            rows[0].id,
            f"{len(rows)} rate(s): {', '.join(pairs)}"[:200],
            after={"count": len(rows), "pairs": pairs},
            using_db=conn,
        )
    return rows

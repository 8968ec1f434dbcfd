"""Exchange rates: ``1 base = rate quote`` from ``as_of``; the newest row at a time applies.

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

__all__ = ["add_rate", "convert", "rate_at", "snapshot"]


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

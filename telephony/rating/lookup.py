"""The test rate lookup: which row of a card prices a number, and what a call costs.

The number is normalised to E.164 digits (``+``, spaces, dashes, dots and brackets dropped;
a leading international ``00`` dropped), then matched longest-prefix against the revision
of the card that applies at ``at``:

- no ``at``: the active revision, from the process's prefix index registry;
- ``at`` given: the revision active then — among those that were ever active (active or
  archived, by ``activated_at``) the one that became active last at or before ``at``; a
  pending revision whose ``date_live`` is still to come counts from then, so a lookup ahead
  of time shows the scheduled card. A revision other than the active one
  is loaded from the database for that lookup only.

A blocked row is returned as found (``row.blocked``), not skipped: a blocked destination is
an answer.

>>> normalise("+44 (20) 7123-4567"), normalise("0033 1 23")
('442071234567', '33123')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from runtime.errors import BadRequest, NotFound
from telephony.rating.index import Entry, PrefixIndex, load, registry
from telephony.rating.models import RateCard, RateRevision, RevisionStatus
from telephony.rating.pricing import price

__all__ = ["LookupResult", "lookup", "money", "normalise", "revision_at"]

_SEPARATORS = re.compile(r"[\s\-.()/]")


def normalise(number: str) -> str:
    """E.164 digits of ``number``; raises :class:`BadRequest` when it is not one."""
    digits = _SEPARATORS.sub("", number.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    if not digits.isdigit() or not digits.isascii():
        raise BadRequest(f"{number!r} is not a phone number (E.164 digits expected)")
    return digits


def money(value: Decimal) -> str:
    """Plain decimal text without trailing zeros (``0.01``, ``0``, ``100``): the JSON shape.

    >>> money(Decimal("0.01000000")), money(Decimal("0E-8")), money(Decimal("1E+2"))
    ('0.01', '0', '100')
    """
    return format(value.normalize(), "f")


@dataclass(frozen=True, slots=True)
class LookupResult:
    card: RateCard
    #: The normalised number.
    number: str
    revision_id: int
    #: The longest-prefix row; None when no row matches.
    row: Entry | None
    seconds: float | None = None
    #: With ``seconds`` and a row: the billed seconds (MCD/Pulse) and the call's cost.
    billed_seconds: int | None = None
    cost: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        """The API's shape (money as decimal strings)."""
        row = self.row
        return {
            "card": {"id": self.card.id, "name": self.card.name, "currency": self.card.currency},
            "number": self.number,
            "revision": self.revision_id,
            "row": None
            if row is None
            else {
                "prefix": row.prefix,
                "name": row.name,
                "rate": money(row.rate),
                "connection_fee": money(row.connection_fee),
                "mcd": row.mcd,
                "pulse": row.pulse,
                "billing": f"{row.mcd}/{row.pulse}",
                "status": "blocked" if row.blocked else "active",
                "candidates": list(row.candidates),
            },
            "seconds": self.seconds,
            "billed_seconds": self.billed_seconds,
            "cost": None if self.cost is None else str(self.cost),
        }


def _started(revision: RateRevision, now: datetime) -> datetime | None:
    """When ``revision`` became (or is scheduled to become) active; None if never."""
    if revision.status == RevisionStatus.PENDING:
        # Only a schedule still to come counts; an overdue one has not been activated.
        live = revision.date_live
        return live if live is not None and live > now else None
    return revision.activated_at  # None: archived unseen (superseded while pending)


async def revision_at(card: RateCard, at: datetime) -> RateRevision | None:
    """The revision of ``card`` that applies at ``at`` (see the module text)."""
    now = datetime.now(UTC)
    found: list[tuple[datetime, int, RateRevision]] = []
    for revision in await RateRevision.filter(card_id=card.id):
        started = _started(revision, now)
        if started is not None and started <= at:
            found.append((started, revision.number, revision))
    return max(found, key=lambda f: (f[0], f[1]))[2] if found else None


async def _index(card: RateCard, at: datetime | None) -> PrefixIndex:
    current = await registry().index(card.id)
    if at is None:
        if current is None:
            raise NotFound(f"rate card {card.name} has no active revision")
        return current
    revision = await revision_at(card, at)
    if revision is None:
        raise NotFound(f"rate card {card.name} had no active revision at {at.isoformat()}")
    if current is not None and current.revision_id == revision.id:
        return current
    return await load(card.id, revision.id)


async def lookup(
    card: RateCard, number: str, *, at: datetime | None = None, seconds: float | None = None
) -> LookupResult:
    """The row of ``card`` that prices ``number`` (at ``at``; default now) and, with
    ``seconds``, the billed seconds and cost of a call that long
    (:func:`telephony.rating.pricing.price`)."""
    if seconds is not None and seconds < 0:
        raise BadRequest("seconds must not be negative")
    digits = normalise(number)
    index = await _index(card, at)
    row = index.longest(digits)
    billed = cost = None
    if row is not None and seconds is not None:
        priced = price(row, seconds, card)
        billed, cost = priced.billed, priced.cost
    return LookupResult(
        card,
        digits,
        index.revision_id,
        row,
        seconds=seconds,
        billed_seconds=billed,
        cost=cost,
    )

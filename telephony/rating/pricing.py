"""What a connected call costs: pure ``Decimal`` arithmetic, no I/O (spec §2.5).

1. The raw duration (seconds, with a fraction) is rounded to whole seconds with the card's
   ``duration_rounding``.
2. ``billed = MCD if d <= MCD else MCD + ceil((d - MCD) / Pulse) * Pulse``; ``d = 0`` is not
   a connected call: nothing billed, no connection fee.
3. ``cost = billed / 60 * rate + connection_fee``, rounded to the card's ``precision`` with
   its ``rounding`` method.

>>> from types import SimpleNamespace as T
>>> card = T(precision=4, rounding="up", duration_rounding="up")
>>> priced = price(T(rate=Decimal("0.015"), connection_fee=0, mcd=30, pulse=6), 37, card)
>>> priced.billed, priced.cost
(42, Decimal('0.0105'))
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Protocol

__all__ = ["Priced", "billed_seconds", "price", "round_to", "whole_seconds"]

#: Rounding method name (``Rounding`` values) -> ``decimal`` rounding. Up/down go toward
#: +/- infinity: costs and durations are never negative.
ROUNDINGS = {
    "up": ROUND_CEILING,
    "down": ROUND_FLOOR,
    "half_up": ROUND_HALF_UP,
    "half_down": ROUND_HALF_DOWN,
}
_SIXTY = Decimal(60)


class Terms(Protocol):
    """A rate row (``Rate``, an index ``Entry``...): per-minute rate, fee, increments
    (read only: a frozen row fits)."""

    @property
    def rate(self) -> Any: ...
    @property
    def connection_fee(self) -> Any: ...
    @property
    def mcd(self) -> int: ...
    @property
    def pulse(self) -> int: ...


class CardTerms(Protocol):
    precision: int
    rounding: Any
    duration_rounding: Any


@dataclass(frozen=True, slots=True)
class Priced:
    """A call's price: the whole seconds it lasted, the seconds billed, and the cost."""

    seconds: int
    billed: int
    rate: Decimal
    connection_fee: Decimal
    cost: Decimal


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def round_to(value: Decimal, places: int, method: Any) -> Decimal:
    """``value`` to ``places`` decimals.

    >>> [str(round_to(Decimal("0.12345"), 4, m)) for m in ROUNDINGS]
    ['0.1235', '0.1234', '0.1235', '0.1234']
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDINGS[str(method)])


def whole_seconds(seconds: Any, method: Any) -> int:
    """The raw duration as whole seconds (``60.5`` half-up -> 61, half-down -> 60)."""
    value = _decimal(seconds)
    if value < 0:
        raise ValueError(f"a duration cannot be negative: {seconds}")
    return int(round_to(value, 0, method))


def billed_seconds(seconds: int, mcd: int, pulse: int) -> int:
    """Seconds billed for ``seconds`` whole seconds under ``mcd/pulse`` (0 -> 0).

    >>> [billed_seconds(d, 60, 6) for d in (10, 60, 61, 67)]
    [60, 60, 66, 72]
    """
    if seconds <= 0:
        return 0
    if seconds <= mcd:
        return mcd
    return mcd + -(-(seconds - mcd) // pulse) * pulse


def price(terms: Terms, seconds: Any, card: CardTerms) -> Priced:
    """The price of a call of ``seconds`` (raw, with a fraction) on ``terms`` of ``card``."""
    rate, fee = _decimal(terms.rate), _decimal(terms.connection_fee)
    whole = whole_seconds(seconds, card.duration_rounding)
    billed = billed_seconds(whole, int(terms.mcd), int(terms.pulse))
    if billed == 0:
        return Priced(whole, 0, rate, fee, round_to(Decimal(0), card.precision, card.rounding))
    cost = Decimal(billed) / _SIXTY * rate + fee
    return Priced(whole, billed, rate, fee, round_to(cost, card.precision, card.rounding))

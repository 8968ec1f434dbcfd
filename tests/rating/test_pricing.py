"""Pricing (spec §2.5): duration rounding, MCD/Pulse increments, fee, precision."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from telephony.rating.pricing import billed_seconds, price, round_to, whole_seconds


def card(precision: int = 4, rounding: str = "up", duration: str = "up") -> SimpleNamespace:
    return SimpleNamespace(precision=precision, rounding=rounding, duration_rounding=duration)


def terms(rate: str, increments: str, fee: str = "0") -> SimpleNamespace:
    mcd, pulse = increments.split("/")
    return SimpleNamespace(
        rate=Decimal(rate), connection_fee=Decimal(fee), mcd=int(mcd), pulse=int(pulse)
    )


@pytest.mark.parametrize(
    ("increments", "seconds", "billed"),
    [
        # 30/6 at 0.015/min (spec worked example)
        ("30/6", 1, 30),
        ("30/6", 20, 30),
        ("30/6", 30, 30),
        ("30/6", 31, 36),
        ("30/6", 35, 36),
        ("30/6", 36, 36),
        ("30/6", 37, 42),
        # 60/6
        ("60/6", 10, 60),
        ("60/6", 60, 60),
        ("60/6", 61, 66),
        ("60/6", 67, 72),
        # 0/6 is MCD 0, pulse 6 (not "30 s minimum")
        ("0/6", 1, 6),
        ("0/6", 6, 6),
        ("0/6", 7, 12),
        ("1/1", 7, 7),
        ("60/60", 61, 120),
        ("6/6", 7, 12),
        # 0 s: not a connected call
        ("30/6", 0, 0),
        ("0/6", 0, 0),
    ],
)
def test_billed_seconds(increments: str, seconds: int, billed: int) -> None:
    mcd, pulse = map(int, increments.split("/"))
    assert billed_seconds(seconds, mcd, pulse) == billed


@pytest.mark.parametrize(
    ("rate", "increments", "fee", "seconds", "duration", "cost", "billed"),
    [
        ("0.015", "30/6", "0", 37, "up", "0.0105", 42),  # 42/60 x 0.015
        ("0.015", "6/6", "0", 7, "up", "0.0030", 12),  # net 0.0257/min
        ("0.015", "30/6", "0", 7, "up", "0.0075", 30),
        ("0.015", "60/6", "0", 7, "up", "0.0150", 60),
        # 9.1 s at 0.005/min, 4 dp up: the spec charges 9.1 s (0.00075833 -> 0.0008); in
        # whole seconds 9 s gives the same, Up-rounding the duration to 10 s gives 0.0009.
        ("0.005", "1/1", "0", "9.1", "down", "0.0008", 9),
        ("0.005", "1/1", "0", "9.1", "half_up", "0.0008", 9),
        ("0.005", "1/1", "0", "9.1", "up", "0.0009", 10),
        # exactly MCD, MCD + 1, with a connection fee
        ("0.06", "30/6", "0.01", 30, "up", "0.0400", 30),
        ("0.06", "30/6", "0.01", 31, "up", "0.0460", 36),
        # 0 s: nothing billed, no connection fee
        ("0.06", "30/6", "0.01", 0, "up", "0.0000", 0),
        ("0.06", "0/6", "0.01", "0.4", "down", "0.0000", 0),
        ("0.06", "0/6", "0.01", "0.4", "up", "0.0160", 6),
    ],
)
def test_price(
    rate: str, increments: str, fee: str, seconds: object, duration: str, cost: str, billed: int
) -> None:
    priced = price(terms(rate, increments, fee), seconds, card(duration=duration))
    assert (priced.cost, priced.billed) == (Decimal(cost), billed)
    assert str(priced.cost) == cost


@pytest.mark.parametrize(
    ("method", "expected"),
    [("up", "0.1235"), ("down", "0.1234"), ("half_up", "0.1235"), ("half_down", "0.1234")],
)
def test_cost_rounding_methods(method: str, expected: str) -> None:
    assert str(round_to(Decimal("0.12345"), 4, method)) == expected
    # 0.12345 as a cost: 1 minute at 0.12345/min on a 4 dp card
    priced = price(terms("0.12345", "60/60"), 60, card(rounding=method))
    assert str(priced.cost) == expected


@pytest.mark.parametrize(
    ("raw", "method", "whole"),
    [
        ("60.1", "up", 61),
        ("60.9", "down", 60),
        ("60.5", "half_up", 61),
        ("60.5", "half_down", 60),
        ("60.6", "half_down", 61),
        ("60", "up", 60),
    ],
)
def test_duration_rounding(raw: str, method: str, whole: int) -> None:
    assert whole_seconds(Decimal(raw), method) == whole


def test_precision_other_than_four() -> None:
    assert str(price(terms("0.015", "30/6"), 37, card(precision=2)).cost) == "0.02"
    assert str(price(terms("0.015", "30/6"), 37, card(precision=0, rounding="down")).cost) == "0"


def test_negative_duration_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        price(terms("0.01", "1/1"), -1, card())

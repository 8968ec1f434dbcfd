"""Checks the rating services share."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from runtime.errors import ValidationFailed

CURRENCY = re.compile(r"^[A-Z]{3}$")
DIGITS = re.compile(r"^[0-9]*$")
#: Stored money: 10 integer digits, 8 decimals.
MAX_MONEY = Decimal("9999999999.99999999")
#: The largest CSV file a small import (numbering plan, exchange rates) reads.
MAX_UPLOAD = 20 * 2**20


def currency(path: str, value: Any) -> str:
    text = str(value or "").strip().upper()
    if not CURRENCY.match(text):
        raise ValidationFailed.field(path, "must be a 3-letter ISO 4217 code, e.g. USD")
    return text


def count(path: str, value: Any, low: int = 0, high: int = 1_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationFailed.field(path, f"must be a whole number from {low} to {high}")
    return value


def money(path: str, value: Any, *, null: bool = False) -> Decimal | None:
    """A non-negative amount with at most 8 decimals (None allowed when ``null``)."""
    if value is None or value == "":
        if null:
            return None
        raise ValidationFailed.field(path, "is required")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed.field(path, f"not a number: {value!r}") from None
    if not amount.is_finite():
        raise ValidationFailed.field(path, f"not a number: {value!r}")
    if amount < 0:
        raise ValidationFailed.field(path, "cannot be negative")
    if amount > MAX_MONEY or amount.as_tuple().exponent < -8:  # type: ignore[operator]
        raise ValidationFailed.field(path, "at most 10 digits before and 8 after the point")
    return amount


def choice(path: str, value: Any, enum: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationFailed.field(path, f"must be one of {allowed}") from None


def digits(path: str, value: Any, max_length: int = 20) -> str:
    text = str(value or "").strip()
    if not DIGITS.match(text) or len(text) > max_length:
        raise ValidationFailed.field(path, f"digits only, at most {max_length}")
    return text


def name(path: str, value: Any, max_length: int = 100) -> str:
    text = str(value or "").strip()
    if not text or len(text) > max_length:
        raise ValidationFailed.field(path, f"1 to {max_length} characters")
    if text.isdigit():
        # Names and ids share the CLI's CARD/NAME arguments: a name must not look like an id.
        raise ValidationFailed.field(path, "cannot be only digits (ids are)")
    return text


def money_str(value: Any) -> str | None:
    """A stored amount as the API writes it: a plain decimal string, no exponent."""
    if value is None:
        return None
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(amount.normalize(), "f")
    return text


def upload_text(raw: bytes) -> str:
    """An uploaded CSV as text: at most :data:`MAX_UPLOAD` bytes of UTF-8 (a byte order
    mark is dropped); else a ``file`` error."""
    if len(raw) > MAX_UPLOAD:
        raise ValidationFailed.field("file", f"the file is over {MAX_UPLOAD // 2**20} MB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed.field(
            "file", f"not UTF-8 text (byte {exc.start}): save the file as CSV UTF-8"
        ) from None


def csv_lines(
    text: str, required: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """The lines of a small CSV import (numbering plan, exchange rates) below its header, as
    ``(line number, {column: cell})`` with cells stripped and blank lines skipped. The
    header names the columns in any order and case; one without every ``required`` column
    is a ``line 1`` error."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in required if c not in header]
    if missing:
        wanted = " and ".join(", ".join(required).rsplit(", ", 1))
        extra = f" ({', '.join(optional)} optional)" if optional else ""
        raise ValidationFailed(
            f"line 1: the header must name {wanted}{extra}",
            [{"path": "line 1", "message": f"missing column(s): {', '.join(missing)}"}],
        )
    columns = (*required, *optional)
    at = {c: header.index(c) for c in columns if c in header}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        padded = [cell.strip() for cell in cells] + [""] * len(header)
        yield number, {c: padded[at[c]] if c in at else "" for c in columns}


class LineErrors:
    """The problems of an import, by line (the header is line 1), up to ``limit``; the
    import is refused as a whole when there is one."""

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self.found: list[dict[str, str]] = []

    def add(self, line: int, message: str) -> bool:
        """Record a problem; True once the limit is reached (stop reading)."""
        self.found.append({"path": f"line {line}", "message": message})
        return len(self.found) >= self.limit

    def add_refusal(self, line: int, exc: ValidationFailed) -> bool:
        """Record every field problem of ``exc`` as ``"FIELD MESSAGE"`` on ``line``."""
        full = False
        for detail in exc.details or []:
            full = self.add(line, f"{detail['path']} {detail['message']}")
        return full

    def refuse(self) -> None:
        """Raise the refusal (the first five problems in the message) if there is one."""
        if self.found:
            shown = "; ".join(f"{e['path']}: {e['message']}" for e in self.found[:5])
            raise ValidationFailed(
                f"{len(self.found)} problem(s), nothing imported: {shown}", self.found
            )

"""The row checks of rate imports: batches of records in, checked rows out, errors
into the :class:`ImportReport`.

Every row is checked (prefix digits, a leading ``+`` dropped; duplicates; rates and fees
non-negative numbers with at most 10 digits before and 8 after the point, written back
plainly: ``1e-3`` is ``0.001``, ``.5`` is ``0.5``; MCD >= 0 and pulse >= 1; status
active/blocked). A batch the quick pattern of :mod:`telephony.rating.import_formats` took
whole needs only its prefixes checked for duplicates; the lines of any other batch are
checked one by one, and a line the quick pattern did not take gets the full checks and
their messages. The report lists ``{line, column, message}`` (column: the field);
:class:`TooMany` stops the reading at ``max_errors``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import Any

from telephony.rating.import_formats import (
    MAX_INCREMENT,
    MAX_NAME,
    MAX_PREFIX,
    PLAIN,
    QuickRow,
    Source,
)
from telephony.rating.index import Row
from telephony.rating.models import RateStatus

__all__ = ["ACTIVE", "Checked", "Checker", "ImportReport", "TooMany", "Written"]

_MAX_MONEY = Decimal("9999999999.99999999")
ACTIVE, _BLOCKED = RateStatus.ACTIVE.value, RateStatus.BLOCKED.value
_PLAIN_AMOUNT = re.compile(PLAIN)
#: ``MCD/Pulse`` in the usual form (range checked after).
_BILLING = re.compile(r"([0-9]{1,4})\s*/\s*([0-9]{1,4})")
#: A checked row: ``(prefix, name, rate, connection_fee, mcd, pulse, status, inter,
#: intra)``, amounts as plain text (or None), increments as ints.
Written = tuple[Any, ...]
_PREFIX = itemgetter(0)


@dataclass
class ImportReport:
    rows_read: int = 0
    rows_imported: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0
    #: Reading stopped at ``max_errors``: there may be more.
    stopped: bool = False
    elapsed_ms: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "errors": self.errors,
            "errors_total": self.errors_total,
            "stopped": self.stopped,
            "elapsed_ms": self.elapsed_ms,
        }


class TooMany(Exception):
    """Raised when the errors reach ``max_errors``: the reading stops."""


def _money(text: str) -> Decimal | str:
    """The amount, or why it is not one (any number ``Decimal`` reads: ``1e-3``, ``.5``)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return f"not a number: {text!r}"
    if not value.is_finite():
        return f"not a number: {text!r}"
    if value < 0:
        return f"cannot be negative: {text}"
    if value > _MAX_MONEY or value.as_tuple().exponent < -8:  # type: ignore[operator]
        return f"at most 10 digits before and 8 after the point: {text}"
    return value.copy_abs()  # -0 is 0


def _plain(value: Decimal) -> str:
    """An amount as it is written: ``Decimal("1E-3")`` is ``0.001``, trailing zeros kept."""
    return format(value, "f")


def _increment(text: str, low: int) -> int | str:
    if not text.isdigit() or not low <= int(text) <= MAX_INCREMENT:
        return f"{low} to {MAX_INCREMENT} seconds"
    return int(text)


class _Decimals(dict[str, Decimal]):
    """Amount text -> its Decimal, each made once (a card repeats a few thousand rates)."""

    def __missing__(self, text: str) -> Decimal:
        value = self[text] = Decimal(text)
        return value


@dataclass
class Checked:
    """One batch's good rows: ``quick`` (:data:`QuickRow`), else ``rows`` (:data:`Written`)."""

    quick: list[QuickRow] | None
    rows: list[Written]

    def __len__(self) -> int:
        return len(self.quick) if self.quick is not None else len(self.rows)


class Checker:
    """Turns batches of records into checked rows, collecting errors; keeps the rows as
    the prefix index takes them when ``keep`` (the revision goes live)."""

    def __init__(self, source: Source, max_errors: int, keep: bool) -> None:
        self.source = source
        self.max_errors = max_errors
        self.report = ImportReport()
        self.seen: set[str] = set()
        self.kept: list[Row] | None = [] if keep else None
        self.decimals = _Decimals()

    def error(self, line: int, column: str, message: str) -> None:
        self.report.errors_total += 1
        self.report.errors.append({"line": line, "column": column, "message": message})
        if self.report.errors_total >= self.max_errors:
            self.report.stopped = True
            raise TooMany

    def _at(self, name: str) -> int:
        """Where ``name`` sits in a record; -1 when absent (then its default applies)."""
        return self.source.positions.get(name, -1)

    def batches(self) -> Iterator[Checked]:
        """The good rows of each batch (none once an error was seen; checking goes on
        until ``max_errors``)."""
        report, seen = self.report, self.seen
        for batch in self.source.batches:
            quick = batch.quick
            if quick is not None:
                fresh = set(map(_PREFIX, quick))
                if len(fresh) == len(quick) and seen.isdisjoint(fresh):
                    seen |= fresh
                    report.rows_read += len(quick)
                    if not report.errors_total:
                        self._keep_quick(quick)
                        yield Checked(quick, [])
                    continue
                # A prefix repeats: check line by line, to name the lines.
                records: list[tuple[int, Any]] = list(enumerate(quick, start=batch.first))
            else:
                records = batch.records
            rows = self._check(records)
            if not report.errors_total:
                yield Checked(None, rows)

    def _keep_quick(self, quick: list[QuickRow]) -> None:
        if self.kept is not None:
            amount = self.decimals
            self.kept += [
                (prefix, name, amount[rate], amount[fee], int(mcd), int(pulse), False, None)
                for prefix, name, rate, fee, mcd, pulse in quick
            ]

    def _check(self, records: list[tuple[int, Any]]) -> list[Written]:
        """The full checks, record by record (a record the quick pattern took: only the
        duplicate check)."""
        report, seen, error, defaults = self.report, self.seen, self.error, self.source.defaults
        kept, decimal = self.kept, self.decimals.__getitem__
        at_prefix, at_name, at_rate = self._at("prefix"), self._at("name"), self._at("rate")
        at_fee, at_billing = self._at("connection_fee"), self._at("billing")
        at_mcd, at_pulse, at_status = self._at("mcd"), self._at("pulse"), self._at("status")
        at_inter, at_intra = self._at("inter"), self._at("intra")
        has_inter = "inter" in self.source.positions
        plain, billing_form = _PLAIN_AMOUNT.fullmatch, _BILLING.fullmatch
        out: list[Written] = []

        def cell(cells: list[Any], at: int, name: str) -> str:
            if at < 0 or at >= len(cells) or cells[at] is None:
                return defaults.get(name, "")
            value = cells[at]
            return value.strip() if isinstance(value, str) else str(value)

        def amount(text: str, line: int, name: str) -> str | None:
            if plain(text):
                return text
            checked = _money(text)
            if isinstance(checked, str):
                error(line, name, checked)
                return None
            return _plain(checked)

        for line, cells in records:
            if type(cells) is tuple:  # the quick pattern's: checked but for duplicates
                report.rows_read += 1
                prefix = cells[0]
                if prefix in seen:
                    error(line, "prefix", f"duplicate prefix {prefix}")
                    continue
                seen.add(prefix)
                row: Written = (*cells[:4], int(cells[4]), int(cells[5]), ACTIVE, None, None)
            else:
                if not cells or (len(cells) == 1 and not str(cells[0]).strip()):
                    continue  # blank lines
                report.rows_read += 1
                prefix = cell(cells, at_prefix, "prefix")
                if prefix[:1] == "+":
                    prefix = prefix[1:]
                if not prefix:
                    error(line, "prefix", "empty")
                elif not (prefix.isdigit() and prefix.isascii()):
                    error(line, "prefix", f"digits only: {prefix!r}")
                elif len(prefix) > MAX_PREFIX:
                    error(line, "prefix", f"at most {MAX_PREFIX} digits")
                elif prefix in seen:
                    error(line, "prefix", f"duplicate prefix {prefix}")
                else:
                    seen.add(prefix)
                name = cell(cells, at_name, "name")
                if len(name) > MAX_NAME:
                    error(line, "name", f"at most {MAX_NAME} characters")
                text = cell(cells, at_rate, "rate")
                rate = amount(text, line, "rate") if text else None
                if not text:
                    error(line, "rate", "required")
                text = cell(cells, at_fee, "connection_fee")
                fee = amount(text, line, "connection_fee") if text else "0"
                mcd: Any
                pulse: Any
                text = cell(cells, at_billing, "billing")
                if text:
                    matched = billing_form(text)
                    mcd = int(matched[1]) if matched else -1
                    pulse = int(matched[2]) if matched else 0
                    if not (0 <= mcd <= MAX_INCREMENT and 1 <= pulse <= MAX_INCREMENT):
                        first, slash, second = text.partition("/")
                        mcd = _increment(first.strip(), 0)
                        pulse = _increment(second.strip(), 1) if slash else "missing"
                        if isinstance(mcd, str) or isinstance(pulse, str):
                            error(
                                line, "billing", f"MCD/Pulse with MCD >= 0 and pulse >= 1: {text!r}"
                            )
                else:
                    text = cell(cells, at_mcd, "mcd")
                    mcd = _increment(text, 0) if text else 1
                    if isinstance(mcd, str):
                        error(line, "mcd", f"MCD: {mcd}")
                    text = cell(cells, at_pulse, "pulse")
                    pulse = _increment(text, 1) if text else 1
                    if isinstance(pulse, str):
                        error(line, "pulse", f"pulse: {pulse}")
                status = cell(cells, at_status, "status").lower() or ACTIVE
                if status != ACTIVE and status != _BLOCKED:
                    error(line, "status", f"active or blocked, not {status!r}")
                inter = intra = None
                if has_inter:
                    text = cell(cells, at_inter, "inter")
                    inter = amount(text, line, "inter") if text else None
                    text = cell(cells, at_intra, "intra")
                    intra = amount(text, line, "intra") if text else None
                row = (prefix, name, rate, fee, mcd, pulse, status, inter, intra)
            if report.errors_total:
                continue
            out.append(row)
            if kept is not None:
                blocked = row[6] == _BLOCKED
                money = decimal(row[2]), decimal(row[3])
                kept.append((row[0], row[1], *money, row[4], row[5], blocked, None))
        return out

"""Rate imports into a new revision, and the CSV export of a revision.

Two input formats, registered by name in :data:`FORMATS`:

- ``csv``: default columns ``prefix,name,rate,connection_fee,billing`` (billing written
  ``MCD/Pulse``, e.g. ``30/6``), found by the header's names (any order; ``status``,
  ``inter``, ``intra``, ``mcd`` and ``pulse`` are understood too). A ``mapping`` says
  otherwise: ``{column: field}`` where column is a header name or a column number (1 = the
  first). Lines before ``start_row`` are skipped; with names (or no mapping) line
  ``start_row`` is the header, with numbers only, data starts there. Line numbers are the
  file's: the header of a plain file is line 1.
- ``open-rate-card``: the JSON document of github.com/connexcs/open-rate-card (a card's
  ``fields`` name the columns of its ``rates`` arrays; ``initial_interval`` and
  ``billing_interval`` are MCD and pulse, defaulting to the card's ``rate.default_initial``
  and ``rate.default_pulse``). "Line" is the entry's number in ``rates`` (1 = the first).

The file is read record by record and written in batches (``COPY`` on PostgreSQL,
``executemany`` on SQLite) inside one transaction with the new revision; every row is
checked (prefix digits, a leading ``+`` dropped; duplicates; rates and fees non-negative
numbers with at most 8 decimals; MCD >= 0 and pulse >= 1; status active/blocked). Any error
rolls everything back: no revision, no rows, the active revision untouched. The report
lists ``{line, column, message}`` (column: the field) and stops after ``max_errors``.
On success the revision activates at once, or stays pending until its ``date_live``.
"""

from __future__ import annotations

import asyncio
import csv
import inspect
import io
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import IO, Any, ClassVar

from sqlglot import exp

from runtime import db as database
from runtime.auth.principal import Principal
from runtime.errors import ValidationFailed
from runtime.services import audit
from telephony.rating.models import Rate, RateCard, RateRevision, RateStatus, RevisionStatus
from telephony.rating.services import revisions
from telephony.rating.services.common import money_str

__all__ = [
    "DEFAULT_COLUMNS",
    "FIELDS",
    "FORMATS",
    "ImportFailed",
    "ImportReport",
    "ImportResult",
    "export_csv",
    "import_rates",
]

#: Every field a row can have; ``prefix`` and ``rate`` are required.
FIELDS: tuple[str, ...] = (
    "prefix", "name", "rate", "connection_fee", "billing", "mcd", "pulse", "status", "inter",
    "intra",
)  # fmt: skip
DEFAULT_COLUMNS = ("prefix", "name", "rate", "connection_fee", "billing")
#: Other header names understood without a mapping (lower case).
ALIASES = {
    "code": "prefix",
    "dial code": "prefix",
    "dialcode": "prefix",
    "destination": "name",
    "description": "name",
    "cost": "rate",
    "price": "rate",
    "connect": "connection_fee",
    "connection fee": "connection_fee",
    "connect_cost": "connection_fee",
    "rate_connect": "connection_fee",
    "increment": "billing",
    "increments": "billing",
    "interstate": "inter",
    "intrastate": "intra",
    "initial_interval": "mcd",
    "billing_interval": "pulse",
}
MAX_PREFIX, MAX_NAME, MAX_INCREMENT = 20, 100, 3600
_MAX_MONEY = Decimal("9999999999.99999999")
_ZERO = Decimal(0)
#: A plain amount that needs no closer look: up to 10 digits, up to 8 decimals.
_MONEY = re.compile(r"[0-9]{1,10}(?:\.[0-9]{0,8})?")
#: ``MCD/Pulse`` in the usual form (range checked after).
_BILLING = re.compile(r"([0-9]{1,4})\s*/\s*([0-9]{1,4})")
_COLUMNS = (
    "revision_id",
    "prefix",
    "name",
    "rate",
    "connection_fee",
    "mcd",
    "pulse",
    "status",
    "inter",
    "intra",
)

Progress = Callable[[int], Awaitable[None] | None]


class ImportFailed(ValidationFailed):
    """The file had errors: nothing was written. ``details`` is the report."""

    def __init__(self, report: ImportReport) -> None:
        first = report.errors[0] if report.errors else {"line": 0, "message": "no rows"}
        more = f" (and {report.errors_total - 1} more)" if report.errors_total > 1 else ""
        super().__init__(f"line {first['line']}: {first['message']}{more}", report.as_dict())


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


@dataclass
class ImportResult:
    report: ImportReport
    revision: RateRevision | None = None

    @property
    def ok(self) -> bool:
        return self.revision is not None


class _TooMany(Exception):
    pass


class _RollBack(Exception):
    pass


@dataclass
class Source:
    """What a format yields: where each field sits in a record, the defaults of absent
    fields, and the records ``(line, cells)``."""

    positions: dict[str, int]
    defaults: dict[str, str]
    records: Iterator[tuple[int, list[Any]]]


# -- formats --------------------------------------------------------------------------


def _text(source: Any) -> IO[str]:
    """A text stream over ``source`` (a binary or text file, bytes or str)."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    if isinstance(source, str):
        return io.StringIO(source)
    probe = source.read(0)
    if isinstance(probe, bytes):
        return io.TextIOWrapper(source, encoding="utf-8-sig", errors="replace", newline="")
    return source


def _field_of(value: Any) -> str:
    name = str(value).strip().lower()
    name = ALIASES.get(name, name)
    if name not in FIELDS:
        raise ValidationFailed.field("mapping", f"unknown field {value!r}; one of {FIELDS}")
    return name


class CsvFormat:
    name: ClassVar[str] = "csv"

    def open(self, source: Any, mapping: Mapping[Any, Any] | None, start_row: int) -> Source:
        reader = csv.reader(_text(source))
        by_number = {}
        by_name = {}
        for column, target in (mapping or {}).items():
            if target in (None, ""):
                continue
            text = str(column).strip()
            if text.isdigit():
                if int(text) < 1:
                    raise ValidationFailed.field("mapping", "column numbers start at 1")
                by_number[int(text) - 1] = _field_of(target)
            else:
                by_name[text.lower()] = _field_of(target)
        for _ in range(start_row - 1):
            next(reader, None)
        positions = {f: i for i, f in by_number.items()}
        if by_name or not by_number:
            header = next(reader, None)
            if header is None:
                raise ValidationFailed.field("file", "is empty: no header line")
            for i, cell in enumerate(header):
                key = cell.strip().lower()
                if by_name:
                    target = by_name.get(key)
                else:
                    target = ALIASES.get(key, key) if ALIASES.get(key, key) in FIELDS else None
                if target is not None and target not in positions:
                    positions[target] = i
            if by_name:
                missing = sorted(set(by_name) - {c.strip().lower() for c in header})
                if missing:
                    raise ValidationFailed.field(
                        "mapping", f"no column named {', '.join(missing)} in the header"
                    )
        _check_positions(positions)
        return Source(positions, {}, ((reader.line_num, row) for row in reader))


class OpenRateCardFormat:
    name: ClassVar[str] = "open-rate-card"

    def __init__(self, card: str | None = None) -> None:
        self.card = card

    def open(self, source: Any, mapping: Mapping[Any, Any] | None, start_row: int) -> Source:
        try:
            document = json.load(_text(source))
        except json.JSONDecodeError as exc:
            raise ValidationFailed.field(
                "file", f"not JSON (line {exc.lineno} column {exc.colno}): {exc.msg}"
            ) from None
        cards = document.get("cards") if isinstance(document, dict) else None
        if not isinstance(cards, dict) or not cards:
            raise ValidationFailed.field("file", "an open-rate-card document has 'cards'")
        key = self.card or ("default" if "default" in cards else next(iter(cards)))
        card = cards.get(key)
        if not isinstance(card, dict):
            raise ValidationFailed.field("card", f"no card {key!r}; one of {', '.join(cards)}")
        rows = card.get("rates")
        if not isinstance(rows, list):
            where = (card.get("rate_card") or {}).get("uri") if card.get("rate_card") else None
            hint = f": its rates are at {where}" if where else ""
            raise ValidationFailed.field(f"cards.{key}.rates", f"missing{hint}")
        names = [str(f.get("name", "")) if isinstance(f, dict) else "" for f in card["fields"]]
        positions: dict[str, int] = {}
        for i, name in enumerate(names):
            target = ALIASES.get(name, name)
            if mapping and name in mapping:
                target = _field_of(mapping[name]) if mapping[name] else ""
            if target in FIELDS and target not in positions:
                positions[target] = i
        _check_positions(positions)
        terms = card.get("rate") or {}
        defaults = {
            "mcd": str(terms.get("default_initial", 1)),
            "pulse": str(terms.get("default_pulse", 1)),
            "connection_fee": str(terms.get("connection", 0)),
        }
        records = (
            (n, row if isinstance(row, list) else [])
            for n, row in enumerate(rows[max(start_row - 1, 0) :], start=max(start_row, 1))
        )
        return Source(positions, defaults, records)


def _check_positions(positions: dict[str, int]) -> None:
    missing = [f for f in ("prefix", "rate") if f not in positions]
    if missing:
        raise ValidationFailed.field(
            "mapping",
            f"no column for {' and '.join(missing)} (default columns: {','.join(DEFAULT_COLUMNS)})",
        )
    if "billing" in positions and ("mcd" in positions or "pulse" in positions):
        raise ValidationFailed.field("mapping", "map billing (MCD/Pulse) or mcd and pulse")


FORMATS: dict[str, Callable[..., Any]] = {
    CsvFormat.name: CsvFormat,
    OpenRateCardFormat.name: OpenRateCardFormat,
}


# -- checking -------------------------------------------------------------------------


def _money(text: str) -> Decimal | str:
    """The amount, or why it is not one."""
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
    return value


def _increment(text: str, low: int) -> int | str:
    if not text.isdigit() or not low <= int(text) <= MAX_INCREMENT:
        return f"{low} to {MAX_INCREMENT} seconds"
    return int(text)


class _Checker:
    """Turns records into insert rows, collecting errors (the hot loop of an import)."""

    def __init__(self, source: Source, dialect: str, max_errors: int) -> None:
        self.source = source
        self.sqlite = dialect == "sqlite"
        self.max_errors = max_errors
        self.report = ImportReport()
        self.seen: set[str] = set()

    def error(self, line: int, column: str, message: str) -> None:
        self.report.errors_total += 1
        self.report.errors.append({"line": line, "column": column, "message": message})
        if self.report.errors_total >= self.max_errors:
            self.report.stopped = True
            raise _TooMany

    def _at(self, name: str) -> int:
        """Where ``name`` sits in a record; -1 when absent (then its default applies)."""
        return self.source.positions.get(name, -1)

    def rows(self, revision_id: int) -> Iterator[tuple[Any, ...]]:
        """Good rows as insert records (nothing once an error was seen, checking goes on).

        The hot loop of an import: a well-formed row costs a few string tests and two
        regular-expression matches; the slower checks that name a problem only run for a
        value that fails the quick ones."""
        report, seen, error, defaults = self.report, self.seen, self.error, self.source.defaults
        sqlite = self.sqlite
        active, blocked = RateStatus.ACTIVE.value, RateStatus.BLOCKED.value
        at_prefix, at_name, at_rate = self._at("prefix"), self._at("name"), self._at("rate")
        at_fee, at_billing = self._at("connection_fee"), self._at("billing")
        at_mcd, at_pulse, at_status = self._at("mcd"), self._at("pulse"), self._at("status")
        at_inter, at_intra = self._at("inter"), self._at("intra")
        has_inter = "inter" in self.source.positions
        money, billing_form = _MONEY.fullmatch, _BILLING.fullmatch

        def cell(cells: list[Any], at: int, name: str) -> str:
            if at < 0 or at >= len(cells) or cells[at] is None:
                return defaults.get(name, "")
            value = cells[at]
            return value.strip() if isinstance(value, str) else str(value)

        def amount(text: str, line: int, name: str) -> Any:
            if money(text):
                return text if sqlite else Decimal(text)
            checked = _money(text)
            if isinstance(checked, str):
                error(line, name, checked)
                return None
            return str(checked) if sqlite else checked

        # When the five usual fields are all mapped, records that have every mapped column
        # (nearly all) are read by one C-level getter.
        width = max(self.source.positions.values()) + 1
        fast = (at_prefix, at_name, at_rate, at_fee, at_billing)
        getter = itemgetter(*fast) if min(fast) >= 0 else None
        for line, cells in self.source.records:
            if not cells or (len(cells) == 1 and not str(cells[0]).strip()):
                continue  # blank lines
            report.rows_read += 1
            if getter is not None and len(cells) >= width and isinstance(cells[0], str):
                prefix, name, rate_text, fee_text, billing_text = getter(cells)
                prefix, name, rate_text = prefix.strip(), name.strip(), rate_text.strip()
                fee_text, billing_text = fee_text.strip(), billing_text.strip()
            else:
                prefix = cell(cells, at_prefix, "prefix")
                name = cell(cells, at_name, "name")
                rate_text = cell(cells, at_rate, "rate")
                fee_text = cell(cells, at_fee, "connection_fee")
                billing_text = cell(cells, at_billing, "billing")
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
            if len(name) > MAX_NAME:
                error(line, "name", f"at most {MAX_NAME} characters")
            text = rate_text
            if text:
                rate = amount(text, line, "rate")
            else:
                error(line, "rate", "required")
            text = fee_text
            fee = amount(text, line, "connection_fee") if text else ("0" if sqlite else _ZERO)
            mcd: Any
            pulse: Any
            text = billing_text
            if text:
                matched = billing_form(text)
                mcd = int(matched[1]) if matched else -1
                pulse = int(matched[2]) if matched else 0
                if 0 <= mcd <= MAX_INCREMENT and 1 <= pulse <= MAX_INCREMENT:
                    pass
                else:
                    first, slash, second = text.partition("/")
                    mcd = _increment(first.strip(), 0)
                    pulse = _increment(second.strip(), 1) if slash else "missing"
                    if isinstance(mcd, str) or isinstance(pulse, str):
                        error(line, "billing", f"MCD/Pulse with MCD >= 0 and pulse >= 1: {text!r}")
            else:
                text = cell(cells, at_mcd, "mcd")
                mcd = _increment(text, 0) if text else 1
                if isinstance(mcd, str):
                    error(line, "mcd", f"MCD: {mcd}")
                text = cell(cells, at_pulse, "pulse")
                pulse = _increment(text, 1) if text else 1
                if isinstance(pulse, str):
                    error(line, "pulse", f"pulse: {pulse}")
            status = cell(cells, at_status, "status").lower() or active
            if status != active and status != blocked:
                error(line, "status", f"active or blocked, not {status!r}")
            inter = intra = None
            if has_inter:
                text = cell(cells, at_inter, "inter")
                inter = amount(text, line, "inter") if text else None
                text = cell(cells, at_intra, "intra")
                intra = amount(text, line, "intra") if text else None
            if report.errors_total:
                continue
            yield (revision_id, prefix, name, rate, fee, mcd, pulse, status, inter, intra)


# -- import ---------------------------------------------------------------------------


async def _notify(progress: Progress | None, rows: int) -> None:
    if progress is not None:
        result = progress(rows)
        if inspect.isawaitable(result):
            await result


async def _write(conn: Any, dialect: str, batch: list[tuple[Any, ...]]) -> None:
    table = Rate._meta.db_table
    if dialect == "postgres":
        async with conn.acquire_connection() as raw:
            await raw.copy_records_to_table(table, records=batch, columns=_COLUMNS)
        return
    await conn.execute_many(_insert_sql(table), batch)


def _insert_sql(table: str) -> str:
    """``INSERT INTO rates (...) VALUES (?, ...)`` for SQLite, built as a sqlglot tree."""
    row = exp.values([tuple(exp.Placeholder() for _ in _COLUMNS)])
    return exp.insert(row, exp.to_table(table), columns=list(_COLUMNS)).sql("sqlite")


async def import_rates(
    actor: Principal,
    card: RateCard,
    source: Any,
    *,
    format: str = "csv",
    mapping: Mapping[Any, Any] | None = None,
    start_row: int = 1,
    date_live: datetime | None = None,
    activate: bool = True,
    now: datetime | None = None,
    note: str = "",
    progress: Progress | None = None,
    batch_size: int = 20_000,
    max_errors: int = 100,
    options: Mapping[str, Any] | None = None,
) -> ImportResult:
    """Import ``source`` (a file, bytes or text) into a new revision of ``card``.

    Returns the report and the revision (None when there were errors: then nothing was
    written). Bad arguments (an unknown format, a mapping naming no column for the prefix)
    raise ``ValidationFailed``.
    """
    started = time.perf_counter()
    when = now or datetime.now(UTC)
    if format not in FORMATS:
        raise ValidationFailed.field("format", f"one of {', '.join(FORMATS)}")
    if start_row < 1:
        raise ValidationFailed.field("start_row", "lines count from 1")
    if date_live is not None and date_live.tzinfo is None:
        raise ValidationFailed.field("date_live", "needs a time zone (e.g. Z)")
    reader = FORMATS[format](**(options or {}))
    opened: Source = reader.open(source, mapping, start_row)
    dialect = database.dialect_of_connection()
    checker = _Checker(opened, dialect, max_errors)
    live_now = activate and (date_live is None or date_live <= when)
    revision: RateRevision | None = None
    stale: list[int] = []
    try:
        async with database.bulk_transaction() as conn:
            revision = await RateRevision.create(
                card=card,
                number=await revisions.next_number(card.id, conn),
                status=RevisionStatus.PENDING,
                date_live=date_live,
                source="import",
                note=note,
                created_by=actor.name[:128],
                using_db=conn,
            )
            batch: list[tuple[Any, ...]] = []
            # One batch is written while the next is checked (the database works in its
            # own thread or socket meanwhile); never two writes at once.
            writing: asyncio.Future[None] | None = None
            try:
                for row in checker.rows(revision.id):
                    batch.append(row)
                    if len(batch) >= batch_size:
                        if writing is not None:
                            await writing
                        writing = asyncio.ensure_future(_write(conn, dialect, batch))
                        await asyncio.sleep(0)  # let the write start
                        checker.report.rows_imported += len(batch)
                        batch = []
                        await _notify(progress, checker.report.rows_read)
            except _TooMany:
                pass
            finally:
                if writing is not None:
                    await writing
            if checker.report.errors_total:
                raise _RollBack
            if batch:
                await _write(conn, dialect, batch)
                checker.report.rows_imported += len(batch)
            revision.row_count = checker.report.rows_imported
            await revision.save(using_db=conn, update_fields=["row_count"])
            if live_now:
                stale = await revisions.activate_in(conn, revision, when)
            await audit.record(
                actor,
                "rate_revision.import",
                "rate_revision",
                revision.id,
                f"{card.name} #{revision.number}",
                after={**revisions.snapshot(revision), "format": format, "stale_cards": stale},
                using_db=conn,
            )
    except _RollBack:
        revision = None
        checker.report.rows_imported = 0
    checker.report.elapsed_ms = round((time.perf_counter() - started) * 1000)
    await _notify(progress, checker.report.rows_read)
    if revision is not None and live_now:
        from telephony.rating.index import registry

        await registry().activated(card.id, revision.id)
    return ImportResult(checker.report, revision)


# -- export ---------------------------------------------------------------------------


async def export_csv(revision: RateRevision, page: int = 50_000) -> AsyncIterator[str]:
    """The revision's rows as CSV text chunks, by prefix: the default columns, plus
    ``status`` when a row is blocked and ``inter,intra`` when a row has them (so an
    export imports back as the same rows)."""
    rows = Rate.filter(revision_id=revision.id)
    with_status = await rows.filter(status=RateStatus.BLOCKED).exists()
    with_inter = await rows.filter(inter__isnull=False).exists()
    header = [*DEFAULT_COLUMNS]
    header += ["status"] if with_status else []
    header += ["inter", "intra"] if with_inter else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    last = ""
    while True:
        chunk = (
            await Rate.filter(revision_id=revision.id, prefix__gt=last)
            .order_by("prefix")
            .limit(page)
            .values_list(
                "prefix",
                "name",
                "rate",
                "connection_fee",
                "mcd",
                "pulse",
                "status",
                "inter",
                "intra",
            )
        )
        for prefix, name, rate, fee, mcd, pulse, status, inter, intra in chunk:
            row = [prefix, name, money_str(rate), money_str(fee), f"{mcd}/{pulse}"]
            row += [str(status)] if with_status else []
            row += [money_str(inter) or "", money_str(intra) or ""] if with_inter else []
            writer.writerow(row)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if len(chunk) < page:
            return
        last = chunk[-1][0]

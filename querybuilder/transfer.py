"""Bulk import and export of dataset rows, streamed, and bulk delete by filter.

**Import** (:func:`import_rows`) reads CSV or JSON lines from byte chunks (an async or a
plain iterable), decoding incrementally: only the current chunk, the current batch and, for
each unique column, the set of values already imported are held in memory, never the file.

- *Columns* are found by header name (case-insensitive), through an explicit ``mapping``
  (source field → column, ``None`` to ignore a field), or, without a header, by position
  (the dataset's columns in order, or a mapping keyed by 1-based cell number). Fields that
  match nothing are listed once in ``unknown_fields`` and ignored; the platform's own
  ``id``, ``created_at`` and ``updated_at`` (as written by the export) are ignored silently.
- *Header detection* (``header=None``): the first row is a header when every cell names a
  column, a platform field or a mapping key.
- *Values* go through :meth:`Column.coerce`. An empty CSV cell (and a missing field or
  ``null`` in JSON lines) means "no value": the column default when there is one, NULL when
  the column is nullable, otherwise the row is bad (``is required``). Text cells that the
  export escaped against formula injection (see below) are unescaped.
- *Every bad row* is reported with its 1-based line number in the file (the first line of a
  CSV record that spans lines) and every reason. Unique clashes are found before writing,
  against the rows of the file and the rows already in the table; a clash the database still
  reports (a concurrent writer) is pinned to its row by retrying that batch row by row,
  each row under a SAVEPOINT. The report keeps the first :data:`MAX_REPORTED` bad rows and
  counts them all.
- *All or nothing* by default: the whole import is one transaction, rolled back when any row
  is bad, so the table is exactly as before (``committed`` is false). With
  ``skip_bad_rows=True`` the good rows are committed and the report lists the others.
- Rows are written ``batch_size`` at a time with the driver's ``executemany``;
  ``progress(rows_read, rows_written)`` (plain or async) is called after every batch and at
  the end.

**Export** (:func:`export_rows`) yields text chunks, one per keyset page of
:data:`EXPORT_PAGE` rows ordered by id: CSV with a header row (``id, created_at,
updated_at``, then the columns) or JSON lines. Values: decimals as strings at the column's
scale, booleans ``true``/``false``, dates ISO, datetimes ISO 8601 in UTC, JSON columns as
JSON text in CSV (nested values in JSON lines), NULL as an empty CSV cell.

*Formula injection*: in CSV, a text cell (string and text columns) whose value starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return — possibly after single quotes — is
prefixed with one single quote ``'``, so a spreadsheet shows it as text instead of running
it. Import removes exactly that quote again, so export → import gives the same values
(a value that starts with a quote not followed by one of those characters is left alone
both ways). Numeric cells are written by the platform, never escaped (``-2`` is a number).
JSON lines are not escaped: spreadsheets do not open them.

**Delete** (:func:`delete_where`) removes the rows whose columns equal the given values.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import inspect
import io
import json
import json.encoder
import json.scanner
import re
import time
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import repeat
from typing import Any, Literal

import aiosqlite
import asyncpg
from sqlglot import exp
from tortoise import BaseDBAsyncClient

from querybuilder import ddl
from querybuilder.columns import BIGINT_RANGE, INT_RANGE, STRING_MAX, Column
from querybuilder.datasets import columns_of
from querybuilder.models import Dataset
from querybuilder.rows import PLATFORM, render
from querybuilder.scope import CUSTOMER_COLUMN, current_customer
from runtime import db as database
from runtime.errors import ValidationFailed

Format = Literal["csv", "jsonl"]
Progress = Callable[[int, int], Awaitable[None] | None]

#: Bad rows kept in a report (all are counted in ``errors_total``).
MAX_REPORTED = 1000
#: Rows per export page (keyset on id).
EXPORT_PAGE = 5000
#: Values per ``IN (...)`` list when checking unique columns against the table.
_IN_CHUNK = 500
#: A CSV record still open (unbalanced quotes) after this many characters is refused.
MAX_RECORD_CHARS = 16 * 1024 * 1024
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_TYPES = ("string", "text")
_MISSING: Any = object()
_LINE = re.compile(r"[^\n]*\n")
_odd = (1).__and__


@dataclass
class ImportReport:
    rows_read: int = 0
    rows_imported: int = 0
    #: ``[{"line": n, "errors": [{"field": name or None, "message": ...}]}]`` by line.
    errors: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0
    committed: bool = False
    unknown_fields: list[str] = field(default_factory=list)
    elapsed_ms: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "errors": self.errors,
            "errors_total": self.errors_total,
            "errors_truncated": self.errors_total > len(self.errors),
            "committed": self.committed,
            "unknown_fields": self.unknown_fields,
            "elapsed_ms": self.elapsed_ms,
        }


class _RollBack(Exception):
    """Raised inside the import transaction to undo it."""


# -- formula escaping ----------------------------------------------------------------------


def escape_formula(text: str) -> str:
    """``'`` + ``text`` when a spreadsheet could read ``text`` as a formula.

    >>> escape_formula("=cmd|' /C calc'!A0"), escape_formula("plain"), escape_formula("'=x")
    ("'=cmd|' /C calc'!A0", 'plain', "''=x")
    """
    stripped = text.lstrip("'")
    return "'" + text if stripped and stripped[0] in _FORMULA_START else text


def unescape_formula(text: str) -> str:
    """The inverse of :func:`escape_formula`."""
    if text.startswith("'"):
        stripped = text.lstrip("'")
        if stripped and stripped[0] in _FORMULA_START:
            return text[1:]
    return text


# -- reading -------------------------------------------------------------------------------


async def _byte_chunks(source: AsyncIterable[bytes] | Iterable[bytes]) -> AsyncIterator[bytes]:
    if isinstance(source, AsyncIterable):
        async for chunk in source:
            yield chunk
    else:
        for chunk in source:
            yield chunk


async def _line_chunks(
    source: AsyncIterable[bytes] | Iterable[bytes],
) -> AsyncIterator[list[str]]:
    """Complete lines (with their ``\\n``), a list per input chunk; UTF-8 with optional BOM."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    tail = ""
    lines_seen = 0
    async for chunk in _byte_chunks(source):
        try:
            text = decoder.decode(chunk.encode() if isinstance(chunk, str) else chunk)
        except UnicodeDecodeError:
            raise ValidationFailed(
                f"The file is not UTF-8 text (near line {lines_seen + 1})"
            ) from None
        if not text:
            continue
        if tail:
            text = tail + text
        end = text.rfind("\n") + 1
        tail = text[end:]
        if end:
            lines = _LINE.findall(text, 0, end)
            lines_seen += len(lines)
            yield lines
    try:
        tail += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ValidationFailed(f"The file is not UTF-8 text (near line {lines_seen + 1})") from None
    if tail:
        yield [tail]


#: CSV records read: the line each starts on, and its cells (or why it cannot be read).
_Records = tuple[list[int], list[list[str] | str]]


async def _csv_records(source: AsyncIterable[bytes] | Iterable[bytes]) -> AsyncIterator[_Records]:
    """``(lines, records)`` per input chunk: the line each CSV record starts on and its cells,
    or a message for a record that cannot be read; blank lines are skipped. A record ends on
    a line where its quotes balance."""
    line_no = 0
    pending: list[str] = []
    pending_chars = 0
    quotes = 0
    start = 0
    async for lines in _line_chunks(source):
        counts = list(map(str.count, lines, repeat('"', len(lines))))
        if not pending and not any(map(_odd, counts)):  # one record per line: the usual case
            first = line_no + 1
            line_no += len(lines)
            yield _parse_records(lines, list(range(first, line_no + 1)), None)
            continue
        complete: list[str] = []
        starts: list[int] = []
        spans: list[int] = []
        for line, count in zip(lines, counts, strict=True):
            line_no += 1
            if not pending:
                start = line_no
            pending.append(line)
            pending_chars += len(line)
            quotes += count
            if quotes % 2 == 0:
                complete.extend(pending)
                starts.append(start)
                spans.append(len(pending))
                pending, pending_chars, quotes = [], 0, 0
            elif pending_chars > MAX_RECORD_CHARS:
                raise ValidationFailed(
                    f"Line {start}: a quoted field is never closed "
                    f"(over {MAX_RECORD_CHARS} characters)"
                )
        if complete:
            yield _parse_records(complete, starts, spans)
    if pending:
        yield [start], ["a quoted field is never closed"]


def _parse_records(lines: list[str], starts: list[int], spans: list[int] | None) -> _Records:
    """Parse complete records; ``spans`` (lines per record) is None when each is one line."""
    try:
        rows: list[list[str]] = list(csv.reader(lines))
    except csv.Error:
        rows = []
    if len(rows) == len(starts):
        if [] not in rows and [""] not in rows:
            return starts, rows  # type: ignore[return-value]
        kept = [(line, row) for line, row in zip(starts, rows, strict=True) if row and row != [""]]
        return [k[0] for k in kept], [k[1] for k in kept]
    out_lines: list[int] = []
    out: list[list[str] | str] = []
    offset = 0  # something odd: read record by record to name the bad one
    for line, span in zip(starts, spans or [1] * len(starts), strict=True):
        chunk = lines[offset : offset + span]
        offset += span
        try:
            parsed = list(csv.reader(chunk))
        except csv.Error as exc:
            out_lines.append(line)
            out.append(f"cannot read this CSV record: {exc}")
            continue
        if len(parsed) != 1:
            out_lines.append(line)
            out.append("cannot read this CSV record")
        elif parsed[0] and parsed[0] != [""]:
            out_lines.append(line)
            out.append(parsed[0])
    return out_lines, out


async def _jsonl_records(
    source: AsyncIterable[bytes] | Iterable[bytes],
) -> AsyncIterator[list[tuple[int, dict[str, Any] | str]]]:
    line_no = 0
    async for lines in _line_chunks(source):
        out: list[tuple[int, dict[str, Any] | str]] = []
        for line in lines:
            line_no += 1
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as exc:
                out.append((line_no, f"not valid JSON: {exc.args[0] if exc.args else exc}"))
                continue
            if isinstance(value, dict):
                out.append((line_no, value))
            else:
                out.append((line_no, "each line must be a JSON object"))
        yield out


# -- converting ----------------------------------------------------------------------------

#: Converted values remembered per column (a raw cell → its stored value), at most this many.
_MEMO_MAX = 20_000
_PLAIN_INT = re.compile(r"-?[0-9]{1,18}")
_Problems = dict[int, list[dict[str, Any]]]
#: Column values of a batch → their stored values and, by row index, the problems found.
ColumnConverter = Callable[[Sequence[Any]], tuple[Sequence[Any], _Problems]]


def _converter(column: Column, dialect: str, csv_text: bool) -> Callable[[Any], Any]:
    """Raw value → stored value, raising :class:`ValidationFailed` for a bad one."""
    default = column.storage(column.default, dialect) if column.default is not None else None
    required = not column.nullable and column.default is None
    name = column.name

    def missing() -> Any:
        if required:
            raise ValidationFailed.field(name, "is required")
        return default

    if column.type in _TEXT_TYPES:
        limit = STRING_MAX if column.type == "string" else None

        def text(value: Any) -> Any:
            if value is None or value is _MISSING or (csv_text and value == ""):
                return missing()
            if isinstance(value, str):
                if csv_text:
                    value = unescape_formula(value)
                if limit is not None and len(value) > limit:
                    raise ValidationFailed.field(name, f"is longer than {limit} characters")
                return value
            return column.storage(column.coerce(value), dialect)

        return text

    def other(value: Any) -> Any:
        if value is None or value is _MISSING or value == "":
            return missing()
        return column.storage(column.coerce(value), dialect)

    if column.type in ("integer", "bigint"):
        low, high = INT_RANGE if column.type == "integer" else BIGINT_RANGE

        def integer(value: Any) -> Any:  # plain digits need no Decimal round trip
            if type(value) is str and _PLAIN_INT.fullmatch(value):
                number = int(value)
                if low <= number <= high:
                    return number
            return other(value)

        return integer

    return other


# JSON text → value and back as ``json.loads`` and ``json.dumps`` do, without their set-up per
# call: the C scanner and encoder they use, when this Python has them.
_scan_json: Callable[[str, int], tuple[Any, int]] | None = getattr(
    json.scanner, "c_make_scanner", lambda _: None
)(json.JSONDecoder())
_c_encoder = getattr(json.encoder, "c_make_encoder", None)
_encode_json: Callable[[Any, int], Sequence[str]] | None = (
    _c_encoder(
        None,  # no circular check: parsed JSON has no cycles
        json.JSONEncoder().default,
        json.encoder.encode_basestring_ascii,
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
    if _c_encoder is not None
    else None
)


def _column_converter(column: Column, dialect: str, csv_text: bool) -> ColumnConverter:
    """A whole column of a batch at a time: the values unchanged when they need no work
    (plain text, checked in C), else each through :func:`_converter` — remembered per raw
    CSV cell, as conversion depends on nothing else."""
    cell = _converter(column, dialect, csv_text)
    name = column.name
    limit = STRING_MAX if column.type == "string" else None
    required = not column.nullable and column.default is None
    default = column.storage(column.default, dialect) if column.default is not None else None

    def each(values: Sequence[Any]) -> tuple[Sequence[Any], _Problems]:
        out: list[Any] = []
        problems: _Problems = {}
        for n, value in enumerate(values):
            try:
                out.append(cell(value))
            except ValidationFailed as exc:
                problems[n] = _problems(exc, name)
                out.append(None)
        return out, problems

    if column.type in _TEXT_TYPES:

        def text(values: Sequence[Any]) -> tuple[Sequence[Any], _Problems]:
            if _MISSING in values or None in values:
                return each(values)
            if not csv_text:
                if set(map(type, values)) != {str}:
                    return each(values)
                if limit is not None and values and max(map(len, values)) > limit:
                    return each(values)
                return values, {}
            empty = values.count("")
            if empty == len(values) and not required:
                return [default] * empty, {}
            if empty and required:
                return each(values)
            rest = [v for v in values if v] if empty else values
            if "\n'" in "\n" + "\n".join(rest):
                return each(values)  # text to unescape
            if limit is not None and max(map(len, rest)) > limit:
                return each(values)
            return ([v if v else default for v in values] if empty else values), {}

        return text

    if column.type == "json" and _scan_json is not None and _encode_json is not None:
        scan, encode = _scan_json, _encode_json

        def as_json(values: Sequence[Any]) -> tuple[Sequence[Any], _Problems]:
            out: list[Any] = []
            problems: _Problems = {}
            append = out.append
            for n, value in enumerate(values):
                if type(value) is str and value:  # JSON text: parse, write back canonically
                    try:
                        parsed, end = scan(value, 0)
                    except (StopIteration, ValueError):
                        end = -1
                    if end == len(value):
                        append(None if parsed is None else "".join(encode(parsed, 0)))
                        continue
                try:  # anything else as a single value would be
                    append(cell(value))
                except ValidationFailed as exc:
                    problems[n] = _problems(exc, name)
                    append(None)
            return out, problems

        return as_json

    if not csv_text:  # JSON values may be lists or objects: nothing to remember them by
        return each

    memo: dict[Any, Any] = {}
    with contextlib.suppress(ValidationFailed):  # a required column: no stand-in
        memo[_MISSING] = memo[""] = cell(_MISSING)

    def remembered(values: Sequence[Any]) -> tuple[Sequence[Any], _Problems]:
        out: list[Any] = []
        problems: _Problems = {}
        append = out.append
        get = memo.get
        for n, value in enumerate(values):
            stored = get(value, _MISSING)
            if stored is _MISSING:
                try:
                    stored = cell(value)
                except ValidationFailed as exc:
                    problems[n] = _problems(exc, name)
                    stored = None
                else:
                    if len(memo) < _MEMO_MAX:
                        memo[value] = stored
            append(stored)
        return out, problems

    return remembered


def _problems(exc: ValidationFailed, column: str | None) -> list[dict[str, Any]]:
    details = exc.details if isinstance(exc.details, list) else []
    found = [{"field": d.get("path", column), "message": d.get("message", "")} for d in details]
    return found or [{"field": column, "message": exc.message}]


@dataclass
class _Plan:
    """Where each source field goes: ``targets[i]`` is a column index or None."""

    targets: list[int | None]


def _resolve(
    columns: list[Column],
    mapping: Mapping[Any, str | None] | None,
    fields: list[str] | None,
    unknown: dict[str, None],
) -> _Plan:
    """Targets for the header ``fields`` (or positions when None)."""
    index = {c.name: i for i, c in enumerate(columns)}
    lowered = {str(k).strip().lower(): v for k, v in (mapping or {}).items()}
    for target in lowered.values():
        if target is not None and target not in index:
            raise ValidationFailed.field(f"mapping.{target}", "no such column")

    def target_of(name: str) -> int | None:
        key = name.strip().lower()
        if key in lowered:
            mapped = lowered[key]
            return None if mapped is None else index[mapped]
        if key in index:
            return index[key]
        if key not in PLATFORM and name not in unknown:
            unknown[name] = None
        return None

    if fields is None:
        if mapping:
            targets: list[int | None] = []
            positions = {k: v for k, v in lowered.items() if k.isdigit()}
            width = max((int(k) for k in positions), default=0)
            for number in range(1, width + 1):
                mapped = positions.get(str(number))
                targets.append(None if mapped is None else index[mapped])
            return _Plan(targets)
        return _Plan(list(range(len(columns))))
    return _Plan([target_of(f) for f in fields])


def _looks_like_header(cells: list[str], columns: list[Column], mapping: Mapping[Any, Any]) -> bool:
    """Every cell names a column, a platform field or a mapping key — or a mapping by name
    is given and all its keys are among the cells (other cells are then unknown fields)."""
    keys = {str(k).strip().lower() for k in mapping}
    known = {c.name for c in columns} | set(PLATFORM) | keys
    lowered = {c.strip().lower() for c in cells}
    if not cells:
        return False
    if lowered <= known:
        return True
    return bool(keys) and not any(k.isdigit() for k in keys) and keys <= lowered


# -- importing -----------------------------------------------------------------------------


def transfer_columns(dataset: Dataset) -> list[Column]:
    """The columns imports and exports carry: the dataset's own, and a per-customer
    dataset's ``customer_id`` (so its rows keep their owners through a file)."""
    own = columns_of(dataset)
    if dataset.per_customer:
        own.append(Column(name=CUSTOMER_COLUMN, type="bigint"))
    return own


async def import_rows(
    dataset: Dataset,
    source: AsyncIterable[bytes] | Iterable[bytes],
    *,
    format: Format = "csv",
    mapping: Mapping[Any, str | None] | None = None,
    header: bool | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
    batch_size: int = 5000,
) -> ImportReport:
    """Import rows into ``dataset``; see the module documentation."""
    if format not in ("csv", "jsonl"):
        raise ValidationFailed.field("format", "must be csv or jsonl")
    if batch_size < 1:
        raise ValidationFailed.field("batch_size", "must be at least 1")
    started = time.perf_counter()
    columns = transfer_columns(dataset)
    dialect = database.dialect_of_connection()
    table = ddl.physical_table(dataset.app_id, dataset.name, dialect)  # type: ignore[attr-defined]
    names = ["created_at", "updated_at", *(c.name for c in columns)]
    insert_sql = render(
        exp.insert(exp.values([tuple(exp.Placeholder() for _ in names)]), table, columns=names),
        dialect,
    )
    job = _Import(
        columns=columns,
        dialect=dialect,
        table=table,
        insert_sql=insert_sql,
        csv_text=format == "csv",
        skip_bad_rows=skip_bad_rows,
        progress=progress,
        batch_size=batch_size,
    )
    try:
        async with database.bulk_transaction() as conn:
            job.conn = conn
            if format == "csv":
                await job.run_csv(_csv_records(source), mapping or {}, header)
            else:
                await job.run_jsonl(_jsonl_records(source), mapping or {})
            await job.flush()
            if job.report.errors_total and not skip_bad_rows:
                raise _RollBack
    except _RollBack:
        job.report.committed = False
    else:
        job.report.committed = True
    report = job.report
    if not report.committed:
        report.rows_imported = 0
    report.errors.sort(key=lambda e: e["line"])
    report.unknown_fields = list(job.unknown)
    report.elapsed_ms = round((time.perf_counter() - started) * 1000)
    if progress is not None:
        await _call(progress, report.rows_read, report.rows_imported)
    return report


async def _call(progress: Progress, read: int, written: int) -> None:
    result = progress(read, written)
    if inspect.isawaitable(result):
        await result


class _Import:
    def __init__(
        self,
        *,
        columns: list[Column],
        dialect: str,
        table: exp.Table,
        insert_sql: str,
        csv_text: bool,
        skip_bad_rows: bool,
        progress: Progress | None,
        batch_size: int,
    ) -> None:
        self.columns = columns
        self.dialect = dialect
        self.table = table
        self.insert_sql = insert_sql
        self.skip = skip_bad_rows
        self.progress = progress
        self.batch_size = batch_size
        self.convert = [_column_converter(c, dialect, csv_text) for c in columns]
        #: Per column, what a missing value becomes: the stored value, or the problems.
        self.absent: list[tuple[Any, list[dict[str, Any]] | None]] = []
        for c in columns:
            try:
                self.absent.append((_converter(c, dialect, csv_text)(_MISSING), None))
            except ValidationFailed as exc:
                self.absent.append((None, _problems(exc, c.name)))
        self.unique = [i for i, c in enumerate(columns) if c.unique]
        #: Per unique column: stored value → line of the file that has it.
        self.seen: dict[int, dict[Any, int]] = {i: {} for i in self.unique}
        self.report = ImportReport()
        self.unknown: dict[str, None] = {}
        #: Records read but not yet converted: their lines and cells (or unreadable: why).
        self.lines: list[int] = []
        self.records: list[Any] = []
        #: Column index (or None) of each source field, once the first record is read.
        self.targets: list[int | None] = []
        self.batch_errors: list[dict[str, Any]] = []
        self.conn: BaseDBAsyncClient | None = None
        self.savepoints = 0

    # -- rows ------------------------------------------------------------------------
    def _bad(self, line: int, problems: list[dict[str, Any]]) -> None:
        self.batch_errors.append({"line": line, "errors": problems})

    async def _take(self, lines: list[int], records: list[Any]) -> None:
        """Queue records, writing every full batch."""
        self.lines.extend(lines)
        self.records.extend(records)
        while len(self.records) >= self.batch_size:
            await self.flush()

    def _convert(
        self, lines: list[int], records: list[Any], targets: list[int | None]
    ) -> tuple[list[tuple[Any, ...]], list[int]]:
        """The batch's good rows as insert parameters (with their lines); the bad reported.

        ``records`` are cells by source field (``targets`` says which column each goes to)
        or, for a record that could not be read, the reason (a string)."""
        self.report.rows_read += len(records)
        if str in set(map(type, records)):
            kept = []
            for line, record in zip(lines, records, strict=True):
                if isinstance(record, str):
                    self._bad(line, [{"field": None, "message": record}])
                else:
                    kept.append((line, record))
            lines = [k[0] for k in kept]
            records = [k[1] for k in kept]
        count = len(records)
        if not count:
            return [], []
        problems: _Problems = {}
        expected = len(targets)
        lengths = set(map(len, records))
        if lengths != {expected}:
            if max(lengths) > expected:
                for n, cells in enumerate(records):
                    if len(cells) > expected and any(cells[expected:]):
                        message = f"has {len(cells)} cells, expected at most {expected}"
                        problems[n] = [{"field": None, "message": message}]
            padding = [_MISSING] * expected
            records = [
                cells
                if len(cells) == expected
                else cells[:expected]
                if len(cells) > expected
                else [*cells, *padding[len(cells) :]]
                for cells in records
            ]
        fields = list(zip(*records, strict=True)) if expected else []
        source: dict[int, int] = {}
        for k, target in enumerate(targets):
            if target is not None:
                source[target] = k  # the last field mapped to a column wins
        values: list[Iterable[Any]] = []
        stored: list[Sequence[Any]] = []
        for i, convert in enumerate(self.convert):
            if i in source:
                out, found = convert(fields[source[i]])
                stored.append(out)
                values.append(out)
                for n, problem in found.items():
                    problems.setdefault(n, []).extend(problem)
            else:
                value, missing = self.absent[i]
                if missing is not None:
                    for n in range(count):
                        problems.setdefault(n, []).extend(dict(p) for p in missing)
                stored.append([value] * count if self.unique else ())
                values.append(repeat(value, count))
        if self.unique:
            self._check_unique(lines, stored, problems)
        now = datetime.now(UTC)
        stamp: Any = now if self.dialect == "postgres" else now.isoformat()
        rows = list(zip(repeat(stamp, count), repeat(stamp, count), *values, strict=False))
        if not problems:
            return rows, lines
        for n in sorted(problems):
            self._bad(lines[n], problems[n])
        keep = [n for n in range(count) if n not in problems]
        return [rows[n] for n in keep], [lines[n] for n in keep]

    def _check_unique(
        self, lines: list[int], stored: list[Sequence[Any]], problems: _Problems
    ) -> None:
        """Clashes with earlier rows of the file, row by row in file order."""
        for n, line in enumerate(lines):
            if n in problems:
                continue
            clashes = []
            for i in self.unique:
                value = stored[i][n]
                if value is not None and value in self.seen[i]:
                    clashes.append(
                        {
                            "field": self.columns[i].name,
                            "message": f"duplicates line {self.seen[i][value]} of the file",
                        }
                    )
            if clashes:
                problems[n] = clashes
                continue
            for i in self.unique:
                value = stored[i][n]
                if value is not None:
                    self.seen[i][value] = line

    async def run_csv(
        self,
        records: AsyncIterator[_Records],
        mapping: Mapping[Any, str | None],
        header: bool | None,
    ) -> None:
        plan: _Plan | None = None
        async for lines, chunk in records:
            while plan is None and chunk:
                cells = chunk[0]
                if isinstance(cells, str):  # unreadable before the first row: a bad row
                    self.report.rows_read += 1
                    self._bad(lines[0], [{"field": None, "message": cells}])
                else:
                    is_header = (
                        header
                        if header is not None
                        else _looks_like_header(cells, self.columns, mapping)
                    )
                    plan = _resolve(
                        self.columns, mapping, cells if is_header else None, self.unknown
                    )
                    self.targets = plan.targets
                    if not is_header:
                        break
                lines, chunk = lines[1:], chunk[1:]
            if chunk:
                await self._take(lines, chunk)
        if plan is None:
            self.targets = []

    async def run_jsonl(
        self,
        records: AsyncIterator[list[tuple[int, dict[str, Any] | str]]],
        mapping: Mapping[Any, str | None],
    ) -> None:
        index = {c.name: i for i, c in enumerate(self.columns)}
        lowered = {str(k).strip().lower(): v for k, v in mapping.items()}
        for wanted in lowered.values():
            if wanted is not None and wanted not in index:
                raise ValidationFailed.field(f"mapping.{wanted}", "no such column")
        targets: dict[str, int | None] = {}
        width = len(self.columns)
        self.targets = list(range(width))
        async for chunk in records:
            lines: list[int] = []
            rows: list[Any] = []
            for line, obj in chunk:
                lines.append(line)
                if isinstance(obj, str):
                    rows.append(obj)
                    continue
                values = [_MISSING] * width
                for key, value in obj.items():
                    if key not in targets:
                        name = key.strip().lower()
                        if name in lowered:
                            mapped = lowered[name]
                            targets[key] = None if mapped is None else index[mapped]
                        else:
                            targets[key] = index.get(name)
                            if name not in index and name not in PLATFORM:
                                self.unknown[key] = None
                    target = targets[key]
                    if target is not None:
                        values[target] = value
                rows.append(values)
            await self._take(lines, rows)

    # -- writing ---------------------------------------------------------------------

    async def flush(self) -> None:
        """Convert the next batch of queued records, check its unique values against the
        table, then write it."""
        size = self.batch_size
        lines, records = self.lines[:size], self.records[:size]
        del self.lines[:size], self.records[:size]
        batch, lines = self._convert(lines, records, self.targets)
        if batch and self.unique:
            batch, lines = await self._drop_existing(batch, lines)
        writing = self.skip or self.report.errors_total + len(self.batch_errors) == 0
        if batch and writing:
            await self._write(batch, lines)
        self._settle_errors()
        if self.progress is not None:
            await _call(self.progress, self.report.rows_read, self.report.rows_imported)

    def _settle_errors(self) -> None:
        self.batch_errors.sort(key=lambda e: e["line"])
        for entry in self.batch_errors:
            self.report.errors_total += 1
            if len(self.report.errors) < MAX_REPORTED:
                self.report.errors.append(entry)
        self.batch_errors = []

    async def _drop_existing(
        self, batch: list[tuple[Any, ...]], lines: list[int]
    ) -> tuple[list[tuple[Any, ...]], list[int]]:
        """Drop (as bad) the rows whose unique values are already in the table."""
        assert self.conn is not None
        clashes: dict[int, list[dict[str, Any]]] = {}
        for i in self.unique:
            at = i + 2  # after created_at, updated_at
            name = self.columns[i].name
            values = list({row[at] for row in batch if row[at] is not None})
            existing: set[Any] = set()
            select = exp.select(exp.column(name)).from_(self.table.copy()).sql(self.dialect)
            target = exp.column(name).sql(self.dialect)
            if self.dialect == "postgres":  # one array parameter instead of IN ($1..$n)
                found = await self.conn.execute_query_dict(
                    f"{select} WHERE {target} = ANY($1)", [values]
                )
                existing.update(r[name] for r in found)
                values = []
            for start in range(0, len(values), _IN_CHUNK):
                part = values[start : start + _IN_CHUNK]
                marks = ", ".join("?" for _ in part)
                found = await self.conn.execute_query_dict(
                    f"{select} WHERE {target} IN ({marks})", part
                )
                existing.update(r[name] for r in found)
            if not existing:
                continue
            existing = {self.columns[i].storage(v, self.dialect) for v in existing}
            for n, row in enumerate(batch):
                if row[at] in existing:
                    clashes.setdefault(n, []).append(
                        {"field": name, "message": "already exists in the dataset"}
                    )
        if not clashes:
            return batch, lines
        for n, problems in clashes.items():
            self._bad(lines[n], problems)
        keep = [n for n in range(len(batch)) if n not in clashes]
        return [batch[n] for n in keep], [lines[n] for n in keep]

    async def _write(self, batch: list[tuple[Any, ...]], lines: list[int]) -> None:
        """One statement for the whole batch (COPY on PostgreSQL), under a SAVEPOINT; when
        the database refuses it, the batch again row by row to pin the refusal to its line."""
        assert self.conn is not None
        self.savepoints += 1
        savepoint = f"import_batch_{self.savepoints}"
        await self.conn.execute_query(f"SAVEPOINT {savepoint}")
        try:
            await self._write_batch(batch)
        except Exception:  # a clash the checks could not see: find the rows one by one
            await self.conn.execute_query(f"ROLLBACK TO SAVEPOINT {savepoint}")
            await self._write_one_by_one(batch, lines)
        else:
            self.report.rows_imported += len(batch)
        await self.conn.execute_query(f"RELEASE SAVEPOINT {savepoint}")

    async def _write_batch(self, batch: list[tuple[Any, ...]]) -> None:
        assert self.conn is not None
        raw = getattr(self.conn, "_connection", None)
        if isinstance(raw, asyncpg.Connection):
            await raw.copy_records_to_table(
                self.table.name,
                schema_name=self.table.db or None,
                columns=["created_at", "updated_at", *(c.name for c in self.columns)],
                records=batch,
            )
        elif isinstance(raw, aiosqlite.Connection):
            cursor = await raw.executemany(self.insert_sql, batch)
            await cursor.close()
        else:
            await self.conn.execute_many(self.insert_sql, [list(row) for row in batch])

    async def _write_one_by_one(self, batch: list[tuple[Any, ...]], lines: list[int]) -> None:
        assert self.conn is not None
        for row, line in zip(batch, lines, strict=True):
            await self.conn.execute_query("SAVEPOINT import_row")
            try:
                await self.conn.execute_query(self.insert_sql, list(row))
            except Exception as exc:
                await self.conn.execute_query("ROLLBACK TO SAVEPOINT import_row")
                self._bad(line, [_database_problem(exc, self.columns)])
            else:
                self.report.rows_imported += 1
            await self.conn.execute_query("RELEASE SAVEPOINT import_row")


def _database_problem(exc: Exception, columns: list[Column]) -> dict[str, Any]:
    text = str(exc)
    lowered = text.lower()
    if "unique" in lowered or "duplicate key" in lowered:
        named = [c.name for c in columns if c.unique and c.name in text]
        return {"field": named[0] if named else None, "message": "already exists in the dataset"}
    return {"field": None, "message": f"refused by the database: {text.splitlines()[0]}"}


# -- exporting -----------------------------------------------------------------------------


def _datetime_text(value: Any) -> str:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    return str(value)


def _formatter(column: Column | None, for_csv: bool) -> Callable[[Any], Any]:
    """Stored value → CSV cell text or JSON value (``None`` stays None)."""
    kind = column.type if column is not None else "datetime"
    if kind in _TEXT_TYPES:
        return escape_formula if for_csv else str
    if kind == "decimal":
        return lambda v: format(Decimal(v), "f")
    if kind == "boolean":
        if for_csv:
            return lambda v: "true" if v else "false"
        return bool
    if kind == "datetime":
        return _datetime_text
    if kind == "date":
        return lambda v: v.isoformat() if isinstance(v, date) else str(v)
    if kind == "json":

        def as_json(value: Any) -> Any:
            parsed = json.loads(value) if isinstance(value, str) else value
            return json.dumps(parsed, ensure_ascii=False) if for_csv else parsed

        return as_json
    if kind == "float":
        return float
    return int


async def export_rows(dataset: Dataset, *, format: Format = "csv") -> AsyncIterator[str]:
    """The dataset's rows as text chunks (a header, then one chunk per page of rows)."""
    if format not in ("csv", "jsonl"):
        raise ValidationFailed.field("format", "must be csv or jsonl")
    columns = transfer_columns(dataset)
    dialect = database.dialect_of_connection()
    table = ddl.physical_table(dataset.app_id, dataset.name, dialect)  # type: ignore[attr-defined]
    names = [*PLATFORM, *(c.name for c in columns)]
    for_csv = format == "csv"
    formats: list[Callable[[Any], Any]] = [
        int,
        _datetime_text,
        _datetime_text,
        *(_formatter(c, for_csv) for c in columns),
    ]
    query = render(
        exp.select(*(exp.column(n) for n in names))
        .from_(table)
        .where(exp.GT(this=exp.column("id"), expression=exp.Placeholder()))
        .order_by(exp.column("id"))
        .limit(EXPORT_PAGE),
        dialect,
    )
    if for_csv:
        yield _csv_text([names])
    conn = database.connection()
    last = 0
    while True:
        page = await conn.execute_query_dict(query, [last])
        if not page:
            return
        out = [
            [None if r[n] is None else f(r[n]) for n, f in zip(names, formats, strict=True)]
            for r in page
        ]
        if for_csv:
            yield _csv_text(out)
        else:
            yield "".join(
                json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n"
                for row in out
            )
        last = int(page[-1]["id"])
        if len(page) < EXPORT_PAGE:
            return


def _csv_text(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


# -- deleting ------------------------------------------------------------------------------


async def delete_where(
    dataset: Dataset, equals: Mapping[str, Any], *, all_rows: bool = False
) -> int:
    """Delete the rows whose columns equal ``equals`` (``None`` matches NULL); the count.

    An empty filter deletes nothing and is refused, unless ``all_rows=True`` says that
    emptying the dataset is meant.
    """
    if not equals and not all_rows:
        raise ValidationFailed.field(
            "equals", "give at least one column to filter on (or all_rows=True to delete all)"
        )
    columns = {c.name: c for c in transfer_columns(dataset)}
    dialect = database.dialect_of_connection()
    table = ddl.physical_table(dataset.app_id, dataset.name, dialect)  # type: ignore[attr-defined]
    conditions: list[exp.Expr] = []
    params: list[Any] = []
    problems: list[dict[str, str]] = []
    for name, raw in equals.items():
        if name == "id":
            try:
                params.append(int(raw))
            except (TypeError, ValueError):
                problems.append({"path": "id", "message": "is not a valid integer"})
                continue
            conditions.append(exp.EQ(this=exp.column("id"), expression=exp.Placeholder()))
            continue
        column = columns.get(name)
        if column is None:
            problems.append({"path": name, "message": "unknown column"})
            continue
        if raw is None:
            conditions.append(exp.Is(this=exp.column(name), expression=exp.Null()))
            continue
        try:
            value = column.coerce(raw)
        except ValidationFailed as exc:
            problems.extend(exc.details or [])
            continue
        if value is None:
            conditions.append(exp.Is(this=exp.column(name), expression=exp.Null()))
        else:
            conditions.append(exp.EQ(this=exp.column(name), expression=exp.Placeholder()))
            params.append(column.storage(value, dialect))
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)
    owner = current_customer() if dataset.per_customer else None
    if owner is not None:  # a customer's request deletes its own rows only
        conditions.append(exp.EQ(this=exp.column(CUSTOMER_COLUMN), expression=exp.Placeholder()))
        params.append(owner)
    delete = exp.delete(table, where=exp.and_(*conditions) if conditions else None)
    count, _ = await database.connection().execute_query(render(delete, dialect), params)
    return int(count)

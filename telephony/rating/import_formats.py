"""Reading rate imports: a format turns a source (a file, bytes or str) into a
:class:`Source`: where each field sits in a record, the defaults of absent fields, and
the records in batches (:class:`Batch`), read a batch of lines at a time.

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

The fields a row can have, the header names understood without a mapping and the fields'
limits are here too (the checks of :mod:`telephony.rating.import_checks` use them). A CSV
batch whose lines all have the usual form is taken whole by one regular expression (the
quick pattern, :class:`_Quick`), which takes only lines the full checks would accept as
they stand; in any other batch it still takes the lines it can, one by one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from typing import IO, Any, ClassVar

from runtime.errors import ValidationFailed

__all__ = [
    "ALIASES",
    "DEFAULT_COLUMNS",
    "FIELDS",
    "FORMATS",
    "MAX_INCREMENT",
    "MAX_NAME",
    "MAX_PREFIX",
    "PLAIN",
    "QUICK_ROW",
    "Batch",
    "CsvFormat",
    "OpenRateCardFormat",
    "QuickRow",
    "Source",
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
#: An amount as the checks write it back: no sign, exponent or leading zero, digits after
#: a point, up to 10 digits before it and 8 after.
PLAIN = r"(?:0|[1-9][0-9]{0,9})(?:\.[0-9]{1,8})?"
#: A row the quick pattern took: ``(prefix, name, rate, connection_fee, mcd, pulse)``, texts.
QuickRow = tuple[str, ...]


@dataclass
class Batch:
    """Records of the input, in order. ``quick``: the quick pattern took every line from
    line ``first`` on (:data:`QuickRow` each). Else ``records``: ``(line, cells)``, cells a
    list (a CSV line's cells, an open-rate-card entry) or, for a line the quick pattern
    took, a :data:`QuickRow` tuple."""

    first: int
    quick: list[QuickRow] | None = None
    records: list[tuple[int, Any]] = field(default_factory=list)


@dataclass
class Source:
    """What a format yields: where each field sits in a record, the defaults of absent
    fields, and the records in batches."""

    positions: dict[str, int]
    defaults: dict[str, str]
    batches: Iterator[Batch]


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


def _in_batches(records: Iterator[tuple[int, Any]], size: int) -> Iterator[Batch]:
    while chunk := list(islice(records, size)):
        yield Batch(chunk[0][0], None, chunk)


#: A name's characters: what needs no quoting in CSV and no escape in JSON or COPY text.
_NAME = r'[^",\\\x00-\x1f]'
_SECONDS = r"[1-9][0-9]{0,2}|[12][0-9]{3}|3[0-5][0-9]{2}|3600"  # 1 to MAX_INCREMENT
_QUICK_FIELDS = {
    "prefix": rf"\+?([0-9]{{1,{MAX_PREFIX}}})",
    # No space at either end (the full checks strip it); an empty name first on a line
    # fails the look-behind: the full checks take it.
    "name": rf"(?!\s)({_NAME}{{0,{MAX_NAME}}})(?<!\s)",
    "rate": f"({PLAIN})",
    "connection_fee": f"({PLAIN})",
    "billing": rf"(0|{_SECONDS})/({_SECONDS})",
}
#: The fields of a :data:`QuickRow`, with the value of one the file has no column for.
QUICK_ROW = {"prefix": "", "name": "", "rate": "", "connection_fee": "0", "mcd": "1", "pulse": "1"}


@dataclass(frozen=True)
class _Quick:
    """The quick pattern of one CSV layout: a data line in the usual form, which the full
    checks would accept as it stands (digits; a plain amount; MCD/Pulse in range; a name
    with no quote, backslash, control character or space at either end; no quoted
    cells). ``blocks`` find such lines in a batch (the first: exactly ``width`` cells, the
    second: more too), ``line`` matches one; ``shape`` puts a match's groups in
    :data:`QuickRow` order, None when they are in it already."""

    blocks: tuple[re.Pattern[str], ...]
    line: re.Pattern[str]
    shape: Callable[[list[tuple[str, ...]]], list[QuickRow]] | None

    @classmethod
    def of(cls, positions: dict[str, int], width: int = 0) -> _Quick | None:
        """The pattern of ``positions`` in lines of ``width`` cells (the header's); None
        when a field needs the full checks on every line (``mcd``, ``pulse``, ``status``,
        ``inter``, ``intra``)."""
        columns = {at: name for name, at in positions.items()}
        if not set(positions) <= set(_QUICK_FIELDS) or len(columns) < len(positions):
            return None
        limit = min(csv.field_size_limit(), 1 << 30)  # as long as csv.reader allows
        other = rf'[^",\r\n\x00]{{0,{limit}}}'  # a column not imported
        parts, groups = [], []
        for at in range(max(width, max(columns) + 1)):
            name = columns.get(at)
            parts.append(_QUICK_FIELDS[name] if name else other)
            groups += ["mcd", "pulse"] if name == "billing" else [name] if name else []
        body, more = ",".join(parts), f"(?:,{other})*"
        shape = None
        if groups != list(QUICK_ROW):
            defaults = tuple(QUICK_ROW.values())
            pick = itemgetter(
                *(
                    groups.index(f) if f in groups else len(groups) + i
                    for i, f in enumerate(QUICK_ROW)
                )
            )

            def shape(found: list[tuple[str, ...]]) -> list[QuickRow]:
                return [pick(matched + defaults) for matched in found]

        blocks = tuple(
            re.compile(f"^{body}{tail}(?:\\r?\\n|\\Z)", re.MULTILINE) for tail in ("", more)
        )
        return cls(blocks, re.compile(f"{body}{more}\\r?\\n?"), shape)

    def whole(self, block: list[str]) -> list[QuickRow] | None:
        """Every line of ``block``, when the pattern takes each."""
        text = "".join(block)
        for pattern in self.blocks:
            found = pattern.findall(text)
            if len(found) == len(block):  # one match a line: every line matched
                return self.shape(found) if self.shape else found
        return None


class _Lines:
    """The physical lines of a text stream: one at a time for ``csv.reader`` (a quoted
    field may run over several), a block at a time for the quick pattern. ``block`` is
    the current block (lines read for ``csv.reader`` are added to it), ``at`` how many of
    its lines were handed out, ``before`` the lines of earlier blocks: the last line
    handed out is line ``before + at``."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.block: list[str] = []
        self.at = self.before = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.at == len(self.block):
            self.block.append(next(self.stream))
        self.at += 1
        return self.block[self.at - 1]

    def next_block(self, size: int) -> list[str]:
        """The next ``size`` lines (fewer at the end), once the block's were handed out."""
        self.before += len(self.block)
        self.block = list(islice(self.stream, size))
        self.at = 0
        return self.block


class CsvFormat:
    name: ClassVar[str] = "csv"

    def open(
        self,
        source: Any,
        mapping: Mapping[Any, Any] | None,
        start_row: int,
        batch_size: int = 20_000,
    ) -> Source:
        lines = _Lines(_text(source))
        reader = csv.reader(lines)
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
        header: list[str] | None = None
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
        quick = _Quick.of(positions, len(header) if header is not None else 0)
        batches = self._batches(lines, reader, quick, batch_size)
        return Source(positions, {}, batches)

    @staticmethod
    def _batches(
        lines: _Lines, reader: Iterator[list[str]], quick: _Quick | None, size: int
    ) -> Iterator[Batch]:
        shape = (quick.shape if quick is not None else None) or list
        while block := lines.next_block(size):
            found = quick.whole(block) if quick is not None else None
            if found is not None:
                lines.at = len(block)
                yield Batch(lines.before + 1, found)
                continue
            records: list[tuple[int, Any]] = []
            while lines.at < len(block):  # the block grows when a quoted field runs on
                matched = quick.line.fullmatch(block[lines.at]) if quick is not None else None
                if matched is None:
                    cells = next(reader, None)
                    if cells is None:
                        break
                    records.append((lines.before + lines.at, cells))
                else:
                    lines.at += 1
                    records.append((lines.before + lines.at, shape([matched.groups()])[0]))
            yield Batch(lines.before + 1, None, records)


class OpenRateCardFormat:
    name: ClassVar[str] = "open-rate-card"

    def __init__(self, card: str | None = None) -> None:
        self.card = card

    def open(
        self,
        source: Any,
        mapping: Mapping[Any, Any] | None,
        start_row: int,
        batch_size: int = 20_000,
    ) -> Source:
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
        return Source(positions, defaults, _in_batches(records, batch_size))


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

"""Rate imports into a new revision, and the CSV export of a revision.

:func:`import_rates` runs the pipeline, one module a stage:

1. :mod:`telephony.rating.import_formats`: a format (``csv`` or ``open-rate-card``,
   registered by name in :data:`FORMATS`) reads the file a batch of lines at a time (a
   batch whose lines all have the usual form taken whole by one regular expression);
2. :mod:`telephony.rating.import_checks`: every row of each batch is checked, errors go
   to the :class:`ImportReport`;
3. :mod:`telephony.rating.import_writers`: each checked batch is written (``COPY`` on
   PostgreSQL, ``INSERT ... SELECT`` from the batch as JSON on SQLite) inside one
   transaction with the new revision, while the next batch is checked.

Any error rolls everything back: no revision, no rows, the active revision untouched. The
report lists ``{line, column, message}`` (column: the field) and stops after
``max_errors``. On success the revision activates at once (its prefix index built from the
rows read, while the database writes them), or stays pending until its ``date_live``.

:func:`export_csv` writes a revision's rows in the ``csv`` format's columns, so that an
export imports back as the same rows.
"""

from __future__ import annotations

import asyncio
import csv
import inspect
import io
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from runtime import db as database
from runtime.auth.principal import Principal
from runtime.errors import ValidationFailed
from runtime.services import audit
from telephony.rating.collector import collector_paused
from telephony.rating.import_checks import Checker, ImportReport, TooMany
from telephony.rating.import_formats import DEFAULT_COLUMNS, FIELDS, FORMATS, Source
from telephony.rating.import_writers import WRITERS
from telephony.rating.index import PrefixIndex, registry
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

Progress = Callable[[int], Awaitable[None] | None]


class ImportFailed(ValidationFailed):
    """The file had errors: nothing was written. ``details`` is the report."""

    def __init__(self, report: ImportReport) -> None:
        first = report.errors[0] if report.errors else {"line": 0, "message": "no rows"}
        more = f" (and {report.errors_total - 1} more)" if report.errors_total > 1 else ""
        super().__init__(f"line {first['line']}: {first['message']}{more}", report.as_dict())


@dataclass
class ImportResult:
    report: ImportReport
    revision: RateRevision | None = None

    @property
    def ok(self) -> bool:
        return self.revision is not None


class _RollBack(Exception):
    pass


# -- import ---------------------------------------------------------------------------


async def _notify(progress: Progress | None, rows: int) -> None:
    if progress is not None:
        result = progress(rows)
        if inspect.isawaitable(result):
            await result


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
    opened: Source = reader.open(source, mapping, start_row, max(batch_size, 1))
    dialect = database.dialect_of_connection()
    live_now = activate and (date_live is None or date_live <= when)
    checker = Checker(opened, max_errors, keep=live_now)
    report = checker.report
    revision: RateRevision | None = None
    stale: list[int] = []
    building: asyncio.Future[PrefixIndex] | None = None
    with collector_paused():  # see telephony.rating.collector
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
                writer = WRITERS[dialect](conn, revision.id)
                try:
                    try:
                        for batch in checker.batches():
                            await writer.add(batch)
                            report.rows_imported += len(batch)
                            await _notify(progress, report.rows_read)
                    except TooMany:
                        pass
                    if report.errors_total:
                        raise _RollBack
                    if checker.kept is not None:
                        # The new index is built from the rows read (no second read of the
                        # rows) in a thread, while the database writes them.
                        kept, checker.kept = checker.kept, None
                        building = asyncio.ensure_future(
                            asyncio.to_thread(PrefixIndex.build, card.id, revision.id, kept)
                        )
                finally:
                    await writer.close()
                revision.row_count = report.rows_imported
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
            report.rows_imported = 0
        finally:
            index = await building if building is not None else None
    if revision is not None and index is not None:
        registry().put(index)
    report.elapsed_ms = round((time.perf_counter() - started) * 1000)
    await _notify(progress, report.rows_read)
    return ImportResult(report, revision)


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

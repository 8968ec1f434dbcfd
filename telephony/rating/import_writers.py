"""The database writers of rate imports: a revision's checked batches written in order,
in a task of their own, while the next batches are checked; one class a dialect, by name in
:data:`WRITERS` (SQLite: one ``INSERT ... SELECT`` from ``json_each`` a batch; PostgreSQL:
one ``COPY ... FROM STDIN`` for the whole import). The SQL is built as sqlglot trees.
"""

from __future__ import annotations

import asyncio
import functools
import json
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from operator import itemgetter
from typing import Any

from sqlglot import exp

from telephony.rating.import_checks import ACTIVE, Checked
from telephony.rating.import_formats import QUICK_ROW
from telephony.rating.models import Rate

__all__ = ["WRITERS"]

#: The columns written, in this order: the revision, then a checked row
#: (:data:`telephony.rating.import_checks.Written`).
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
#: Checked batches waiting to be written, at most (the checks run ahead of the database).
_WRITE_AHEAD = 8
#: SQLite's page cache while an import writes, KiB.
_SQLITE_CACHE_KIB = 64 * 1024


class _Writer(ABC):
    """Writes a revision's checked batches in order, in a task of its own, while the next
    batches are checked (the database works in its own thread or process meanwhile); at
    most :data:`_WRITE_AHEAD` batches wait. Each dialect is a subclass (:data:`WRITERS`)."""

    def __init__(self, conn: Any, revision_id: int) -> None:
        self.conn = conn
        self.revision_id = revision_id
        self.queue: asyncio.Queue[Any] = asyncio.Queue(_WRITE_AHEAD)
        self.task = asyncio.ensure_future(self.run())

    @abstractmethod
    def payload(self, batch: Checked) -> Any:
        """``batch`` as this dialect's writer takes it."""

    @abstractmethod
    async def run(self) -> None:
        """Write what :meth:`payloads` yields."""

    async def payloads(self) -> AsyncIterator[Any]:
        while (payload := await self.queue.get()) is not None:
            yield payload

    async def add(self, batch: Checked) -> None:
        if not len(batch):
            return
        await self._put(self.payload(batch))
        await asyncio.sleep(0)  # let the write start

    async def _put(self, payload: Any) -> None:
        putting = asyncio.ensure_future(self.queue.put(payload))
        await asyncio.wait((putting, self.task), return_when=asyncio.FIRST_COMPLETED)
        if not putting.done():  # the writer stopped: a database error
            putting.cancel()
            await self.task
            raise RuntimeError("the rate writer stopped early")

    async def close(self) -> None:
        """Write what is queued, then finish (raises the writer's error)."""
        if not self.task.done():
            await self._put(None)
        await self.task


class _SqliteWriter(_Writer):
    """One ``INSERT ... SELECT`` from ``json_each`` a batch: SQLite reads the batch's JSON
    without the GIL while Python checks the next batch (``executemany`` would take the GIL
    back for every row, and wait for it behind the checks)."""

    def payload(self, batch: Checked) -> tuple[str, list[Any]]:
        if batch.quick is None:
            return _insert_json_sql(len(_COLUMNS) - 1), [self.revision_id, json.dumps(batch.rows)]
        # The quick pattern admits no quote, backslash or control character: its texts
        # are JSON strings as they stand. Its rows are active, with no inter/intra.
        rows = '[["' + '"],["'.join(map('","'.join, batch.quick)) + '"]]'
        return _insert_json_sql(len(QUICK_ROW), 1), [self.revision_id, ACTIVE, rows]

    async def run(self) -> None:
        # A page cache that holds the (revision, prefix) index the batches fill in random
        # order: with the default 2 MB, SQLite spills its pages to the WAL and writes them
        # again (about 15 % of the work). The size is the connection's again after (the
        # import's own connection on a file; the shared one in memory).
        _, found = await self.conn.execute_query(_pragma("cache_size"))
        # (Not execute_script: sqlite3's executescript commits first.)
        await self.conn.execute_query(_pragma("cache_size", -_SQLITE_CACHE_KIB))
        try:
            async for sql, values in self.payloads():
                await self.conn.execute_query(sql, values)
        finally:
            await self.conn.execute_query(_pragma("cache_size", int(found[0][0])))


def _pragma(name: str, value: int | None = None) -> str:
    """``PRAGMA name`` or ``PRAGMA name = value``, built as a sqlglot tree."""
    target: exp.Expression = exp.var(name)
    if value is not None:
        target = exp.EQ(this=target, expression=exp.Literal.number(value))
    return exp.Pragma(this=target).sql("sqlite")


@functools.cache
def _insert_json_sql(fields: int, constants: int = 0) -> str:
    """``INSERT INTO rates (...) SELECT ?, json_extract(value, '$[0]'), ..., ? FROM
    json_each(?)``, built as a sqlglot tree: the revision, then the first ``fields``
    columns of each row of a JSON array, then ``constants`` columns after them, the same
    for every row; parameters in that order."""
    values: list[exp.Expression] = [
        exp.Anonymous(
            this="json_extract", expressions=[exp.column("value"), exp.Literal.string(f"$[{i}]")]
        )
        for i in range(fields)
    ]
    values += [exp.Placeholder() for _ in range(constants)]
    columns = list(_COLUMNS[: 1 + fields + constants])
    rows = exp.Table(this=exp.Anonymous(this="json_each", expressions=[exp.Placeholder()]))
    select = exp.select(exp.Placeholder(), *values).from_(rows)
    return exp.insert(select, exp.to_table(Rate._meta.db_table), columns=columns).sql("sqlite")


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    return "\\N" if value is None else str(value).translate(_COPY_ESCAPES)


class _PostgresWriter(_Writer):
    """One ``COPY ... FROM STDIN`` (text format) for the whole import, fed a batch at a
    time: the server stores rows as they come. Each batch is sorted by prefix, so the
    ``(revision, prefix)`` index fills in order (much less work for the server)."""

    def payload(self, batch: Checked) -> bytes:
        start = f"{self.revision_id}\t"
        if batch.quick is not None:
            # The quick pattern admits no tab, newline or backslash: no escapes needed.
            tail = f"\t{ACTIVE}\t\\N\t\\N\n"
            text = start + (tail + start).join(map("\t".join, sorted(batch.quick))) + tail
        else:
            rows = sorted(batch.rows, key=itemgetter(0))
            text = "".join(start + "\t".join(map(_copy_text, row)) + "\n" for row in rows)
        return text.encode()

    async def run(self) -> None:
        async with self.conn.acquire_connection() as raw:
            await raw.copy_to_table(
                Rate._meta.db_table, source=self.payloads(), columns=_COLUMNS, format="text"
            )


WRITERS: dict[str, type[_Writer]] = {"sqlite": _SqliteWriter, "postgres": _PostgresWriter}

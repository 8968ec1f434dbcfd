"""Query Builder benchmarks.

    .venv/bin/python bench/querybuilder.py [--rows 200000] [--postgres-url URL]

CSV import rate (issue 4; goal >= 100,000 rows/s on SQLite): a lead-set dataset is loaded
from a generated CSV of ``--rows`` rows as a background import job (the upload is stored,
then the job streams it through ``querybuilder.transfer.import_rows``: all-or-nothing, every
check on; timed from start to commit), on a SQLite file in a temporary
directory and on a scratch PostgreSQL database (created and dropped through the server at
``--postgres-url``; skipped, with the reason, when unreachable). Figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from querybuilder import datasets, imports, transfer
from querybuilder.models import DatasetPreset
from runtime import db as database
from runtime.auth.principal import SYSTEM
from runtime.services import apps

HEADER = "first_name,last_name,phone,phone_alt,email,company,address,status,notes,custom\n"


def lead_csv(rows: int, chunk_rows: int = 2000) -> Iterator[bytes]:
    """The CSV in chunks, generated as it is read."""
    yield HEADER.encode()
    for start in range(0, rows, chunk_rows):
        lines = [
            f"Ann{n},Smith{n},+4477009{n:08d},,ann{n}@example.com,Acme {n % 97},"
            f'"{n} High Street, Leeds",new,,"{{""n"": {n}}}"\n'
            for n in range(start, min(rows, start + chunk_rows))
        ]
        yield "".join(lines).encode()


async def _chunks(source: Iterator[bytes]) -> AsyncIterator[bytes]:
    for chunk in source:
        yield chunk


async def import_rate(url: str, rows: int) -> float:
    """The background-import path: the upload is stored first (not timed), then the job
    runs it from the file (timed, to the committed end)."""
    await database.migrate(url)
    async with database.open_database(url, shared=False):
        app = await apps.create_app(SYSTEM, "bench")
        dataset = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
        with tempfile.TemporaryDirectory() as data_dir:
            job = await imports.create_job(
                SYSTEM, dataset, _chunks(lead_csv(rows)), data_dir=Path(data_dir), max_bytes=2**40
            )
            runner = imports.ImportRunner(Path(data_dir))
            started = time.perf_counter()
            await imports.start_job(SYSTEM, runner, dataset, job)
            await runner.wait(job.id)
            elapsed = time.perf_counter() - started
        await job.refresh_from_db()
        if job.status != "succeeded" or job.rows_imported != rows:
            print(f"  import failed: {job.message} {(job.report or {}).get('errors', [])[:3]}")
    return rows / elapsed


async def sqlite_rate(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rate = await import_rate(f"sqlite://{Path(tmp) / 'bench.sqlite3'}", rows)
    print(f"CSV import, SQLite:     {rate:>10,.0f} rows/s  ({rows:,} rows)")


async def postgres_rate(server: str, rows: int) -> None:
    name = f"trunkline_bench_qb_{uuid.uuid4().hex[:8]}"
    try:
        conn = await asyncpg.connect(server, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        print(f"CSV import, PostgreSQL: skipped ({server} not reachable: {exc})")
        return
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        rate = await import_rate(f"{server.rpartition('/')[0]}/{name}", rows)
        print(f"CSV import, PostgreSQL: {rate:>10,.0f} rows/s  ({rows:,} rows)")
    finally:
        conn = await asyncpg.connect(server, timeout=5)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


FIVE_JOINS = {
    "from": "calls",
    "as": "c",
    "joins": [
        {
            "dataset": dataset,
            "as": alias,
            "type": "left" if n % 2 else "inner",
            "on": [{"left": f"c.{key}", "right": f"{alias}.id"}],
        }
        for n, (dataset, alias, key) in enumerate(
            (
                ("customers", "cu", "customer_id"),
                ("carriers", "ca", "carrier_id"),
                ("routes", "r", "route_id"),
                ("rates", "ra", "rate_id"),
                ("countries", "co", "country_id"),
            )
        )
    ],
    "select": [
        {"column": "cu.name", "as": "customer"},
        {"column": "co.name", "as": "country"},
        {"aggregate": "count", "as": "calls"},
        {"aggregate": "sum", "column": "c.duration", "as": "seconds"},
    ],
    "where": {
        "and": [
            {"column": "c.duration", "op": ">", "value": 0},
            {"column": "ca.name", "op": "like", "value": "%tel%"},
        ]
    },
    "group_by": ["cu.name", "co.name"],
    "order_by": [{"column": "calls", "desc": True}],
    "limit": 100,
}


def compile_figure() -> None:
    from querybuilder.spec import compile_time

    tables = {
        name: f"app_1__{name}"
        for name in ("calls", "customers", "carriers", "routes", "rates", "countries")
    }
    figures = compile_time(FIVE_JOINS, tables, dialect="sqlite", runs=1000)
    shown = ", ".join(f"{k} {v:,.0f} µs" for k, v in figures.items())
    print(f"visual spec with 5 joins, median of 1,000 compiles: {shown}   goal <= 200 µs")


async def deep_page(rows: int) -> None:
    """p50 of fetching page 1,000 (50 rows a page) sorted by an indexed column."""
    from querybuilder import rows as row_service

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite://{Path(tmp) / 'pages.sqlite3'}"
        await database.migrate(url)
        async with database.open_database(url, shared=False):
            app = await apps.create_app(SYSTEM, "pages")
            dataset = await datasets.create_dataset(
                SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET
            )
            await transfer.import_rows(dataset, lead_csv(rows))
            # the cursor of page 1,000: walk there once, by keyset
            cursor = None
            for _ in range(999):
                page = await row_service.list_rows(dataset, sort="phone", limit=50, cursor=cursor)
                cursor = page.next
            timings = []
            for _ in range(50):
                started = time.perf_counter()
                await row_service.list_rows(dataset, sort="phone", limit=50, cursor=cursor)
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        f"page 1,000 of a {rows:,}-row dataset sorted by an indexed column (SQLite): "
        f"p50 {timings[len(timings) // 2]:.1f} ms   goal <= 20 ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--page-rows", type=int, default=1_000_000)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    compile_figure()
    print("goal >= 100,000 rows/s on SQLite")
    await sqlite_rate(args.rows)
    await postgres_rate(args.postgres_url, args.rows)
    await deep_page(args.page_rows)


if __name__ == "__main__":
    asyncio.run(main())

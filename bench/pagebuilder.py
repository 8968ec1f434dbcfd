"""Page builder benchmarks: server render time and data-grid paging, on the path users hit.

    .venv/bin/python bench/pagebuilder.py [--rows 1000000] [--requests 300]

- **Form page**: ``GET /apps/bench/form`` for a page of 100 fields (inputs, numbers, selects,
  text areas, dates, switches, checkboxes in turn, each with rules), through the whole
  application in-process (access check, page lookup, document, render, security headers):
  p50/p99 over ``--requests`` requests. Goal <= 20 ms.
- **Data grid page** over a ``--rows``-row dataset: the grid's data-source request
  (``POST /apps/bench/grid/_api/ds/calls`` with the page token; keyset paging, 50 rows,
  estimated totals) for page 1 and for page 10,000 (its cursor found once beforehand):
  p50/p99. Goal <= 30 ms.

SQLite file in a temporary directory; figures only (speed is never asserted in tests).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pagebuilder import pages
from pagebuilder.components import registry
from pagebuilder.models import PageAccess
from querybuilder import datasets, transfer
from runtime import db as database
from runtime.app import create_app
from runtime.auth.principal import SYSTEM
from runtime.services import apps
from runtime.settings import Settings

FIELD_KINDS = ("input", "number", "select", "textarea", "date", "switch", "checkbox")
OPTIONS = {"source": "static", "items": [{"value": v, "label": v.title()} for v in ("a", "b")]}


def form_document(fields: int = 100) -> dict[str, Any]:
    kinds = [k for k in FIELD_KINDS if registry.find(k) is not None]
    components = []
    for n in range(fields):
        kind = kinds[n % len(kinds)]
        component: dict[str, Any] = {
            "type": kind,
            "id": f"{kind}_{n:08d}",
            "name": f"Field {n}",
            "rules": {"required": n % 3 == 0, "max_length": 100} if kind == "input" else None,
        }
        if kind in ("select", "checkbox"):
            component["options"] = OPTIONS
        components.append({k: v for k, v in component.items() if v is not None})
    return {"title": "A 100-field form", "components": components}


GRID_DOCUMENT = {
    "title": "Calls",
    "data_sources": [
        {"name": "calls", "type": "database", "dataset": "calls", "operation": "list"}
    ],
    "components": [],
}


def calls_csv(rows: int, chunk: int = 5000) -> Any:
    yield b"number,duration,cost\n"
    for start in range(0, rows, chunk):
        yield "".join(
            f"+4420{n:08d},{n % 3600},{n % 997}.{n % 100:02d}\n"
            for n in range(start, min(rows, start + chunk))
        ).encode()


def percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return f"p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"


async def timed(client: httpx.AsyncClient, requests: int, call: Any) -> list[float]:
    for _ in range(5):  # warm-up
        await call()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = await call()
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"bench request failed: {response.status_code} {response.text[:300]}")
    return samples


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite://{Path(tmp) / 'bench.sqlite3'}"
        settings = Settings(database_url=url, data_dir=Path(tmp), secret_key="x" * 40)
        await database.migrate(url)
        async with database.open_database(url, shared=False):
            app_record = await apps.create_app(SYSTEM, "bench")
            await pages.create_page(
                SYSTEM, app_record, "form", document=form_document(), access=PageAccess.PUBLIC
            )
            await pages.create_page(
                SYSTEM, app_record, "grid", document=GRID_DOCUMENT, access=PageAccess.PUBLIC
            )
            calls = await datasets.create_dataset(
                SYSTEM,
                app_record,
                "calls",
                columns=[
                    {"name": "number", "type": "string", "indexed": True},
                    {"name": "duration", "type": "integer"},
                    {"name": "cost", "type": "decimal(10,2)"},
                ],
            )
            loaded = await transfer.import_rows(calls, calls_csv(args.rows))
            assert loaded.committed, loaded.errors[:3]
            web = create_app(settings, manage_database=False)
            transport = httpx.ASGITransport(app=web)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                form = await timed(client, args.requests, lambda: client.get("/apps/bench/form"))
                print(f"form page, 100 fields, server render:      {percentiles(form)}", end="")
                print("   goal <= 20 ms")
                page = await client.get("/apps/bench/grid")
                boot = re.search(r'id="pb-boot">(.*?)</script>', page.text, re.S)
                assert boot, page.text[:500]
                token = json.loads(boot.group(1))["token"]
                headers = {"Authorization": f"Bearer {token}"}
                source = "/apps/bench/grid/_api/ds/calls"

                def grid(cursor: str | None) -> Any:
                    body = {"limit": 50, "sort": "number", "cursor": cursor}
                    return client.post(source, json=body, headers=headers)

                first = await timed(client, args.requests, lambda: grid(None))
                print(
                    f"data grid over {args.rows:,} rows, page 1:       {percentiles(first)}"
                    "   goal <= 30 ms"
                )
                cursor = None
                for _ in range(9_999):
                    cursor = (await grid(cursor)).json()["data"]["next"]
                deep = await timed(client, args.requests, lambda: grid(cursor))
                print(
                    f"data grid over {args.rows:,} rows, page 10,000:  {percentiles(deep)}"
                    "   goal <= 30 ms"
                )
            pool = getattr(web.state, "sandbox", None)
            if pool is not None:
                await pool.aclose()


if __name__ == "__main__":
    asyncio.run(main())

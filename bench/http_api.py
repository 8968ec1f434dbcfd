"""Throughput and latency of an authenticated API list, on the real server, per database.

    .venv/bin/python bench/http_api.py [--seconds 10] [--concurrency 32] [--customers 500]

For each dialect (SQLite file, then PostgreSQL) it starts ``trunkline run`` as a subprocess
on a fresh database (``trunkline init``, ``trunkline apikey create --user admin``), seeds
customers through the API, warms up, then drives ``GET /api/v1/customers?limit=50`` with an
``X-Api-Key`` from an async httpx client and prints requests/s and p50/p99 latency.

PostgreSQL gets a scratch database ``trunkline_bench`` (created through the server at
``--postgres-url``, dropped afterwards); it is skipped, with the reason, when unreachable.
The server is what ships: one uvicorn process, request validation, request ids, metrics and
access logging all on. The load generator runs on the same machine and competes for the
same CPU cores, so the figures are a floor for the server, not a capacity plan.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "trunkline_bench"
ADMIN_PASSWORD = "bench admin password"
ENDPOINT = "/api/v1/customers?limit=50"
DEFAULT_PG = os.environ.get(
    "TRUNKLINE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
)


def trunkline_command() -> list[str]:
    script = Path(sys.executable).with_name("trunkline")
    return [str(script)] if script.exists() else [sys.executable, "-m", "runtime"]


@dataclass
class Result:
    dialect: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0
    note: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


class Server:
    """``trunkline init`` then ``trunkline run`` on a free port, in a scratch data dir."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
        self.env["TRUNKLINE_DATA_DIR"] = str(data_dir)
        if database_url:
            self.env["TRUNKLINE_DATABASE_URL"] = database_url
        self.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT), self.env.get("PYTHONPATH", "")) if p
        )
        self.log = data_dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def cli(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [*trunkline_command(), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.data_dir,
            timeout=300,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"trunkline {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(
                [*trunkline_command(), "run", "--port", str(port)],
                env=self.env,
                cwd=self.data_dir,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )

    async def wait_healthy(self, within: float = 60.0) -> None:
        assert self.process is not None
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(base_url=self.url, timeout=2, trust_env=False) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server exited:\n{self.log.read_text()[-2000:]}")
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get("/healthz")).status_code == 200:
                        return
                await asyncio.sleep(0.2)
        raise RuntimeError(f"server not healthy within {within:.0f}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def running(data_dir: Path, database_url: str | None) -> Iterator[tuple[Server, str]]:
    """A fresh, initialised server and an admin API key for it."""
    server = Server(data_dir, database_url)
    server.cli("init", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    key = server.cli("apikey", "create", "--user", "admin", "--name", "bench").strip()
    server.start()
    try:
        yield server, key
    finally:
        server.stop()


def client(server: Server, key: str, concurrency: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=server.url,
        headers={"X-Api-Key": key},
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        timeout=30,
        trust_env=False,
    )


async def seed(http: httpx.AsyncClient, count: int) -> None:
    names = iter(range(count))

    async def worker() -> None:
        for n in names:
            body = {"name": f"Customer {n:05d}", "currency": ("USD", "EUR", "GBP")[n % 3]}
            response = await http.post("/api/v1/customers", json=body)
            if response.status_code != 201:
                raise RuntimeError(f"seeding failed: {response.status_code} {response.text}")

    await asyncio.gather(*(worker() for _ in range(8)))


async def load(http: httpx.AsyncClient, seconds: float, concurrency: int, result: Result) -> None:
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while (start := time.perf_counter()) < deadline:
            try:
                response = await http.get(ENDPOINT)
                await response.aread()
            except httpx.HTTPError as exc:
                result.errors += 1
                result.error_kinds[type(exc).__name__] += 1
                continue
            if response.status_code == 200:
                result.latencies.append(time.perf_counter() - start)
            else:
                result.errors += 1
                result.error_kinds[f"HTTP {response.status_code}"] += 1

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.elapsed = time.perf_counter() - began


async def bench_one(dialect: str, database_url: str | None, args: argparse.Namespace) -> Result:
    result = Result(dialect)
    with (
        tempfile.TemporaryDirectory(prefix=f"trunkline-bench-{dialect}-") as tmp,
        running(Path(tmp), database_url) as (server, key),
    ):
        await server.wait_healthy()
        async with client(server, key, args.concurrency) as http:
            await seed(http, args.customers)
            first = (await http.get(ENDPOINT)).json()
            if first["total"] != args.customers or len(first["items"]) != 50:
                raise RuntimeError(f"unexpected list: total={first['total']}")
            await load(http, args.warmup, args.concurrency, Result(dialect))
            await load(http, args.seconds, args.concurrency, result)
    return result


async def postgres_database(admin_url: str) -> str:
    """Create the scratch database; return its URL."""
    conn = await asyncpg.connect(admin_url, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await conn.close()
    return f"{admin_url.rpartition('/')[0]}/{BENCH_DB}"


async def drop_postgres_database(admin_url: str) -> None:
    conn = await asyncpg.connect(admin_url, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    finally:
        await conn.close()


def print_header(args: argparse.Namespace) -> None:
    print(
        f"GET {ENDPOINT} with X-Api-Key · {args.customers} customers · "
        f"concurrency {args.concurrency} · {args.seconds:g}s after {args.warmup:g}s warm-up"
    )
    print(
        f"real server: one uvicorn process, validation + request ids + metrics + access log on; "
        f"the httpx load generator runs on the same {os.cpu_count()} CPU core(s) and competes "
        "with it (no wrk here), so these are lower bounds."
    )
    print()


def print_table(results: list[Result]) -> None:
    header = ("dialect", "requests", "req/s", "p50 ms", "p99 ms", "errors")
    print("{:<10} {:>9} {:>8} {:>8} {:>8} {:>7}".format(*header))
    for r in results:
        if r.note:
            print(f"{r.dialect:<10} skipped: {r.note}")
            continue
        rate = len(r.latencies) / r.elapsed if r.elapsed else 0.0
        print(
            f"{r.dialect:<10} {r.requests:>9} {rate:>8.0f} {r.percentile(0.50):>8.1f} "
            f"{r.percentile(0.99):>8.1f} {r.errors:>7}"
        )
    spread = [r for r in results if r.latencies]
    for r in spread:
        print(
            f"  {r.dialect}: mean {statistics.fmean(r.latencies) * 1000:.1f} ms, "
            f"max {max(r.latencies) * 1000:.1f} ms"
            + (f"; errors: {dict(r.error_kinds)}" if r.error_kinds else "")
        )


async def main(args: argparse.Namespace) -> int:
    print_header(args)
    results: list[Result] = []
    if "sqlite" in args.dialects:
        results.append(await bench_one("sqlite", None, args))
    if "postgres" in args.dialects:
        try:
            url = await postgres_database(args.postgres_url)
        except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
            results.append(Result("postgres", note=f"{args.postgres_url} unreachable: {exc}"))
        else:
            try:
                results.append(await bench_one("postgres", url, args))
            finally:
                await drop_postgres_database(args.postgres_url)
    print_table(results)
    return 1 if any(r.errors for r in results) else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured load per dialect")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured load first")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--customers", type=int, default=500, help="rows to seed (>= 50)")
    parser.add_argument(
        "--dialects", default="sqlite,postgres", help="comma-separated: sqlite,postgres"
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_PG,
        help="a database on the server to connect to for CREATE/DROP DATABASE",
    )
    args = parser.parse_args()
    args.dialects = {d.strip() for d in args.dialects.split(",") if d.strip()}
    if args.customers < 50:
        parser.error("--customers must be at least 50 (the page size)")
    return args


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))

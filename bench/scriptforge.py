"""ScriptForge benchmarks: cold invocation latency, throughput, suspended scripts.

    .venv/bin/python bench/scriptforge.py [--runs 2000] [--suspended 10000]

Every run is cold: a fresh QuickJS context, the runtime prelude, the module loader and
the script, in a sandbox worker process, with all limits on (the path users hit).
Goals (issue 3): cold p50 <= 1 ms; >= 1,000 HTTP invocations/s on 2 cores; 10,000
scripts suspended on a pending host call in one process.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scriptforge.sandbox import Limits, RunRequest, SandboxPool

TRIVIAL = {"main": "export function main(data) { return data }"}
WAITER = {
    "main": "import { kv } from 'cxKV'\n"
    "export async function main(d) { return (await kv.get('k' + d.i)) + d.i }"
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def cold_latency(runs: int) -> None:
    pool = SandboxPool(size=1)
    await pool.start()
    try:
        request = RunRequest(TRIVIAL, "main", data={"hello": "world"})
        for _ in range(50):
            await pool.run(request)
        latencies = []
        cpu = []
        for _ in range(runs):
            started = time.perf_counter()
            outcome = await pool.run(request)
            latencies.append((time.perf_counter() - started) * 1000)
            cpu.append(outcome.cpu_ms)
            assert outcome.ok, outcome.error
    finally:
        await pool.aclose()
    print(f"cold invocation, trivial main, sequential ({runs} runs, 1 worker):")
    print(
        f"  p50 {percentile(latencies, 0.5):.3f} ms   p99 {percentile(latencies, 0.99):.3f} ms"
        f"   mean {statistics.fmean(latencies):.3f} ms   (JS CPU p50 "
        f"{percentile(cpu, 0.5):.3f} ms)   goal p50 <= 1 ms"
    )


async def throughput(seconds: float, concurrency: int) -> None:
    pool = SandboxPool()
    await pool.start()
    request = RunRequest(TRIVIAL, "main", data={"n": 1})
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            outcome = await pool.run(request)
            assert outcome.ok
            done += 1

    try:
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    finally:
        await pool.aclose()
    print(
        f"pool throughput, trivial main, {pool.size} workers, concurrency {concurrency}:"
        f" {done / elapsed:,.0f} invocations/s"
    )


class HeldHost:
    """Answers kv.get only when released: every run stays suspended on a host promise."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.waiting = 0

    async def call(self, op: str, args: list[Any]) -> Any:
        self.waiting += 1
        await self.release.wait()
        return "v"

    async def logs(self, entries: list[dict[str, Any]]) -> None:
        return None


async def suspended(count: int) -> None:
    pool = SandboxPool(size=1)
    await pool.start()
    worker_pid = pool.workers[0].process.pid
    host = HeldHost()
    warm = await pool.run(RunRequest(TRIVIAL, "main"))  # the worker has imported everything
    assert warm.ok
    before = rss_kb(worker_pid)
    limits = Limits(wall_ms=600_000)
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(
            pool.run(RunRequest(WAITER, "main", data={"i": i}, limits=limits), host)
        )
        for i in range(count)
    ]
    while host.waiting < count:
        await asyncio.sleep(0.05)
        if all(t.done() for t in tasks):
            break
    ramp = time.perf_counter() - started
    held = rss_kb(worker_pid)
    host.release.set()
    outcomes = await asyncio.gather(*tasks)
    await pool.aclose()
    ok = sum(1 for o in outcomes if o.ok)
    per_script = (held - before) / max(1, count)
    print(
        f"suspended scripts in one worker process: {host.waiting:,} waiting on a host call"
        f" (started in {ramp:.1f} s); worker RSS {before / 1024:.0f} MB -> "
        f"{held / 1024:.0f} MB = {per_script:.0f} KB per suspended script;"
        f" {ok:,}/{count:,} completed after release   goal 10,000"
    )


KV_READ = (
    "import { kv } from 'cxKV'\n"
    "export async function main(d) { return { v: await kv.get('greeting') } }"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


WRK_SCRIPT = (
    'wrk.method = "POST"\n'
    "wrk.body = '{\"n\":1}'\n"
    'wrk.headers["Content-Type"] = "application/json"\n'
)


def run_wrk(url: str, seconds: float, concurrency: int) -> str:
    """Drive ``url`` with wrk (a C load generator: it leaves the CPU to the server)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(WRK_SCRIPT)
    wrk = shutil.which("wrk") or "wrk"
    out = subprocess.run(
        [
            wrk,
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, int(seconds))}s",
            "-s",
            lua.name,
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stats = {}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            stats["rate"] = float(parts[1])
        elif parts and parts[0] in ("50%", "99%"):
            stats[parts[0]] = parts[1]
        elif "Non-2xx" in line:
            stats["errors"] = parts[-1]
    return (
        f"{stats.get('rate', 0):7,.0f} invocations/s   p50 {stats.get('50%')}   "
        f"p99 {stats.get('99%')}   errors {stats.get('errors', 0)} (wrk)"
    )


async def http_invocations(seconds: float, concurrency: int) -> None:
    """The real server (``trunkline run``, SQLite) and ``POST /scriptforge/<uuid>``."""
    data_dir = tempfile.mkdtemp(prefix="sf-bench-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    env.update(TRUNKLINE_DATA_DIR=data_dir)
    cli = [sys.executable, "-m", "runtime"]
    subprocess.run(
        [*cli, "init", "--password-stdin"],
        input="bench-password\n",
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [*cli, "run", "--port", str(port), "--no-workers"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            for _ in range(200):
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get("/healthz")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            token = (
                await http.post(
                    "/api/v1/auth/token", json={"username": "admin", "password": "bench-password"}
                )
            ).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            app = (await http.post("/api/v1/apps", json={"name": "bench"}, headers=auth)).json()
            await http.put(
                f"/api/v1/apps/{app['id']}/kv/greeting", json={"value": "hello"}, headers=auth
            )
            targets = {}
            for name, code in (("trivial", TRIVIAL["main"]), ("kv-read", KV_READ)):
                made = await http.post(
                    "/api/v1/scripts",
                    headers=auth,
                    json={
                        "app": app["id"],
                        "name": name,
                        "code": code,
                        "access": "public",
                        "rate_limit_per_minute": 1_000_000,
                    },
                )
                made.raise_for_status()
                targets[name] = f"/scriptforge/{made.json()['uuid']}"
        client = "wrk" if shutil.which("wrk") else "an httpx client"
        print(
            f"HTTP invocations, real server (1 uvicorn process + {os.cpu_count()} sandbox "
            f"workers, SQLite), {client} at concurrency {concurrency} on the same cores:"
        )
        if shutil.which("wrk"):
            for name, path in targets.items():
                print(
                    f"  {name:8} "
                    + run_wrk(base + path, seconds, concurrency)
                    + "   goal >= 1,000/s"
                )
            return
        for name, path in targets.items():
            latencies: list[float] = []
            errors = 0
            limits = httpx.Limits(max_connections=concurrency)
            async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
                for _ in range(200):
                    await http.post(path, json={"n": 1})
                deadline = time.perf_counter() + seconds

                async def worker(
                    path: str = path, deadline: float = deadline, latencies: list[float] = latencies
                ) -> None:
                    nonlocal errors
                    while (start := time.perf_counter()) < deadline:
                        response = await http.post(path, json={"n": 1})
                        if response.status_code == 200:
                            latencies.append(time.perf_counter() - start)
                        else:
                            errors += 1

                began = time.perf_counter()
                await asyncio.gather(*(worker() for _ in range(concurrency)))
                elapsed = time.perf_counter() - began
            ms = [x * 1000 for x in latencies]
            print(
                f"  {name:8} {len(ms) / elapsed:7,.0f} invocations/s   p50 "
                f"{percentile(ms, 0.5):.1f} ms   p99 {percentile(ms, 0.99):.1f} ms   "
                f"errors {errors}   goal >= 1,000/s"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


async def main(args: argparse.Namespace) -> None:
    print(f"ScriptForge sandbox, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    await cold_latency(args.runs)
    await throughput(args.seconds, args.concurrency)
    await http_invocations(args.seconds, args.http_concurrency)
    await suspended(args.suspended)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--http-concurrency", type=int, default=32)
    parser.add_argument("--suspended", type=int, default=10_000)
    asyncio.run(main(parser.parse_args()))

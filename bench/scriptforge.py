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
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

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


async def main(args: argparse.Namespace) -> None:
    print(f"ScriptForge sandbox, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    await cold_latency(args.runs)
    await throughput(args.seconds, args.concurrency)
    await suspended(args.suspended)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--suspended", type=int, default=10_000)
    asyncio.run(main(parser.parse_args()))

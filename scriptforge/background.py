"""Background work of ``trunkline run``: the job worker and the scheduler.

Both poll the database, so several processes (on PostgreSQL) share one queue: jobs are
claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` and a schedule's run is taken by the one
process whose conditional update wins. ``trunkline run --no-workers`` starts neither.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from scriptforge.invoke import invoke, sandbox_pool
from scriptforge.models import Job, RunTrigger, Schedule

log = logging.getLogger(__name__)
JOB_POLL = 0.5
SCHEDULE_POLL = 1.0
HOUSEKEEPING_INTERVAL = 3600.0
RUN_RETENTION_DAYS = 30


class JobWorker:
    """Claims due jobs and runs them, at most ``concurrency`` at a time."""

    def __init__(self, app: Any, concurrency: int = 4, poll: float = JOB_POLL) -> None:
        self.app = app
        self.concurrency = concurrency
        self.poll = poll
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}"
        self.running: set[asyncio.Task[None]] = set()

    async def tick(self) -> int:
        """Claim and start what fits; return how many jobs were started."""
        from scriptforge.services import jobs

        free = self.concurrency - len(self.running)
        if free <= 0:
            return 0
        claimed = await jobs.claim_jobs(self.worker_id, free)
        for job in claimed:
            task = asyncio.create_task(self.process(job))
            self.running.add(task)
            task.add_done_callback(self.running.discard)
        return len(claimed)

    async def process(self, job: Job) -> None:
        from scriptforge.services import jobs

        try:
            script = await job.script
            outcome, run = await invoke(
                self.app,
                script,
                function=job.function,
                data=job.data,
                trigger=RunTrigger.JOB,
                trigger_ref=str(job.id),
                caller="cxJob",
                job_id=job.id,
            )
            if outcome.ok:
                await jobs.complete_job(job, outcome.result)
            else:
                await jobs.fail_job(
                    job, {**(outcome.error or {}), "status": outcome.status, "run_id": run.id}
                )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the job must end in a state, whatever went wrong
            log.exception("job %s failed in the worker", job.id)
            await jobs.fail_job(job, {"message": f"worker error: {exc}"})

    async def run_forever(self) -> None:
        while True:
            try:
                started = await self.tick()
            except Exception:
                log.exception("job worker tick failed")
                started = 0
            if not started:
                await asyncio.sleep(self.poll)

    async def drain(self) -> None:
        if self.running:
            await asyncio.gather(*self.running, return_exceptions=True)


class Scheduler:
    """Fires due schedules (cron, in each schedule's time zone)."""

    def __init__(self, app: Any, poll: float = SCHEDULE_POLL) -> None:
        self.app = app
        self.poll = poll
        self.running: set[asyncio.Task[None]] = set()

    async def tick(self) -> int:
        from scriptforge.services import schedules

        fired = 0
        for schedule in await schedules.due_schedules():
            if await schedules.advance_schedule(schedule):
                task = asyncio.create_task(self.fire(schedule))
                self.running.add(task)
                task.add_done_callback(self.running.discard)
                fired += 1
        return fired

    async def fire(self, schedule: Schedule) -> None:
        from scriptforge.services import schedules

        try:
            script = await schedule.script
            outcome, _ = await invoke(
                self.app,
                script,
                function=schedule.function,
                data=schedule.data,
                trigger=RunTrigger.CRON,
                trigger_ref=str(schedule.id),
                caller="scheduler",
            )
            await schedules.mark_schedule_run(schedule.id, outcome.status)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("schedule %s failed to fire", schedule.id)
            await schedules.mark_schedule_run(schedule.id, "error")

    async def run_forever(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("scheduler tick failed")
            await asyncio.sleep(self.poll)


async def housekeeping(
    retention_days: int = RUN_RETENTION_DAYS, interval: float = HOUSEKEEPING_INTERVAL
) -> None:
    """Hourly: forget expired KV entries and runs older than the retention period."""
    from scriptforge.services import purge_expired_kv, purge_runs

    while True:
        try:
            kv = await purge_expired_kv()
            runs = await purge_runs(datetime.now(UTC) - timedelta(days=retention_days))
            if kv or runs:
                log.info("housekeeping: %d expired KV entries, %d old runs removed", kv, runs)
        except Exception:
            log.exception("scriptforge housekeeping failed")
        await asyncio.sleep(interval)


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Start the sandbox pool (and, unless web-only, the job worker and scheduler)."""
    pool = sandbox_pool(app)
    await pool.start()
    tasks: list[asyncio.Task[None]] = []
    if app.state.background:
        worker, scheduler = JobWorker(app), Scheduler(app)
        app.state.job_worker, app.state.scheduler = worker, scheduler
        tasks = [
            asyncio.create_task(worker.run_forever()),
            asyncio.create_task(scheduler.run_forever()),
        ]
    try:
        yield
    finally:
        for task in tasks:
            await _stop(task)
        await pool.aclose()

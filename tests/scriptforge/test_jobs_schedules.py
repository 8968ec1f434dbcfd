"""The job queue and the scheduler, end to end: scripts queue jobs with ``cxJob.add``, a
``JobWorker`` runs them in the sandbox (retries with backoff, progress, data, results a
producer awaits), jobs survive a restart and a dead worker, and ``Scheduler.tick()`` fires
due schedules once however many schedulers tick."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from runtime.auth.principal import SYSTEM
from scriptforge.background import JobWorker, Scheduler
from scriptforge.models import Job, JobState, Run, RunStatus, RunTrigger, Schedule, Script
from scriptforge.services import enqueue_job
from scriptforge.services.jobs import LOST_WORKER
from scriptforge.services.schedules import create_schedule
from tests.scriptforge.conftest import Forge

WORKER = """\
import cxJob from 'cxJob'
import { incr } from 'cxKV'

export async function main(data) {
  await cxJob.setProgress({ step: 1, of: 2 })
  await cxJob.setData({ ...data, seen: true })
  await cxJob.setProgress({ step: 2, of: 2 })
  return { doubled: data.n * 2, runs: await incr('worker-runs') }
}

// Fails on its first two attempts, succeeds on the third.
export async function flaky(data) {
  const attempt = await incr('flaky-' + data.key)
  if (attempt < 3) throw new Error('attempt ' + attempt + ' failed')
  return { attempt }
}

export function broken() { throw new Error('always fails') }
"""

PRODUCER = """\
import cxJob from 'cxJob'

const retries = { attempts: 3, backoff: { type: 'fixed', delay: 0 } }

export async function main(data) {
  const job = await cxJob.add('worker', 'main', data, retries)
  const result = await job.result
  return { id: job.id, state: job.state, result }
}

export async function retrying(data) {
  const job = await cxJob.add('worker', 'flaky', data, retries)
  return { id: job.id, result: await job.result }
}

export async function later(data) {
  const job = await cxJob.add('worker', data.fn || 'main', data, data.options || {})
  return { id: job.id, state: job.state }
}
"""


@pytest.fixture
async def worker_script(forge: Forge) -> Script:
    return await forge.script(WORKER, "worker")


@pytest.fixture
async def producer(forge: Forge, worker_script: Script) -> Script:
    return await forge.script(PRODUCER, "producer")


async def test_a_producer_awaits_the_result_of_its_job(
    forge: Forge, producer: Script, worker_script: Script, work: Any
) -> None:
    outcome, run = await work(forge.run(producer, {"n": 21}))

    assert outcome.status == "ok", outcome.error
    job = await Job.get()
    assert outcome.result == {
        "id": job.id,
        "state": "waiting",
        "result": {"doubled": 42, "runs": 1},
    }
    assert (job.state, job.attempts_made, job.max_attempts) == (JobState.COMPLETED, 1, 3)
    assert (job.script_id, job.function) == (worker_script.id, "main")  # type: ignore[attr-defined]
    assert job.backoff == {"type": "fixed", "delay_ms": 0}
    assert job.result == {"doubled": 42, "runs": 1}
    assert job.progress == {"step": 2, "of": 2}
    assert job.data == {"n": 21, "seen": True}
    assert job.finished_at is not None and job.locked_by == ""
    job_run = await Run.get(trigger=RunTrigger.JOB)
    assert (job_run.trigger_ref, job_run.caller, job_run.status) == (
        str(job.id),
        "cxJob",
        RunStatus.OK,
    )
    assert run.trigger == RunTrigger.API


async def test_a_job_failing_twice_then_succeeding_completes_on_its_third_attempt(
    forge: Forge, producer: Script, work: Any
) -> None:
    outcome, _ = await work(forge.run(producer, {"key": "a"}, function="retrying"))

    assert outcome.status == "ok", outcome.error
    assert outcome.result["result"] == {"attempt": 3}
    job = await Job.get(id=outcome.result["id"])
    assert (job.state, job.attempts_made, job.error) == (JobState.COMPLETED, 3, None)
    runs = await Run.filter(trigger=RunTrigger.JOB).order_by("id")
    assert [r.status for r in runs] == [RunStatus.ERROR, RunStatus.ERROR, RunStatus.OK]
    assert [r.error["message"] for r in runs[:2]] == ["attempt 1 failed", "attempt 2 failed"]
    assert {r.trigger_ref for r in runs} == {str(job.id)}


async def test_a_job_out_of_attempts_fails_and_so_does_its_awaiting_producer(
    forge: Forge, producer: Script, work: Any
) -> None:
    source = (
        "import cxJob from 'cxJob'\n"
        "export async function main() {\n"
        "  const job = await cxJob.add('worker', 'broken', {}, { attempts: 2 })\n"
        "  try { return await job.result } catch (e) { return { failed: e.message } }\n"
        "}"
    )
    waiting = await forge.script(source, "waiting")

    outcome, _ = await work(forge.run(waiting))

    job = await Job.get()
    assert outcome.result == {"failed": f"job {job.id} failed: always fails"}
    assert (job.state, job.attempts_made) == (JobState.FAILED, 2)
    assert job.error["message"] == "always fails"
    assert job.error["status"] == "error"
    assert await Run.filter(trigger=RunTrigger.JOB, status=RunStatus.ERROR).count() == 2


async def test_exponential_backoff_delays_each_retry_twice_as_long(
    forge: Forge, producer: Script, work: Any
) -> None:
    options = {"attempts": 4, "backoff": {"type": "exponential", "delay": 1000}}
    queued = await forge.result(producer, {"fn": "broken", "options": options}, function="later")
    worker = JobWorker(forge.app)
    delays = []
    for _ in range(3):
        await work(worker=worker)
        job = await Job.get(id=queued["id"])
        assert job.state == JobState.DELAYED
        delays.append(job.run_at - job.updated_at)
        # Nothing is due until the delay has passed: a tick now starts nothing.
        assert await worker.tick() == 0
        await Job.filter(id=job.id).update(run_at=datetime.now(UTC) - timedelta(seconds=1))

    assert delays == [timedelta(seconds=1), timedelta(seconds=2), timedelta(seconds=4)]
    await work(worker=worker)
    job = await Job.get(id=queued["id"])
    assert (job.state, job.attempts_made) == (JobState.FAILED, 4)


async def test_fixed_backoff_and_an_initial_delay(forge: Forge, producer: Script) -> None:
    options = {"attempts": 2, "backoff": 1500, "delay": 60000}
    queued = await forge.result(producer, {"fn": "broken", "options": options}, function="later")
    job = await Job.get(id=queued["id"])
    assert (queued["state"], job.state) == ("delayed", JobState.DELAYED)
    assert timedelta(seconds=59) < job.run_at - job.created_at <= timedelta(seconds=61)
    worker = JobWorker(forge.app)
    assert await worker.tick() == 0  # not due for a minute

    await Job.filter(id=job.id).update(run_at=datetime.now(UTC) - timedelta(seconds=1))
    await worker.tick()
    await worker.drain()

    job = await Job.get(id=queued["id"])
    assert (job.state, job.backoff) == (JobState.DELAYED, {"type": "fixed", "delay_ms": 1500})
    assert job.run_at - job.updated_at == timedelta(milliseconds=1500)


async def test_jobs_survive_a_restart(
    forge: Forge, producer: Script, make_app: Any, work: Any
) -> None:
    queued = await forge.result(producer, {"n": 5}, function="later")
    JobWorker(forge.app)  # a worker that never got to tick: the process stops here
    await forge.app.state.sandbox.aclose()

    restarted = make_app()  # a new process: new application, new sandbox pool
    await work(worker=JobWorker(restarted))

    job = await Job.get(id=queued["id"])
    assert (job.state, job.result) == (JobState.COMPLETED, {"doubled": 10, "runs": 1})
    assert restarted.state.sandbox is not forge.app.state.sandbox


async def test_a_job_whose_worker_died_is_taken_back(
    forge: Forge, worker_script: Script, work: Any
) -> None:
    stale = datetime.now(UTC) - timedelta(minutes=1)
    revived = await enqueue_job(worker_script, "main", {"n": 1}, attempts=3)
    lost = await enqueue_job(worker_script, "main", {"n": 2}, attempts=1)
    running = await enqueue_job(worker_script, "main", {"n": 3}, attempts=3)
    for job, until in ((revived, stale), (lost, stale), (running, stale + timedelta(hours=1))):
        await Job.filter(id=job.id).update(
            state=JobState.ACTIVE, attempts_made=1, locked_by="dead-host:1", locked_until=until
        )

    await work()

    revived, lost, running = [await Job.get(id=j.id) for j in (revived, lost, running)]
    assert (revived.state, revived.attempts_made) == (JobState.COMPLETED, 2)
    assert revived.result == {"doubled": 2, "runs": 1}
    assert (lost.state, lost.error) == (JobState.FAILED, {"message": LOST_WORKER})
    assert (running.state, running.locked_by) == (JobState.ACTIVE, "dead-host:1")


async def test_cx_job_refuses_scripts_of_other_apps(forge: Forge, worker_script: Script) -> None:
    foreign = await forge.script("export const main = () => 1", "foreign", app="other")
    script = await forge.script(
        "import cxJob from 'cxJob'\n"
        "export async function main(d) {\n"
        "  try { return (await cxJob.add(d.ref, 'main', {})).state }\n"
        "  catch (e) { return { error: e.message, code: e.code } } }",
        "adder",
    )

    assert await forge.result(script, {"ref": "worker"}) == "waiting"
    assert await forge.result(script, {"ref": worker_script.id}) == "waiting"
    for ref in (foreign.id, str(foreign.uuid)):
        refused = await forge.result(script, {"ref": ref})
        assert (refused["code"], refused["error"]) == (404, f"no script {ref!r} in this app")
    missing = await forge.result(script, {"ref": "nope"})
    assert missing["code"] == "not_found"
    assert await Job.filter(script_id=foreign.id).count() == 0


async def test_progress_and_data_only_inside_a_job(forge: Forge) -> None:
    script = await forge.script(
        "import cxJob from 'cxJob'\n"
        "export async function main() {\n"
        "  const out = []\n"
        "  for (const call of [() => cxJob.setProgress(1), () => cxJob.setData({})]) {\n"
        "    try { await call() } catch (e) { out.push(e.message) }\n"
        "  }\n"
        "  return out }"
    )
    assert await forge.result(script) == [
        "cxJob.setProgress works only inside a job",
        "cxJob.setData works only inside a job",
    ]


# -- schedules --------------------------------------------------------------------------------

SCHEDULED = """\
import { incr } from 'cxKV'
export async function main(data) {
  console.log('tick', data.label)
  return { label: data.label, fired: await incr('fired') }
}
export function refuse() { throw new Error('503 Maintenance Window') }
"""


async def due_schedule(script: Script, function: str = "main") -> Schedule:
    schedule = await create_schedule(
        SYSTEM, script.id, "*/5 * * * *", function=function, data={"label": "every 5"}
    )
    past = datetime.now(UTC) - timedelta(minutes=2)
    await Schedule.filter(id=schedule.id).update(next_run_at=past)
    return await Schedule.get(id=schedule.id)


async def settle(*schedulers: Scheduler) -> None:
    for scheduler in schedulers:
        if scheduler.running:
            await asyncio.gather(*scheduler.running)


async def test_the_scheduler_fires_a_due_schedule(forge: Forge) -> None:
    script = await forge.script(SCHEDULED, "scheduled")
    schedule = await due_schedule(script)
    not_due = await create_schedule(SYSTEM, script.id, "0 0 1 1 *")
    scheduler = Scheduler(forge.app)
    before = datetime.now(UTC)

    assert await scheduler.tick() == 1
    await settle(scheduler)

    run = await Run.get(trigger=RunTrigger.CRON)
    assert (run.trigger_ref, run.caller, run.status) == (str(schedule.id), "scheduler", "ok")
    assert run.result == {"label": "every 5", "fired": 1}
    assert run.logs[0]["message"] == "tick every 5"
    fresh = await Schedule.get(id=schedule.id)
    assert fresh.last_status == "ok"
    assert fresh.last_run_at is not None and fresh.last_run_at >= before
    assert fresh.next_run_at is not None
    assert before < fresh.next_run_at <= datetime.now(UTC) + timedelta(minutes=5)
    assert fresh.next_run_at.minute % 5 == 0
    assert (await Schedule.get(id=not_due.id)).last_run_at is None
    assert await scheduler.tick() == 0  # not due again until the next time


async def test_a_rejecting_schedule_records_its_status(forge: Forge) -> None:
    script = await forge.script(SCHEDULED, "scheduled")
    schedule = await due_schedule(script, "refuse")
    scheduler = Scheduler(forge.app)

    await scheduler.tick()
    await settle(scheduler)

    assert (await Schedule.get(id=schedule.id)).last_status == "rejected"
    run = await Run.get(trigger=RunTrigger.CRON)
    assert (run.status, run.error["code"]) == (RunStatus.REJECTED, 503)


async def test_a_disabled_schedule_does_not_fire(forge: Forge) -> None:
    script = await forge.script(SCHEDULED, "scheduled")
    schedule = await due_schedule(script)
    await Schedule.filter(id=schedule.id).update(enabled=False)
    assert await Scheduler(forge.app).tick() == 0
    assert not await Run.exists()


async def test_two_schedulers_ticking_at_once_fire_it_once(forge: Forge) -> None:
    script = await forge.script(SCHEDULED, "scheduled")
    await due_schedule(script)
    first, second = Scheduler(forge.app), Scheduler(forge.app)

    fired = await asyncio.gather(first.tick(), second.tick())
    await settle(first, second)

    assert sorted(fired) == [0, 1]
    assert await Run.filter(trigger=RunTrigger.CRON).count() == 1

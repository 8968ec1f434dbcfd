"""The job queue behind cxJob, kept in the database so jobs survive a restart.

::

    enqueue ─► waiting ──(run_at reached)──► claim ─► active ─► complete ─► completed
               delayed ──────────────────────┘          │
                  ▲                                      └─► fail ─┬─► delayed (backoff)
                  └────────────────────────────────────────────────┘   or failed when the
                                                                       attempts are used up

Workers call :func:`claim_jobs`: on PostgreSQL ``SELECT ... FOR UPDATE SKIP LOCKED`` so
many processes can work one queue without handing a job out twice; on SQLite the claim is
a plain transaction (SQLite runs one at a time). A claim holds a lease: a job whose worker
died is claimed again when the lease runs out, and counts the lost attempt.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.services import audit
from scriptforge.models import Job, JobState, Script, json_arg
from scriptforge.services.common import check_function, check_json, utcnow
from scriptforge.services.scripts import resolve_script

BACKOFF_TYPES = ("fixed", "exponential")
MAX_ATTEMPTS = 100
#: Longest initial delay and longest single backoff: a week.
MAX_DELAY_MS = 7 * 86_400_000
#: Longer than the longest wall-clock limit a script may have (10 minutes).
LEASE = timedelta(minutes=15)
READY_STATES = (JobState.WAITING, JobState.DELAYED)
LOST_WORKER = "the worker running this job stopped before it finished"


def snapshot(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "app_id": job.app_id,  # type: ignore[attr-defined]
        "script_id": job.script_id,  # type: ignore[attr-defined]
        "function": job.function,
        "state": job.state,
        "attempts_made": job.attempts_made,
        "max_attempts": job.max_attempts,
        "backoff": job.backoff,
        "run_at": job.run_at,
    }


def normalise_backoff(value: Any, path: str = "backoff") -> dict[str, Any] | None:
    """A backoff as stored: ``{"type", "delay_ms"}`` or None (retry at once).

    Accepts the BullMQ shapes scripts use too: a number (fixed delay in ms) or
    ``{"type": ..., "delay": ms}``.

    >>> normalise_backoff(500)
    {'type': 'fixed', 'delay_ms': 500}
    >>> normalise_backoff({"type": "exponential", "delay": 1000})
    {'type': 'exponential', 'delay_ms': 1000}
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = {"type": "fixed", "delay_ms": value}
    if not isinstance(value, dict):
        raise ValidationFailed.field(path, "must be {type, delay_ms} or a delay in ms")
    kind = value.get("type", "fixed")
    delay = value.get("delay_ms", value.get("delay", 0))
    if kind not in BACKOFF_TYPES:
        raise ValidationFailed.field(f"{path}.type", f"must be one of {', '.join(BACKOFF_TYPES)}")
    if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
        raise ValidationFailed.field(f"{path}.delay_ms", "must be a number of milliseconds >= 0")
    if delay > MAX_DELAY_MS:
        raise ValidationFailed.field(f"{path}.delay_ms", f"must be at most {MAX_DELAY_MS}")
    return {"type": kind, "delay_ms": int(delay)}


def backoff_delay_ms(backoff: dict[str, Any] | None, attempts_made: int) -> int:
    """How long to wait before the next attempt after ``attempts_made`` attempts failed.

    Fixed: the delay every time. Exponential: delay x 2^(attempts - 1), capped at a week.

    >>> [backoff_delay_ms({"type": "exponential", "delay_ms": 1000}, n) for n in (1, 2, 3)]
    [1000, 2000, 4000]
    """
    if not backoff:
        return 0
    delay = int(backoff.get("delay_ms", 0))
    if backoff.get("type") == "exponential":
        delay *= 2 ** max(attempts_made - 1, 0)
    return min(delay, MAX_DELAY_MS)


def _error_of(error: Any) -> dict[str, Any]:
    if isinstance(error, dict):
        return {**error, "message": str(error.get("message", ""))}
    return {"message": str(error)}


async def get_job(job_id: int) -> Job:
    job = await Job.get_or_none(id=job_id)
    if job is None:
        raise NotFound(f"No job with id {job_id}")
    return job


async def enqueue_job(
    script: Script,
    function: str = "main",
    data: Any = None,
    *,
    attempts: int = 1,
    backoff: Any = None,
    delay_ms: int = 0,
    using_db: Any = None,
) -> Job:
    """Queue a call of ``script``'s ``function`` (``cxJob.add``); waiting, or delayed."""
    check_function(function)
    check_json(data, "data")
    if isinstance(attempts, bool) or not isinstance(attempts, int):
        raise ValidationFailed.field("attempts", "must be an integer")
    if not 1 <= attempts <= MAX_ATTEMPTS:
        raise ValidationFailed.field("attempts", f"must be from 1 to {MAX_ATTEMPTS}")
    if isinstance(delay_ms, bool) or not isinstance(delay_ms, int | float):
        raise ValidationFailed.field("delay_ms", "must be a number of milliseconds")
    if not 0 <= delay_ms <= MAX_DELAY_MS:
        raise ValidationFailed.field("delay_ms", f"must be from 0 to {MAX_DELAY_MS}")
    now = utcnow()
    return await Job.create(
        app_id=script.app_id,  # type: ignore[attr-defined]
        script_id=script.id,
        function=function,
        data=json_arg(data),
        state=JobState.DELAYED if delay_ms > 0 else JobState.WAITING,
        max_attempts=attempts,
        backoff=normalise_backoff(backoff),
        run_at=now + timedelta(milliseconds=delay_ms),
        using_db=using_db,
    )


async def create_job(
    actor: Principal,
    script_ref: str | int,
    function: str = "main",
    data: Any = None,
    *,
    attempts: int = 1,
    backoff: Any = None,
    delay_ms: int = 0,
) -> Job:
    """Enqueue through the API (audited); an unknown script is an error of the ``script`` field."""
    script = await resolve_script(script_ref)
    async with in_transaction() as conn:
        job = await enqueue_job(
            script,
            function,
            data,
            attempts=attempts,
            backoff=backoff,
            delay_ms=delay_ms,
            using_db=conn,
        )
        await _audit(actor, "job.create", job, conn, after=snapshot(job))
    return job


async def claim_jobs(
    worker_id: str, limit: int = 1, *, lease: timedelta = LEASE, now: datetime | None = None
) -> list[Job]:
    """Take up to ``limit`` jobs that are due, oldest first, and mark them active.

    Also takes back active jobs whose lease ran out (their worker died); those that had no
    attempts left fail instead of running again.
    """
    now = now or utcnow()
    worker_id = worker_id[:128]
    due = Q(state__in=READY_STATES, run_at__lte=now) | Q(
        state=JobState.ACTIVE, locked_until__lt=now
    )
    async with in_transaction() as conn:
        rows = (
            await Job.filter(due)
            .order_by("run_at", "id")
            .limit(limit)
            .select_for_update(skip_locked=True)
            .using_db(conn)
        )
        lost = [j for j in rows if j.state is JobState.ACTIVE and j.attempts_made >= j.max_attempts]
        claimed = [j for j in rows if j not in lost]
        if lost:
            await (
                Job.filter(id__in=[j.id for j in lost])
                .using_db(conn)
                .update(
                    state=JobState.FAILED,
                    error={"message": LOST_WORKER},
                    locked_by="",
                    locked_until=None,
                    finished_at=now,
                    updated_at=now,
                )
            )
        if claimed:
            await (
                Job.filter(id__in=[j.id for j in claimed])
                .using_db(conn)
                .update(
                    state=JobState.ACTIVE,
                    attempts_made=F("attempts_made") + 1,
                    locked_by=worker_id,
                    locked_until=now + lease,
                    updated_at=now,
                )
            )
    for job in claimed:
        job.state = JobState.ACTIVE
        job.attempts_made += 1
        job.locked_by = worker_id
        job.locked_until = now + lease
        job.updated_at = now
    return claimed


async def complete_job(job: Job, result: Any = None) -> bool:
    """Record success; False when the job is no longer this worker's (its lease ran out)."""
    now = utcnow()
    done = await _mine(job).update(
        state=JobState.COMPLETED,
        result=result,
        error=None,
        locked_by="",
        locked_until=None,
        finished_at=now,
        updated_at=now,
    )
    if done:
        job.state, job.result, job.error, job.finished_at = JobState.COMPLETED, result, None, now
        job.locked_by, job.locked_until = "", None
    return bool(done)


async def fail_job(job: Job, error: Any) -> bool:
    """Record a failed attempt: delayed by the backoff when attempts are left, else failed.

    False when the job is no longer this worker's.
    """
    now = utcnow()
    err = _error_of(error)
    if job.attempts_made < job.max_attempts:
        delay = backoff_delay_ms(job.backoff, job.attempts_made)
        state = JobState.DELAYED if delay else JobState.WAITING
        changes: dict[str, Any] = {
            "state": state,
            "run_at": now + timedelta(milliseconds=delay),
            "finished_at": None,
        }
    else:
        changes = {"state": JobState.FAILED, "finished_at": now}
    changes.update(error=err, locked_by="", locked_until=None, updated_at=now)
    done = await _mine(job).update(**changes)
    if done:
        for field, value in changes.items():
            setattr(job, field, value)
    return bool(done)


async def set_job_progress(job_id: int, progress: Any) -> None:
    """``cxJob.setProgress(...)`` inside the job's function."""
    check_json(progress, "progress")
    await Job.filter(id=job_id).update(progress=progress, updated_at=utcnow())


async def set_job_data(job_id: int, data: Any) -> None:
    """``cxJob.setData(data)`` inside the job's function."""
    check_json(data, "data")
    await Job.filter(id=job_id).update(data=data, updated_at=utcnow())


async def retry_job(actor: Principal, job_id: int) -> Job:
    """Send a failed job back to the queue with its attempts counted afresh."""
    job = await get_job(job_id)
    async with in_transaction() as conn:
        before = snapshot(job)
        now = utcnow()
        moved = (
            await Job.filter(id=job_id, state=JobState.FAILED)
            .using_db(conn)
            .update(
                state=JobState.WAITING,
                attempts_made=0,
                run_at=now,
                result=None,
                error=None,
                progress=None,
                finished_at=None,
                updated_at=now,
            )
        )
        if not moved:
            raise Conflict(f"Only failed jobs can be retried; job {job_id} is {job.state.value}")
        job = await Job.filter(id=job_id).using_db(conn).get()
        await _audit(actor, "job.retry", job, conn, before=before, after=snapshot(job))
    return job


async def delete_job(actor: Principal, job_id: int) -> None:
    """Remove a job that is not running."""
    job = await get_job(job_id)
    async with in_transaction() as conn:
        removed = await Job.filter(id=job_id).exclude(state=JobState.ACTIVE).using_db(conn).delete()
        if not removed:
            raise Conflict(f"Job {job_id} is running; wait for it to finish")
        await _audit(actor, "job.delete", job, conn, before=snapshot(job))


def _mine(job: Job) -> Any:
    return Job.filter(id=job.id, state=JobState.ACTIVE, locked_by=job.locked_by)


async def _audit(
    actor: Principal,
    action: str,
    job: Job,
    conn: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await audit.record(
        actor, action, "job", job.id, job.function, before=before, after=after, using_db=conn
    )

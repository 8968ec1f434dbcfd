"""``/api/v1/jobs``: the job queue (newest first, keyset paging)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import CursorQuery, Page, paginate_keyset
from runtime.auth.permissions import Permission
from scriptforge.models import FUNCTION_NAME_PATTERN, Job, JobState
from scriptforge.services import jobs, scripts
from scriptforge.services.common import resolve_app
from scriptforge.services.jobs import MAX_ATTEMPTS, MAX_DELAY_MS

api = Api()


class JobBackoff(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["fixed", "exponential"] = "fixed"
    delay_ms: int = Field(0, ge=0, le=MAX_DELAY_MS, description="exponential: doubled per attempt")


class JobOut(BaseModel):
    id: int
    app_id: int
    script_id: int
    function: str
    data: Any
    state: JobState
    attempts_made: int
    max_attempts: int
    backoff: JobBackoff | None
    run_at: datetime
    progress: Any
    result: Any
    error: Any
    locked_by: str
    locked_until: datetime | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, j: Job) -> JobOut:
        return cls(
            id=j.id,
            app_id=j.app_id,  # type: ignore[attr-defined]
            script_id=j.script_id,  # type: ignore[attr-defined]
            function=j.function,
            data=j.data,
            state=j.state,
            attempts_made=j.attempts_made,
            max_attempts=j.max_attempts,
            backoff=JobBackoff.model_validate(j.backoff) if j.backoff else None,
            run_at=j.run_at,
            progress=j.progress,
            result=j.result,
            error=j.error,
            locked_by=j.locked_by,
            locked_until=j.locked_until,
            created_at=j.created_at,
            updated_at=j.updated_at,
            finished_at=j.finished_at,
        )


class JobCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    script: int | str = Field(description="numeric id or uuid")
    function: str = Field("main", max_length=100, pattern=FUNCTION_NAME_PATTERN)
    data: Any = None
    attempts: int = Field(1, ge=1, le=MAX_ATTEMPTS, description="tries before it fails")
    backoff: JobBackoff | None = None
    delay_ms: int = Field(0, ge=0, le=MAX_DELAY_MS, description="wait before the first try")


class JobListQuery(CursorQuery):
    app: str | None = Field(None, max_length=64, description="numeric id, name or uuid")
    script: str | None = Field(None, max_length=64, description="numeric id or uuid")
    state: JobState | None = None


@api.route(
    "GET",
    "/jobs",
    name="jobs.list",
    permission=Permission.APPS_READ,
    query=JobListQuery,
    response=Page[JobOut],
    tag="jobs",
)
async def list_jobs(call: Call) -> Page[JobOut]:
    """Jobs, newest first; follow ``next`` for older ones."""
    q: JobListQuery = call.query
    qs = Job.all()
    if q.app:
        qs = qs.filter(app_id=(await resolve_app(q.app)).id)
    if q.script:
        qs = qs.filter(script_id=(await scripts.resolve_script(q.script)).id)
    if q.state:
        qs = qs.filter(state=q.state)
    return await paginate_keyset(qs, q, item=JobOut.of)


@api.route(
    "GET",
    "/jobs/{job_id:int}",
    name="jobs.get",
    permission=Permission.APPS_READ,
    response=JobOut,
    tag="jobs",
    errors=(404,),
)
async def get_job(call: Call) -> JobOut:
    """One job with its progress, result or error."""
    return JobOut.of(await jobs.get_job(call.path["job_id"]))


@api.route(
    "POST",
    "/jobs",
    name="jobs.create",
    permission=Permission.APPS_WRITE,
    body=JobCreate,
    response=JobOut,
    status=201,
    tag="jobs",
)
async def create_job(call: Call) -> JobOut:
    """Queue a call of a script function (waiting, or delayed by ``delay_ms``)."""
    b: JobCreate = call.body
    job = await jobs.create_job(
        call.actor,
        b.script,
        b.function,
        b.data,
        attempts=b.attempts,
        backoff=b.backoff.model_dump() if b.backoff else None,
        delay_ms=b.delay_ms,
    )
    return JobOut.of(job)


@api.route(
    "POST",
    "/jobs/{job_id:int}/retry",
    name="jobs.retry",
    permission=Permission.APPS_WRITE,
    response=JobOut,
    tag="jobs",
    errors=(404, 409),
)
async def retry_job(call: Call) -> JobOut:
    """Send a failed job back to the queue with a fresh count of attempts."""
    return JobOut.of(await jobs.retry_job(call.actor, call.path["job_id"]))


@api.route(
    "DELETE",
    "/jobs/{job_id:int}",
    name="jobs.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="jobs",
    errors=(404, 409),
)
async def delete_job(call: Call) -> None:
    """Remove a job that is not running."""
    await jobs.delete_job(call.actor, call.path["job_id"])

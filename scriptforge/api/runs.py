"""``/api/v1/runs``: the log of script invocations (newest first, keyset paging)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import CursorQuery, Page, paginate_keyset
from runtime.auth.permissions import Permission
from scriptforge.models import Run, RunStatus, RunTrigger
from scriptforge.services import runs, scripts
from scriptforge.services.common import resolve_app

api = Api()


class RunSummary(BaseModel):
    id: int
    script_id: int | None = Field(description="null once the script is deleted")
    app_id: int | None
    script_name: str
    function: str
    status: RunStatus
    trigger: RunTrigger
    trigger_ref: str
    caller: str
    request_id: str
    started_at: datetime
    duration_ms: float
    cpu_ms: float
    memory_peak: int = Field(description="bytes")

    @classmethod
    def fields_of(cls, r: Run) -> dict[str, Any]:
        return {
            "id": r.id,
            "script_id": r.script_id,  # type: ignore[attr-defined]
            "app_id": r.app_id,
            "script_name": r.script_name,
            "function": r.function,
            "status": r.status,
            "trigger": r.trigger,
            "trigger_ref": r.trigger_ref,
            "caller": r.caller,
            "request_id": r.request_id,
            "started_at": r.started_at,
            "duration_ms": r.duration_ms,
            "cpu_ms": r.cpu_ms,
            "memory_peak": r.memory_peak,
        }

    @classmethod
    def of(cls, r: Run) -> RunSummary:
        return cls.model_validate(cls.fields_of(r))


class RunLogLine(BaseModel):
    model_config = ConfigDict(extra="allow")
    level: str
    message: str
    at: Any = Field(description="when it was logged")


class RunOut(RunSummary):
    logs: list[RunLogLine]
    result: Any
    error: Any = Field(description="{message, stack?, code?, reason?} or null")

    @classmethod
    def of(cls, r: Run) -> RunOut:
        return cls.model_validate(
            {**cls.fields_of(r), "logs": r.logs or [], "result": r.result, "error": r.error}
        )


class RunListQuery(CursorQuery):
    app: str | None = Field(None, max_length=64, description="numeric id, name or uuid")
    script: str | None = Field(None, max_length=64, description="numeric id or uuid")
    status: RunStatus | None = None
    trigger: RunTrigger | None = None
    trigger_ref: str | None = Field(None, max_length=64, description="e.g. a job or schedule id")
    since: datetime | None = None
    until: datetime | None = None


@api.route(
    "GET",
    "/runs",
    name="runs.list",
    permission=Permission.APPS_READ,
    query=RunListQuery,
    response=Page[RunSummary],
    tag="runs",
)
async def list_runs(call: Call) -> Page[RunSummary]:
    """Runs, newest first, without logs or results; follow ``next`` for older ones."""
    q: RunListQuery = call.query
    qs = Run.all()
    if q.app:
        qs = qs.filter(app_id=(await resolve_app(q.app)).id)
    if q.script:
        qs = qs.filter(script_id=(await scripts.resolve_script(q.script)).id)
    for field in ("status", "trigger", "trigger_ref"):
        if (value := getattr(q, field)) is not None:
            qs = qs.filter(**{field: value})
    if q.since:
        qs = qs.filter(started_at__gte=q.since)
    if q.until:
        qs = qs.filter(started_at__lt=q.until)
    return await paginate_keyset(qs, q, item=RunSummary.of)


@api.route(
    "GET",
    "/runs/{run_id:int}",
    name="runs.get",
    permission=Permission.APPS_READ,
    response=RunOut,
    tag="runs",
    errors=(404,),
)
async def get_run(call: Call) -> RunOut:
    """One run with its captured logs and its result or error."""
    return RunOut.of(await runs.get_run(call.path["run_id"]))

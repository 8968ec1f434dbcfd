"""``/api/v1/schedules``: cron schedules of script functions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from scriptforge.models import FUNCTION_NAME_PATTERN, Schedule
from scriptforge.services import schedules, scripts
from scriptforge.services.common import resolve_app

api = Api()

CRON_HELP = "five fields: minute hour day-of-month month day-of-week"


class ScheduleOut(BaseModel):
    id: int
    app_id: int
    script_id: int
    function: str
    cron: str
    timezone: str
    data: Any
    enabled: bool
    next_run_at: datetime | None = Field(description="UTC; null while disabled")
    last_run_at: datetime | None
    last_status: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, s: Schedule) -> ScheduleOut:
        return cls(
            id=s.id,
            app_id=s.app_id,  # type: ignore[attr-defined]
            script_id=s.script_id,  # type: ignore[attr-defined]
            function=s.function,
            cron=s.cron,
            timezone=s.timezone,
            data=s.data,
            enabled=s.enabled,
            next_run_at=s.next_run_at,
            last_run_at=s.last_run_at,
            last_status=s.last_status,
            created_at=s.created_at,
            updated_at=s.updated_at,
        )


class ScheduleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    script: int | str = Field(description="numeric id or uuid")
    function: str = Field("main", max_length=100, pattern=FUNCTION_NAME_PATTERN)
    cron: str = Field(min_length=1, max_length=128, description=CRON_HELP)
    timezone: str = Field("UTC", min_length=1, max_length=64, description="IANA, e.g. Europe/Paris")
    data: Any = None
    enabled: bool = True


class ScheduleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    function: str | None = Field(None, max_length=100, pattern=FUNCTION_NAME_PATTERN)
    cron: str | None = Field(None, min_length=1, max_length=128, description=CRON_HELP)
    timezone: str | None = Field(None, min_length=1, max_length=64)
    data: Any = None
    enabled: bool | None = None


class ScheduleListQuery(ListQuery):
    app: str | None = Field(None, max_length=64, description="numeric id, name or uuid")
    script: str | None = Field(None, max_length=64, description="numeric id or uuid")
    enabled: bool | None = None


@api.route(
    "GET",
    "/schedules",
    name="schedules.list",
    permission=Permission.APPS_READ,
    query=ScheduleListQuery,
    response=Page[ScheduleOut],
    tag="schedules",
)
async def list_schedules(call: Call) -> Page[ScheduleOut]:
    """List schedules."""
    q: ScheduleListQuery = call.query
    qs = Schedule.all()
    if q.app:
        qs = qs.filter(app_id=(await resolve_app(q.app)).id)
    if q.script:
        qs = qs.filter(script_id=(await scripts.resolve_script(q.script)).id)
    if q.enabled is not None:
        qs = qs.filter(enabled=q.enabled)
    return await paginate(
        qs,
        q,
        sortable=("id", "next_run_at", "last_run_at", "created_at"),
        default_sort=("id",),
        item=ScheduleOut.of,
    )


@api.route(
    "POST",
    "/schedules",
    name="schedules.create",
    permission=Permission.APPS_WRITE,
    body=ScheduleCreate,
    response=ScheduleOut,
    status=201,
    tag="schedules",
)
async def create_schedule(call: Call) -> ScheduleOut:
    """Schedule a script function on a cron expression in a time zone."""
    b: ScheduleCreate = call.body
    schedule = await schedules.create_schedule(
        call.actor,
        b.script,
        b.cron,
        function=b.function,
        timezone=b.timezone,
        data=b.data,
        enabled=b.enabled,
    )
    return ScheduleOut.of(schedule)


@api.route(
    "GET",
    "/schedules/{schedule_id:int}",
    name="schedules.get",
    permission=Permission.APPS_READ,
    response=ScheduleOut,
    tag="schedules",
    errors=(404,),
)
async def get_schedule(call: Call) -> ScheduleOut:
    """One schedule with its next and last run."""
    return ScheduleOut.of(await schedules.get_schedule(call.path["schedule_id"]))


@api.route(
    "PATCH",
    "/schedules/{schedule_id:int}",
    name="schedules.update",
    permission=Permission.APPS_WRITE,
    body=ScheduleUpdate,
    response=ScheduleOut,
    tag="schedules",
    errors=(404,),
)
async def update_schedule(call: Call) -> ScheduleOut:
    """Change the timing, function or data, or enable/disable; the next run is recomputed."""
    changes = call.body.model_dump(exclude_unset=True)
    schedule = await schedules.update_schedule(call.actor, call.path["schedule_id"], changes)
    return ScheduleOut.of(schedule)


@api.route(
    "DELETE",
    "/schedules/{schedule_id:int}",
    name="schedules.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="schedules",
    errors=(404,),
)
async def delete_schedule(call: Call) -> None:
    """Delete a schedule."""
    await schedules.delete_schedule(call.actor, call.path["schedule_id"])

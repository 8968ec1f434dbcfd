"""Schedules: run a script function on a five-field cron expression in an IANA time zone.

The expression is read on the zone's wall clock, and each matching wall-clock time fires
once: a time skipped when clocks go forward fires at the same instant it would have had
without the jump (01:30 in a 01:00→02:00 gap fires at 02:30), and a time repeated when
clocks go back fires on its first occurrence only. Stored times are UTC.

The scheduler loop is :func:`due_schedules` then, per schedule, :func:`advance_schedule`,
which moves ``next_run_at`` with a compare-and-set so that only one of several processes
fires a given run.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterError, croniter
from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import NotFound, ValidationFailed
from runtime.services import audit
from scriptforge.models import RunStatus, Schedule, json_arg
from scriptforge.services.common import check_function, check_json, utcnow
from scriptforge.services.scripts import resolve_script

#: Candidates examined before a cron expression is declared never to fire.
_MAX_STEPS = 1000


def snapshot(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": schedule.id,
        "app_id": schedule.app_id,  # type: ignore[attr-defined]
        "script_id": schedule.script_id,  # type: ignore[attr-defined]
        "function": schedule.function,
        "cron": schedule.cron,
        "timezone": schedule.timezone,
        "data": schedule.data,
        "enabled": schedule.enabled,
        "next_run_at": schedule.next_run_at,
    }


def cron_problem(cron: str) -> str | None:
    """Why ``cron`` is not a usable five-field expression, or None."""
    if len(cron.split()) != 5:
        return "must have five fields: minute hour day-of-month month day-of-week"
    if not croniter.is_valid(cron):
        return "is not a valid cron expression"
    return None


def zone(name: str) -> ZoneInfo | None:
    """The IANA time zone ``name``, or None when there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return None


def next_run(cron: str, timezone: str, after: datetime) -> datetime:
    """The first time strictly after ``after`` at which the expression fires, in UTC.

    >>> next_run("0 9 * * *", "America/New_York", datetime(2026, 3, 7, 15, tzinfo=UTC))
    datetime.datetime(2026, 3, 8, 13, 0, tzinfo=datetime.timezone.utc)
    """
    tz = ZoneInfo(timezone)
    wall = croniter(cron, after.astimezone(tz).replace(tzinfo=None))
    for _ in range(_MAX_STEPS):
        candidate = wall.get_next(datetime)
        # fold=0: the first of a repeated time; a skipped time keeps the old offset, which
        # lands it as far after the jump as it was after the start of the gap.
        for fold in (0, 1):
            at = candidate.replace(tzinfo=tz, fold=fold).astimezone(UTC)
            if at > after:
                return at
    raise ValueError(f"{cron!r} does not fire in {timezone}")


def check_timing(cron: str, timezone: str) -> datetime:
    """Validate both fields together; returns the next run from now."""
    problems = []
    if (problem := cron_problem(cron)) is not None:
        problems.append({"path": "cron", "message": problem})
    if zone(timezone) is None:
        problems.append({"path": "timezone", "message": f"no IANA time zone {timezone!r}"})
    if not problems:
        try:
            return next_run(cron, timezone, utcnow())
        except (CroniterError, ValueError):
            problems.append({"path": "cron", "message": "never fires"})
    first = problems[0]
    raise ValidationFailed(f"{first['path']}: {first['message']}", problems)


async def get_schedule(schedule_id: int) -> Schedule:
    schedule = await Schedule.get_or_none(id=schedule_id)
    if schedule is None:
        raise NotFound(f"No schedule with id {schedule_id}")
    return schedule


async def create_schedule(
    actor: Principal,
    script_ref: str | int,
    cron: str,
    *,
    function: str = "main",
    timezone: str = "UTC",
    data: Any = None,
    enabled: bool = True,
) -> Schedule:
    script = await resolve_script(script_ref)
    check_function(function)
    check_json(data, "data")
    upcoming = check_timing(cron, timezone)
    async with in_transaction() as conn:
        schedule = await Schedule.create(
            app_id=script.app_id,  # type: ignore[attr-defined]
            script_id=script.id,
            function=function,
            cron=" ".join(cron.split()),
            timezone=timezone,
            data=json_arg(data),
            enabled=enabled,
            next_run_at=upcoming if enabled else None,
            using_db=conn,
        )
        await _audit(actor, "schedule.create", schedule, conn, after=snapshot(schedule))
    return schedule


async def update_schedule(
    actor: Principal, schedule_id: int, changes: Mapping[str, Any]
) -> Schedule:
    """Change the timing, function, data or state; the next run is computed again."""
    unknown = set(changes) - {"function", "cron", "timezone", "data", "enabled"}
    if unknown:
        raise TypeError(f"unknown schedule fields: {sorted(unknown)}")
    schedule = await get_schedule(schedule_id)
    before = snapshot(schedule)
    if changes.get("function") is not None:
        schedule.function = check_function(changes["function"])
    if "data" in changes:
        schedule.data = check_json(changes["data"], "data")
    if changes.get("enabled") is not None:
        schedule.enabled = bool(changes["enabled"])
    cron = " ".join(changes["cron"].split()) if changes.get("cron") is not None else schedule.cron
    timezone = changes.get("timezone") or schedule.timezone
    upcoming = check_timing(cron, timezone)
    schedule.cron, schedule.timezone = cron, timezone
    schedule.next_run_at = upcoming if schedule.enabled else None
    async with in_transaction() as conn:
        await schedule.save(using_db=conn)
        await _audit(
            actor, "schedule.update", schedule, conn, before=before, after=snapshot(schedule)
        )
    return schedule


async def delete_schedule(actor: Principal, schedule_id: int) -> None:
    schedule = await get_schedule(schedule_id)
    async with in_transaction() as conn:
        before = snapshot(schedule)
        await schedule.delete(using_db=conn)
        await _audit(actor, "schedule.delete", schedule, conn, before=before)


async def due_schedules(now: datetime | None = None, limit: int = 100) -> list[Schedule]:
    """Enabled schedules whose next run has come, earliest first."""
    return (
        await Schedule.filter(enabled=True, next_run_at__lte=now or utcnow())
        .order_by("next_run_at", "id")
        .limit(limit)
    )


async def advance_schedule(schedule: Schedule, now: datetime | None = None) -> bool:
    """Claim this run of a due schedule and move it to its next time.

    True when this caller won the run (it should now start the script); False when another
    process advanced it first or it changed meanwhile. Runs missed while nothing was
    running are not made up: the next time is computed from ``now``.
    """
    now = now or utcnow()
    try:
        upcoming: datetime | None = next_run(schedule.cron, schedule.timezone, now)
    except (CroniterError, ValueError, ZoneInfoNotFoundError):
        upcoming = None  # cannot fire again: leave it enabled but without a next run
    won = await Schedule.filter(
        id=schedule.id, enabled=True, next_run_at=schedule.next_run_at
    ).update(next_run_at=upcoming, last_run_at=now, updated_at=now)
    if won:
        schedule.next_run_at, schedule.last_run_at = upcoming, now
    return bool(won)


async def mark_schedule_run(schedule_id: int, status: RunStatus | str) -> None:
    """Record how the run a schedule fired ended (shown as ``last_status``)."""
    value = status.value if isinstance(status, RunStatus) else str(status)
    await Schedule.filter(id=schedule_id).update(last_status=value[:16])


async def _audit(
    actor: Principal,
    action: str,
    schedule: Schedule,
    conn: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    label = f"{schedule.cron} ({schedule.timezone})"
    await audit.record(
        actor,
        action,
        "schedule",
        schedule.id,
        label,
        before=before,
        after=after,
        using_db=conn,
    )

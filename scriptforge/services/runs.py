"""Run records: one per invocation, written by whoever invoked the script."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from runtime import context
from runtime.errors import NotFound
from scriptforge.models import Run, RunStatus, RunTrigger, Script, json_arg
from scriptforge.services.common import utcnow


async def record_run(
    *,
    script: Script | None,
    status: RunStatus,
    trigger: RunTrigger,
    function: str = "main",
    app_id: int | None = None,
    script_name: str = "",
    trigger_ref: str = "",
    caller: str = "",
    request_id: str | None = None,
    started_at: datetime | None = None,
    duration_ms: float = 0.0,
    cpu_ms: float = 0.0,
    memory_peak: int = 0,
    logs: Sequence[dict[str, Any]] = (),
    result: Any = None,
    error: dict[str, Any] | None = None,
) -> Run:
    """Store the outcome of one invocation.

    ``app_id`` and ``script_name`` default to the script's; ``request_id`` to the current
    request's. Runs outside any app (the CLI) pass ``script=None`` and no app.
    """
    if script is not None:
        app_id = script.app_id if app_id is None else app_id  # type: ignore[attr-defined]
        script_name = script_name or script.name
    return await Run.create(
        script_id=script.id if script is not None else None,
        app_id=app_id,
        script_name=script_name[:100],
        function=function[:100],
        status=status,
        trigger=trigger,
        trigger_ref=str(trigger_ref)[:64],
        caller=caller[:128],
        request_id=(context.request_id.get() if request_id is None else request_id)[:64],
        started_at=started_at or utcnow(),
        duration_ms=float(duration_ms),
        cpu_ms=float(cpu_ms),
        memory_peak=int(memory_peak),
        logs=list(logs),
        result=json_arg(result),
        error=json_arg(error),
    )


async def get_run(run_id: int) -> Run:
    run = await Run.get_or_none(id=run_id)
    if run is None:
        raise NotFound(f"No run with id {run_id}")
    return run


async def purge_runs(before: datetime) -> int:
    """Delete runs started before ``before`` (retention housekeeping)."""
    return await Run.filter(started_at__lt=before).delete()

"""Live runs for the IDE console: a script, a saved query or a template run as an asyncio
task while the browser follows it over server-sent events.

``POST /api/v1/ide/runs`` (in :mod:`ide.api`) resolves what to run, starts it with
:meth:`RunRegistry.start` and answers with the run's opaque key; ``GET /ide/runs/{key}/events``
streams ``event: log`` (``{"level", "message", "time"}``, earlier ones replayed to a late
subscriber), then exactly one ``event: done`` (``{"status", "result", "error", "cpu_ms",
"wall_ms", ...}``) and ends. A comment line every :data:`HEARTBEAT_SECONDS` keeps proxies from
closing a quiet stream.

The registry lives on ``app.state.ide_runs``, in this process's memory: it is bounded
(:data:`MAX_RUNS`, :data:`MAX_RUNNING_PER_USER`), finished runs expire after
:data:`KEEP_SECONDS`, and only the user who started a run may follow or cancel it (for
anyone else it does not exist). Cancelling cancels the task: a script's sandbox run is told
to stop (:meth:`scriptforge.sandbox.SandboxPool.run`), and the stream ends "cancelled".

Each kind of run is one :class:`Runner` registered in :data:`RUNNERS`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import BaseRoute, Route

from pagebuilder import app_templates
from pagebuilder.models import AppTemplate
from querybuilder import queries
from querybuilder.models import SavedQuery
from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.errors import NotFound, RateLimited, TrunklineError, ValidationFailed
from runtime.models import App
from runtime.services.common import find_by_ref
from runtime.ui.support import require
from scriptforge.invoke import invoke
from scriptforge.models import RunStatus, RunTrigger, Script
from scriptforge.services.runs import record_run

log = logging.getLogger(__name__)

#: Live runs kept at once (running, or finished and not yet expired).
MAX_RUNS = 256
MAX_RUNNING_PER_USER = 8
#: Seconds a finished run stays followable.
KEEP_SECONDS = 300.0
HEARTBEAT_SECONDS = 15.0
#: Console entries kept per run (scripts' own log limit usually stops them sooner).
MAX_LOG_ENTRIES = 5000
QUERY_MAX_ROWS = 1000

Owner = tuple[str, int]


def owner_of(principal: Principal) -> Owner:
    return (principal.type.value, principal.id)


def done(
    status: str,
    *,
    result: Any = None,
    error: dict[str, Any] | None = None,
    cpu_ms: float | None = None,
    wall_ms: float = 0.0,
    **extra: Any,
) -> dict[str, Any]:
    """The ``done`` event's data."""
    return {
        "status": status,
        "result": result,
        "error": error,
        "cpu_ms": cpu_ms,
        "wall_ms": wall_ms,
        **extra,
    }


def _error(exc: TrunklineError) -> dict[str, Any]:
    return {"message": exc.message, "code": exc.code, "details": exc.details}


def _console_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A sandbox log entry (``at``: epoch ms) as the console shows it."""
    at = entry.get("at")
    when = datetime.fromtimestamp(at / 1000, UTC) if isinstance(at, int | float) else None
    return {
        "level": str(entry.get("level") or "log"),
        "message": str(entry.get("message") or ""),
        "time": (when or datetime.now(UTC)).isoformat(),
    }


@dataclass
class LiveRun:
    key: str
    owner: Owner
    kind: str
    logs: list[dict[str, Any]] = field(default_factory=list)
    #: The sandbox's own entries (a cancelled script's run record keeps them).
    raw_logs: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] | None = None
    finished_at: float | None = None
    task: asyncio.Task[None] | None = None
    #: Set (and replaced) whenever something happens; followers wait on it.
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def running(self) -> bool:
        return self.result is None

    def _notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()

    async def add_logs(self, entries: list[dict[str, Any]]) -> None:
        room = MAX_LOG_ENTRIES - len(self.logs)
        if room <= 0:
            return
        self.raw_logs.extend(entries[:room])
        self.logs.extend(_console_entry(e) for e in entries[:room])
        self._notify()

    def finish(self, outcome: dict[str, Any]) -> None:
        if self.result is None:
            self.result = outcome
            self.finished_at = time.monotonic()
            self._notify()

    async def events(self) -> AsyncIterator[str]:
        """The SSE stream: logs (from the first), heartbeats while waiting, then done."""
        sent = 0
        while True:
            changed = self.changed  # before reading: a change while we yield is not missed
            while sent < len(self.logs):
                yield _sse("log", self.logs[sent])
                sent += 1
            if self.result is not None:
                yield _sse("done", self.result)
                return
            try:
                await asyncio.wait_for(changed.wait(), HEARTBEAT_SECONDS)
            except TimeoutError:
                yield ": heartbeat\n\n"


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


Work = Callable[[LiveRun], Awaitable[dict[str, Any]]]


class RunRegistry:
    """The live runs of this process."""

    def __init__(self) -> None:
        self.runs: OrderedDict[str, LiveRun] = OrderedDict()

    def _expire(self) -> None:
        now = time.monotonic()
        for key, run in list(self.runs.items()):
            if run.finished_at is not None and now - run.finished_at > KEEP_SECONDS:
                del self.runs[key]
        while len(self.runs) >= MAX_RUNS:
            oldest = next((k for k, r in self.runs.items() if not r.running), None)
            if oldest is None:
                raise RateLimited("Too many runs at once; wait for one to finish", 5)
            del self.runs[oldest]

    def start(self, owner: Owner, kind: str, work: Work) -> LiveRun:
        self._expire()
        mine = sum(1 for r in self.runs.values() if r.owner == owner and r.running)
        if mine >= MAX_RUNNING_PER_USER:
            raise RateLimited(f"At most {MAX_RUNNING_PER_USER} runs at once; cancel one", 5)
        run = LiveRun(secrets.token_urlsafe(18), owner, kind)
        self.runs[run.key] = run
        run.task = asyncio.create_task(_drive(run, work), name=f"ide-run-{kind}")
        # A task cancelled before it began never reaches _drive's handlers: end it here too.
        run.task.add_done_callback(lambda _: run.finish(done("cancelled")))
        return run

    def get(self, key: str, owner: Owner) -> LiveRun:
        self._expire()
        run = self.runs.get(key)
        if run is None or run.owner != owner:
            raise NotFound("No such run (it may have expired)")
        return run

    def cancel(self, key: str, owner: Owner) -> bool:
        """Cancel a running run; ``False`` when it had already finished."""
        run = self.get(key, owner)
        if not run.running or run.task is None or run.task.done():
            return False
        run.task.cancel()
        return True

    async def aclose(self) -> None:
        tasks = [r.task for r in self.runs.values() if r.task is not None and not r.task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def registry(app: Any) -> RunRegistry:
    """The application's registry of live runs, created on first use."""
    found = getattr(app.state, "ide_runs", None)
    if found is None:
        found = app.state.ide_runs = RunRegistry()
    return found


async def _drive(run: LiveRun, work: Work) -> None:
    started = time.perf_counter()

    def wall() -> float:
        return round((time.perf_counter() - started) * 1000, 3)

    try:
        outcome = await work(run)
    except asyncio.CancelledError:
        # The top of the task: what matters now is that followers hear how it ended.
        outcome = done("cancelled", error={"message": "Cancelled"}, wall_ms=wall())
    except TrunklineError as exc:
        outcome = done("error", error=_error(exc), wall_ms=wall())
    except Exception:
        log.exception("IDE run %s (%s) failed", run.key, run.kind)
        outcome = done("error", error={"message": "internal error"}, wall_ms=wall())
    run.finish(outcome)


# -- what runs -----------------------------------------------------------------------------


@dataclass
class Start:
    """A run as asked for: where, by whom, with what input."""

    asgi: Any
    app: App
    actor: Principal
    function: str | None = None
    data: Any = None
    vars: dict[str, Any] = field(default_factory=dict)


class Runner(ABC):
    """One kind of run: find its target in the app, then run it."""

    kind = ""
    model: Any = None

    async def find(self, app: App, ref: str | int) -> Any:
        try:
            return await find_by_ref(
                self.model, ref, self.kind, f" in app {app.name!r}", app_id=app.id
            )
        except NotFound as exc:
            raise ValidationFailed.field("ref", exc.message) from None

    @abstractmethod
    async def run(self, start: Start, target: Any, run: LiveRun) -> dict[str, Any]: ...


class ScriptRunner(Runner):
    """The script's draft, like ``POST /scripts/{id}/run``, its console streamed live."""

    kind = "script"
    model = Script

    async def run(self, start: Start, target: Any, run: LiveRun) -> dict[str, Any]:
        began, started_at = time.perf_counter(), datetime.now(UTC)
        env = {k: "" if v is None else str(v) for k, v in start.vars.items()}
        try:
            outcome, record = await invoke(
                start.asgi,
                target,
                function=start.function,
                data=start.data,
                env_overrides=env,
                draft=True,
                trigger=RunTrigger.API,
                caller=start.actor.name,
                on_logs=run.add_logs,
            )
        except asyncio.CancelledError:
            wall_ms = round((time.perf_counter() - began) * 1000, 3)
            stopped = await record_run(
                script=target,
                status=RunStatus.CANCELLED,
                trigger=RunTrigger.API,
                function=start.function or "main",
                caller=start.actor.name,
                started_at=started_at,
                duration_ms=wall_ms,
                logs=run.raw_logs,
                error={"message": "Cancelled from the IDE"},
            )
            error = {"message": "Cancelled"}
            return done("cancelled", error=error, wall_ms=wall_ms, run_id=stopped.id)
        return done(
            outcome.status,
            result=outcome.result if outcome.ok else None,
            error=outcome.error,
            cpu_ms=outcome.cpu_ms,
            wall_ms=outcome.wall_ms,
            run_id=record.id,
        )


class QueryRunner(Runner):
    """A saved query of the app with ``vars`` as its parameters (its defaults fill gaps)."""

    kind = "query"
    model = SavedQuery

    async def run(self, start: Start, target: Any, run: LiveRun) -> dict[str, Any]:
        began = time.perf_counter()
        try:
            result = await queries.run_query(
                start.app,
                target,
                start.vars,
                database_url=start.asgi.state.settings.resolved_database_url,
                max_rows=QUERY_MAX_ROWS,
            )
        except TrunklineError as exc:
            status = "timeout" if exc.code == "query_timeout" else "error"
            wall_ms = round((time.perf_counter() - began) * 1000, 3)
            return done(status, error=_error(exc), wall_ms=wall_ms)
        return done(
            "ok",
            wall_ms=result.elapsed_ms,
            columns=result.columns,
            rows=result.rows,
            truncated=result.truncated,
            sql=result.sql,
        )


class TemplateRunner(Runner):
    """A template rendered with ``data`` (default: its sample variables)."""

    kind = "template"
    model = AppTemplate

    async def run(self, start: Start, target: Any, run: LiveRun) -> dict[str, Any]:
        began = time.perf_counter()
        variables = start.data if start.data is not None else target.sample
        rendered = await app_templates.render(start.app, target, variables)
        wall_ms = round((time.perf_counter() - began) * 1000, 3)
        return done("ok", result=rendered, wall_ms=wall_ms, html=rendered["html"])


RUNNERS: dict[str, Runner] = {r.kind: r for r in (ScriptRunner(), QueryRunner(), TemplateRunner())}


async def start_run(start: Start, kind: str, ref: str | int) -> LiveRun:
    """Find what to run (422 naming ``ref`` when it is not in the app) and start it."""
    runner = RUNNERS[kind]
    target = await runner.find(start.app, ref)

    async def work(run: LiveRun) -> dict[str, Any]:
        return await runner.run(start, target, run)

    return registry(start.asgi).start(owner_of(start.actor), kind, work)


# -- the event stream ----------------------------------------------------------------------


async def run_events(request: Request) -> StreamingResponse:
    """``GET /ide/runs/{key}/events``: the run's console and outcome as server-sent events."""
    principal = await require(request, Permission.APPS_WRITE)
    run = registry(request.app).get(request.path_params["key"], owner_of(principal))
    return StreamingResponse(
        run.events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def routes() -> list[BaseRoute]:
    return [Route("/ide/runs/{key}/events", run_events, methods=["GET"], name="ide:run_events")]

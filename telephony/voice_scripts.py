"""Voice scripts: a ScriptForge script that drives a call through cxC5Server.

Both entry points run on the same leg::

    async function main(data, ctx) { await ctx.answer(); ... }          // legacy

    import cxC5Server from 'cxC5Server';                                 // new
    export async function main(data) {
      const ctx = new cxC5Server(process.env.CORRELATION_ID); ...
    }

:func:`run_voice_script` gives the run a fresh correlation id (``CORRELATION_ID`` in its
environment) that the host maps to the leg (``Scope.call``, see :mod:`telephony.voice_ops`),
wraps the entry so a legacy ``main`` gets ``ctx`` as its second argument, runs it in the
sandbox pool and ends the call when the script does: a hang-up when it returns, an
``error`` event and a hang-up when it fails (a ``"486 Busy"``-style rejection before the
answer rejects the call instead).

**The virtual clock.** The script runs in a worker process; on a simulated leg the clock
must not move while JavaScript runs or a non-call host op (kv, fetch) does real I/O, and
must move while the script waits on the call (a ``tts`` of 3 words takes 1.2 virtual s).
The run's host therefore counts the answers the script has not yet taken in (the worker
acknowledges each once the script waits again: ``settled``), holds non-call ops as clock
participants, and a driver task on the clock stays busy while anything is unacknowledged,
parked otherwise. ``sleep`` and ``setTimeout`` of a voice run wait on the call's clock too.
If nothing can ever happen (``waitForHangup`` and a caller who stays), the clock raises
:class:`~telephony.calls.clock.ClockStalled` out of :func:`run_voice_script`, as for
``<Echo/>``; the simulator reports it as an ``error`` event.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scriptforge.host import (
    FETCH_ALLOW_VAR,
    REST_USER_VARS,
    AppKeyValue,
    MemoryKeyValue,
    Scope,
    ScriptHost,
)
from scriptforge.models import RunStatus, RunTrigger, Script
from scriptforge.sandbox import HostError, Limits, Outcome, RunRequest, SandboxPool
from telephony.calls.clock import ClockStalled, VirtualClock
from telephony.calls.leg import CallLeg
from telephony.class5.routing import VoiceScript, VoiceScriptRunner
from telephony.voice_ops import VoiceCall

__all__ = [
    "VOICE_LIMITS",
    "VoiceRun",
    "function_document",
    "install_runner",
    "run_voice_script",
    "script_runner",
    "uninstall_runner",
]

log = logging.getLogger(__name__)

#: A voice script lives as long as its call (Class 5 is exempt from the 10 s rule).
VOICE_LIMITS = Limits(cpu_ms=5_000, wall_ms=4 * 3600 * 1000)
WRAPPER = "__voice_entry__"
BUSY_CODES = frozenset({486, 600})


@dataclass
class VoiceRun:
    """What a voice script did: its sandbox outcome and the call it ran on."""

    outcome: Outcome
    call: VoiceCall

    @property
    def ok(self) -> bool:
        return self.outcome.ok


def wrapper_source(entry: str, function: str | None) -> str:
    """The run's entry: calls the script's function as ``fn(data, ctx)``."""
    name = json.dumps(function or "main")
    missing = json.dumps(f"Script '{entry}' has no function ")
    return (
        f"const m = require({json.dumps(entry)}), lib = require('cxC5Server'), C5 = lib.default;\n"
        "globalThis.sleep = lib.timers.sleep; globalThis.setTimeout = lib.timers.setTimeout;\n"
        f"module.exports = {{ main: function (data) {{\n"
        f"  const fn = typeof m[{name}] === 'function' ? m[{name}]"
        f" : ({name} === 'main' && typeof m.default === 'function' ? m.default : null);\n"
        f"  if (!fn) throw new ReferenceError({missing} + {name});\n"
        f"  return fn(data, new C5(process.env.CORRELATION_ID));\n"
        f"}} }};\n"
    )


class _Activity:
    """Keeps a virtual clock still while the script or a non-call op is working."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        #: Answers sent (and the start) the worker has not acknowledged yet.
        self.unsettled = 1
        self._signal: asyncio.Future[None] | None = None

    def changed(self) -> None:
        if self._signal is not None and not self._signal.done():
            self._signal.set_result(None)

    def replied(self) -> None:
        self.unsettled += 1
        self.changed()

    def settled(self, count: int) -> None:
        self.unsettled = max(0, self.unsettled - count)
        self.changed()

    async def drive(self, run: asyncio.Task[Outcome]) -> Outcome:
        """Follow ``run`` as a clock participant: busy while the script works."""
        loop = asyncio.get_running_loop()
        run.add_done_callback(lambda _: self.changed())
        while not run.done():
            self._signal = signal = loop.create_future()
            if self.unsettled:
                await signal  # a plain await: the clock holds time
                continue
            try:
                await self.clock.wait(signal)
            except ClockStalled:
                # Nothing on the call can happen; the script may still wake (an event).
                self._signal = signal = loop.create_future()
                if not run.done():
                    await signal
        return run.result()


class VoiceHost:
    """The run's host: ScriptForge's ops, the call's ops, and the clock's accounting."""

    def __init__(self, inner: ScriptHost, activity: _Activity | None) -> None:
        self.inner = inner
        self.activity = activity

    def bind(self, handle: Any) -> None:
        self.inner.bind(handle)

    def unbind(self) -> None:
        self.inner.unbind()

    async def call(self, op: str, args: list[Any]) -> Any:
        activity = self.activity
        if activity is None:
            return await self.inner.call(op, args)
        activity.changed()  # a driver that gave up on a stalled clock looks again
        try:
            if op.startswith("c5."):
                try:
                    return await self.inner.call(op, args)  # parks on the clock as it should
                except ClockStalled:
                    raise HostError("the call waits for something that can never happen") from None
            with activity.clock.participant():  # real I/O takes no virtual time
                return await self.inner.call(op, args)
        finally:
            activity.replied()

    async def logs(self, entries: list[dict[str, Any]]) -> None:
        await self.inner.logs(entries)

    def settled(self, count: int) -> None:
        if self.activity is not None:
            self.activity.settled(count)


def _clock_of(leg: CallLeg) -> VirtualClock | None:
    clock = getattr(leg, "clock", None)
    return clock if isinstance(clock, VirtualClock) else None


async def run_voice_script(
    script: str | Mapping[str, str] | Script,
    leg: CallLeg,
    *,
    app: Any = None,
    pool: SandboxPool | None = None,
    entry: str = "voice",
    function: str | None = None,
    data: Any = None,
    env: Mapping[str, str] | None = None,
    scope: Scope | None = None,
    limits: Limits = VOICE_LIMITS,
) -> VoiceRun:
    """Run a voice script on ``leg`` until it ends; the call has ended when this returns.

    ``script`` is a :class:`~scriptforge.models.Script` of ``app`` (the application: its
    live code, environment, host libraries and sandbox pool; the run is recorded with
    trigger ``voice``), or outside any app (the CLI, tests) the source text, or modules by
    name (``entry`` names the one to run), with ``pool``, ``env`` and ``scope`` (default: a
    throw-away KV and nothing else). ``data`` defaults to the call's variables. On a
    simulated leg the run follows the leg's virtual clock.
    """
    if isinstance(script, Script):
        return await _run_app_script(script, leg, app, function=function, data=data, env=env)
    if pool is None:
        raise ValueError("run_voice_script needs a sandbox pool (or an app's Script)")
    modules = {entry: script} if isinstance(script, str) else dict(script)
    if entry not in modules:
        raise ValueError(f"no script named {entry!r} among {sorted(modules)}")
    call = VoiceCall(uuid.uuid4().hex, leg)
    run_scope = scope if scope is not None else Scope(kv=MemoryKeyValue())
    run_scope.call = call
    request = RunRequest(
        {**modules, WRAPPER: wrapper_source(entry, function)},
        WRAPPER,
        "main",
        dict(leg.variables) if data is None else data,
        {**(env or {}), "CORRELATION_ID": call.id},
        limits,
    )
    outcome = await _run(pool, request, ScriptHost(run_scope), leg)
    await _end_call(call, outcome)
    return VoiceRun(outcome, call)


async def _run(pool: SandboxPool, request: RunRequest, inner: ScriptHost, leg: CallLeg) -> Outcome:
    clock = _clock_of(leg)
    if clock is None:
        return await pool.run(request, VoiceHost(inner, None))
    activity = _Activity(clock)
    host = VoiceHost(inner, activity)

    async def follow() -> Outcome:
        run = asyncio.ensure_future(pool.run(request, host))
        try:
            return await activity.drive(run)
        finally:
            if not run.done():
                run.cancel()

    return await clock.run(follow())


async def _run_app_script(
    script: Script,
    leg: CallLeg,
    app: Any,
    *,
    function: str | None,
    data: Any,
    env: Mapping[str, str] | None,
) -> VoiceRun:
    """An app's script: as :func:`scriptforge.invoke.invoke` runs one, on the call."""
    from scriptforge.invoke import broker as app_broker
    from scriptforge.invoke import (
        builtin_env,
        invocation_cache,
        sandbox_pool,
        scrub,
    )
    from scriptforge.services.runs import record_run

    if app is None:
        raise ValueError("an app's voice script needs the application (app=...)")
    app_id = script.app_id  # type: ignore[attr-defined]
    bundle = await invocation_cache(app).bundle(app_id)
    run_env = {**bundle.env, **builtin_env(script), **(env or {})}
    call = VoiceCall(uuid.uuid4().hex, leg)
    run_env["CORRELATION_ID"] = call.id
    scope = Scope(
        kv=AppKeyValue(app_id),
        app_id=app_id,
        script_id=script.id,
        fetch_allow=tuple(
            p.strip() for p in run_env.get(FETCH_ALLOW_VAR, "").split(",") if p.strip()
        ),
        rest_user=next((run_env[v] for v in REST_USER_VARS if run_env.get(v)), None),
        asgi_app=app,
        secrets=bundle.secrets,
        settings=app.state.settings,
        broker=app_broker(app),
        call=call,
    )
    limits = Limits(
        cpu_ms=max(script.cpu_ms, VOICE_LIMITS.cpu_ms),
        memory_mb=script.memory_mb,
        wall_ms=VOICE_LIMITS.wall_ms,
        stack_kb=script.stack_kb,
        max_result_bytes=script.result_kb * 1024,
        max_log_bytes=script.log_kb * 1024,
    )
    request = RunRequest(
        {**bundle.modules, WRAPPER: wrapper_source(script.name, function)},
        WRAPPER,
        "main",
        dict(leg.variables) if data is None else data,
        run_env,
        limits,
    )
    started = datetime.now(UTC)
    began = time.perf_counter()
    outcome = await _run(sandbox_pool(app), request, ScriptHost(scope), leg)
    for name in ("logs", "error", "result"):
        setattr(outcome, name, scrub(getattr(outcome, name), bundle.secrets))
    await _end_call(call, outcome)
    status = outcome.status if outcome.status in {s.value for s in RunStatus} else "error"
    await record_run(
        script=script,
        status=RunStatus(status),
        trigger=RunTrigger.VOICE,
        function=function or "main",
        trigger_ref=leg.variables.get("CallSid", ""),
        caller=leg.variables.get("From", ""),
        started_at=started,
        duration_ms=(time.perf_counter() - began) * 1000,
        cpu_ms=outcome.cpu_ms,
        memory_peak=outcome.memory,
        logs=outcome.logs,
        result=outcome.result if outcome.ok else None,
        error=outcome.error if not outcome.ok else None,
    )
    return VoiceRun(outcome, call)


def script_runner(*, app: Any = None, pool: SandboxPool | None = None) -> VoiceScriptRunner:
    """The runner for ``voice_script`` destinations and ``connexml simulate FILE.js``
    (:func:`telephony.class5.routing.set_voice_script_runner`).

    An app's script (``app_id``) runs as that app's (its modules, environment, recorded
    run) when ``app`` is given; other code runs alone, in ``pool``, the app's pool, or a
    one-worker pool made for the run (the command line)."""

    async def run(script: VoiceScript, leg: CallLeg, call: Any) -> None:
        if script.app_id is not None and app is not None:
            name = script.name.rsplit("/", 1)[-1]
            found = await Script.get_or_none(app_id=script.app_id, name=name)
            if found is not None:
                await run_voice_script(found, leg, app=app)
                return
        if pool is not None or app is not None:
            from scriptforge.invoke import sandbox_pool

            await run_voice_script(script.code, leg, pool=pool or sandbox_pool(app))
            return
        own = SandboxPool(size=1)
        try:
            await run_voice_script(script.code, leg, pool=own)
        finally:
            await own.aclose()

    return run


def install_runner(*, app: Any = None, pool: SandboxPool | None = None) -> None:
    """Make :func:`script_runner` the one Class 5 routing and the simulator use, and (with
    the server's ``app``) let documents reach ScriptForge functions."""
    from telephony.class5.routing import set_function_documents, set_voice_script_runner

    set_voice_script_runner(script_runner(app=app, pool=pool))
    if app is not None:

        async def documents(target: str, params: Mapping[str, str]) -> str:
            return await function_document(app, target, params)

        set_function_documents(documents)


def uninstall_runner() -> None:
    """Back to the defaults (the server is stopping)."""
    from telephony.class5.routing import set_function_documents, set_voice_script_runner

    set_voice_script_runner(None)
    set_function_documents(None)


_FUNCTION_TARGET = re.compile(
    r"^scriptforge:(?:(?P<app>[^/:]+)/)?(?P<script>[^/:]+)(?::(?P<function>[A-Za-z_$][\w$]*))?$"
)


async def find_function(target: str) -> tuple[Script, str | None]:
    """The script and function ``scriptforge:APP/SCRIPT[:FUNCTION]`` names (APP by name or
    id; ``scriptforge:ID[:FUNCTION]`` names a script by its id); ``LookupError`` else."""
    from runtime.models import App

    match = _FUNCTION_TARGET.match(target)
    if match is None:
        raise LookupError("write scriptforge:APP/SCRIPT[:FUNCTION] or scriptforge:SCRIPT_ID")
    app_ref, name, function = match.group("app"), match.group("script"), match.group("function")
    if app_ref is None:
        script = await Script.get_or_none(id=int(name)) if name.isdigit() else None
        if script is None:
            raise LookupError(f"no script with the id {name}")
        return script, function
    app = await App.filter(name=app_ref).first()
    if app is None and app_ref.isdigit():
        app = await App.get_or_none(id=int(app_ref))
    if app is None:
        raise LookupError(f"no app {app_ref!r}")
    script = await Script.get_or_none(app_id=app.id, name=name)
    if script is None:
        raise LookupError(f"the app {app.name!r} has no script {name!r}")
    return script, function


async def function_document(app: Any, target: str, params: Mapping[str, str]) -> str:
    """Run the function ``target`` names with the call's webhook parameters as its ``data``
    (the live version's code, a recorded run with the ``voice`` trigger); its result must be
    a ConneXML document (a string holding ``<Response``). ``LookupError`` names what failed.
    """
    from scriptforge.invoke import invoke

    script, function = await find_function(target)
    outcome, run = await invoke(
        app,
        script,
        function=function,
        data=dict(params),
        trigger=RunTrigger.VOICE,
        caller=params.get("From", ""),
        trigger_ref=params.get("CallSid", ""),
    )
    if not outcome.ok:
        error = outcome.error or {}
        raise LookupError(
            f"the function failed (run {run.id}): {error.get('message') or outcome.status}"
        )
    if not isinstance(outcome.result, str) or "<Response" not in outcome.result:
        shown = type(outcome.result).__name__ if outcome.result is not None else "nothing"
        raise LookupError(f"the function returned {shown}, not a ConneXML document (run {run.id})")
    return outcome.result


async def _end_call(call: VoiceCall, outcome: Outcome) -> None:
    leg = call.leg
    if leg.hung_up.is_set():
        return
    if outcome.ok:
        await leg.hangup("normal_clearing")
        return
    error = outcome.error or {}
    rejection = outcome.rejection
    if rejection is not None:
        code, reason = rejection
        message = f"{code} {reason}".strip()
    else:
        message = str(error.get("message") or f"the script ended with {outcome.status}")
        if error.get("script") and error.get("line"):
            message += f" ({error['script']}:{error['line']})"
    log.info("voice script %s failed: %s", call.id, message)
    call.emit("error", message=message)
    if rejection is not None and not (call.answered or getattr(leg, "answered", False)):
        await leg.reject("busy" if rejection[0] in BUSY_CODES else "rejected")
    else:
        await leg.hangup("normal_clearing")

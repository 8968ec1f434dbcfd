"""Invoking a script: every entry point (HTTP, API test runs, jobs, schedules, routing
hooks, the command line) comes through :func:`invoke`.

It gathers the app's scripts and environment, builds the run's scope (what the host
libraries may reach), runs it in the application's sandbox pool, scrubs protected values
from what comes back, and records the run.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from querybuilder.scope import current_customer
from scriptforge.cache import InvocationCache
from scriptforge.errors import ScriptFailed, ScriptOutOfMemory, ScriptRejected, ScriptTimeout
from scriptforge.host import (
    FETCH_ALLOW_VAR,
    REST_USER_VARS,
    AppKeyValue,
    Broker,
    KeyValue,
    Scope,
    ScriptHost,
)
from scriptforge.models import Run, RunStatus, RunTrigger, Script
from scriptforge.sandbox import Limits, Outcome, RunRequest, SandboxPool

REDACTED = "***"
_STATUSES = {s.value for s in RunStatus}


def sandbox_pool(app: Any) -> SandboxPool:
    """The application's pool of sandbox workers, created on first use."""
    pool = getattr(app.state, "sandbox", None)
    if pool is None:
        size = app.state.settings.sandbox_workers or None
        pool = SandboxPool(size=size)
        app.state.sandbox = pool
    return pool


def invocation_cache(app: Any) -> InvocationCache:
    found = getattr(app.state, "scriptforge_cache", None)
    if found is None:
        found = app.state.scriptforge_cache = InvocationCache()
    return found


def broker(app: Any) -> Broker:
    """The application's cxPubSub broker (in-process)."""
    found = getattr(app.state, "pubsub", None)
    if found is None:
        found = app.state.pubsub = Broker()
    return found


def scrub(value: Any, secrets: tuple[str, ...]) -> Any:
    """Replace every protected value inside ``value`` (strings, lists, dicts) by ``***``.

    >>> scrub({"log": "token=s3cret!"}, ("s3cret!",))
    {'log': 'token=***'}
    """
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, list):
        return [scrub(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, secrets) for k, v in value.items()}
    return value


def builtin_env(script: Script | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {"EXEC_HOST": socket.gethostname()}
    if script is not None:
        env.update(
            {
                "SCRIPTFORGE_ID": str(script.id),
                "SCRIPTFORGE_UUID": str(script.uuid),
                "SCRIPTFORGE_NAME": script.name,
                "APP_ID": str(script.app_id),  # type: ignore[attr-defined]
            }
        )
    customer = current_customer()
    if customer is not None:  # started for a customer-portal user (their rows only)
        env["CUSTOMER_ID"] = str(customer)
    env.update(extra or {})
    return env


async def invoke(
    app: Any,
    script: Script,
    *,
    function: str | None = None,
    data: Any = None,
    trigger: RunTrigger = RunTrigger.API,
    caller: str = "",
    trigger_ref: str = "",
    job_id: int | None = None,
    env_overrides: dict[str, str] | None = None,
    kv: KeyValue | None = None,
    draft: bool = False,
    on_logs: Callable[[list[dict[str, Any]]], Awaitable[None]] | None = None,
) -> tuple[Outcome, Run]:
    """Run ``function`` (default ``main``) of ``script`` with ``data``; record the run.

    The code is the app's live version's (``draft``: the draft's, as when trying a script).
    ``on_logs`` receives the run's console entries while it runs (the IDE's live console),
    protected values already scrubbed."""
    from scriptforge.services.runs import record_run

    app_id = script.app_id  # type: ignore[attr-defined]
    bundle = await invocation_cache(app).bundle(app_id, draft=draft)
    modules, secrets = bundle.modules, bundle.secrets
    env = {**bundle.env, **builtin_env(script), **(env_overrides or {})}
    allow = tuple(p.strip() for p in env.get(FETCH_ALLOW_VAR, "").split(",") if p.strip())

    async def live_logs(entries: list[dict[str, Any]]) -> None:
        if on_logs is not None:
            await on_logs(scrub(entries, secrets))

    scope = Scope(
        kv=kv or AppKeyValue(app_id),
        app_id=app_id,
        script_id=script.id,
        job_id=job_id,
        fetch_allow=allow,
        rest_user=next((env[v] for v in REST_USER_VARS if env.get(v)), None),
        asgi_app=app,
        secrets=secrets,
        settings=app.state.settings,
        broker=broker(app),
        on_logs=live_logs if on_logs is not None else None,
    )
    limits = Limits(
        cpu_ms=script.cpu_ms,
        memory_mb=script.memory_mb,
        wall_ms=script.wall_ms,
        stack_kb=script.stack_kb,
        max_result_bytes=script.result_kb * 1024,
        max_log_bytes=script.log_kb * 1024,
    )
    started = datetime.now(UTC)
    began = time.perf_counter()
    outcome = await sandbox_pool(app).run(
        RunRequest(modules, script.name, function, data, env, limits), ScriptHost(scope)
    )
    outcome.logs = scrub(outcome.logs, secrets)
    outcome.error = scrub(outcome.error, secrets)
    outcome.result = scrub(outcome.result, secrets)
    status = outcome.status if outcome.status in _STATUSES else RunStatus.ERROR.value
    run = await record_run(
        script=script,
        status=RunStatus(status),
        trigger=trigger,
        function=function or "main",
        trigger_ref=trigger_ref,
        caller=caller,
        started_at=started,
        duration_ms=(time.perf_counter() - began) * 1000,
        cpu_ms=outcome.cpu_ms,
        memory_peak=outcome.memory,
        logs=outcome.logs,
        result=outcome.result if outcome.ok else None,
        error=outcome.error if not outcome.ok else None,
    )
    return outcome, run


def raise_for_outcome(outcome: Outcome, run_id: int | None = None) -> None:
    """Turn a failed outcome into the error an HTTP caller gets."""
    if outcome.ok:
        return
    error = dict(outcome.error or {})
    details: dict[str, Any] = {"run_id": run_id}
    if outcome.status == "rejected":
        raise ScriptRejected(int(error.get("code", 500)), str(error.get("reason", "")), details)
    for key in ("script", "line", "column"):
        if key in error:
            details[key] = error[key]
    message = str(error.get("message") or "The script failed")
    if outcome.status == "timeout":
        raise ScriptTimeout(message, details)
    if outcome.status == "memory":
        raise ScriptOutOfMemory(message, details)
    raise ScriptFailed(message, details)

"""``trunkline script run FILE.js``: run a script on this machine, outside any app.

The returned value is printed as JSON on stdout and the console output on stderr. KV lives
in a throw-away store, ``fetch`` may reach any host (it is the developer's own machine),
and the other ``.js`` files next to FILE can be imported (``import {x} from './other'``).

Exit codes: 0 returned, 3 rejected (``{"code", "reason"}`` on stdout), 1 script error,
time-out or memory limit (the message on stderr), 2 bad usage.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import click

from scriptforge.host import MemoryKeyValue, Scope, ScriptHost
from scriptforge.invoke import builtin_env
from scriptforge.sandbox import Limits, Outcome, RunRequest, SandboxPool

MAX_SIBLINGS = 200
EXIT_REJECTED = 3


def _modules(path: Path) -> dict[str, str]:
    modules = {}
    for sibling in sorted(path.parent.glob("*.*js"))[:MAX_SIBLINGS]:
        if sibling.suffix in (".js", ".mjs") and sibling != path:
            modules[sibling.stem] = sibling.read_text()
    modules[path.stem] = path.read_text()
    return modules


def _env(pairs: tuple[str, ...]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--env")
        env[key] = value
    return env


async def run_file(
    path: Path, function: str | None, data: Any, env: dict[str, str], limits: Limits
) -> Outcome:
    from runtime.settings import load_settings

    pool = SandboxPool(size=1)
    await pool.start()
    try:
        scope = Scope(
            kv=MemoryKeyValue(),
            fetch_allow=("*",),
            fetch_private_guard=False,
            settings=load_settings(),
        )
        request = RunRequest(
            _modules(path), path.stem, function, data, {**builtin_env(None), **env}, limits
        )
        return await pool.run(request, ScriptHost(scope))
    finally:
        await pool.aclose()


def _print_logs(outcome: Outcome) -> None:
    for entry in outcome.logs:
        prefix = "" if entry.get("level") in ("log", "info") else f"[{entry.get('level')}] "
        click.echo(f"{prefix}{entry.get('message', '')}", err=True)
    if outcome.logs_dropped:
        click.echo(f"[{outcome.logs_dropped} log lines dropped: log limit reached]", err=True)


@click.group("script")
def script_group() -> None:
    """ScriptForge scripts."""


@script_group.command("run")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data", "data_json", default="{}", show_default=True, help="JSON passed to the function."
)
@click.option("--function", "-f", default=None, help="Exported function to call (default main).")
@click.option(
    "--env",
    "env_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="process.env entries (repeatable).",
)
@click.option("--cpu-ms", type=int, default=Limits.cpu_ms, show_default=True)
@click.option("--memory-mb", type=int, default=Limits.memory_mb, show_default=True)
@click.option("--wall-ms", type=int, default=Limits.wall_ms, show_default=True)
def script_run(
    file: Path,
    data_json: str,
    function: str | None,
    env_pairs: tuple[str, ...],
    cpu_ms: int,
    memory_mb: int,
    wall_ms: int,
) -> None:
    """Run FILE.js and print what its function returns."""
    try:
        data = json.loads(data_json)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="--data") from None
    try:
        limits = Limits(cpu_ms=cpu_ms, memory_mb=memory_mb, wall_ms=wall_ms)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    outcome = asyncio.run(run_file(file, function, data, _env(env_pairs), limits))
    _print_logs(outcome)
    if outcome.ok:
        click.echo(json.dumps(outcome.result))
        return
    if outcome.rejection is not None:
        code, reason = outcome.rejection
        click.echo(json.dumps({"code": code, "reason": reason}))
        sys.exit(EXIT_REJECTED)
    error = outcome.error or {}
    where = (
        f" ({error['script']}:{error['line']}:{error.get('column', 0)})"
        if "script" in error and "line" in error
        else ""
    )
    click.echo(f"trunkline: {outcome.status}: {error.get('message', 'failed')}{where}", err=True)
    sys.exit(1)

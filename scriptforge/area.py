"""How ScriptForge plugs into the runtime: its models, its API and its demo content."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from runtime.areas import Area
from runtime.auth.principal import SYSTEM
from runtime.models import App
from scriptforge.api import build_api

DEMO_APP = "support-desk"

HELPERS_JS = """\
// Shared helpers, imported by the other scripts of this app.
export function greet(name) {
  return `Hello ${name}, a support engineer will call you back.`;
}
"""

CALLBACK_JS = """\
import { kv } from 'cxKV';
import { greet } from './helpers';

// Records a call-back request from the support page and answers with a greeting.
export async function main(data = {}) {
  const name = data.name || 'there';
  const key = 'callbacks_' + (data.phone || 'unknown');
  const previous = await kv.get(key);
  const count = previous ? Number(previous) + 1 : 1;
  await kv.set(key, String(count), 86400);
  return { message: greet(name), requests_today: count, hours: process.env.SUPPORT_HOURS };
}
"""

DEMO_SCRIPTS = (
    ("helpers", HELPERS_JS, "Helpers shared by the support-desk scripts."),
    ("callback", CALLBACK_JS, "Call-back requests from the support page."),
)


async def seed_scripts(say: Callable[[str], None]) -> None:
    """Two ES-module scripts, an env var and a (disabled) schedule in the demo app."""
    from scriptforge.models import EnvVar, Schedule, Script
    from scriptforge.services import env, schedules, scripts

    app = await App.get_or_none(name=DEMO_APP)
    if app is None:  # the core's demo step did not run
        return
    for name, code, description in DEMO_SCRIPTS:
        if not await Script.exists(app_id=app.id, name=name):
            await scripts.create_script(SYSTEM, app, name, code, description=description)
            say(f"script {DEMO_APP}/{name}")
    if not await EnvVar.exists(app_id=app.id, key="SUPPORT_HOURS"):
        await env.create_env_var(SYSTEM, app, "SUPPORT_HOURS", "Mon-Fri 09:00-17:00")
        say(f"env var {DEMO_APP}/SUPPORT_HOURS")
    callback = await Script.get(app_id=app.id, name="callback")
    if not await Schedule.exists(script_id=callback.id):
        await schedules.create_schedule(
            SYSTEM,
            callback.id,
            "0 8 * * 1-5",
            timezone="Europe/London",
            data={"name": "morning check", "phone": "demo"},
            enabled=False,
        )
        say(f"schedule {DEMO_APP}/callback (weekdays 08:00 Europe/London, disabled)")


def _api() -> Any:
    from scriptforge import run_api

    api = build_api()
    api.include(run_api.api)
    return api


def _routes() -> list[Any]:
    from scriptforge import ui
    from scriptforge.http import routes

    return [*routes(), *ui.routes()]


def _nav() -> Any:
    from scriptforge.ui import NAV

    return NAV


def _lifespan(app: Any) -> Any:
    from scriptforge.background import lifespan

    return lifespan(app)


def _commands() -> list[Any]:
    from scriptforge.cli import script_group

    return [script_group]


async def _forget_runs(app: Any, conn: Any) -> None:
    """Run records keep the app's id without a key (they outlive deleted scripts)."""
    from scriptforge.models import Run

    await Run.filter(app_id=app.id).using_db(conn).delete()


def _bundle() -> Any:
    from scriptforge.bundle import ScriptForgePart

    return ScriptForgePart()


area = Area(
    name="scriptforge",
    models=("scriptforge.models",),
    api=_api,
    routes=_routes,
    nav=_nav(),
    templates=Path(__file__).parent / "templates",
    lifespan=_lifespan,
    commands=_commands(),
    demo_steps=[seed_scripts],
    bundle=_bundle,
    app_deleted=[_forget_runs],
)

"""How voice plugs into the runtime: its models, its API, its pages under /voice and the
ConneXML CLI."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from runtime.areas import Area


def _api() -> Any:
    from runtime.api.framework import Api
    from telephony import api_simulate, customer_ips
    from telephony.class5.api import build_api
    from telephony.media import api as media_api
    from telephony.rating import api as rating_api
    from telephony.rating import api_plan
    from telephony.routing import api as routing_api

    api = Api()
    api.include(build_api())
    api.include(api_simulate.build_api())
    api.include(media_api.build_api())
    api.include(rating_api.build_api())
    api.include(api_plan.build_api())
    api.include(routing_api.build_api())
    api.include(customer_ips.build_api())
    return api


def _routes() -> Any:
    from telephony import ui4
    from telephony.ui import routes

    return [*routes(), *ui4.routes()]


def _nav() -> Any:
    from telephony import ui4
    from telephony.ui import nav

    return (*nav(), *ui4.NAV)


@asynccontextmanager
async def _lifespan(app: Any) -> AsyncIterator[None]:
    """Voice scripts on DIDs run as their app's (its modules, environment and sandbox
    pool), documents reach ScriptForge functions, and routing counters live where the
    settings say, while the server runs; rate cards and the numbering plan follow what other
    nodes change; rate-card builds still running stop with it."""
    from telephony.routing.state import configure
    from telephony.voice_scripts import install_runner, uninstall_runner

    install_runner(app=app)
    # Channel and CPS counters: in Redis when TRUNKLINE_REDIS_URL is set (nodes share them).
    await configure(app.state.settings.redis_url)
    from telephony.rating.services.revisions import activate_due_forever, refresh_forever

    # Every node takes in the rate cards and numbering plan other nodes change.
    tasks = [asyncio.create_task(refresh_forever())]
    if app.state.background:  # not web-only: rate revisions go live at their date
        tasks.append(asyncio.create_task(activate_due_forever()))
    try:
        yield
    finally:
        # Builds of customer cards still running are cancelled: nothing of them is written.
        builds = getattr(app.state, "build_jobs", None)
        if builds is not None:
            await builds.aclose()
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        uninstall_runner()
        await configure("")  # closes the Redis connection


async def _seed(say: Any) -> None:
    from telephony.demo import seed_voice
    from telephony.rating.demo import seed_class4

    await seed_voice(say)
    await seed_class4(say)


async def _extensions(customer_id: int) -> Any:
    from telephony.class5.services.base import extensions_of

    return await extensions_of(customer_id)


def _customer_changed(customer_id: int) -> None:
    from telephony.routing.cache import cache

    cache().forget_customer(customer_id)


def _commands() -> list[Any]:
    from telephony.cli import connexml_group
    from telephony.media.cli import audio_group
    from telephony.rating.cli import carrier_group, customer_group, rates_group
    from telephony.routing.cli import route_group

    return [connexml_group, audio_group, carrier_group, rates_group, customer_group, route_group]


area = Area(
    name="telephony",
    models=(
        "telephony.models",
        "telephony.class5.models",
        "telephony.rating.models",
        "telephony.routing.models",
    ),
    api=_api,
    routes=_routes,
    nav=_nav(),
    templates=Path(__file__).parent / "templates",
    commands=_commands(),
    lifespan=_lifespan,
    demo_steps=[_seed],
    extensions=_extensions,
    customer_changed=_customer_changed,
)

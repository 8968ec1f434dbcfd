"""How the IDE plugs into the runtime: its API (tree, search, lint, live runs, file history)
and its pages (the workspace at /ide, the run console's event stream)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from runtime.areas import Area


def _api() -> Any:
    from ide.api import api

    return api


def _routes() -> Any:
    from ide.runs import routes as run_routes
    from ide.ui import routes as ui_routes

    return [*ui_routes(), *run_routes()]


def _nav() -> Any:
    from ide.ui import NAV

    return NAV


@asynccontextmanager
async def _lifespan(app: Any) -> AsyncIterator[None]:
    """At shutdown, live runs (the IDE console's) are cancelled, not left running."""
    from ide.runs import registry

    try:
        yield
    finally:
        await registry(app).aclose()


area = Area(
    name="ide",
    api=_api,
    routes=_routes,
    nav=_nav(),
    templates=Path(__file__).parent / "templates",
    lifespan=_lifespan,
)

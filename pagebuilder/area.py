"""How the page builder plugs into the runtime: models, the pages API, page serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtime.areas import Area


def _api() -> Any:
    from pagebuilder.api import api

    return api


def _routes() -> Any:
    from pagebuilder.views import routes

    return routes()


async def _seed(say: Any) -> None:
    from pagebuilder.demo import seed

    await seed(say)


area = Area(
    name="pagebuilder",
    models=("pagebuilder.models",),
    api=_api,
    routes=_routes,
    templates=Path(__file__).parent / "templates",
    demo_steps=[_seed],
)

"""How the page builder plugs into the runtime: models, the pages API, page serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtime.areas import Area


def _api() -> Any:
    # Imported to register their endpoints on pagebuilder.api.api.
    from pagebuilder import api_buttons, api_templates  # noqa: F401
    from pagebuilder.api import api

    return api


def _routes() -> Any:
    from pagebuilder.docs_view import routes as docs_routes
    from pagebuilder.editor import routes as editor_routes
    from pagebuilder.portal_shell import routes as portal_routes
    from pagebuilder.ui import routes as ui_routes
    from pagebuilder.views import routes

    # The documentation page first: /apps/{app}/{page} would take /apps/{app}/_docs.
    return [*ui_routes(), *editor_routes(), *portal_routes(), *docs_routes(), *routes()]


def _nav() -> Any:
    from pagebuilder.ui import NAV

    return NAV


async def _seed(say: Any) -> None:
    from pagebuilder.demo import seed

    await seed(say)


async def _buttons(request: Any, place: str) -> Any:
    """The Button Builder buttons at a shell place (:mod:`runtime.ui.buttons`)."""
    from pagebuilder.buttons import placed

    return await placed(request, place)


def _bundle() -> Any:
    from pagebuilder.bundle import PageBuilderPart

    return PageBuilderPart()


area = Area(
    name="pagebuilder",
    models=("pagebuilder.models",),
    api=_api,
    routes=_routes,
    nav=_nav(),
    templates=Path(__file__).parent / "templates",
    demo_steps=[_seed],
    bundle=_bundle,
    buttons=_buttons,
)

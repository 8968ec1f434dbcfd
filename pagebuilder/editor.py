"""The visual page editor: ``/pages/{app}/{page}/edit``.

The page is a shell; ``static/src/editor.js`` does the work through the JSON API: it reads
the component catalogue (``/api/v1/pages/schema``), edits the page document in the browser
and saves it with ``PATCH /api/v1/apps/{app}/pages/{page}``, the same document the runtime
serves. What the script needs to start (the page, the API paths, whether the operator may
save, the app's saved queries, datasets and scripts for the pickers) travels in one
``<script type="application/json">`` block: the CSP allows no inline scripts.

``?embed=1`` drops the shell chrome (top bar, navigation): the IDE shows the editor in a
frame.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pagebuilder import pages
from pagebuilder.api import PageOut
from runtime.auth.permissions import Permission
from runtime.models import App
from runtime.services.apps import get_app
from runtime.ui.support import render, require


def _path(request: Request, route: str, **params: Any) -> str:
    return str(request.url_for(route, **params).path)


async def _names(app: App) -> dict[str, list[str]]:
    """The app's saved queries, datasets and scripts: what data sources may name."""
    from querybuilder.models import Dataset, SavedQuery
    from scriptforge.models import Script

    return {
        "queries": [q.name for q in await SavedQuery.filter(app_id=app.id).order_by("name")],
        "datasets": [d.name for d in await Dataset.filter(app_id=app.id).order_by("name")],
        "scripts": [s.name for s in await Script.filter(app_id=app.id).order_by("name")],
    }


async def editor_page(request: Request) -> Response:
    principal = await require(request, Permission.APPS_READ)
    app = await get_app(request.path_params["app"])
    page = await pages.get_page(app, request.path_params["page"])
    can_save = principal.can(Permission.APPS_WRITE)
    embed = request.query_params.get("embed") in ("1", "true")
    names = {"app": app.name, "page": page.name}
    boot = {
        "app": app.name,
        "page": PageOut.of(page, app.name).model_dump(mode="json"),
        "can_save": can_save,
        "embed": embed,
        "names": await _names(app),
        "paths": {
            "schema": _path(request, "api:pages.schema"),
            "validate": _path(request, "api:pages.validate"),
            "page": _path(request, "api:pages.update", **names),
            "test": _path(request, "api:pages.datasource_test", **names),
            "preview": _path(request, "pages:page", **names) + "?draft=1",
            "pages": _path(request, "pagebuilder:pages"),
        },
    }
    return render(
        request,
        "pagebuilder/editor.html",
        {"app": app, "page": page, "boot": boot, "can_save": can_save, "embed": embed},
    )


def routes() -> list[Route]:
    return [Route("/pages/{app}/{page}/edit", editor_page, name="pagebuilder:editor")]

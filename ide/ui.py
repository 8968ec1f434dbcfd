"""The IDE workspace page: an app tree, tabs of CodeMirror editors, a run console.

The page is a shell; ``static/src/ide.js`` does the work through the JSON API
(``/api/v1/ide/...`` and each kind's own endpoints). What the script needs to start (the
apps, the one to open, where the API and the other pages live, whether the user may write)
travels in one ``<script type="application/json">`` block: the CSP allows no inline scripts.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, NoMatchFound, Route

from runtime.auth.permissions import Permission
from runtime.models import App
from runtime.services.apps import get_app
from runtime.ui.nav import NavItem
from runtime.ui.support import render, require

#: Stand-ins for path parameters in URL patterns the script fills in: the app, and the
#: page, dataset or query named in the rest of the path.
APP_SLOT = "__app__"
NAME_SLOT = "__name__"


def _pattern(request: Request, route: str, **params: str) -> str | None:
    """The path of ``route`` with slot values, or None when that route is not installed."""
    try:
        return str(request.url_for(route, **params).path)
    except NoMatchFound:
        return None


def _api_root(request: Request) -> str:
    """``/api/v1``: where the JSON API is mounted (taken from a route that is always there)."""
    apps_path = _pattern(request, "api:apps.list") or "/api/v1/apps"
    return apps_path.removesuffix("/apps")


async def boot_data(request: Request, app: App | None, can_write: bool) -> dict[str, Any]:
    """Everything ``ide.js`` needs to start."""
    apps = await App.all().order_by("name").only("id", "uuid", "name", "title")
    return {
        "app": app.name if app is not None else None,
        "apps": [{"id": a.id, "uuid": str(a.uuid), "name": a.name, "title": a.title} for a in apps],
        "can_write": can_write,
        "slots": {"app": APP_SLOT, "name": NAME_SLOT},
        "paths": {
            "api": _api_root(request),
            "home": _pattern(request, "ide:home"),
            "app": _pattern(request, "ide:app", app=APP_SLOT),
            "page_editor": _pattern(request, "pagebuilder:editor", app=APP_SLOT, page=NAME_SLOT),
            "page_preview": _pattern(request, "pages:page", app=APP_SLOT, page=NAME_SLOT),
            "dataset_rows": _pattern(request, "querybuilder:rows", app=APP_SLOT, name=NAME_SLOT),
            "dataset_schema": _pattern(
                request, "querybuilder:schema", app=APP_SLOT, name=NAME_SLOT
            ),
            "query_builder": _pattern(
                request, "querybuilder:builder_query", app=APP_SLOT, query=NAME_SLOT
            ),
        },
    }


async def workspace(request: Request) -> Response:
    principal = await require(request, Permission.APPS_READ)
    app = await get_app(request.path_params["app"]) if "app" in request.path_params else None
    can_write = principal.can(Permission.APPS_WRITE)
    boot = await boot_data(request, app, can_write)
    return render(request, "ide/ide.html", {"app": app, "boot": boot, "can_write": can_write})


def routes() -> list[BaseRoute]:
    return [
        Route("/ide", workspace, name="ide:home"),
        Route("/ide/{app}", workspace, name="ide:app"),
    ]


NAV: tuple[NavItem, ...] = (NavItem("IDE", "ide:home", Permission.APPS_READ, "Build", 5),)

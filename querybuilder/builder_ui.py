"""The visual query builder page: build a query by pointing and clicking (or write SQL), see
the SQL it compiles to, run it, and save it.

The page itself is a shell; ``static/src/query-builder.js`` does the work through the JSON
API (``/api/v1/apps/{app}/queries/...``). Everything the script needs to start (the app's
datasets and their columns, the saved query being edited, the API paths, whether the user
may save) travels in one ``<script type="application/json">`` block: the CSP allows no
inline scripts.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from querybuilder.datasets import columns_of
from querybuilder.models import Dataset, SavedQuery
from runtime.auth.permissions import Permission
from runtime.models import App
from runtime.services.apps import get_app
from runtime.ui.support import render, require

#: Columns every dataset has, besides its own.
PLATFORM_COLUMNS = (
    {"name": "id", "type": "integer"},
    {"name": "created_at", "type": "datetime"},
    {"name": "updated_at", "type": "datetime"},
)


def _query_json(query: SavedQuery) -> dict[str, Any]:
    return {
        "id": query.id,
        "uuid": str(query.uuid),
        "name": query.name,
        "description": query.description,
        "sql": query.sql or "",
        "spec": query.spec,
        "vars": query.vars or {},
    }


async def _datasets_json(app: App) -> list[dict[str, Any]]:
    found = await Dataset.filter(app_id=app.id).order_by("name")
    return [
        {
            "name": d.name,
            "columns": [
                *PLATFORM_COLUMNS,
                *({"name": c.name, "type": c.type} for c in columns_of(d)),
            ],
        }
        for d in found
    ]


def _path(request: Request, route: str, **params: Any) -> str:
    return str(request.url_for(route, **params).path)


async def builder_page(request: Request) -> Response:
    principal = await require(request, Permission.APPS_READ)
    app = await get_app(request.path_params["app"])
    query: SavedQuery | None = None
    if "query" in request.path_params:
        from querybuilder.queries import get_query

        query = await get_query(app, request.path_params["query"])
    can_save = principal.can(Permission.APPS_WRITE)
    boot = {
        "app": app.name,
        "can_save": can_save,
        "datasets": await _datasets_json(app),
        "query": _query_json(query) if query is not None else None,
        "paths": {
            "builder": _path(request, "querybuilder:builder", app=app.name),
            "compile": _path(request, "api:queries.compile", app=app.name),
            "run": _path(request, "api:queries.run_sql", app=app.name),
            "queries": _path(request, "api:queries.list", app=app.name),
        },
    }
    mode = "sql" if query is not None and query.spec is None else "visual"
    return render(
        request,
        "querybuilder/builder.html",
        {"app": app, "query": query, "boot": boot, "can_save": can_save, "mode": mode},
    )


def routes() -> list[Route]:
    return [
        Route("/data/{app}/builder", builder_page, name="querybuilder:builder"),
        Route("/data/{app}/builder/{query}", builder_page, name="querybuilder:builder_query"),
    ]

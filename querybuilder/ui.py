"""Pages: datasets across apps, a dataset's rows, and a SQL runner."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from querybuilder import rows as row_service
from querybuilder.datasets import get_dataset
from querybuilder.models import Dataset, SavedQuery
from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError
from runtime.models import App
from runtime.services.apps import get_app
from runtime.ui.nav import NavItem
from runtime.ui.support import field, read_form, render, require

PAGE = 50


async def data_home(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    apps = {a.id: a.name for a in await App.all().only("id", "name")}
    found = await Dataset.all().order_by("app_id", "name")
    saved = await SavedQuery.all().order_by("app_id", "name")
    return render(
        request, "querybuilder/data.html", {"datasets": found, "queries": saved, "apps": apps}
    )


async def dataset_rows(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    app = await get_app(request.path_params["app"])
    dataset = await get_dataset(app, request.path_params["name"])
    params = request.query_params
    sort = params.get("sort", "id")
    filters = {k[2:]: v for k, v in params.items() if k.startswith("f_") and v.strip()}
    error = None
    try:
        page = await row_service.list_rows(
            dataset, sort=sort, limit=PAGE, cursor=params.get("cursor") or None, equals=filters
        )
    except TrunklineError as exc:
        error = exc.message
        page = await row_service.list_rows(dataset, limit=PAGE)
    columns = ["id", *(c["name"] for c in dataset.columns)]
    return render(
        request,
        "querybuilder/rows.html",
        {
            "app": app,
            "dataset": dataset,
            "page": page,
            "columns": columns,
            "sort": sort,
            "filters": filters,
            "error": error,
        },
        block="results",
    )


async def query_page(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    app = await get_app(request.path_params["app"])
    context: dict[str, Any] = {
        "app": app,
        "sql": "",
        "vars": "{}",
        "result": None,
        "error": None,
        "datasets": await Dataset.filter(app_id=app.id).order_by("name"),
    }
    if request.method == "POST":
        from querybuilder.executor import run_sql

        form = await read_form(request)
        context["sql"], context["vars"] = field(form, "sql"), field(form, "vars") or "{}"
        try:
            values = json.loads(context["vars"])
            if not isinstance(values, dict):
                raise ValueError("vars must be a JSON object")
            context["result"] = await run_sql(
                app.id,
                context["sql"],
                values,
                database_url=request.app.state.settings.resolved_database_url,
            )
        except TrunklineError as exc:
            context["error"] = exc.message
        except ValueError as exc:
            context["error"] = f"vars: {exc}"
    return render(request, "querybuilder/query.html", context)


def routes() -> list[Route]:
    return [
        Route("/data", data_home, name="querybuilder:data"),
        Route("/data/{app}/datasets/{name}", dataset_rows, name="querybuilder:rows"),
        Route("/data/{app}/query", query_page, methods=["GET", "POST"], name="querybuilder:query"),
    ]


NAV = (NavItem("Data", "querybuilder:data", Permission.APPS_READ, "Build", 20),)

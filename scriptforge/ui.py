"""Pages: the log of script runs, for developers and support engineers tracing a failure."""

from __future__ import annotations

import contextlib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from runtime.api.paging import decode_cursor, encode_cursor
from runtime.auth.permissions import Permission
from runtime.errors import NotFound, ValidationFailed
from runtime.models import App
from runtime.ui.nav import NavItem
from runtime.ui.support import render, require
from scriptforge.models import Run, RunStatus, RunTrigger

PAGE = 50


async def run_list(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    params = request.query_params
    filters = {k: params.get(k, "").strip() for k in ("app", "script", "status", "trigger")}
    qs = Run.all()
    apps = {a.id: a.name for a in await App.all().only("id", "name")}
    if filters["app"]:
        app_id = next((i for i, n in apps.items() if n == filters["app"]), -1)
        qs = qs.filter(app_id=app_id)
    if filters["script"]:
        qs = qs.filter(script_name=filters["script"])
    if filters["status"] in {s.value for s in RunStatus}:
        qs = qs.filter(status=filters["status"])
    if filters["trigger"] in {t.value for t in RunTrigger}:
        qs = qs.filter(trigger=filters["trigger"])
    if params.get("cursor"):
        with contextlib.suppress(ValidationFailed):  # a mangled cursor shows the newest
            qs = qs.filter(id__lt=decode_cursor(params["cursor"]))
    rows = await qs.order_by("-id").limit(PAGE + 1)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    return render(
        request,
        "scriptforge/runs.html",
        {
            "rows": rows,
            "apps": apps,
            "filters": filters,
            "statuses": [s.value for s in RunStatus],
            "triggers": [t.value for t in RunTrigger],
            "next_cursor": encode_cursor(rows[-1].id) if more and rows else None,
            "first_page": not params.get("cursor"),
        },
        block="results",
    )


async def run_detail(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    run = await Run.get_or_none(id=request.path_params["run_id"])
    if run is None:
        raise NotFound("No such run")
    app = await App.get_or_none(id=run.app_id) if run.app_id else None
    context: dict[str, Any] = {"run": run, "app": app}
    return render(request, "scriptforge/run_detail.html", context)


def routes() -> list[Route]:
    return [
        Route("/scripts/runs", run_list, name="scriptforge:runs"),
        Route("/scripts/runs/{run_id:int}", run_detail, name="scriptforge:run"),
    ]


NAV = (NavItem("Script runs", "scriptforge:runs", Permission.APPS_READ, "Build", 30),)

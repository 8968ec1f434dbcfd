"""App list and settings pages. The IDE (a later area) opens an app from here."""

from __future__ import annotations

from zoneinfo import available_timezones

from starlette.requests import Request
from starlette.responses import Response
from tortoise.expressions import Q

from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError
from runtime.models import App
from runtime.services import apps
from runtime.ui.app_portal import portal_context
from runtime.ui.buttons import PlacedButton, placed_buttons
from runtime.ui.listing import listing
from runtime.ui.support import field, flash, read_form, redirect, render, require

TIMEZONES = sorted(available_timezones())


async def app_list(request: Request) -> Response:
    principal = await require(request, Permission.APPS_READ)
    q = request.query_params.get("q", "").strip()
    qs = App.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(title__icontains=q))
    page = await listing(request, qs.order_by("name"))
    row_buttons: dict[int, list[PlacedButton]] = {}
    for button in await placed_buttons(request, "cp_app_row"):
        row_buttons.setdefault(button.app_id, []).append(button)
    return render(
        request,
        "runtime/apps.html",
        {
            "page": page,
            "q": q,
            "form": {},
            "can_write": principal.can(Permission.APPS_WRITE),
            "row_buttons": row_buttons,
        },
        block="results",
    )


async def app_create(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    values = {k: field(form, k) for k in ("name", "title", "description")}
    try:
        app = await apps.create_app(actor, values["name"], values["title"], values["description"])
    except TrunklineError as exc:
        page = await listing(request, App.all().order_by("name"))
        return render(
            request,
            "runtime/apps.html",
            {"page": page, "q": "", "form": values, "form_error": exc.message, "can_write": True},
            status_code=exc.status_code,
        )
    flash(request, f"App {app.name} created.")
    return redirect(request, "ui:app", app_id=app.id)


async def app_detail(request: Request) -> Response:
    principal = await require(request, Permission.APPS_READ)
    app = await apps.get_app(request.path_params["app_id"])
    return render(
        request,
        "runtime/app_detail.html",
        {
            "app": app,
            "can_write": principal.can(Permission.APPS_WRITE),
            "timezones": TIMEZONES,
            **await portal_context(app),
        },
    )


async def app_update(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app_id = request.path_params["app_id"]
    try:
        changes: dict[str, str | None] = {
            k: field(form, k) for k in ("name", "title", "description")
        }
        changes["timezone"] = field(form, "timezone") or None  # absent: unchanged
        changes["domain"] = field(form, "domain")  # empty: not bound
        app = await apps.update_app(actor, app_id, changes)
    except TrunklineError as exc:
        app = await apps.get_app(app_id)
        return render(
            request,
            "runtime/app_detail.html",
            {
                "app": app,
                "can_write": True,
                "form_error": exc.message,
                "timezones": TIMEZONES,
                **await portal_context(app),
            },
            status_code=exc.status_code,
        )
    flash(request, f"App {app.name} saved.")
    return redirect(request, "ui:app", app_id=app.id)


async def app_delete(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    await read_form(request)
    await apps.delete_app(actor, request.path_params["app_id"])
    flash(request, "App deleted.")
    return redirect(request, "ui:apps")

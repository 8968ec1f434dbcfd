"""The operators' list of app pages, with a form creating one; the visual editor
(:mod:`pagebuilder.editor`) changes them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pagebuilder import pages
from pagebuilder.models import AppTemplate, Page
from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError
from runtime.models import App
from runtime.services.apps import get_app
from runtime.ui.nav import NavItem
from runtime.ui.support import field, read_form, redirect, render, require


async def page_list(request: Request) -> Response:
    principal = await require(request, Permission.APPS_READ)
    return await _render_list(request, principal.can(Permission.APPS_WRITE))


async def _render_list(
    request: Request,
    can_write: bool,
    form: dict[str, str] | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    apps = {a.id: a.name for a in await App.all().only("id", "name")}
    found = await Page.all().order_by("app_id", "name")
    templates = await AppTemplate.all().order_by("app_id", "name")
    return render(
        request,
        "pagebuilder/pages.html",
        {
            "pages": found,
            "templates": templates,
            "apps": apps,
            "can_write": can_write,
            "form": form or {},
            "form_error": error,
        },
        status_code=status_code,
    )


async def page_create(request: Request) -> Response:
    """The "New page" form: create an empty page and open it in the editor."""
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    values = {k: field(form, k) for k in ("app", "name", "title")}
    try:
        app = await get_app(values["app"])
        page = await pages.create_page(actor, app, values["name"], title=values["title"])
    except TrunklineError as exc:
        return await _render_list(request, True, values, exc.message, exc.status_code)
    return redirect(request, "pagebuilder:editor", app=app.name, page=page.name)


def routes() -> list[Route]:
    return [
        Route("/pages", page_list, name="pagebuilder:pages"),
        Route("/pages/new", page_create, methods=["POST"], name="pagebuilder:page_create"),
    ]


NAV = (NavItem("Pages", "pagebuilder:pages", Permission.APPS_READ, "Build", 25),)

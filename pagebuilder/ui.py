"""The operators' list of app pages (the IDE, a later area, edits them)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pagebuilder.models import AppTemplate, Page
from runtime.auth.permissions import Permission
from runtime.models import App
from runtime.ui.nav import NavItem
from runtime.ui.support import render, require


async def page_list(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    apps = {a.id: a.name for a in await App.all().only("id", "name")}
    found = await Page.all().order_by("app_id", "name")
    templates = await AppTemplate.all().order_by("app_id", "name")
    return render(
        request,
        "pagebuilder/pages.html",
        {"pages": found, "templates": templates, "apps": apps},
    )


def routes() -> list[Route]:
    return [Route("/pages", page_list, name="pagebuilder:pages")]


NAV = (NavItem("Pages", "pagebuilder:pages", Permission.APPS_READ, "Build", 25),)

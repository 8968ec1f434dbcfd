"""Apps inside the customer portal: ``/portal/apps/<app>[/<page>]`` shows the portal's
navigation (the customer's apps and, for the open app, its portal pages) around the page,
which runs in its sandboxed frame exactly as at ``/apps/<app>/<page>``."""

from __future__ import annotations

import json
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from pagebuilder.models import Page, PageAccess
from pagebuilder.pages import INDEX, resolve_page
from runtime.auth.resolve import resolve_principal
from runtime.errors import Forbidden, NotFound
from runtime.models import App, Customer, CustomerUser
from runtime.services import apps
from runtime.ui.buttons import placed_buttons
from runtime.ui.support import render


@dataclass(frozen=True)
class PortalPage:
    name: str
    title: str


async def portal_pages(app: App) -> list[PortalPage]:
    """The app's pages for portal users, from the version it serves (index first)."""
    from runtime.versions import live_files

    files = await live_files(app)
    found: list[PortalPage] = []
    if files is not None:
        for path, raw in files.items():
            if path.startswith("pages/") and path.endswith(".json"):
                meta = json.loads(raw)
                if meta.get("access") == PageAccess.PORTAL:
                    title = meta.get("title") or meta.get("document", {}).get("title") or ""
                    found.append(PortalPage(str(meta["name"]), str(title)))
    else:
        for page in await Page.filter(app_id=app.id, access=PageAccess.PORTAL):
            found.append(PortalPage(page.name, page.title or str(page.document.get("title", ""))))
    return sorted(found, key=lambda p: (p.name != INDEX, p.title or p.name))


async def portal_app(request: Request) -> Response:
    principal = await resolve_principal(request)
    if principal is None or principal.is_operator or principal.customer_id is None:
        return RedirectResponse(f"/portal/login?next={request.url.path}", status_code=303)
    app = await App.get_or_none(name=request.path_params["app"])
    if app is None or not await apps.assigned_to(app, principal.customer_id):
        raise NotFound("No such app in your portal")
    pages = await portal_pages(app)
    name = request.path_params.get("page") or (pages[0].name if pages else INDEX)
    if name not in {p.name for p in pages}:
        await resolve_page(app, name)  # NotFound for a page that is not there at all
        raise Forbidden("This page is not part of the portal")
    return render(
        request,
        "pagebuilder/portal_app.html",
        {
            "contact": await CustomerUser.get(id=principal.id),
            "customer": await Customer.get(id=principal.customer_id),
            "offered": await apps.portal_apps(principal.customer_id),
            "app": app,
            "pages": pages,
            "current": name,
            "buttons": await placed_buttons(request, "portal_nav"),
        },
    )


def routes() -> list[Route]:
    return [
        Route("/portal/apps/{app}", portal_app, name="portal:app"),
        Route("/portal/apps/{app}/{page}", portal_app, name="portal:app_page"),
    ]

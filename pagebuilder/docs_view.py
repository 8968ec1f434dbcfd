"""``GET /apps/<app>/_docs``: the app's documentation page, its ``app_documentation`` template.

Signed-in operators only (anonymous viewers are sent to sign in). The template's HTML is
rendered with its sample variables and the page-readable environment, inside a minimal
document whose content security policy allows no script at all and makes it a sandbox
(an opaque origin): the author's HTML cannot run code or read anything of the platform.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from pagebuilder import app_templates
from runtime.auth.resolve import resolve_principal
from runtime.errors import Forbidden, NotFound
from runtime.models import App

DOCS_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox"

SHELL = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title} — documentation</title>
</head>
<body>
{body}
</body>
</html>
"""


async def serve_docs(request: Request) -> Response:
    principal = await resolve_principal(request)
    if principal is None:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", 303)
    if not principal.is_operator:
        raise Forbidden("The app's documentation is for operators")
    name = request.path_params["app"]
    app = await App.get_or_none(name=name)
    if app is None:
        raise NotFound(f"No app {name!r}")
    template = await app_templates.get_template(app, app_templates.DOCUMENTATION)
    rendered = await app_templates.render(app, template, template.sample or {})
    page = SHELL.format(title=escape(app.title or app.name), body=rendered["html"])
    return HTMLResponse(
        page,
        headers={
            "content-security-policy": DOCS_POLICY,
            "cache-control": "no-store",
            "referrer-policy": "no-referrer",
            "x-content-type-options": "nosniff",
        },
    )


def routes() -> list[Route]:
    return [Route("/apps/{app}/_docs", serve_docs, methods=["GET"], name="pages:docs")]

"""What every UI view uses: sign-in guard, CSRF-checked forms, flashes, rendering."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.auth.resolve import resolve_principal
from runtime.auth.session import CSRF_FIELD, CSRF_HEADER, check_csrf
from runtime.errors import Forbidden, Unauthorized
from runtime.ui.buttons import placed_buttons

MAX_FORM_FIELDS = 200


async def require(request: Request, permission: Permission) -> Principal:
    """The signed-in operator, if their role grants ``permission``."""
    principal = await resolve_principal(request)
    if principal is None or not principal.is_operator:
        raise Unauthorized()
    if not principal.can(permission):
        raise Forbidden(f"Your role ({principal.role}) cannot open this page")
    if request.method == "GET" and request.headers.get("hx-request") != "true":
        # The side navigation's Button Builder buttons (an htmx fragment has no navigation).
        request.state.nav_buttons = await placed_buttons(request, "cp_nav")
    return principal


async def read_form(request: Request) -> FormData:
    """The submitted form, after its CSRF token (field, or htmx's header) was checked."""
    form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    check_csrf(request, token if isinstance(token, str) else None)
    return form


def field(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value.strip() if isinstance(value, str) else default


def flash(request: Request, message: str, level: str = "success") -> None:
    request.session.setdefault("flash", []).append({"message": message, "level": level})
    request.session["flash"] = request.session["flash"][-5:]


def pop_flashes(request: Request) -> list[dict[str, str]]:
    if "session" not in request.scope:
        return []
    return list(request.session.pop("flash", []))


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    """A full page, or only ``block`` when htmx asks (``HX-Request``)."""
    templates = request.app.state.templates
    if block and request.headers.get("hx-request") == "true":
        return templates.TemplateResponse(
            request, template, context, block_name=block, status_code=status_code
        )
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def redirect(request: Request, route: str, **params: Any) -> RedirectResponse:
    return RedirectResponse(str(request.url_for(route, **params)), status_code=303)


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site paths, so the login form cannot become an open redirect."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target:
        return fallback
    return target

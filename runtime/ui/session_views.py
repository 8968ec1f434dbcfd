"""Sign in and out of the operator UI."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from runtime import context
from runtime.auth.login import login_operator
from runtime.auth.resolve import operator_principal, resolve_principal
from runtime.auth.session import csrf_token, end_session, start_session
from runtime.errors import Forbidden, RateLimited, Unauthorized
from runtime.services import audit
from runtime.ui.support import field, flash, read_form, render, safe_next


async def login_page(request: Request) -> Response:
    principal = await resolve_principal(request)
    target = safe_next(request.query_params.get("next"), str(request.url_for("ui:dashboard")))
    if principal is not None and principal.is_operator:
        return RedirectResponse(target, status_code=303)
    csrf_token(request)
    return render(request, "runtime/login.html", {"next": target, "username": ""})


async def login_submit(request: Request) -> Response:
    fallback = str(request.url_for("ui:dashboard"))
    try:
        form = await read_form(request)
    except Forbidden:
        return render(
            request,
            "runtime/login.html",
            {
                "next": fallback,
                "username": "",
                "error": "Your session expired; please sign in again.",
            },
            status_code=403,
        )
    username, password = field(form, "username"), str(form.get("password", ""))
    target = safe_next(field(form, "next"), fallback)
    try:
        user = await login_operator(
            request.app.state.throttle, username, password, context.client_ip.get()
        )
    except RateLimited as exc:
        response = render(
            request,
            "runtime/login.html",
            {"next": target, "username": username, "error": exc.message},
            status_code=429,
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except Unauthorized as exc:
        return render(
            request,
            "runtime/login.html",
            {"next": target, "username": username, "error": exc.message},
            status_code=401,
        )
    start_session(request, "operator", user)
    await audit.record(
        operator_principal(user, "session"), "session.login", "user", user.id, user.username
    )
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    await read_form(request)
    end_session(request)
    flash(request, "You are signed out.", "info")
    return RedirectResponse(str(request.url_for("ui:login")), status_code=303)

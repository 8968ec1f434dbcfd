"""The customer-portal shell: a separate sign-in for customers' own users.

Portal sessions carry ``kind=customer`` and never grant operator pages; the full portal
(balances, CDRs, embedded apps) builds on this.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from runtime import context
from runtime.auth.login import login_customer
from runtime.auth.resolve import resolve_principal
from runtime.auth.session import csrf_token, end_session, start_session
from runtime.errors import Forbidden, RateLimited, Unauthorized
from runtime.models import Customer, CustomerUser
from runtime.services import apps
from runtime.ui.buttons import placed_buttons
from runtime.ui.support import field, read_form, render


async def login_page(request: Request) -> Response:
    principal = await resolve_principal(request)
    if principal is not None and not principal.is_operator:
        return RedirectResponse(str(request.url_for("portal:home")), status_code=303)
    csrf_token(request)
    return render(request, "runtime/portal_login.html", {"email": ""})


async def login_submit(request: Request) -> Response:
    try:
        form = await read_form(request)
    except Forbidden:
        return render(
            request,
            "runtime/portal_login.html",
            {"email": "", "error": "Your session expired; please sign in again."},
            status_code=403,
        )
    email = field(form, "email")
    try:
        contact = await login_customer(
            request.app.state.throttle,
            email,
            str(form.get("password", "")),
            context.client_ip.get(),
        )
    except (RateLimited, Unauthorized) as exc:
        response = render(
            request,
            "runtime/portal_login.html",
            {"email": email, "error": exc.message},
            status_code=exc.status_code,
        )
        if isinstance(exc, RateLimited):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    start_session(request, "customer", contact)
    return RedirectResponse(str(request.url_for("portal:home")), status_code=303)


async def logout(request: Request) -> Response:
    await read_form(request)
    end_session(request)
    return RedirectResponse(str(request.url_for("portal:login")), status_code=303)


async def home(request: Request) -> Response:
    principal = await resolve_principal(request)
    if principal is None or principal.is_operator:
        raise Unauthorized()
    contact = await CustomerUser.get(id=principal.id)
    customer = await Customer.get(id=principal.customer_id)
    offered = await apps.portal_apps(customer.id)
    return render(
        request,
        "runtime/portal_home.html",
        {
            "contact": contact,
            "customer": customer,
            "apps": offered,
            "buttons": await placed_buttons(request, "portal_nav"),
        },
    )

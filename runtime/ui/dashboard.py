"""The landing page after sign-in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from runtime.auth.permissions import Permission
from runtime.models import ApiKey, App, AuditEntry, Customer, User
from runtime.ui.support import render, require


async def dashboard(request: Request) -> Response:
    principal = await require(request, Permission.AUTHENTICATED)
    settings = request.app.state.settings
    cards = []
    if principal.can(Permission.APPS_READ):
        cards.append(("Apps", await App.all().count(), "ui:apps"))
    if principal.can(Permission.CUSTOMERS_READ):
        cards.append(("Customers", await Customer.all().count(), "ui:customers"))
    if principal.can(Permission.USERS_READ):
        cards.append(("Operator users", await User.filter(is_active=True).count(), "ui:users"))
    cards.append(
        (
            "Your API keys",
            await ApiKey.filter(user_id=principal.id, revoked_at=None).count(),
            "ui:apikeys",
        )
    )
    recent = []
    if principal.can(Permission.AUDIT_READ):
        recent = await AuditEntry.all().order_by("-id").limit(8)
    return render(
        request,
        "runtime/dashboard.html",
        {
            "cards": cards,
            "recent": recent,
            "dialect": settings.dialect,
            "version": request.app.state.version,
        },
    )

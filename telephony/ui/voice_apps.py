"""Voice app pages under ``/voice/apps``: the list (search, customer filter, create form) and
the editor of one app: its ConneXML document in CodeMirror (snippets, checks as you type
through ``POST /api/v1/connexml/check``), its webhook hosts, and beside it the simulator
panel (a live call over :mod:`telephony.ui.voice_live`, or a scripted run through
``POST /api/v1/connexml/simulate``). A voice-script app shows the script it runs; its code
is edited in the IDE.

Saving goes through :mod:`telephony.class5.services.voice_apps`; the editor posts the form
with ``HX-Request`` and gets the ``saved`` block back (the problems with their line and
column, or "Saved"), without JavaScript the whole page.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from tortoise.expressions import Q

from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError
from runtime.models import App, Customer
from runtime.ui.listing import listing
from runtime.ui.nav import NavItem
from runtime.ui.support import field, flash, read_form, redirect, render, require
from telephony.class5.models import VoiceApp, VoiceAppKind
from telephony.class5.services import base, voice_apps

NAV: tuple[NavItem, ...] = (
    NavItem("Voice apps", "ui:voice_apps", Permission.VOICE_READ, "Voice", 5),
)

ZONES = sorted(available_timezones())
#: The customer filter's value for apps of no customer (system-wide).
SYSTEM = "system"
#: A new ConneXML app starts with this document (the service needs one).
STARTER = """<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say>Hello from {name}.</Say>
  <Hangup/>
</Response>
"""


def _customer_ref(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _hosts(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


async def _list_context(request: Request, **extra: Any) -> dict[str, Any]:
    q = request.query_params.get("q", "").strip()
    customer = request.query_params.get("customer", "")
    qs = VoiceApp.all().prefetch_related("customer")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(script__icontains=q))
    if customer == SYSTEM:
        qs = qs.filter(customer_id=None)
    elif (cid := _customer_ref(customer)) is not None:
        qs = qs.filter(customer_id=cid)
    return {
        "page": await listing(request, qs.order_by("name", "id")),
        "q": q,
        "customer": customer,
        "customers": await Customer.all().order_by("name"),
        "apps": await App.all().order_by("name"),
        "kinds": list(VoiceAppKind),
        "form": {},
        **extra,
    }


async def voice_app_list(request: Request) -> Response:
    principal = await require(request, Permission.VOICE_READ)
    context = await _list_context(request, can_write=principal.can(Permission.VOICE_WRITE))
    return render(request, "telephony/voice_apps.html", context, block="results")


async def voice_app_create(request: Request) -> Response:
    actor = await require(request, Permission.VOICE_WRITE)
    form = await read_form(request)
    values = {k: field(form, k) for k in ("name", "customer", "kind", "app", "script")}
    kind = values["kind"] or VoiceAppKind.CONNEXML.value
    given: dict[str, Any] = {
        "name": values["name"],
        "customer": _customer_ref(values["customer"]),
        "kind": kind,
    }
    if kind == VoiceAppKind.SCRIPT.value:
        given["app"] = _customer_ref(values["app"]) or values["app"] or None
        given["script"] = values["script"]
    else:
        given["document"] = STARTER.format(name=values["name"] or "Trunkline")
    try:
        created = await voice_apps.create_voice_app(actor, given)
    except TrunklineError as exc:
        context = await _list_context(
            request, can_write=True, form=values, form_error=exc.message, details=exc.details
        )
        return render(request, "telephony/voice_apps.html", context, status_code=exc.status_code)
    # The secret is shown in this response only: never stored in the (signed, not encrypted)
    # session cookie a flash would use.
    return await _editor(request, created, can_write=True, new_secret=created.webhook_secret)


async def _editor(
    request: Request, app: VoiceApp, *, can_write: bool, status_code: int = 200, **extra: Any
) -> Response:
    await app.fetch_related("customer", "app")
    document = extra.pop("document", app.document)
    boot = {
        "id": app.id,
        "kind": VoiceAppKind(app.kind).value,
        "document": document,
        "saved": app.document,
        "can_write": can_write,
        "check_url": request.url_for("api:connexml.check").path,
        "simulate_url": request.url_for("api:connexml.simulate").path,
        "live_url": request.url_for("ui:voice_app_live", voice_app_id=app.id).path,
    }
    context = {
        "app": app,
        "boot": boot,
        "document": document,
        "hosts": "\n".join(extra.pop("hosts", app.webhook_hosts)),
        "can_write": can_write,
        "zones": ZONES,
        **extra,
    }
    return render(
        request, "telephony/voice_app.html", context, block="saved", status_code=status_code
    )


async def voice_app_editor(request: Request) -> Response:
    principal = await require(request, Permission.VOICE_READ)
    app = await base.get(voice_apps.KIND, request.path_params["voice_app_id"])
    return await _editor(request, app, can_write=principal.can(Permission.VOICE_WRITE))


async def voice_app_update(request: Request) -> Response:
    actor = await require(request, Permission.VOICE_WRITE)
    form = await read_form(request)
    app = await base.get(voice_apps.KIND, request.path_params["voice_app_id"])
    changes: dict[str, Any] = {"webhook_hosts": _hosts(str(form.get("webhook_hosts", "")))}
    if field(form, "name"):
        changes["name"] = field(form, "name")
    if VoiceAppKind(app.kind) is VoiceAppKind.CONNEXML:
        # Not stripped: line and column numbers must match what the editor shows.
        document = form.get("document", "")
        changes["document"] = document if isinstance(document, str) else ""
    else:
        changes["script"] = field(form, "script") or app.script
    try:
        app = await base.update(actor, voice_apps.KIND, app, changes)
    except TrunklineError as exc:
        return await _editor(
            request,
            app,  # unchanged: the service checks everything before it sets anything
            can_write=True,
            status_code=exc.status_code,
            save_error=exc.message,
            details=exc.details if isinstance(exc.details, list) else [],
            document=changes.get("document", app.document),
            hosts=changes["webhook_hosts"],
        )
    if request.headers.get("hx-request") == "true":
        return await _editor(request, app, can_write=True, saved=True)
    flash(request, f"Voice app {app.name} saved.")
    return redirect(request, "ui:voice_app", voice_app_id=app.id)


def routes() -> list[BaseRoute]:
    from telephony.ui.voice_live import live_socket

    get, post = ["GET"], ["POST"]
    return [
        Route("/voice/apps", voice_app_list, methods=get, name="ui:voice_apps"),
        Route("/voice/apps", voice_app_create, methods=post, name="ui:voice_app_create"),
        Route("/voice/apps/{voice_app_id:int}", voice_app_editor, methods=get, name="ui:voice_app"),
        Route(
            "/voice/apps/{voice_app_id:int}",
            voice_app_update,
            methods=post,
            name="ui:voice_app_update",
        ),
        WebSocketRoute(
            "/voice/apps/{voice_app_id:int}/live", live_socket, name="ui:voice_app_live"
        ),
    ]

"""The no-code IVR menu builder under ``/voice/ivr``: the list of menus, and one page per menu
that edits its prompt, its "key → destination" options, tries and fallback, shows the
ConneXML the menu compiles to, and tries it on the simulator.

The page is one form; saving goes through :data:`telephony.class5.services.features.IVR_MENU`
(the REST API's checks), and a refusal re-renders the page with every problem named and the
values as entered (4xx). "Try it" runs the saved menu with the caller's keys; nested menus
and the customer's other destinations resolve as on a real call to a DID of the customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from tortoise.expressions import Q

from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError, ValidationFailed
from runtime.models import Customer
from runtime.ui.listing import listing
from runtime.ui.nav import NavItem
from runtime.ui.support import field, flash, read_form, redirect, render, require
from telephony.calls.transcript import Event
from telephony.class5.models import (
    CallQueue,
    ConferenceRoom,
    DestinationType,
    IvrMenu,
    RingGroup,
    VoiceApp,
    VoiceAppKind,
    VoicemailBox,
)
from telephony.class5.services import base
from telephony.class5.services.features import IVR_MENU
from telephony.models import SipUser

NAV = (NavItem("IVR menus", "ui:voice_ivr_menus", Permission.VOICE_READ, "Voice", 8),)

TEMPLATE = "telephony/ivr_builder.html"
DIGITS = tuple("123456789*0#")
#: Destination types a key may lead to, as the page names them (in the order offered).
TYPES: tuple[tuple[str, str], ...] = (
    (DestinationType.IVR_MENU.value, "IVR menu"),
    (DestinationType.EXTENSION.value, "SIP user / extension"),
    (DestinationType.GROUP.value, "Ring group"),
    (DestinationType.QUEUE.value, "Queue"),
    (DestinationType.CONFERENCE.value, "Conference room"),
    (DestinationType.VOICEMAIL.value, "Voicemail box"),
    (DestinationType.CONNEXML_APP.value, "ConneXML app"),
    (DestinationType.VOICE_SCRIPT.value, "Voice script"),
    (DestinationType.EXTERNAL.value, "External number"),
    (DestinationType.URI.value, "SIP URI"),
)
#: The fallback may also hang up (a stored fallback of None).
HANGUP = "hangup"
#: Types whose target is typed in rather than picked.
TYPED = frozenset({DestinationType.EXTERNAL.value, DestinationType.URI.value})


# -- the form as the page shows it --------------------------------------------------------


@dataclass
class Row:
    digit: str
    type: str
    target: str


@dataclass
class Draft:
    """The builder's fields as text, from a stored menu or from a submitted form."""

    name: str = ""
    customer: str = ""
    prompt_kind: str = "say"
    prompt_say: str = ""
    prompt_play: str = ""
    rows: list[Row] | None = None
    timeout: str = "5"
    tries: str = "3"
    invalid_kind: str = "default"
    invalid_say: str = ""
    invalid_play: str = ""
    fallback_type: str = HANGUP
    fallback_target: str = ""


def draft_of(menu: IvrMenu) -> Draft:
    prompt, invalid, fallback = menu.prompt or {}, menu.invalid_prompt or {}, menu.fallback
    return Draft(
        name=menu.name,
        customer=str(menu.customer_id),  # type: ignore[attr-defined]
        prompt_kind="play" if "play" in prompt else "say",
        prompt_say=prompt.get("say", ""),
        prompt_play=prompt.get("play", ""),
        rows=[
            Row(d, str(dest.get("type", "")), str(dest.get("target", "")))
            for d, dest in (menu.options or {}).items()
        ],
        timeout=str(menu.timeout),
        tries=str(menu.tries),
        invalid_kind="play" if "play" in invalid else "say" if "say" in invalid else "default",
        invalid_say=invalid.get("say", ""),
        invalid_play=invalid.get("play", ""),
        fallback_type=str(fallback["type"]) if fallback else HANGUP,
        fallback_target=str(fallback["target"]) if fallback else "",
    )


def draft_from(form: FormData) -> Draft:
    def listed(name: str) -> list[str]:
        return [v.strip() if isinstance(v, str) else "" for v in form.getlist(name)]

    digits, types, targets = listed("opt_digit"), listed("opt_type"), listed("opt_target")
    return Draft(
        name=field(form, "name"),
        customer=field(form, "customer"),
        prompt_kind=field(form, "prompt_kind", "say"),
        prompt_say=field(form, "prompt_say"),
        prompt_play=field(form, "prompt_play"),
        rows=[
            Row(d, t, targets[i] if i < len(targets) else "")
            for i, (d, t) in enumerate(zip(digits, types, strict=False))
        ],
        timeout=field(form, "timeout"),
        tries=field(form, "tries"),
        invalid_kind=field(form, "invalid_kind", "default"),
        invalid_say=field(form, "invalid_say"),
        invalid_play=field(form, "invalid_play"),
        fallback_type=field(form, "fallback_type", HANGUP),
        fallback_target=field(form, "fallback_target"),
    )


def _number(text: str) -> int | str:
    # A non-number goes to the service as it is, which names the field.
    return int(text) if text.lstrip("-").isdigit() else text


def _destination(kind: str, target: str) -> dict[str, Any]:
    if kind in TYPED:
        return {"type": kind, "target": target}
    return {"type": kind, "target": int(target) if target.isdigit() else target}


def _prompt(kind: str, say: str, play: str) -> dict[str, str]:
    if kind == "play":
        return {"play": play}
    if kind == "say":
        return {"say": say}
    return {}


def values_of(draft: Draft) -> dict[str, Any]:
    """The service's input for ``draft``; a key chosen for two rows is refused here, since
    the stored options (a key → destination map) cannot hold both."""
    options: dict[str, Any] = {}
    for row in draft.rows or []:
        if row.digit in options:
            raise ValidationFailed.field(f"options.{row.digit}", "this key is chosen twice")
        options[row.digit] = _destination(row.type, row.target)
    fallback = draft.fallback_type
    return {
        "name": draft.name,
        "customer": _number(draft.customer) if draft.customer else None,
        "prompt": _prompt(draft.prompt_kind or "say", draft.prompt_say, draft.prompt_play),
        "options": options,
        "timeout": _number(draft.timeout),
        "tries": _number(draft.tries),
        "invalid_prompt": _prompt(draft.invalid_kind, draft.invalid_say, draft.invalid_play),
        "fallback": None
        if fallback in ("", HANGUP)
        else _destination(fallback, draft.fallback_target),
    }


# -- what a key may lead to -----------------------------------------------------------------


async def choices(customer_id: int, menu: IvrMenu | None) -> dict[str, list[tuple[str, str]]]:
    """``{type: [(id, label)]}``: the customer's objects each destination type may name."""
    mine = {"customer_id": customer_id}
    menus = IvrMenu.filter(**mine).order_by("name")
    if menu is not None:
        menus = menus.exclude(id=menu.id)
    shared = Q(customer_id=customer_id) | Q(customer_id=None)
    found: dict[str, list[tuple[str, str]]] = {
        DestinationType.IVR_MENU.value: [(str(m.id), m.name) for m in await menus],
        DestinationType.EXTENSION.value: [
            (str(u.id), f"{u.extension} · {u.username}" if u.extension else u.username)
            for u in await SipUser.filter(**mine).order_by("extension", "username")
        ],
    }
    for kind, model in (
        (DestinationType.GROUP, RingGroup),
        (DestinationType.QUEUE, CallQueue),
        (DestinationType.CONFERENCE, ConferenceRoom),
    ):
        found[kind.value] = [
            (str(o.id), f"{o.name} ({o.extension})" if o.extension else o.name)
            for o in await model.filter(**mine).order_by("name")
        ]
    found[DestinationType.VOICEMAIL.value] = [
        (str(b.id), f"{b.mailbox} · {b.name}")
        for b in await VoicemailBox.filter(**mine).order_by("mailbox")
    ]
    for kind, app_kind in (
        (DestinationType.CONNEXML_APP, VoiceAppKind.CONNEXML),
        (DestinationType.VOICE_SCRIPT, VoiceAppKind.SCRIPT),
    ):
        apps = await VoiceApp.filter(shared, kind=app_kind).order_by("name")
        found[kind.value] = [
            (str(a.id), a.name if a.customer_id else f"{a.name} (system-wide)")  # type: ignore[attr-defined]
            for a in apps
        ]
    return found


# -- compiling and trying -------------------------------------------------------------------


def _router(menu: IvrMenu) -> Any:
    from telephony.class5.routing import Router
    from telephony.connexml.interpreter import CallContext

    return Router(menu.customer_id, CallContext())  # type: ignore[attr-defined]


async def compiled(menu: IvrMenu) -> str:
    """The menu's ConneXML, its options labelled with their targets' names."""
    return str(await _router(menu).menu(menu))


async def labels_of(menu: IvrMenu) -> dict[str, str]:
    router = _router(menu)
    found = {d: await router.label(dest) for d, dest in (menu.options or {}).items()}
    found["fallback"] = await router.label(menu.fallback) if menu.fallback else "hang up"
    return found


async def try_menu(menu: IvrMenu, digits: str, storage: Path | None) -> list[Event]:
    """A simulated call into ``menu`` pressing ``digits`` (``"1"``, ``"9,,"``): the
    transcript's events. ``app:`` targets (nested menus, queues...) resolve through the
    menu's customer, as on a DID's call; no webhook host is reachable."""
    from telephony.class5.routing import Router
    from telephony.connexml.interpreter import CallContext
    from telephony.simulate import SimulationRequest, simulate

    customer_id = menu.customer_id  # type: ignore[attr-defined]
    # Labels only: the router that compiles the menu needs a call, not this one.
    document = await Router(customer_id, CallContext(variables={})).menu(menu)
    simulation = await simulate(
        SimulationRequest(
            document=document,
            digits=digits,
            allow=(),
            customer=customer_id,
            internal_targets=True,
            storage=storage,
            audio=storage,
        )
    )
    return simulation.events


def describe(event: Event) -> str:
    """``say: Press 1`` / ``gather: digits=1, reason=digits``: one event as a line."""
    rest = {k: v for k, v in event.items() if k not in ("t", "event")}
    if len(rest) == 1:
        return f"{event['event']}: {next(iter(rest.values()))}"
    shown = ", ".join(f"{k}={v}" for k, v in rest.items() if v not in ("", None, {}, []))
    return f"{event['event']}: {shown}" if shown else str(event["event"])


# -- views ----------------------------------------------------------------------------------


async def menu_list(request: Request) -> Response:
    principal = await require(request, Permission.VOICE_READ)
    q = request.query_params.get("q", "").strip()
    customer = request.query_params.get("customer", "")
    qs = IvrMenu.all().select_related("customer")
    if q:
        qs = qs.filter(name__icontains=q)
    if customer.isdigit():
        qs = qs.filter(customer_id=int(customer))
    page = await listing(request, qs.order_by("name", "id"))
    return render(
        request,
        "telephony/ivr_menus.html",
        {
            "page": page,
            "q": q,
            "customer": customer,
            "customers": await Customer.all().order_by("name"),
            "can_write": principal.can(Permission.VOICE_WRITE),
        },
        block="results",
    )


async def _page(
    request: Request,
    menu: IvrMenu | None,
    draft: Draft,
    *,
    can_write: bool,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    parent = extra.pop("parent", "") or request.query_params.get("parent", "")
    customer_id = _number(draft.customer)
    customer = await Customer.get_or_none(id=customer_id) if isinstance(customer_id, int) else None
    context: dict[str, Any] = {
        "menu": menu,
        "draft": draft,
        "customer": customer,
        "customers": [] if menu else await Customer.all().order_by("name"),
        "choices": await choices(customer.id, menu) if customer else {},
        "types": TYPES,
        "typed": TYPED,
        "hangup": HANGUP,
        "digits": DIGITS,
        "can_write": can_write,
        "connexml": await compiled(menu) if menu else "",
        "labels": await labels_of(menu) if menu else {},
        "parent": parent,
        **extra,
    }
    return render(request, TEMPLATE, context, block="trial", status_code=status_code)


def _refused(exc: TrunklineError) -> dict[str, Any]:
    problems = exc.details if isinstance(exc.details, list) else []
    return {"form_error": exc.message, "problems": problems}


async def menu_new(request: Request) -> Response:
    await require(request, Permission.VOICE_WRITE)
    params = request.query_params
    draft = Draft(name=params.get("name", "").strip(), customer=params.get("customer", ""))
    draft.rows = [Row("1", DestinationType.IVR_MENU.value, "")]
    return await _page(request, None, draft, can_write=True)


async def menu_create(request: Request) -> Response:
    actor = await require(request, Permission.VOICE_WRITE)
    form = await read_form(request)
    draft = draft_from(form)
    parent = field(form, "parent")
    try:
        menu = await base.create(actor, IVR_MENU, values_of(draft))
    except TrunklineError as exc:
        return await _page(
            request,
            None,
            draft,
            can_write=True,
            status_code=exc.status_code,
            parent=parent,
            **_refused(exc),
        )
    flash(request, f"IVR menu {menu.name} created.")
    if parent.isdigit() and await IvrMenu.exists(id=int(parent), customer_id=menu.customer_id):  # type: ignore[attr-defined]
        return redirect(request, "ui:voice_ivr", menu_id=int(parent))
    return redirect(request, "ui:voice_ivr", menu_id=menu.id)


async def menu_page(request: Request) -> Response:
    principal = await require(request, Permission.VOICE_READ)
    menu = await base.get(IVR_MENU, request.path_params["menu_id"])
    can_write = principal.can(Permission.VOICE_WRITE)
    return await _page(request, menu, draft_of(menu), can_write=can_write)


async def menu_update(request: Request) -> Response:
    actor = await require(request, Permission.VOICE_WRITE)
    form = await read_form(request)
    menu = await base.get(IVR_MENU, request.path_params["menu_id"])
    draft = draft_from(form)
    draft.customer = str(menu.customer_id)  # type: ignore[attr-defined]
    try:
        values = values_of(draft)
        del values["customer"]  # fixed once the menu exists
        await base.update(actor, IVR_MENU, menu, values)
    except TrunklineError as exc:
        # The stored menu, not the refused draft, is what the ConneXML panel shows.
        await menu.refresh_from_db()
        return await _page(
            request, menu, draft, can_write=True, status_code=exc.status_code, **_refused(exc)
        )
    flash(request, f"IVR menu {menu.name} saved.")
    return redirect(request, "ui:voice_ivr", menu_id=menu.id)


async def menu_try(request: Request) -> Response:
    """Run the saved menu on the simulator (it acts on live Class 5 state as a real call
    does, e.g. a round-robin group turns, so it needs ``voice:write``)."""
    await require(request, Permission.VOICE_WRITE)
    form = await read_form(request)
    menu = await base.get(IVR_MENU, request.path_params["menu_id"])
    digits = field(form, "digits")
    extra: dict[str, Any] = {"trial_digits": digits}
    status_code = 200
    try:
        events = await try_menu(menu, digits, request.app.state.settings.data_dir)
        extra["trial"] = [(e["t"], describe(e)) for e in events]
    except TrunklineError as exc:
        extra["trial_error"] = exc.message
        status_code = exc.status_code
    return await _page(
        request, menu, draft_of(menu), can_write=True, status_code=status_code, **extra
    )


async def menu_delete(request: Request) -> Response:
    actor = await require(request, Permission.VOICE_WRITE)
    await read_form(request)
    menu = await base.get(IVR_MENU, request.path_params["menu_id"])
    await base.delete(actor, IVR_MENU, menu)
    flash(request, f"IVR menu {menu.name} deleted.")
    return redirect(request, "ui:voice_ivr_menus")


def routes() -> list[BaseRoute]:
    get, post = ["GET"], ["POST"]
    item = "/voice/ivr/{menu_id:int}"
    return [
        Route("/voice/ivr", menu_list, methods=get, name="ui:voice_ivr_menus"),
        Route("/voice/ivr", menu_create, methods=post, name="ui:voice_ivr_create"),
        Route("/voice/ivr/new", menu_new, methods=get, name="ui:voice_ivr_new"),
        Route(item, menu_page, methods=get, name="ui:voice_ivr"),
        Route(item, menu_update, methods=post, name="ui:voice_ivr_update"),
        Route(f"{item}/try", menu_try, methods=post, name="ui:voice_ivr_try"),
        Route(f"{item}/delete", menu_delete, methods=post, name="ui:voice_ivr_delete"),
    ]

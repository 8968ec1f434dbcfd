"""Button Builder buttons: where an app's buttons show, and what pressing one does.

A button shows in one *area* (:class:`~pagebuilder.models.ButtonArea`): the control panel's
side navigation, the Actions column of its app's row in the apps list, the customer portal's
navigation, or the toolbar of one of the app's pages (``show_on``). Pressing it passes the
selected rows (their number checked against ``min_select``..``max_select``) to the
exported ``function`` of ``script`` (the app's live code) as ``{"rows": [...], "button":
{...}}``, and/or opens ``page``.

The opened page gets the selected rows' ids in its query string: ``/apps/<app>/<page>?rows=3,5``
(each row's ``id``, else its ``uuid``; rows with neither are not named). The page reads them
with ``new URLSearchParams(location.search).get("rows")``.

Which buttons are shown: operators who may read apps see every app's ``cp_*`` buttons
(unpublished apps included: their pages serve the draft, as editors expect); portal users see
the ``portal_*`` buttons of the apps offered to their customer. A page's toolbar shows its
``cp_page`` buttons to operators and its ``portal_page`` buttons to portal users (anonymous
viewers of public pages get none). Buttons are sorted by ``sort_order``, then label. They are
not versioned: the saved buttons show, and bundles carry them (``buttons.json``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from tortoise.transactions import in_transaction

from pagebuilder.models import Button, ButtonArea, Page
from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.auth.resolve import resolve_principal
from runtime.errors import Forbidden, NotFound, ValidationFailed
from runtime.models import App
from runtime.services import apps, audit
from runtime.ui.buttons import PlacedButton

COLOURS = ("primary", "secondary", "success", "warning", "danger", "info")
PAGE_AREAS = frozenset({ButtonArea.CP_PAGE, ButtonArea.PORTAL_PAGE})
NAV_AREAS = frozenset({ButtonArea.CP_NAV, ButtonArea.PORTAL_NAV})
PORTAL_AREAS = frozenset({ButtonArea.PORTAL_NAV, ButtonArea.PORTAL_PAGE})
#: The fields a button is made of (what the API, bundles and the audit log carry).
FIELDS = (
    "label",
    "icon",
    "colour",
    "tooltip",
    "area",
    "show_on",
    "page",
    "script",
    "function",
    "min_select",
    "max_select",
    "sort_order",
)
TEXT_LIMITS = {
    "label": 64,
    "icon": 64,
    "colour": 16,
    "tooltip": 200,
    "show_on": 64,
    "page": 64,
    "script": 100,
    "function": 100,
}
DEFAULTS: dict[str, Any] = {
    "icon": "",
    "colour": "primary",
    "tooltip": "",
    "show_on": "",
    "page": "",
    "script": "",
    "function": "",
    "min_select": 0,
    "max_select": None,
    "sort_order": 0,
}


def snapshot(button: Button) -> dict[str, Any]:
    values = {name: getattr(button, name) for name in FIELDS}
    values["area"] = ButtonArea(button.area).value
    return {"id": button.id, "uuid": str(button.uuid), **values}


def sort_key(button: Button) -> tuple[int, str, int]:
    return (button.sort_order, button.label.casefold(), button.id)


def selection_range(button: Button) -> str:
    """The allowed number of selected rows, in words ("1 to 2", "at least 1", "any")."""
    low, high = button.min_select, button.max_select
    if high is None:
        return f"at least {low}" if low else "any number of"
    return f"exactly {low}" if low == high else f"{low} to {high}"


# -- checking -------------------------------------------------------------------------------


async def _exports(app: App, script_name: str) -> tuple[str, ...] | None:
    """The script's exported names, None when it does not exist (or cannot be read)."""
    from scriptforge.models import Script
    from scriptforge.sandbox.modules import ModuleSyntaxError, transform

    script = await Script.get_or_none(app_id=app.id, name=script_name)
    if script is None:
        return None
    try:
        return transform(script.code).exports
    except ModuleSyntaxError:
        return ()


async def check(app: App, values: dict[str, Any]) -> None:
    """Every problem with a button's ``values`` at once, each naming its field."""
    problems: list[dict[str, str]] = []

    def problem(path: str, message: str) -> None:
        problems.append({"path": path, "message": message})

    try:
        area = ButtonArea(str(values.get("area")))
    except ValueError:
        areas = ", ".join(a.value for a in ButtonArea)
        raise ValidationFailed.field("area", f"one of {areas}") from None
    for name, longest in TEXT_LIMITS.items():
        if not isinstance(values[name], str):
            raise ValidationFailed.field(name, "must be text")
        if len(values[name]) > longest:
            problem(name, f"at most {longest} characters")
    for name in ("min_select", "max_select", "sort_order"):
        value = values[name]
        if not (isinstance(value, int) and not isinstance(value, bool)) and not (
            name == "max_select" and value is None
        ):
            raise ValidationFailed.field(name, "must be a whole number")
    if not values["label"].strip():
        problem("label", "give the button a label")
    if values["colour"] not in COLOURS:
        problem("colour", f"one of {', '.join(COLOURS)}")
    pages = set(await Page.filter(app_id=app.id).values_list("name", flat=True))
    if area in PAGE_AREAS:
        if not values["show_on"]:
            problem("show_on", "a page-toolbar button needs the page it shows on")
        elif values["show_on"] not in pages:
            problem("show_on", f"the app has no page {values['show_on']!r}")
    elif values["show_on"]:
        problem("show_on", "only page-toolbar buttons (cp_page, portal_page) show on a page")
    if values["page"] and values["page"] not in pages:
        problem("page", f"the app has no page {values['page']!r}")
    if values["script"]:
        exports = await _exports(app, values["script"])
        function = values["function"] or "main"
        if exports is None:
            problem("script", f"the app has no script {values['script']!r}")
        elif exports and function not in exports:
            problem("function", f"{values['script']} does not export {function!r}")
    elif values["function"]:
        problem("function", "a function needs its script")
    if not values["page"] and not values["script"]:
        problem("page", "a button must open a page or run a script's function (or both)")
    low, high = values["min_select"], values["max_select"]
    if low < 0:
        problem("min_select", "cannot be negative")
    if high is not None and high < low:
        problem("max_select", f"must be at least min_select ({low})")
    if area in NAV_AREAS and low > 0:
        problem("min_select", "navigation buttons have no selected rows; leave it 0")
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValidationFailed(f"{first['path']}: {first['message']}{more}", problems)


# -- create, find, change, delete -----------------------------------------------------------


def _repr(app: App, button: Button) -> str:
    return f"{app.name}/{button.label}"


async def create_button(actor: Principal, app: App, values: dict[str, Any]) -> Button:
    merged = {**DEFAULTS, **{k: v for k, v in values.items() if k in FIELDS}}
    await check(app, merged)
    async with in_transaction() as conn:
        button = await Button.create(
            uuid=uuid.uuid4(),
            app=app,
            created_by=actor.name[:128],
            using_db=conn,
            **merged,
        )
        await audit.record(
            actor,
            "button.create",
            "button",
            button.id,
            _repr(app, button),
            after=snapshot(button),
            using_db=conn,
        )
    return button


async def get_button(app: App, ref: str | int) -> Button:
    """A button of the app by numeric id or uuid."""
    text = str(ref)
    found = None
    if text.isdigit():
        found = await Button.get_or_none(id=int(text), app_id=app.id)
    else:
        try:
            found = await Button.get_or_none(uuid=uuid.UUID(text), app_id=app.id)
        except ValueError:
            found = None
    if found is None:
        raise NotFound(f"No button {text!r} in app {app.name!r}")
    return found


async def update_button(
    actor: Principal, app: App, ref: str | int, changes: dict[str, Any]
) -> Button:
    button = await get_button(app, ref)
    before = snapshot(button)
    merged = {name: getattr(button, name) for name in FIELDS}
    merged.update({k: v for k, v in changes.items() if k in FIELDS})
    await check(app, merged)
    for name, value in merged.items():
        setattr(button, name, value)
    async with in_transaction() as conn:
        await button.save(using_db=conn)
        await audit.record(
            actor,
            "button.update",
            "button",
            button.id,
            _repr(app, button),
            before=before,
            after=snapshot(button),
            using_db=conn,
        )
    return button


async def delete_button(actor: Principal, app: App, ref: str | int) -> None:
    button = await get_button(app, ref)
    async with in_transaction() as conn:
        before = snapshot(button)
        await button.delete(using_db=conn)
        await audit.record(
            actor,
            "button.delete",
            "button",
            before["id"],
            _repr(app, button),
            before=before,
            using_db=conn,
        )


# -- pressing -------------------------------------------------------------------------------


def check_rows(button: Button, rows: Any) -> list[dict[str, Any]]:
    """The selected rows, if they are objects and their number is within the button's range."""
    if rows is None:
        rows = []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValidationFailed.field("rows", "give the selected rows as a list of objects")
    low, high = button.min_select, button.max_select
    if len(rows) < low or (high is not None and len(rows) > high):
        raise ValidationFailed.field(
            "rows",
            f"{button.label} needs {selection_range(button)} selected rows; {len(rows)} selected",
        )
    return rows


def page_url(
    app_name: str, page: str, rows: Sequence[dict[str, Any]] = (), *, portal: bool = False
) -> str:
    """``/apps/<app>/<page>``, with ``?rows=<ids>`` naming the selected rows; in the portal,
    the page inside the portal's navigation (``/portal/apps/<app>/<page>``).

    >>> page_url("crm", "edit", [{"id": 3}, {"id": 5, "name": "x"}])
    '/apps/crm/edit?rows=3,5'
    >>> page_url("crm", "orders", portal=True)
    '/portal/apps/crm/orders'
    """
    url = f"{'/portal' if portal else ''}/apps/{quote(app_name)}/{quote(page)}"
    ids = [str(r.get("id", r.get("uuid"))) for r in rows if r.get("id", r.get("uuid")) is not None]
    return f"{url}?rows={quote(','.join(ids), safe=',')}" if ids else url


def describe(button: Button) -> dict[str, Any]:
    """What the script is told of the button it runs for."""
    return {
        "id": button.id,
        "uuid": str(button.uuid),
        "label": button.label,
        "area": ButtonArea(button.area).value,
        "page": button.page or None,
    }


async def press(
    web: Any, app: App, button: Button, rows: Any, caller: str, *, from_page: bool = False
) -> dict[str, Any]:
    """Run the button for the selected ``rows``: ``{"result": ..., "open": url | None}``."""
    from scriptforge.invoke import invoke, raise_for_outcome
    from scriptforge.models import RunTrigger
    from scriptforge.services.scripts import get_script_by_app_and_name

    selected = check_rows(button, rows)
    result = None
    if button.script:
        script = await get_script_by_app_and_name(app, button.script)
        outcome, run = await invoke(
            web,
            script,
            function=button.function or None,
            data={"rows": selected, "button": describe(button)},
            trigger=RunTrigger.PAGE if from_page else RunTrigger.API,
            caller=caller,
            trigger_ref=f"button:{button.id}",
            draft=False,
        )
        raise_for_outcome(outcome, run.id)
        result = outcome.result
    portal = ButtonArea(button.area) == ButtonArea.PORTAL_NAV
    opened = page_url(app.name, button.page, selected, portal=portal) if button.page else None
    return {"result": result, "open": opened}


async def check_presser(principal: Principal, app: App, button: Button) -> None:
    """Operators who may read apps press any button; portal users press the portal buttons
    of the apps offered to their customer."""
    if principal.is_operator:
        if not principal.can(Permission.APPS_READ):
            raise Forbidden(f"Your role ({principal.role}) cannot use the app's buttons")
        return
    if ButtonArea(button.area) not in PORTAL_AREAS:
        raise Forbidden("This button is for operators")
    if principal.customer_id is None or not await apps.assigned_to(app, principal.customer_id):
        raise Forbidden("This app is not offered to your account")


def viewer_place(viewer: str) -> ButtonArea | None:
    """The page-toolbar area a page viewer (``operator:<id>``, ``customer:<id>``) sees."""
    kind = viewer.partition(":")[0]
    return {"operator": ButtonArea.CP_PAGE, "customer": ButtonArea.PORTAL_PAGE}.get(kind)


async def page_buttons(app: App, page: str, viewer: str) -> list[Button]:
    """The buttons in the toolbar of the app's page ``page`` for this viewer."""
    place = viewer_place(viewer)
    if place is None:
        return []
    found = await Button.filter(app_id=app.id, area=place, show_on=page)
    return sorted(found, key=sort_key)


async def press_on_page(
    web: Any, app: App, page: str, ref: str, rows: Any, viewer: str
) -> dict[str, Any]:
    """A press from a page's toolbar (the page token's page and viewer)."""
    button = await get_button(app, ref)
    if button.show_on != page or ButtonArea(button.area) != viewer_place(viewer):
        raise Forbidden("The button is not on this page")
    return await press(web, app, button, rows, viewer, from_page=True)


# -- where buttons show ---------------------------------------------------------------------


async def buttons_at(place: ButtonArea, principal: Principal | None) -> list[Button]:
    """The buttons ``principal`` sees in a navigation or apps-list ``place``."""
    if principal is None:
        return []
    query = Button.filter(area=place).select_related("app")
    if principal.is_operator:
        if place in PORTAL_AREAS or not principal.can(Permission.APPS_READ):
            return []
    elif place in PORTAL_AREAS and principal.customer_id is not None:
        offered = await apps.portal_apps(principal.customer_id)
        query = query.filter(app_id__in=[a.id for a in offered])
    else:
        return []
    return sorted(await query, key=sort_key)


async def placed(request: Request, place: str) -> list[PlacedButton]:
    """:attr:`runtime.areas.Area.buttons`: the buttons at a shell place, as the shell draws
    them (navigation buttons that only open a page become links)."""
    principal = await resolve_principal(request)
    drawn = []
    for button in await buttons_at(ButtonArea(place), principal):
        app_name = button.app.name
        press_url = request.url_for("api:buttons.press", app=app_name, button=str(button.uuid))
        link = button.page and not button.script and ButtonArea(button.area) in NAV_AREAS
        in_portal = place == "portal_nav"
        drawn.append(
            PlacedButton(
                uuid=str(button.uuid),
                app_id=button.app.id,
                app=app_name,
                label=button.label,
                icon=button.icon,
                colour=button.colour,
                tooltip=button.tooltip,
                press=press_url.path,
                href=page_url(app_name, button.page, portal=in_portal) if link else None,
                min_select=button.min_select,
                max_select=button.max_select,
                sort_order=button.sort_order,
            )
        )
    return drawn

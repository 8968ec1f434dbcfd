"""The Class 5 admin pages under ``/voice``: DIDs, SIP users, ring groups, queues, conference
rooms and voicemail boxes. Every family gets the same five routes from its
:class:`~telephony.ui.pages_forms.Family` (list + create, detail + update, delete); voicemail
boxes add deleting a message. All changes go through the Class 5 services."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from runtime.auth.permissions import Permission
from runtime.ui.nav import NavItem
from telephony.ui import pages_views as views
from telephony.ui.pages_families import FAMILIES, VOICEMAIL_BOXES
from telephony.ui.pages_forms import Family

_NAV_LABELS = (
    ("DIDs", 10),
    ("SIP users", 20),
    ("Ring groups", 30),
    ("Queues", 40),
    ("Conference rooms", 50),
    ("Voicemail", 60),
)

NAV: tuple[NavItem, ...] = tuple(
    NavItem(label, family.route("list"), Permission.VOICE_READ, "Voice", order)
    for (label, order), family in zip(_NAV_LABELS, FAMILIES, strict=True)
)

GET, POST = ["GET"], ["POST"]


def _bound(view: Any, family: Family) -> Any:
    async def endpoint(request: Request) -> Response:
        return await view(request, family)

    endpoint.__name__ = f"{family.slug}_{view.__name__}"
    return endpoint


def _family_routes(family: Family) -> list[BaseRoute]:
    item = f"{family.path}/{{{family.param}:int}}"
    on = partial(_bound, family=family)
    return [
        Route(family.path, on(views.list_view), methods=GET, name=family.route("list")),
        Route(family.path, on(views.create_view), methods=POST, name=family.route("create")),
        Route(item, on(views.detail_view), methods=GET, name=family.route()),
        Route(item, on(views.update_view), methods=POST, name=family.route("update")),
        Route(f"{item}/delete", on(views.delete_view), methods=POST, name=family.route("delete")),
    ]


def routes() -> list[BaseRoute]:
    found: list[BaseRoute] = []
    for family in FAMILIES:
        found.extend(_family_routes(family))
    found.append(
        Route(
            f"{VOICEMAIL_BOXES.path}/{{{VOICEMAIL_BOXES.param}:int}}/messages/{{message_id:int}}/delete",
            views.message_delete_view,
            methods=POST,
            name="ui:voice_voicemail_message_delete",
        )
    )
    return found

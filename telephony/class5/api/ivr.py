"""``GET /api/v1/ivr-menus/{id}/connexml``: the ConneXML document an IVR menu compiles to,
as the builder page shows it (options labelled with their targets' names)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from runtime.api.framework import Api, Call
from runtime.auth.permissions import Permission

api = Api()


@api.route(
    "GET",
    "/ivr-menus/{ivr_menu_id:int}/connexml",
    name="ivr_menus.connexml",
    permission=Permission.VOICE_READ,
    tag="ivr-menus",
    errors=(404,),
)
async def menu_connexml(call: Call[Any]) -> Response:
    """The menu compiled to ConneXML (``application/xml``), as calls to it run it."""
    from telephony.class5.routing import Router
    from telephony.class5.services import base
    from telephony.class5.services.features import IVR_MENU
    from telephony.connexml.interpreter import CallContext

    menu = await base.get(IVR_MENU, call.path["ivr_menu_id"])
    router = Router(menu.customer_id, CallContext())  # type: ignore[attr-defined]
    return Response(await router.menu(menu), media_type="application/xml")

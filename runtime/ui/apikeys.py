"""The signed-in operator's API keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response

from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError
from runtime.models import ApiKey
from runtime.services import apikeys, users
from runtime.ui.listing import listing
from runtime.ui.support import field, flash, read_form, redirect, render, require

EXPIRY_CHOICES = {"": None, "30": 30, "90": 90, "365": 365}


async def key_list(request: Request) -> Response:
    actor = await require(request, Permission.AUTHENTICATED)
    return await _page(request, actor.id)


async def _page(
    request: Request,
    owner_id: int,
    new_secret: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    page = await listing(request, ApiKey.filter(user_id=owner_id).order_by("-id"))
    return render(
        request,
        "runtime/apikeys.html",
        {"page": page, "new_secret": new_secret, "now": datetime.now(UTC)},
        status_code=status_code,
    )


async def key_create(request: Request) -> Response:
    actor = await require(request, Permission.AUTHENTICATED)
    form = await read_form(request)
    name = field(form, "name")
    days = EXPIRY_CHOICES.get(field(form, "expires"))
    if not name or len(name) > 100:
        flash(request, "Give the key a name (up to 100 characters).", "error")
        return redirect(request, "ui:apikeys")
    expires = datetime.now(UTC) + timedelta(days=days) if days else None
    owner = await users.get_user(actor.id)
    key, secret = await apikeys.create_key(actor, owner, name, expires)
    # Shown in this response only: never stored, never put in the (signed, not encrypted)
    # session cookie. Reloading the list afterwards shows the prefix alone.
    return await _page(request, actor.id, {"name": key.name, "secret": secret}, 201)


async def key_revoke(request: Request) -> Response:
    actor = await require(request, Permission.AUTHENTICATED)
    await read_form(request)
    try:
        key = await apikeys.revoke_key(actor, request.path_params["key_id"], owner_id=actor.id)
        flash(request, f"Key {key.name} revoked.")
    except TrunklineError as exc:
        flash(request, exc.message, "error")
    return redirect(request, "ui:apikeys")

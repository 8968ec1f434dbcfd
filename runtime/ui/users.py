"""Operator user management pages (admins)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from tortoise.expressions import Q

from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError
from runtime.models import Role, User
from runtime.services import users
from runtime.ui.listing import listing
from runtime.ui.support import field, flash, read_form, redirect, render, require


async def user_list(request: Request) -> Response:
    await require(request, Permission.USERS_READ)
    q = request.query_params.get("q", "").strip()
    role = request.query_params.get("role", "")
    qs = User.all()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q))
    if role in {r.value for r in Role}:
        qs = qs.filter(role=role)
    page = await listing(request, qs.order_by("username"))
    return render(
        request,
        "runtime/users.html",
        {"page": page, "q": q, "role": role, "roles": list(Role), "form": {}},
        block="results",
    )


async def user_create(request: Request) -> Response:
    actor = await require(request, Permission.USERS_WRITE)
    form = await read_form(request)
    values = {k: field(form, k) for k in ("username", "email", "full_name", "role")}
    try:
        role = Role(values["role"] or Role.READONLY)
        user = await users.create_user(
            actor,
            values["username"],
            str(form.get("password", "")),
            role,
            email=values["email"] or None,
            full_name=values["full_name"],
        )
    except (TrunklineError, ValueError) as exc:
        page = await listing(request, User.all().order_by("username"))
        return render(
            request,
            "runtime/users.html",
            {
                "page": page,
                "q": "",
                "role": "",
                "roles": list(Role),
                "form": values,
                "form_error": getattr(exc, "message", str(exc)),
            },
            status_code=getattr(exc, "status_code", 422),
        )
    flash(request, f"User {user.username} created.")
    return redirect(request, "ui:users")


async def user_edit(request: Request) -> Response:
    await require(request, Permission.USERS_READ)
    user = await users.get_user(request.path_params["user_id"])
    return render(request, "runtime/user_edit.html", {"user": user, "roles": list(Role)})


async def user_update(request: Request) -> Response:
    actor = await require(request, Permission.USERS_WRITE)
    form = await read_form(request)
    user_id = request.path_params["user_id"]
    changes: dict[str, object] = {
        "full_name": field(form, "full_name"),
        "email": field(form, "email") or None,
        "is_active": form.get("is_active") == "on",
    }
    if field(form, "role"):
        changes["role"] = Role(field(form, "role"))
    if form.get("password"):
        changes["password"] = str(form.get("password"))
    try:
        user = await users.update_user(actor, user_id, changes)
    except TrunklineError as exc:
        user = await users.get_user(user_id)
        return render(
            request,
            "runtime/user_edit.html",
            {"user": user, "roles": list(Role), "form_error": exc.message},
            status_code=exc.status_code,
        )
    flash(request, f"User {user.username} saved.")
    return redirect(request, "ui:users")


async def user_delete(request: Request) -> Response:
    actor = await require(request, Permission.USERS_WRITE)
    await read_form(request)
    try:
        await users.delete_user(actor, request.path_params["user_id"])
    except TrunklineError as exc:
        flash(request, exc.message, "error")
        return redirect(request, "ui:user", user_id=request.path_params["user_id"])
    flash(request, "User deleted.")
    return redirect(request, "ui:users")

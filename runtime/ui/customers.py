"""Customer pages: list, create, edit, and their customer-portal logins."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError, ValidationFailed
from runtime.models import Customer, CustomerStatus, CustomerUser
from runtime.services import customers
from runtime.ui.listing import listing
from runtime.ui.support import field, flash, read_form, redirect, render, require


async def customer_list(request: Request) -> Response:
    principal = await require(request, Permission.CUSTOMERS_READ)
    q = request.query_params.get("q", "").strip()
    status = request.query_params.get("status", "")
    qs = Customer.all()
    if q:
        qs = qs.filter(name__icontains=q)
    if status in {s.value for s in CustomerStatus}:
        qs = qs.filter(status=status)
    page = await listing(request, qs.order_by("name"))
    return render(
        request,
        "runtime/customers.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "statuses": list(CustomerStatus),
            "form": {},
            "can_write": principal.can(Permission.CUSTOMERS_WRITE),
        },
        block="results",
    )


async def customer_create(request: Request) -> Response:
    actor = await require(request, Permission.CUSTOMERS_WRITE)
    form = await read_form(request)
    values = {k: field(form, k) for k in ("name", "currency")}
    try:
        customer = await customers.create_customer(
            actor, values["name"], values["currency"].upper() or "USD"
        )
    except TrunklineError as exc:
        page = await listing(request, Customer.all().order_by("name"))
        return render(
            request,
            "runtime/customers.html",
            {
                "page": page,
                "q": "",
                "status": "",
                "statuses": list(CustomerStatus),
                "form": values,
                "form_error": exc.message,
                "can_write": True,
            },
            status_code=exc.status_code,
        )
    flash(request, f"Customer {customer.name} created.")
    return redirect(request, "ui:customer", customer_id=customer.id)


async def _detail(
    request: Request, customer_id: int, status_code: int = 200, **extra: object
) -> Response:
    principal = await require(request, Permission.CUSTOMERS_READ)
    customer = await customers.get_customer(customer_id)
    contacts = await CustomerUser.filter(customer=customer).order_by("email")
    return render(
        request,
        "runtime/customer_detail.html",
        {
            "customer": customer,
            "contacts": contacts,
            "statuses": list(CustomerStatus),
            "can_write": principal.can(Permission.CUSTOMERS_WRITE),
            **extra,
        },
        status_code=status_code,
    )


async def customer_detail(request: Request) -> Response:
    return await _detail(request, request.path_params["customer_id"])


async def customer_update(request: Request) -> Response:
    actor = await require(request, Permission.CUSTOMERS_WRITE)
    form = await read_form(request)
    cid = request.path_params["customer_id"]
    try:
        changes: dict[str, object] = {"name": field(form, "name")}
        if field(form, "status"):
            changes["status"] = CustomerStatus(field(form, "status"))
        if "number_block_start" in form:
            for name in ("number_block_start", "number_block_size"):
                raw = field(form, name)
                if raw and not raw.isdigit():
                    raise ValidationFailed.field(name, "a whole number")
                changes[name] = int(raw) if raw else None
        customer = await customers.update_customer(actor, cid, changes)
    except TrunklineError as exc:
        return await _detail(request, cid, form_error=exc.message, status_code=exc.status_code)
    flash(request, f"Customer {customer.name} saved.")
    return redirect(request, "ui:customer", customer_id=cid)


async def customer_delete(request: Request) -> Response:
    actor = await require(request, Permission.CUSTOMERS_WRITE)
    await read_form(request)
    await customers.delete_customer(actor, request.path_params["customer_id"])
    flash(request, "Customer deleted.")
    return redirect(request, "ui:customers")


async def contact_create(request: Request) -> Response:
    actor = await require(request, Permission.CUSTOMERS_WRITE)
    form = await read_form(request)
    cid = request.path_params["customer_id"]
    try:
        contact = await customers.add_contact(
            actor,
            cid,
            field(form, "email"),
            str(form.get("password", "")),
            field(form, "full_name"),
        )
    except TrunklineError as exc:
        return await _detail(request, cid, contact_error=exc.message, status_code=exc.status_code)
    flash(request, f"Portal login {contact.email} created.")
    return redirect(request, "ui:customer", customer_id=cid)


async def contact_delete(request: Request) -> Response:
    actor = await require(request, Permission.CUSTOMERS_WRITE)
    await read_form(request)
    cid = request.path_params["customer_id"]
    await customers.remove_contact(actor, cid, request.path_params["contact_id"])
    flash(request, "Portal login removed.")
    return redirect(request, "ui:customer", customer_id=cid)

"""Customers (minimal here; the Class 4 work extends them) and their portal contacts."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import NotFound, ValidationFailed
from runtime.models import Customer, CustomerStatus, CustomerUser
from runtime.security import passwords
from runtime.services import audit
from runtime.services.common import unique

CURRENCY = re.compile(r"^[A-Z]{3}$")


def snapshot(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "name": customer.name,
        "status": customer.status,
        "currency": customer.currency,
        "number_block_start": customer.number_block_start,
        "number_block_size": customer.number_block_size,
        **{name: getattr(customer, name) for name in CLASS4_FIELDS},
        "debit_limit": str(customer.debit_limit),
    }


def contact_snapshot(contact: CustomerUser) -> dict[str, Any]:
    return {
        "id": contact.id,
        "customer_id": contact.customer_id,  # type: ignore[attr-defined]
        "email": contact.email,
        "full_name": contact.full_name,
        "is_active": contact.is_active,
    }


async def get_customer(customer_id: int) -> Customer:
    customer = await Customer.get_or_none(id=customer_id)
    if customer is None:
        raise NotFound(f"No customer with id {customer_id}")
    return customer


async def create_customer(
    actor: Principal,
    name: str,
    currency: str = "USD",
    status: CustomerStatus = CustomerStatus.ACTIVE,
) -> Customer:
    if not CURRENCY.match(currency):
        raise ValidationFailed.field("currency", "must be a 3-letter ISO 4217 code, e.g. USD")
    async with (
        unique("name", f"A customer named {name!r} already exists"),
        in_transaction() as conn,
    ):
        customer = await Customer.create(
            name=name.strip(), currency=currency, status=status, using_db=conn
        )
        await audit.record(
            actor,
            "customer.create",
            "customer",
            customer.id,
            customer.name,
            after=snapshot(customer),
            using_db=conn,
        )
    return customer


MAX_BLOCK = 1_000_000
#: Class 4 settings (telephony/routing uses them); checked by :func:`class4_changes`.
CLASS4_FIELDS = (
    "channels",
    "cps",
    "tech_prefix",
    "first_reply_timeout",
    "pdd_timeout",
    "ring_timeout",
    "day_time_restriction",
    "tags",
)
TECH_PREFIX = re.compile(r"^[0-9]{0,16}[*#]?$")
WINDOW_DAYS = re.compile(r"^[1-7](-[1-7])?(,[1-7](-[1-7])?)*$")
CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def _count(name: str, value: Any, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise ValidationFailed.field(name, f"a whole number from 0 to {high}")
    return value


def _restriction(value: Any) -> dict[str, Any]:
    """``{"timezone": zone, "windows": [{"days": "1-5", "from": "08:00", "to": "18:00"}]}``
    (days: ISO weekdays, 1 = Monday; a window ending before it starts runs past midnight)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not value:
        return {}
    if not isinstance(value, dict) or set(value) - {"timezone", "windows"}:
        raise ValidationFailed.field(
            "day_time_restriction", 'an object {"timezone": ..., "windows": [...]}'
        )
    zone = value.get("timezone") or "UTC"
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed.field(
            "day_time_restriction.timezone", f"unknown time zone {zone!r}"
        ) from None
    windows = value.get("windows") or []
    if not isinstance(windows, list) or not windows:
        raise ValidationFailed.field("day_time_restriction.windows", "at least one window")
    for i, window in enumerate(windows):
        path = f"day_time_restriction.windows.{i}"
        if not isinstance(window, dict):
            raise ValidationFailed.field(path, '{"days": "1-5", "from": "08:00", "to": "18:00"}')
        if not WINDOW_DAYS.match(str(window.get("days", ""))):
            raise ValidationFailed.field(f"{path}.days", 'ISO weekdays such as "1-5" or "6,7"')
        for edge in ("from", "to"):
            if not CLOCK.match(str(window.get(edge, ""))):
                raise ValidationFailed.field(f"{path}.{edge}", "HH:MM, 24-hour")
    return {"timezone": str(zone), "windows": windows}


def class4_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The Class 4 settings among ``changes``, checked (ValidationFailed names the field)."""
    out: dict[str, Any] = {}
    for name in ("channels", "cps"):
        if name in changes:
            out[name] = _count(name, changes[name], 1_000_000)
    for name in ("first_reply_timeout", "pdd_timeout", "ring_timeout"):
        if name in changes:
            value = changes[name]
            out[name] = None if value is None else _count(name, value, 3600)
    if "tech_prefix" in changes:
        prefix = str(changes["tech_prefix"] or "")
        if not TECH_PREFIX.match(prefix):
            raise ValidationFailed.field("tech_prefix", "up to 16 digits, may end in * or #")
        out["tech_prefix"] = prefix
    if "debit_limit" in changes:
        try:
            limit = Decimal(str(changes["debit_limit"]))
        except InvalidOperation:
            raise ValidationFailed.field("debit_limit", "a decimal amount") from None
        if not limit.is_finite() or abs(limit) >= Decimal(10) ** 10:
            raise ValidationFailed.field("debit_limit", "a decimal amount")
        out["debit_limit"] = limit
    if "day_time_restriction" in changes:
        out["day_time_restriction"] = _restriction(changes["day_time_restriction"])
    if "tags" in changes:
        tags = changes["tags"] or []
        if not isinstance(tags, list) or not all(
            isinstance(t, str) and 0 < len(t) <= 64 for t in tags
        ):
            raise ValidationFailed.field("tags", "a list of names of 1 to 64 characters")
        out["tags"] = sorted(set(tags))
    return out


async def check_number_block(customer: Customer, start: int | None, size: int | None) -> None:
    """A block is both numbers or neither; extensions are 2-10 digits, so is the block; and
    every extension the customer already has must lie inside it."""
    from runtime.areas import extension_users

    if (start is None) != (size is None):
        raise ValidationFailed.field(
            "number_block_size" if size is None else "number_block_start",
            "give both the start and the size of the number block, or neither",
        )
    if start is None or size is None:
        return
    if not 10 <= start <= 9_999_999_999:
        raise ValidationFailed.field("number_block_start", "a number of 2 to 10 digits")
    if not 1 <= size <= MAX_BLOCK or start + size - 1 > 9_999_999_999:
        raise ValidationFailed.field(
            "number_block_size", f"1 to {MAX_BLOCK:,}, ending within 10 digits"
        )
    outside = [
        f"{label} {extension}"
        for label, extension in await extension_users(customer.id)
        if not start <= int(extension) < start + size
    ]
    if outside:
        more = f" (and {len(outside) - 3} more)" if len(outside) > 3 else ""
        raise ValidationFailed.field(
            "number_block_start",
            f"{', '.join(outside[:3])}{more} would be outside {start}-{start + size - 1}",
        )


async def update_customer(actor: Principal, customer_id: int, changes: dict[str, Any]) -> Customer:
    customer = await get_customer(customer_id)
    before = snapshot(customer)
    if changes.get("currency") not in (None, customer.currency):
        raise ValidationFailed.field("currency", "is fixed once the customer exists")
    for field in ("name", "status"):
        if changes.get(field) is not None:
            setattr(customer, field, changes[field])
    for name, value in class4_changes(changes).items():
        setattr(customer, name, value)
    if "number_block_start" in changes or "number_block_size" in changes:
        start = changes.get("number_block_start", customer.number_block_start)
        size = changes.get("number_block_size", customer.number_block_size)
        await check_number_block(customer, start, size)
        customer.number_block_start, customer.number_block_size = start, size
    async with (
        unique("name", f"A customer named {customer.name!r} already exists"),
        in_transaction() as conn,
    ):
        await customer.save(using_db=conn)
        await audit.record(
            actor,
            "customer.update",
            "customer",
            customer.id,
            customer.name,
            before=before,
            after=snapshot(customer),
            using_db=conn,
        )
    from runtime.areas import customer_changed

    customer_changed(customer.id)
    return customer


async def delete_customer(actor: Principal, customer_id: int) -> None:
    customer = await get_customer(customer_id)
    async with in_transaction() as conn:
        before = snapshot(customer)
        await customer.delete(using_db=conn)
        await audit.record(
            actor,
            "customer.delete",
            "customer",
            before["id"],
            before["name"],
            before=before,
            using_db=conn,
        )


async def add_contact(
    actor: Principal, customer_id: int, email: str, password: str, full_name: str = ""
) -> CustomerUser:
    customer = await get_customer(customer_id)
    if problem := passwords.password_problem(password):
        raise ValidationFailed.field("password", problem)
    async with unique("email", f"A portal user {email!r} already exists"), in_transaction() as conn:
        contact = await CustomerUser.create(
            customer=customer,
            email=email.strip().lower(),
            full_name=full_name,
            password_hash=passwords.hash_password(password),
            using_db=conn,
        )
        await audit.record(
            actor,
            "customer_user.create",
            "customer_user",
            contact.id,
            contact.email,
            after=contact_snapshot(contact),
            using_db=conn,
        )
    return contact


async def remove_contact(actor: Principal, customer_id: int, contact_id: int) -> None:
    contact = await CustomerUser.get_or_none(id=contact_id, customer_id=customer_id)
    if contact is None:
        raise NotFound(f"No portal user {contact_id} for customer {customer_id}")
    async with in_transaction() as conn:
        before = contact_snapshot(contact)
        await contact.delete(using_db=conn)
        await audit.record(
            actor,
            "customer_user.delete",
            "customer_user",
            before["id"],
            before["email"],
            before=before,
            using_db=conn,
        )


async def authenticate_contact(email: str, password: str) -> CustomerUser | None:
    contact = await CustomerUser.get_or_none(email=email.strip().lower()).select_related("customer")
    if contact is None:
        passwords.burn_verify(password)
        return None
    if not passwords.verify_password(contact.password_hash, password):
        return None
    if not contact.is_active or contact.customer.status != CustomerStatus.ACTIVE:
        return None
    return contact

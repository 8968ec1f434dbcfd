"""Apps: the namespace every page, script, dataset, query and template belongs to."""

from __future__ import annotations

import re
import uuid
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.middleware.app_domains import forget_domains
from runtime.models import App, AppAssignment, Customer
from runtime.services import audit
from runtime.services.common import find_by_ref, unique

APP_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,63}$")


def snapshot(app: App) -> dict[str, Any]:
    return {
        "id": app.id,
        "uuid": str(app.uuid),
        "name": app.name,
        "title": app.title,
        "description": app.description,
        "timezone": app.timezone,
        "domain": app.domain,
    }


def check_timezone(name: str) -> str:
    """An IANA time zone name ("Europe/London", "UTC")."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed.field(
            "timezone", f"{name!r} is not an IANA time zone (such as Europe/London)"
        ) from None
    return name


DOMAIN = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


def check_domain(domain: str) -> str:
    """A host name such as ``portal.example.com`` (lowercase, at least one dot)."""
    host = domain.strip().lower().rstrip(".")
    if not DOMAIN.match(host):
        raise ValidationFailed.field(
            "domain", f"{domain!r} is not a host name (portal.example.com)"
        )
    return host


def check_name(name: str) -> str:
    if not APP_NAME.match(name):
        raise ValidationFailed.field(
            "name", "2-64 characters: a lowercase letter, then lowercase letters, digits, - or _"
        )
    return name


async def get_app(ref: str | int) -> App:
    """An app by numeric id, uuid or name."""
    return await find_by_ref(App, ref, "app")


async def create_app(
    actor: Principal, name: str, title: str = "", description: str = "", timezone: str = "UTC"
) -> App:
    check_name(name)
    check_timezone(timezone)
    async with unique("name", f"An app named {name!r} already exists"), in_transaction() as conn:
        app = await App.create(
            uuid=uuid.uuid4(),
            name=name,
            title=title or name,
            description=description,
            timezone=timezone,
            created_by=actor.name,
            using_db=conn,
        )
        await audit_app(actor, "app.create", app, after=snapshot(app), conn=conn)
    return app


async def update_app(actor: Principal, ref: str | int, changes: dict[str, Any]) -> App:
    app = await get_app(ref)
    before = snapshot(app)
    if changes.get("name") is not None:
        app.name = check_name(changes["name"])
    if changes.get("timezone") is not None:
        app.timezone = check_timezone(changes["timezone"])
    if "domain" in changes:  # "" or null unbinds
        app.domain = check_domain(changes["domain"]) if changes["domain"] else None
    for field in ("title", "description"):
        if changes.get(field) is not None:
            setattr(app, field, changes[field])
    taken = f"An app named {app.name!r} already exists"
    if app.domain and await App.filter(domain=app.domain).exclude(id=app.id).exists():
        raise Conflict(
            f"Another app is bound to {app.domain}",
            [{"path": "domain", "message": "already taken"}],
        )
    async with unique("name", taken), in_transaction() as conn:
        await app.save(using_db=conn)
        await audit_app(actor, "app.update", app, before=before, after=snapshot(app), conn=conn)
    forget_domains()
    return app


async def delete_app(actor: Principal, ref: str | int) -> None:
    from runtime.areas import installed_areas

    app = await get_app(ref)
    async with in_transaction() as conn:
        before = snapshot(app)
        # Areas clean up what lives outside their rows (a dataset's table), same transaction.
        for area in installed_areas():
            for hook in area.app_deleted:
                await hook(app, conn)
        await app.delete(using_db=conn)
        await audit_app(actor, "app.delete", app, before=before, conn=conn)


async def audit_app(
    actor: Principal,
    action: str,
    app: App,
    *,
    conn: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    await audit.record(
        actor, action, "app", app.id, app.name, before=before, after=after, using_db=conn
    )


async def assign(actor: Principal, app: App, customer_id: int | None) -> AppAssignment:
    """Offer the app in the customer portal: to one customer, or (None) to all."""
    if customer_id is not None and not await Customer.exists(id=customer_id):
        raise ValidationFailed.field("customer_id", f"no customer {customer_id}")
    if await AppAssignment.exists(app_id=app.id, customer_id=customer_id):
        raise Conflict(
            "The app is already assigned there",
            [{"path": "customer_id", "message": "already assigned"}],
        )
    async with in_transaction() as conn:
        made = await AppAssignment.create(
            app_id=app.id, customer_id=customer_id, created_by=actor.name[:128], using_db=conn
        )
        await audit_app(actor, "app.assign", app, after={"customer_id": customer_id}, conn=conn)
    return made


async def unassign(actor: Principal, app: App, assignment_id: int) -> None:
    found = await AppAssignment.get_or_none(id=assignment_id, app_id=app.id)
    if found is None:
        raise NotFound(f"No assignment {assignment_id} of app {app.name!r}")
    async with in_transaction() as conn:
        await found.delete(using_db=conn)
        await audit_app(
            actor,
            "app.unassign",
            app,
            before={"customer_id": found.customer_id},  # type: ignore[attr-defined]
            conn=conn,
        )


async def assigned_to(app: App, customer_id: int) -> bool:
    """Whether the customer's portal users may use the app."""
    return (
        await AppAssignment.filter(app_id=app.id)
        .filter(Q(customer_id=None) | Q(customer_id=customer_id))
        .exists()
    )


async def portal_apps(customer_id: int) -> list[App]:
    """The apps a customer's portal shows, by title."""
    ids = await AppAssignment.filter(Q(customer_id=None) | Q(customer_id=customer_id)).values_list(
        "app_id", flat=True
    )
    return await App.filter(id__in=list(ids)).order_by("title", "name")

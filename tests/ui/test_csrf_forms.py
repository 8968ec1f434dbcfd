"""Every state-changing UI form refuses a request without this session's CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.routing import Route

from runtime import store, versions
from runtime.auth.principal import SYSTEM
from runtime.models import (
    ApiKey,
    App,
    AppAssignment,
    AuditEntry,
    Customer,
    CustomerUser,
    Role,
    StoreListing,
    User,
)
from runtime.services import apikeys, apps, customers, users
from runtime.ui.routes import routes
from tests.ui.ui_support import Ui

POST_ROUTES = [r for r in routes if isinstance(r, Route) and "POST" in (r.methods or ())]

# What each form would submit; enough to succeed if the token were right.
FORM_DATA: dict[str, dict[str, str]] = {
    "ui:login_submit": {"username": "csrf-admin", "password": "correct horse battery"},
    "ui:logout": {},
    "ui:user_create": {"username": "mallory", "password": "mallory password", "role": "admin"},
    "ui:user_update": {"role": "admin", "is_active": "on", "password": "taken over!!"},
    "ui:user_delete": {},
    "ui:apikey_create": {"name": "stolen"},
    "ui:apikey_revoke": {},
    "ui:app_create": {"name": "planted", "title": "Planted"},
    "ui:app_update": {"name": "renamed", "title": "Defaced"},
    "ui:app_delete": {},
    "ui:assignment_create": {"customer": "all"},
    "ui:assignment_delete": {},
    "ui:customer_create": {"name": "Planted Ltd", "currency": "USD"},
    "ui:customer_update": {"name": "Defaced Ltd", "status": "suspended"},
    "ui:customer_delete": {},
    "ui:contact_create": {"email": "m@evil.example", "password": "mallory password"},
    "ui:contact_delete": {},
    "ui:store_upload": {"docs": "planted"},
    "ui:store_list_submit": {"version": "1.0.0", "name": "planted"},
    "ui:store_install_submit": {"app_name": "planted"},
    "ui:store_domain": {"domain": "evil.example.com"},
    "ui:store_upgrade_submit": {},
    "ui:store_uninstall_submit": {"confirm": "billing"},
    "ui:store_withdraw": {},
    "portal:login_submit": {"email": "ops@acme.example", "password": "portal password 1"},
    "portal:logout": {},
}


def test_the_table_covers_every_post_route() -> None:
    assert {r.name for r in POST_ROUTES} == set(FORM_DATA)


async def _world() -> dict[str, int]:
    """One of everything a form can change, owned by the signed-in admin where it matters."""
    admin = await User.get(username="csrf-admin")
    victim = await users.create_user(SYSTEM, "victim", "victim password", Role.READONLY)
    app = await apps.create_app(SYSTEM, "billing", "Billing", "")
    customer = await customers.create_customer(SYSTEM, "Acme Telecom", "EUR")
    contact = await customers.add_contact(SYSTEM, customer.id, "ops@acme.example", "portal pw 1")
    key, _ = await apikeys.create_key(SYSTEM, admin, "mine")
    assignment = await apps.assign(SYSTEM, app, customer.id)
    await versions.publish(SYSTEM, app, "1.0.0")
    await store.list_version(SYSTEM, app, "1.0.0")
    return {
        "assignment_id": assignment.id,
        "user_id": victim.id,
        "app_id": app.id,
        "customer_id": customer.id,
        "contact_id": contact.id,
        "key_id": key.id,
        "name": "billing",  # an App Store listing name
        "version": "1.0.0",
    }


async def _state() -> dict[str, Any]:
    """Everything those forms could have changed."""
    return {
        "users": await User.all()
        .order_by("id")
        .values_list("username", "role", "is_active", "session_version", "password_hash"),
        "apps": await App.all().order_by("id").values_list("name", "title"),
        "customers": await Customer.all().order_by("id").values_list("name", "status"),
        "contacts": await CustomerUser.all().order_by("id").values_list("email"),
        "keys": await ApiKey.all().order_by("id").values_list("name", "revoked_at"),
        "audit": await AuditEntry.all().count(),
        "assignments": await AppAssignment.all().order_by("id").values_list("customer_id"),
        "listings": await StoreListing.all().order_by("id").values_list("name", "version"),
    }


@pytest.mark.parametrize("token", ["missing", "empty", "wrong", "another session's"])
async def test_forms_reject_a_missing_or_wrong_token(
    ui: Ui, new_ui: Any, make_user: Any, token: str
) -> None:
    admin = await make_user(Role.ADMIN, username="csrf-admin")
    assert (await ui.sign_in(admin.username, admin.password)).status_code == 303
    own_token = await ui.token("/")
    ids = await _world()
    other = await new_ui()
    submitted = {
        "missing": None,
        "empty": "",
        "wrong": own_token[:-4] + "AAAA",
        "another session's": await other.token("/login"),
    }[token]
    before = await _state()
    for route in POST_ROUTES:
        assert route.name is not None
        path = route.url_path_for(route.name, **{k: ids[k] for k in route.param_convertors})
        response = await ui.post(path, FORM_DATA[route.name], csrf=submitted)
        assert response.status_code == 403, (route.name, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), route.name
        assert "<html" in response.text, route.name
    assert await _state() == before, "a rejected form changed something"
    session = ui.session()
    assert (session["kind"], session["uid"]) == ("operator", admin.user.id), "still signed in"
    assert (await ui.get("/")).status_code == 200


async def test_the_page_token_is_accepted(ui: Ui, make_user: Any) -> None:
    """The control experiment: the same submission with the page's token goes through."""
    admin = await make_user(Role.ADMIN)
    assert (await ui.sign_in(admin.username, admin.password)).status_code == 303
    response = await ui.submit("/customers", "/customers", {"name": "Real Ltd", "currency": "usd"})
    assert response.status_code == 303
    assert await Customer.filter(name="Real Ltd", currency="USD").exists()


@pytest.mark.parametrize(("header", "created"), [("own", True), ("wrong", False)])
async def test_htmx_may_send_the_token_as_a_header(
    ui: Ui, make_user: Any, header: str, created: bool
) -> None:
    """app.js puts the token in X-CSRF-Token on every htmx request (hx-post needs no field)."""
    admin = await make_user(Role.ADMIN)
    assert (await ui.sign_in(admin.username, admin.password)).status_code == 303
    token = await ui.token("/")
    response = await ui.client.post(
        "/customers",
        data={"name": "Header Ltd"},
        headers={"X-CSRF-Token": token if header == "own" else "wrong", "HX-Request": "true"},
    )
    assert response.status_code == (303 if created else 403)
    assert await Customer.filter(name="Header Ltd").exists() is created

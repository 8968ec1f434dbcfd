"""Apps in the customer portal: the portal's navigation around an app's portal pages (from
the version the app serves), only for customers the app is offered to."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pagebuilder import pages
from pagebuilder.models import PageAccess
from runtime import versions
from runtime.auth.principal import SYSTEM
from runtime.services import apps, customers
from tests.ui.ui_support import Ui


@pytest.fixture
async def crm(db: str) -> Any:
    app = await apps.create_app(SYSTEM, "crm", "CRM")
    await pages.create_page(
        SYSTEM, app, "index", document={"title": "Home page"}, access=PageAccess.PORTAL
    )
    await pages.create_page(
        SYSTEM, app, "orders", document={"title": "My orders"}, access=PageAccess.PORTAL
    )
    await pages.create_page(SYSTEM, app, "admin", document={"title": "Back office"})
    acme = await customers.create_customer(SYSTEM, "Acme")
    await customers.add_contact(SYSTEM, acme.id, "ops@acme.example", "portal pw acme 1")
    await customers.create_customer(SYSTEM, "Globex")
    return app, acme


async def test_portal_users_open_offered_apps_in_the_portal(
    client: httpx.AsyncClient, crm: Any
) -> None:
    app, acme = crm
    ui = Ui(client)
    anonymous = await client.get("/portal/apps/crm")
    assert anonymous.status_code == 303 and "/portal/login" in anonymous.headers["location"]
    await ui.portal_sign_in("ops@acme.example", "portal pw acme 1")
    assert (await client.get("/portal/apps/crm")).status_code == 404  # not offered yet

    await apps.assign(SYSTEM, app, acme.id)
    home = (await client.get("/portal")).text
    assert 'href="/portal/apps/crm"' in home
    shell = await client.get("/portal/apps/crm")
    assert shell.status_code == 200
    assert '<iframe class="portal-frame" title="CRM" src="/apps/crm/index">' in shell.text
    assert 'href="/portal/apps/crm/orders"' in shell.text and "My orders" in shell.text
    assert "Back office" not in shell.text  # an operators' page is not the portal's
    orders = await client.get("/portal/apps/crm/orders")
    assert 'src="/apps/crm/orders"' in orders.text
    assert (await client.get("/portal/apps/crm/admin")).status_code == 403
    assert (await client.get("/portal/apps/crm/nope")).status_code == 404
    framed = await client.get("/apps/crm/orders")
    assert (
        framed.status_code == 200
        and "frame-ancestors 'self'" in framed.headers["content-security-policy"]
    )


async def test_the_portal_lists_the_pages_of_the_served_version(
    client: httpx.AsyncClient, crm: Any
) -> None:
    app, _ = crm
    await apps.assign(SYSTEM, app, None)
    await versions.publish(SYSTEM, app, "1.0.0")
    await pages.create_page(
        SYSTEM, app, "later", document={"title": "Not yet"}, access=PageAccess.PORTAL
    )
    await Ui(client).portal_sign_in("ops@acme.example", "portal pw acme 1")
    shell = (await client.get("/portal/apps/crm")).text
    assert "My orders" in shell and "Not yet" not in shell
    await versions.publish(SYSTEM, app, "1.1.0")
    assert "Not yet" in (await client.get("/portal/apps/crm")).text


async def test_operators_are_sent_to_the_portal_sign_in(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    admin = await make_user()
    await Ui(client).sign_in(admin.username, admin.password)
    refused = await client.get("/portal/apps/crm")
    assert refused.status_code == 303 and refused.headers["location"].startswith("/portal/login")

"""Offering an app in the customer portal from its settings page: to one customer or to
all, listed there and on the portal home of that customer's users, and withdrawn again."""

from __future__ import annotations

import re
from typing import Any

import httpx

from runtime.auth.principal import SYSTEM
from runtime.models import AppAssignment, Role
from runtime.services import apps, customers
from tests.ui.ui_support import Ui


async def test_offer_an_app_to_a_customer_and_to_all(
    app: Any, client: httpx.AsyncClient, make_user: Any
) -> None:
    crm = await apps.create_app(SYSTEM, "crm", "CRM")
    acme = await customers.create_customer(SYSTEM, "Acme")
    await customers.create_customer(SYSTEM, "Globex")
    await customers.add_contact(SYSTEM, acme.id, "ops@acme.example", "portal pw acme 1")
    admin = await make_user(Role.ADMIN)
    ui = Ui(client)
    await ui.sign_in(admin.username, admin.password)
    detail = f"/apps/{crm.id}"

    page = await ui.get(detail)
    assert "Not offered in the customer portal." in page.text
    assert re.search(r'<option value="\d+">Acme</option>', page.text)
    bad = await ui.submit(detail, f"{detail}/assignments", {"customer": "acme"})
    assert bad.status_code == 303
    assert "choose a customer, or all customers" in (await ui.get(detail)).text

    offered = await ui.submit(detail, f"{detail}/assignments", {"customer": str(acme.id)})
    assert offered.status_code == 303 and offered.headers["location"].endswith(detail)
    page = await ui.get(detail)
    assert f"is offered to customer {acme.id}" in page.text
    assert "Stop offering to Acme" in page.text
    assert not re.search(r'<option value="\d+">Acme</option>', page.text)  # not twice

    to_all = await ui.submit(detail, f"{detail}/assignments", {"customer": "all"})
    assert to_all.status_code == 303
    page = await ui.get(detail)
    assert "Stop offering to all customers" in page.text
    assert 'id="portal-customer"' not in page.text  # nothing left to offer
    assert await AppAssignment.filter(app_id=crm.id).count() == 2

    transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        portal = Ui(other)  # a portal user's own browser
        await portal.portal_sign_in("ops@acme.example", "portal pw acme 1")
        assert 'href="/portal/apps/crm"' in (await portal.get("/portal")).text

        for assignment in await AppAssignment.filter(app_id=crm.id):
            path = f"{detail}/assignments/{assignment.id}/delete"
            assert (await ui.submit(detail, path)).status_code == 303
        assert await AppAssignment.filter(app_id=crm.id).count() == 0
        assert 'href="/portal/apps/crm"' not in (await portal.get("/portal")).text


async def test_readers_see_the_offers_but_cannot_change_them(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    crm = await apps.create_app(SYSTEM, "crm")
    await apps.assign(SYSTEM, crm, None)
    reader = await make_user(Role.READONLY)
    ui = Ui(client)
    await ui.sign_in(reader.username, reader.password)
    page = await ui.get(f"/apps/{crm.id}")
    assert "All customers" in page.text and "Offer in portal" not in page.text
    refused = await ui.post(f"/apps/{crm.id}/assignments", {"customer": "all"})
    assert refused.status_code in (403, 400)
    assert await AppAssignment.filter(app_id=crm.id).count() == 1

"""The customer's Class 4 settings page (/class4/customers/{id}): limits, timers, day/time
windows and IP addresses through the same checks as the API; refusals name the field and keep
what was typed; a read-only user sees no forms."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import Customer, Role
from runtime.services import customers
from telephony.models import CustomerIp
from tests.ui.ui_support import Ui


@pytest.fixture
def ui(client: httpx.AsyncClient) -> Ui:
    return Ui(client)


@pytest.fixture
async def acme(db: str) -> Customer:
    return await customers.create_customer(SYSTEM, "Acme")


async def sign_in(ui: Ui, make_user: Any, role: Role) -> None:
    account = await make_user(role)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303


FORM = {
    "channels": "40",
    "cps": "6",
    "debit_limit": "100",
    "tech_prefix": "77#",
    "first_reply_timeout": "",
    "pdd_timeout": "9",
    "ring_timeout": "",
    "tags": "gold, uk",
    "timezone": "Europe/London",
    "windows": "1-5 08:00-18:00\n6 10:00-14:00",
}


async def test_settings_are_saved_and_shown(ui: Ui, make_user: Any, acme: Customer) -> None:
    await sign_in(ui, make_user, Role.ADMIN)
    page = f"/class4/customers/{acme.id}"
    saved = await ui.submit(page, page, FORM)
    assert saved.status_code == 303, saved.text
    stored = await Customer.get(id=acme.id)
    assert (stored.channels, stored.cps, stored.tech_prefix, stored.pdd_timeout) == (
        40,
        6,
        "77#",
        9,
    )
    assert stored.first_reply_timeout is None and stored.tags == ["gold", "uk"]
    assert stored.day_time_restriction == {
        "timezone": "Europe/London",
        "windows": [
            {"days": "1-5", "from": "08:00", "to": "18:00"},
            {"days": "6", "from": "10:00", "to": "14:00"},
        ],
    }
    shown = (await ui.get(page)).text
    assert "1-5 08:00-18:00" in shown and 'value="77#"' in shown


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"channels": "many"}, "channels"),
        ({"tech_prefix": "7a"}, "up to 16 digits, may end in * or #"),
        ({"windows": "weekdays all day"}, "line 1: write DAYS FROM-TO"),
        ({"timezone": "Mars/Base"}, "unknown time zone"),
    ],
)
async def test_a_refusal_names_the_field_and_keeps_the_input(
    ui: Ui, make_user: Any, acme: Customer, change: dict[str, str], message: str
) -> None:
    await sign_in(ui, make_user, Role.ADMIN)
    page = f"/class4/customers/{acme.id}"
    refused = await ui.submit(page, page, {**FORM, **change})
    assert refused.status_code in (400, 422)
    assert message in refused.text
    typed = next(iter(change.values()))
    assert typed in refused.text  # what was typed is shown again
    assert (await Customer.get(id=acme.id)).channels == 0  # nothing saved


async def test_addresses_are_added_and_removed(ui: Ui, make_user: Any, acme: Customer) -> None:
    await sign_in(ui, make_user, Role.ADMIN)
    page = f"/class4/customers/{acme.id}"
    added = await ui.submit(page, f"{page}/ips", {"address": "192.0.2.7/30", "port": "5060"})
    assert added.status_code == 303, added.text
    bad = await ui.submit(page, f"{page}/ips", {"address": "not an address", "port": "5060"})
    assert bad.status_code == 422 and "not an address" in bad.text
    (ip,) = await CustomerIp.filter(customer_id=acme.id)
    assert ip.address == "192.0.2.4/30"
    removed = await ui.submit(page, f"{page}/ips/{ip.id}/delete", {})
    assert removed.status_code == 303
    assert not await CustomerIp.exists(customer_id=acme.id)


async def test_a_read_only_user_sees_no_forms(ui: Ui, make_user: Any, acme: Customer) -> None:
    await sign_in(ui, make_user, Role.READONLY)
    page = await ui.get(f"/class4/customers/{acme.id}")
    assert page.status_code == 200
    assert "Add an address" not in page.text and ">Save<" not in page.text
    token = await ui.token(f"/class4/customers/{acme.id}")
    refused = await ui.post(f"/class4/customers/{acme.id}", FORM, csrf=token)
    assert refused.status_code == 403

"""A customer's Class 4 settings through ``PATCH /api/v1/customers/{id}`` and its IP entries
through ``/api/v1/customers/{id}/ips``: checked field by field, audited, and seen by the
routing engine at once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import customers
from telephony.routing.cache import cache
from tests.api.api_support import assert_error, detail_paths


@pytest.fixture
async def admin(client: httpx.AsyncClient, auth_headers: Any) -> Any:
    headers = await auth_headers(Role.ADMIN)

    async def send(method: str, path: str, body: Any = None) -> httpx.Response:
        return await client.request(method, f"/api/v1{path}", json=body, headers=headers)

    return send


async def test_class4_settings_are_checked_and_kept(admin: Any) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    good = {
        "channels": 30,
        "cps": 5,
        "debit_limit": "250.50",
        "tech_prefix": "123#",
        "pdd_timeout": 8,
        "day_time_restriction": {
            "timezone": "Europe/London",
            "windows": [{"days": "1-5", "from": "08:00", "to": "18:00"}],
        },
        "tags": ["wholesale", "uk"],
    }
    response = await admin("PATCH", f"/customers/{acme.id}", good)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["channels"], body["cps"], body["tech_prefix"]) == (30, 5, "123#")
    assert body["debit_limit"] == "250.50" and body["tags"] == ["uk", "wholesale"]
    assert body["first_reply_timeout"] is None and body["pdd_timeout"] == 8

    for change, path in [
        ({"channels": -1}, "channels"),
        ({"tech_prefix": "12a"}, "tech_prefix"),
        ({"day_time_restriction": {"timezone": "Mars/Base", "windows": []}},
         "day_time_restriction.timezone"),
        ({"day_time_restriction": {"windows": [{"days": "0-8", "from": "8", "to": "9"}]}},
         "day_time_restriction.windows.0.days"),
        ({"debit_limit": "lots"}, "debit_limit"),
    ]:  # fmt: skip
        refused = await admin("PATCH", f"/customers/{acme.id}", change)
        assert refused.status_code in (400, 422), (change, refused.text)
        if refused.status_code == 422 and "details" in refused.json()["error"]:
            assert path in detail_paths(refused.json()["error"]) or path in refused.text
    after = (await admin("GET", f"/customers/{acme.id}")).json()
    assert after["channels"] == 30 and after["tech_prefix"] == "123#"  # nothing lost


async def test_a_change_reaches_the_routing_cache_at_once(admin: Any) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    forgotten: list[int] = []
    original = cache().forget_customer

    def spy(customer_id: int) -> None:
        forgotten.append(customer_id)
        original(customer_id)

    cache().forget_customer = spy  # type: ignore[method-assign]
    try:
        await admin("PATCH", f"/customers/{acme.id}", {"cps": 2})
    finally:
        cache().forget_customer = original  # type: ignore[method-assign]
    assert set(forgotten) == {acme.id}


async def test_ip_entries(admin: Any) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    globex = await customers.create_customer(SYSTEM, "Globex")
    made = await admin("POST", f"/customers/{acme.id}/ips", {"address": "192.0.2.9/28"})
    assert made.status_code == 201, made.text
    assert made.json()["address"] == "192.0.2.0/28"  # host bits cleared
    bad = await admin("POST", f"/customers/{acme.id}/ips", {"address": "pbx.example.com"})
    assert_error(bad, 422, "validation_error")
    assert detail_paths(bad.json()["error"]) == ["address"]
    receives = await admin(
        "POST",
        f"/customers/{acme.id}/ips",
        {"address": "PBX.example.com", "direction": "receives", "protocol": "tls", "port": 5061},
    )
    assert receives.status_code == 201 and receives.json()["address"] == "pbx.example.com"
    # The same sending address on another customer: only when both tell calls apart by CLI.
    clash = await admin("POST", f"/customers/{globex.id}/ips", {"address": "192.0.2.0/28"})
    assert_error(clash, 409, "conflict")
    assert "cli_auth" in clash.json()["error"]["message"]
    listed = (await admin("GET", f"/customers/{acme.id}/ips")).json()["items"]
    assert [i["address"] for i in listed] == ["192.0.2.0/28", "pbx.example.com"]
    gone = await admin("DELETE", f"/customers/{acme.id}/ips/{listed[0]['id']}")
    assert gone.status_code == 204
    missing = await admin("DELETE", f"/customers/{globex.id}/ips/{listed[1]['id']}")
    assert_error(missing, 404, "not_found")


def test_one_address_rule_for_carriers_and_customers() -> None:
    import doctest

    from telephony import addresses

    assert doctest.testmod(addresses).failed == 0

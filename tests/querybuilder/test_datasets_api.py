"""The datasets REST API, end to end on both databases."""

from __future__ import annotations

from typing import Any

import httpx

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import apps


async def test_dataset_and_row_lifecycle(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    app = await apps.create_app(SYSTEM, "dialer")
    base = f"/api/v1/apps/{app.name}/datasets"

    made = await client.post(
        base,
        headers=headers,
        json={
            "name": "leads",
            "preset": "lead_set",
            "columns": [{"name": "priority", "type": "integer", "indexed": True}],
        },
    )
    assert made.status_code == 201, made.text
    assert [c["name"] for c in made.json()["columns"]][-1] == "priority"
    duplicate = await client.post(base, headers=headers, json={"name": "leads"})
    assert duplicate.status_code == 409

    bad = await client.post(
        f"{base}/leads/rows",
        headers=headers,
        json={"priority": "high", "custom": "{oops", "ghost": 1},
    )
    assert bad.status_code == 422
    paths = sorted(d["path"] for d in bad.json()["error"]["details"])
    assert paths == ["custom", "ghost", "priority"]

    for n in range(7):
        created = await client.post(
            f"{base}/leads/rows",
            headers=headers,
            json={
                "first_name": f"Lead {n}",
                "phone": f"4477009000{n}",
                "priority": n % 3,
                "custom": {"source": "web"},
            },
        )
        assert created.status_code == 201, created.text
    first = await client.get(
        f"{base}/leads/rows", headers=headers, params={"limit": 3, "sort": "-priority"}
    )
    body = first.json()
    assert (body["total"], len(body["items"])) == (7, 3)
    assert [r["priority"] for r in body["items"]] == [2, 2, 1]
    second = await client.get(
        f"{base}/leads/rows",
        headers=headers,
        params={"limit": 3, "sort": "-priority", "cursor": body["next"]},
    )
    assert {r["id"] for r in second.json()["items"]}.isdisjoint({r["id"] for r in body["items"]})
    filtered = await client.get(f"{base}/leads/rows", headers=headers, params={"priority": "0"})
    assert filtered.json()["total"] == 3
    assert all(r["status"] == "new" for r in filtered.json()["items"])

    patched = await client.patch(f"{base}/leads/rows/1", headers=headers, json={"status": "called"})
    assert patched.json()["status"] == "called"
    assert await AuditEntry.exists(action="row.update", object_id="1")
    assert (await client.delete(f"{base}/leads/rows/1", headers=headers)).status_code == 204
    assert (await client.get(f"{base}/leads/rows/1", headers=headers)).status_code == 404

    listing = await client.get(base, headers=headers)
    assert [d["name"] for d in listing.json()["items"]] == ["leads"]
    assert (await client.delete(f"{base}/leads", headers=headers)).status_code == 204
    assert (await client.get(f"{base}/leads", headers=headers)).status_code == 404

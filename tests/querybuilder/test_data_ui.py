"""The data pages: browse a dataset's rows and run SQL from the browser."""

from __future__ import annotations

from typing import Any

import httpx

from querybuilder import datasets, rows
from querybuilder.models import DatasetPreset
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from tests.ui.ui_support import Ui


async def test_browse_rows_and_run_sql(client: httpx.AsyncClient, make_user: Any) -> None:
    app = await apps.create_app(SYSTEM, "sales")
    leads = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    for n in range(60):
        await rows.insert_row(
            leads, {"first_name": f"Lead{n:02d}", "status": "won" if n % 10 == 0 else "new"}
        )
    account = await make_user(Role.READONLY)
    ui = Ui(client)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303

    home = await ui.get("/data")
    assert home.status_code == 200
    assert "/data/sales/datasets/leads" in home.text

    first = await ui.get("/data/sales/datasets/leads")
    assert "60 rows" in first.text
    assert "Lead00" in first.text and "Lead59" not in first.text
    assert "Next page" in first.text
    filtered = await client.get(
        "/data/sales/datasets/leads",
        params={"f_status": "won", "sort": "-id"},
        headers={"HX-Request": "true"},
    )
    assert "<html" not in filtered.text
    assert "6 rows" in filtered.text
    assert filtered.text.index("Lead50") < filtered.text.index("Lead00")

    token = await ui.token("/data/sales/query")
    ran = await client.post(
        "/data/sales/query",
        data={
            "csrf_token": token,
            "sql": "select status, count(*) as n from leads group by status order by status",
            "vars": "{}",
        },
    )
    assert ran.status_code == 200
    assert '<td class="mono">won</td><td class="mono">6</td>' in ran.text
    refused = await client.post(
        "/data/sales/query", data={"csrf_token": token, "sql": "delete from leads", "vars": "{}"}
    )
    assert "DELETE" in refused.text or "delete" in refused.text
    assert 'role="alert"' in refused.text
    forged = await client.post("/data/sales/query", data={"sql": "select 1", "vars": "{}"})
    assert forged.status_code == 403

"""The script-runs pages: a developer or support engineer traces a failed run."""

from __future__ import annotations

import re
from typing import Any

import httpx

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from scriptforge.invoke import invoke
from scriptforge.models import RunTrigger
from scriptforge.services import scripts
from tests.ui.ui_support import Ui


async def test_runs_list_filters_and_detail_show_the_failure(
    app: Any, client: httpx.AsyncClient, make_user: Any
) -> None:
    owner = await apps.create_app(SYSTEM, "tracing")
    script = await scripts.create_script(
        SYSTEM,
        owner,
        "route",
        "export function main(d) {\n  console.log('checking', d.n)\n"
        "  if (d.n > 1) { const cfg = null; return cfg.limit }\n  return { ok: d.n }\n}",
    )
    await invoke(app, script, data={"n": 1}, trigger=RunTrigger.API, caller="tester")
    _, failed = await invoke(app, script, data={"n": 2}, trigger=RunTrigger.HTTP, caller="x")

    account = await make_user(Role.SUPPORT)
    ui = Ui(client)
    signed = await ui.sign_in(account.username, account.password)
    assert signed.status_code == 303

    listing = await ui.get("/scripts/runs")
    assert listing.status_code == 200
    assert listing.text.count('class="badge ok">ok<') == 1
    assert listing.text.count('class="badge off">error<') == 1

    only_errors = await client.get(
        "/scripts/runs", params={"status": "error"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in only_errors.text
    assert re.findall(r"/scripts/runs/(\d+)", only_errors.text) == [str(failed.id)]

    detail = await ui.get(f"/scripts/runs/{failed.id}")
    assert detail.status_code == 200
    assert "cannot read property &#39;limit&#39; of null" in detail.text
    assert "(route:3:" in detail.text
    assert "[log] checking 2" in detail.text

    missing = await ui.get("/scripts/runs/999999")
    assert missing.status_code == 404

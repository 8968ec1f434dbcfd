"""Published apps run their live version's code; trying a script runs the draft."""

from __future__ import annotations

from typing import Any

import httpx

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from runtime.versions import make_live, publish
from scriptforge.cache import invalidate
from scriptforge.services import scripts


async def test_http_runs_the_live_code_and_the_run_api_the_draft(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    app = await apps.create_app(SYSTEM, "live")
    await scripts.create_script(SYSTEM, app, "helpers", "export const answer = () => 'one';")
    made = await scripts.create_script(
        SYSTEM,
        app,
        "hello",
        "import { answer } from './helpers';\nexport function main() { return answer(); }",
        access="public",
    )
    url = f"/scriptforge/{made.uuid}"
    assert (await client.post(url, json={})).json() == "one"  # never published: the draft

    await publish(SYSTEM, app, "1.0.0")
    helpers = await scripts.get_script_by_app_and_name(app, "helpers")
    await scripts.update_script(SYSTEM, helpers.id, {"code": "export const answer = () => 'two';"})
    invalidate()
    assert (await client.post(url, json={})).json() == "one"  # the live version, 1.0.0
    tried = await client.post(f"/api/v1/scripts/{made.id}/run", headers=headers, json={})
    assert tried.json()["result"] == "two"  # the draft

    await publish(SYSTEM, app, "1.1.0")
    invalidate()
    assert (await client.post(url, json={})).json() == "two"
    await make_live(SYSTEM, app, "1.0.0")
    invalidate()
    assert (await client.post(url, json={})).json() == "one"

"""Live runs: a script's console reaches the event stream while it runs, then exactly one
``done``; a cancelled script stops (and the sandbox serves the next run); saved queries and
templates run the same way; runs belong to the user who started them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ide import runs
from pagebuilder import app_templates
from querybuilder import datasets, queries, rows
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from scriptforge.models import Run, RunStatus, RunTrigger
from scriptforge.services import env, kv, scripts
from tests.api.api_support import assert_error
from tests.ide.conftest import Ide, sign_in

WAITS_FOR_GO = """
import { kv } from 'cxKV';
export async function main(data) {
  console.log('hello ' + data.name);
  console.info('token ' + process.env.TOKEN);
  while (!(await kv.get('go'))) { await new Promise((r) => setTimeout(r, 20)); }
  console.warn('after');
  return { n: data.n * 2, mode: process.env.MODE };
}
"""
FOREVER = """
export async function main() {
  while (true) { await new Promise((r) => setTimeout(r, 50)); console.log('tick'); }
}
"""


async def start(ide: Ide, **body: Any) -> dict[str, Any]:
    response = await ide.api("POST", "/ide/runs", json={"app": "shop", **body})
    assert response.status_code == 202, response.text
    started = dict(response.json())
    assert started["events"] == f"/ide/runs/{started['run']}/events"
    return started


def live(ide: Ide, started: dict[str, Any]) -> Any:
    return ide.app.state.ide_runs.runs[started["run"]]


async def test_script_logs_reach_the_stream_before_done(ide: Ide, shop: Any) -> None:
    await env.create_env_var(SYSTEM, shop, "TOKEN", "s3cr3t-value", protected=True)
    await scripts.create_script(SYSTEM, shop, "greeter", WAITS_FOR_GO)
    started = await start(
        ide, kind="script", ref="greeter", data={"name": "Ann", "n": 21}, vars={"MODE": "test"}
    )
    async with ide.events(started["events"]) as stream:
        event, entry = await stream.next()
        assert (event, entry["level"], entry["message"]) == ("log", "log", "hello Ann")
        assert entry["time"].endswith("+00:00")
        event, entry = await stream.next()
        assert (event, entry["level"], entry["message"]) == ("log", "info", "token ***")
        # Both arrived while the script still waits for its go-ahead: they were live.
        assert live(ide, started).running
        await kv.kv_set(shop.id, "go", "1")
        logs, done = await stream.until_done()
    assert stream.status == 200
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert [(e["level"], e["message"]) for e in logs] == [("warn", "after")]
    assert done["status"] == "ok", done
    assert done["result"] == {"n": 42, "mode": "test"}
    assert done["error"] is None
    assert done["cpu_ms"] >= 0 and done["wall_ms"] > 0
    run = await Run.get(id=done["run_id"])
    assert (run.status, run.trigger, run.caller) == (RunStatus.OK, RunTrigger.API, "dev")
    assert "s3cr3t-value" not in str(run.logs)


async def test_a_quiet_stream_sends_heartbeats(
    ide: Ide, shop: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runs, "HEARTBEAT_SECONDS", 0.01)
    await scripts.create_script(SYSTEM, shop, "greeter", WAITS_FOR_GO)
    started = await start(ide, kind="script", ref="greeter", data={"name": "Bo", "n": 1})
    async with ide.events(started["events"]) as stream:
        assert (await stream.next())[1]["message"] == "hello Bo"
        assert (await stream.next())[1]["message"] == "token undefined"
        await stream.heartbeat()  # the script waits for its go-ahead: only comments meanwhile
        await kv.kv_set(shop.id, "go", "1")
        logs, done = await stream.until_done()
    assert ([e["message"] for e in logs], done["result"]) == (["after"], {"n": 2})


async def test_a_late_subscriber_gets_everything_replayed(ide: Ide, shop: Any) -> None:
    code = "export function main(d) { console.log('one'); console.error('two'); return d; }"
    await scripts.create_script(SYSTEM, shop, "echo", code)
    started = await start(ide, kind="script", ref="echo", data=[1, 2])
    await live(ide, started).task
    for _ in range(2):  # over HTTP, twice: the finished run stays followable
        response = await ide.client.get(started["events"])
        assert response.status_code == 200
        blocks = [b for b in response.text.split("\n\n") if b and not b.startswith(":")]
        events = [b.split("\n")[0] for b in blocks]
        assert events == ["event: log", "event: log", "event: done"]
        assert '"message": "two"' in blocks[1] and '"level": "error"' in blocks[1]
        assert '"result": [1, 2]' in blocks[2]


async def test_a_failing_script_ends_with_its_error(ide: Ide, shop: Any) -> None:
    code = "export function main() {\n  console.log('before');\n  null.x;\n}"
    await scripts.create_script(SYSTEM, shop, "broken", code)
    started = await start(ide, kind="script", ref="broken")
    async with ide.events(started["events"]) as stream:
        logs, done = await stream.until_done()
    assert [e["message"] for e in logs] == ["before"]
    assert done["status"] == "error"
    assert done["error"]["line"] == 3, done


async def test_cancelling_stops_the_script_and_the_sandbox_serves_on(ide: Ide, shop: Any) -> None:
    await scripts.create_script(SYSTEM, shop, "forever", FOREVER, wall_ms=600_000)
    await scripts.create_script(SYSTEM, shop, "quick", "export const main = (d) => d + 1")
    started = await start(ide, kind="script", ref="forever")
    async with ide.events(started["events"]) as stream:
        assert (await stream.next())[0] == "log"
        assert (await stream.next())[1]["message"] == "tick"
        response = await ide.api("POST", f"/ide/runs/{started['run']}/cancel")
        assert response.status_code == 200, response.text
        assert response.json() == {"cancelled": True}
        logs, done = await stream.until_done()
    assert all(e["message"] == "tick" for e in logs)
    assert done["status"] == "cancelled"
    run = await Run.get(id=done["run_id"])
    assert run.status == RunStatus.CANCELLED
    assert run.logs and run.logs[0]["message"] == "tick"

    again = await ide.api("POST", f"/ide/runs/{started['run']}/cancel")
    assert again.json() == {"cancelled": False}, "it had finished"
    for n in range(3):  # every worker of the pool still runs scripts
        next_run = await start(ide, kind="script", ref="quick", data=n)
        async with ide.events(next_run["events"]) as stream:
            _, done = await stream.until_done()
        assert (done["status"], done["result"]) == ("ok", n + 1)


async def test_query_runs(ide: Ide, shop: Any) -> None:
    contacts = await datasets.create_dataset(
        SYSTEM, shop, "contacts", columns=[{"name": "phone", "type": "string"}]
    )
    for phone in ("123", "124", "999"):
        await rows.insert_row(contacts, {"phone": phone})
    await queries.create_query(
        SYSTEM, shop, "by prefix", "select phone from contacts where phone like :p order by phone"
    )
    started = await start(ide, kind="query", ref="by prefix", vars={"p": "12%"})
    async with ide.events(started["events"]) as stream:
        logs, done = await stream.until_done()
    assert logs == []
    assert done["status"] == "ok", done
    assert [c["name"] for c in done["columns"]] == ["phone"]
    assert done["rows"] == [["123"], ["124"]]

    missing = await start(ide, kind="query", ref="by prefix")
    async with ide.events(missing["events"]) as stream:
        _, done = await stream.until_done()
    assert done["status"] == "error"
    assert "missing value for parameter :p" in done["error"]["message"]


async def test_template_runs(ide: Ide, shop: Any) -> None:
    template = await app_templates.create_template(
        SYSTEM,
        shop,
        "welcome",
        subject="Hi {{name}}",
        html="<p>{{name}}</p>",
        sample={"name": "Ann"},
    )
    for data, html in ((None, "<p>Ann</p>"), ({"name": "<Bo>"}, "<p>&lt;Bo&gt;</p>")):
        started = await start(ide, kind="template", ref=str(template.uuid), data=data)
        async with ide.events(started["events"]) as stream:
            _, done = await stream.until_done()
        assert done["status"] == "ok", done
        assert done["html"] == html
        assert done["result"]["subject"] == "Hi " + (data or {"name": "Ann"})["name"]


async def test_runs_belong_to_who_started_them(
    ide: Ide, shop: Any, other_client: httpx.AsyncClient, make_user: Any
) -> None:
    await scripts.create_script(SYSTEM, shop, "quick", "export const main = () => 1")
    started = await start(ide, kind="script", ref="quick")
    await live(ide, started).task
    other = await sign_in(other_client, ide.app, (await make_user(Role.ADMIN)).username)
    assert (await other.client.get(started["events"])).status_code == 404
    response = await other.api("POST", f"/ide/runs/{started['run']}/cancel")
    assert_error(response, 404, "not_found")
    unknown = await other_client.get(started["events"].replace(started["run"], "nope"))
    assert unknown.status_code == 404
    reader = await make_user(Role.READONLY)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=ide.app), base_url="http://testserver"
    ) as third:
        assert (await third.get(started["events"])).status_code == 303, "sign in first"
        readonly = await sign_in(third, ide.app, reader.username)
        assert (await readonly.client.get(started["events"])).status_code == 403


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"kind": "script", "ref": "nope"}, "ref"),
        ({"kind": "macro", "ref": "x"}, "kind"),
        ({"kind": "query", "ref": "x", "app": "nope"}, "app"),
        ({"kind": "script", "ref": "x", "function": "no-such name"}, "function"),
    ],
)
async def test_bad_run_requests(ide: Ide, shop: Any, body: dict[str, Any], path: str) -> None:
    response = await ide.api("POST", "/ide/runs", json={"app": "shop", **body})
    error = assert_error(response, 422, "validation_error")
    assert path in [d["path"] for d in error["details"]]

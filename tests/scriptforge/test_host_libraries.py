"""Every host library function, called from real scripts in the real sandbox against the
real databases: cxKV, cxUserspace, the environment (``setEnvVar``/``getEnvVars``),
``fetch`` (a real HTTP server on localhost), cxRest (the app's own API, in-process),
cxSend (a real SMTP server and a real SMS webhook on localhost)."""

from __future__ import annotations

import asyncio
import email
import json
from datetime import UTC, datetime, timedelta
from email import policy
from typing import Any

import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import customers
from scriptforge.models import EnvVar, KVEntry, Script
from scriptforge.services import kv_get
from tests.scriptforge.conftest import Forge, LocalHttp, Mailbox, free_port

# -- cxKV ------------------------------------------------------------------------------------

KV = """\
import { kv, ko, incr, keys, usage } from 'cxKV'

export async function put(d) { return kv.set(d.key, d.value, d.ttl) }
export async function get(d) { return kv.get(d.key) }
export async function putObject(d) { return ko.set(d.key, d.value, d.ttl) }
export async function getObject(d) { return ko.get(d.key) }
export async function count(d) { return incr(d.key, d.by, d.expire) }
export async function list(d) { return keys(d.prefix) }
export async function size() { return usage() }
export async function remove(d) { return [await kv.delete(d.key), await kv.del(d.key)] }
"""

LEGACY_KV = """\
const cxKV = require('cxKV')
async function main(d) {
  await cxKV.set('legacy', 'yes')
  return [await cxKV.get('legacy'), await cxKV.incr('hits'), await cxKV.incr('hits', 5)]
}
"""


@pytest.fixture
async def store(forge: Forge) -> Script:
    return await forge.script(KV, "store")


async def call(forge: Forge, script: Script, function: str, **data: Any) -> Any:
    return await forge.result(script, data, function=function)


async def test_kv_strings_with_and_without_ttl(forge: Forge, store: Script) -> None:
    assert await call(forge, store, "get", key="missing") is None
    assert await call(forge, store, "put", key="pin_441", value="4321") is True
    assert await call(forge, store, "put", key="session", value=42, ttl=60) is True
    assert await call(forge, store, "put", key="forever", value="x", ttl=0) is True

    assert await call(forge, store, "get", key="pin_441") == "4321"
    assert await call(forge, store, "get", key="session") == "42"  # kv stores strings
    entries = {e.key: e for e in await KVEntry.all()}
    assert entries["pin_441"].expires_at is None
    assert entries["forever"].expires_at is None
    expires = entries["session"].expires_at
    assert expires is not None
    assert timedelta(seconds=50) < expires - datetime.now(UTC) <= timedelta(seconds=60)

    await KVEntry.filter(key="session").update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await call(forge, store, "get", key="session") is None


async def test_ko_objects(forge: Forge, store: Script) -> None:
    value = {"open": "09:00", "days": [1, 2, 3], "nested": {"ok": True, "n": None}}
    assert await call(forge, store, "putObject", key="cfg", value=value) is True
    assert await call(forge, store, "getObject", key="cfg") == value
    assert json.loads(await call(forge, store, "get", key="cfg")) == value
    assert await call(forge, store, "getObject", key="nothing") is None


async def test_incr_counts_per_window(forge: Forge, store: Script) -> None:
    counts = [await call(forge, store, "count", key="hits", expire=120) for _ in range(3)]
    assert counts == [1, 2, 3]
    assert await call(forge, store, "count", key="hits", by=100, expire=1800) == 103
    window = (await KVEntry.get(key="hits")).expires_at
    assert window is not None
    assert timedelta(seconds=100) < window - datetime.now(UTC) <= timedelta(seconds=120)

    await KVEntry.filter(key="hits").update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await call(forge, store, "count", key="hits", expire=120) == 1  # a new window
    assert await call(forge, store, "count", key="plain") == 1
    assert await call(forge, store, "count", key="plain", by=-3) == -2
    assert (await KVEntry.get(key="plain")).expires_at is None


async def test_keys_usage_and_delete(forge: Forge, store: Script) -> None:
    for key in ("pin_100", "pin_200", "cfg"):
        await call(forge, store, "put", key=key, value="v" + key)

    assert await call(forge, store, "list") == ["cfg", "pin_100", "pin_200"]
    assert await call(forge, store, "list", prefix="pin_") == ["pin_100", "pin_200"]
    assert await call(forge, store, "size") == {
        "keys": 3,
        "bytes": sum(len(k) * 2 + 1 for k in ("pin_100", "pin_200", "cfg")),
    }
    assert await call(forge, store, "remove", key="pin_100") == [True, False]
    assert await call(forge, store, "list", prefix="pin") == ["pin_200"]


async def test_legacy_require_style(forge: Forge) -> None:
    script = await forge.script(LEGACY_KV, "legacy")
    assert await forge.result(script) == ["yes", 1, 6]


async def test_values_persist_across_runs_and_stay_in_their_app(forge: Forge) -> None:
    mine = await forge.script(KV, "store")
    theirs = await forge.script(KV, "store", app="other")

    await call(forge, mine, "put", key="shared-name", value="mine")
    await call(forge, mine, "count", key="n")

    assert await call(forge, mine, "get", key="shared-name") == "mine"  # a later run
    assert await call(forge, mine, "count", key="n") == 2
    assert await call(forge, theirs, "get", key="shared-name") is None
    assert await call(forge, theirs, "list") == []
    assert await call(forge, theirs, "count", key="n") == 1
    await call(forge, theirs, "put", key="shared-name", value="theirs")
    assert await call(forge, mine, "get", key="shared-name") == "mine"


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("kv.set('', 'v')", "must be 1-512 characters"),
        ("kv.set('x'.repeat(600), 'v')", "must be 1-512 characters"),
        ("kv.set('k', 'v', -5)", "must be from 0 (no expiry)"),
        ("incr('x', 1.5)", "by must be an integer"),
        ("ko.set('k', { big: 'x'.repeat(2000000) })", "larger than"),
    ],
)
async def test_bad_kv_calls_reject_with_a_message(
    forge: Forge, expression: str, message: str
) -> None:
    script = await forge.script(
        "import { kv, ko, incr } from 'cxKV'\n"
        f"export async function main() {{ try {{ await {expression} }} "
        "catch (e) { return e.message } }"
    )
    assert message in await forge.result(script)


# -- cxUserspace -----------------------------------------------------------------------------

USERSPACE = """\
const userspace = require('cxUserspace')

async function attempt(promise) {
  try { return await promise } catch (e) { return { error: e.message, code: e.code } }
}

async function main() {
  const steps = {}
  steps.created = await userspace.create('dnc', '4420794600', { added: 'web' })
  steps.again = await attempt(userspace.create('dnc', '4420794600', {}))
  steps.read = await userspace.read('dnc', '4420794600')
  steps.get = await userspace.get('dnc', '4420794600')
  steps.updated = await userspace.update('dnc', '4420794600', { reason: 'asked' })
  steps.after = await userspace.read('dnc', '4420794600')
  steps.missing = await userspace.read('dnc', '999')
  steps.updateMissing = await attempt(userspace.update('dnc', '999', {}))
  steps.random = await userspace.random('dnc')
  steps.randomEmpty = await userspace.random('nothing-here')
  steps.deleted = await userspace.delete('dnc', '4420794600')
  steps.deletedAgain = await userspace.delete('dnc', '4420794600')
  steps.gone = await userspace.read('dnc', '4420794600')
  steps.sql = await userspace.sql('SELECT 1 AS one')
  steps.sqlRefused = await attempt(userspace.sql('SELECT * FROM sqlite_master'))
  return steps
}
"""


async def test_userspace_crud_random_and_sql(forge: Forge) -> None:
    script = await forge.script(USERSPACE)

    steps = await forge.result(script)

    assert steps["created"] == {"status": "OK"}
    assert steps["again"]["code"] == 409
    assert "already exists" in steps["again"]["error"]
    assert steps["read"] == steps["get"] == {"added": "web"}
    assert steps["updated"] == {"status": "OK"}
    assert steps["after"] == {"added": "web", "reason": "asked"}
    assert steps["missing"] is None
    assert steps["updateMissing"]["code"] == 404
    assert steps["random"] == {"added": "web", "reason": "asked"}
    assert steps["randomEmpty"] is None
    assert (steps["deleted"], steps["deletedAgain"]) == ({"status": "OK"}, {"status": "NOT_FOUND"})
    assert steps["gone"] is None
    assert steps["sql"] == [{"one": 1}]
    assert "sqlite_master" in steps["sqlRefused"]["error"]


async def test_userspace_rows_persist_per_app(forge: Forge) -> None:
    writer = await forge.script(
        "const u = require('cxUserspace')\n"
        "function main(d) { return u.create('dnc', d.n, { at: 1 }) }",
        "writer",
    )
    reader = "const u = require('cxUserspace')\nfunction main(d) { return u.read('dnc', d.n) }"
    mine = await forge.script(reader, "reader")
    theirs = await forge.script(reader, "reader", app="other")
    await forge.result(writer, {"n": "123"})
    assert await forge.result(mine, {"n": "123"}) == {"at": 1}
    assert await forge.result(theirs, {"n": "123"}) is None


# -- environment -------------------------------------------------------------------------------


async def test_set_env_var_persists_and_get_env_vars_returns_them(forge: Forge) -> None:
    await forge.env("currency", "USD")
    setter = await forge.script(
        "export async function main() {\n"
        "  await setEnvVar('last_run', 'today')\n"
        "  await setEnvVar('limits', { calls: 5 })\n"
        "  await setEnvVar('currency', 'EUR')\n"
        "  const vars = getEnvVars()\n"
        "  return { now: process.env.last_run, vars }\n"
        "}",
        "setter",
    )
    reader = await forge.script("export const main = () => getEnvVars()", "reader")

    result = await forge.result(setter)

    assert result["now"] == "today"
    assert (result["vars"]["last_run"], result["vars"]["currency"]) == ("today", "EUR")
    assert result["vars"]["limits"] == '{"calls":5}'
    assert result["vars"]["SCRIPTFORGE_NAME"] == "setter"
    stored = {v.key: v.value for v in await EnvVar.all()}
    assert stored == {"currency": "EUR", "last_run": "today", "limits": '{"calls":5}'}
    later = await forge.result(reader)
    assert (later["last_run"], later["currency"], later["limits"]) == (
        "today",
        "EUR",
        '{"calls":5}',
    )


async def test_set_env_var_refuses_a_locked_variable(forge: Forge) -> None:
    await forge.env("rate", "1.0", locked=True)
    script = await forge.script(
        "export async function main() {\n"
        "  try { await setEnvVar('rate', '2.0') } catch (e) { return [e.message, e.code] }\n"
        "}"
    )
    message, code = await forge.result(script)
    assert "locked" in message
    assert code == "conflict"
    assert (await EnvVar.get(key="rate")).value == "1.0"


# -- fetch ---------------------------------------------------------------------------------

FETCH = """\
export async function main(d) {
  try {
    const response = await fetch(d.url, d.init)
    return { status: response.status, ok: response.ok, body: await response.json(),
             type: response.headers.get('Content-Type'), custom: response.headers.get('x-custom'),
             absent: response.headers.get('x-absent') }
  } catch (e) {
    return { error: e.message, code: e.code }
  }
}
"""


async def test_fetch_is_refused_without_an_allow_list(forge: Forge, http_server: LocalHttp) -> None:
    script = await forge.script(FETCH)

    result = await forge.result(script, {"url": http_server.url + "/rates"})

    assert result["code"] == "forbidden"
    assert "fetch to 127.0.0.1 is not allowed" in result["error"]
    assert "SCRIPTFORGE_FETCH_ALLOW" in result["error"]
    assert http_server.requests == []


@pytest.mark.parametrize(
    ("allow", "allowed"),
    [
        ("127.0.0.1", True),
        ("api.example.com, 127.0.0.1", True),
        # A wildcard does not reach a private address (runtime.netguard): only a host
        # listed by its own name does.
        ("127.0.0.*", False),
        ("*", False),
        ("api.example.com", False),
        ("127.0.0.2", False),
    ],
)
async def test_fetch_reaches_the_hosts_of_the_allow_list(
    forge: Forge, http_server: LocalHttp, allow: str, allowed: bool
) -> None:
    await forge.env("SCRIPTFORGE_FETCH_ALLOW", allow)
    http_server.body = b'{"rate": 0.0125, "currency": "GBP"}'
    http_server.extra_headers = {"X-Custom": "yes"}
    script = await forge.script(FETCH)
    init = {
        "method": "POST",
        "headers": {"Content-Type": "application/json", "X-Token": "abc"},
        "body": json.dumps({"prefix": "4420"}),
    }

    result = await forge.result(script, {"url": http_server.url + "/rates?x=1", "init": init})

    if not allowed:
        assert result["code"] == "forbidden"
        assert http_server.requests == []
        return
    assert result == {
        "status": 200,
        "ok": True,
        "body": {"rate": 0.0125, "currency": "GBP"},
        "type": "application/json",
        "custom": "yes",
        "absent": None,
    }
    [request] = http_server.requests
    assert (request.method, request.path) == ("POST", "/rates?x=1")
    assert request.headers["x-token"] == "abc"
    assert request.json() == {"prefix": "4420"}


async def test_fetch_reports_status_codes_and_unreachable_hosts(
    forge: Forge, http_server: LocalHttp
) -> None:
    await forge.env("SCRIPTFORGE_FETCH_ALLOW", "127.0.0.1")
    http_server.status = 500
    http_server.body = b'{"error": "down"}'
    script = await forge.script(FETCH)

    failed = await forge.result(script, {"url": http_server.url})
    assert (failed["status"], failed["ok"], failed["body"]) == (500, False, {"error": "down"})

    unreachable = await forge.result(script, {"url": f"http://127.0.0.1:{free_port()}/"})
    assert unreachable["code"] == "network"
    assert "fetch to 127.0.0.1 failed" in unreachable["error"]
    not_http = await forge.result(script, {"url": "file:///etc/passwd"})
    assert "absolute http(s) URL" in not_http["error"]


# -- cxRest ---------------------------------------------------------------------------------

REST = """\
const rest = require('cxRest')

async function attempt(promise) {
  try { return await promise } catch (e) { return { error: e.message, code: e.code } }
}

async function main(d) {
  const api = rest.auth(process.env.CX_API_USER)
  return {
    list: await api.get('customer'),
    one: await api.get('customer/' + d.id),
    missing: await attempt(api.get('customer/999999')),
    write: await attempt(api.post('customer', { name: 'Initech' })),
  }
}

async function impersonate() {
  return attempt(rest.auth('admin@example.com').get('customer'))
}

module.exports = { main, impersonate }
"""


async def test_rest_acts_as_the_readonly_api_user(forge: Forge, make_user: Any) -> None:
    await make_user(Role.READONLY, username="api@example.com")
    await forge.env("CX_API_USER", "api@example.com", private=True)
    acme = await customers.create_customer(SYSTEM, "Acme")
    await customers.create_customer(SYSTEM, "Globex")
    script = await forge.script(REST)

    result = await forge.result(script, {"id": acme.id})

    assert isinstance(result["list"], list)
    assert sorted(c["name"] for c in result["list"]) == ["Acme", "Globex"]
    assert result["one"]["id"] == acme.id and result["one"]["name"] == "Acme"
    assert result["missing"]["code"] == 404
    assert result["write"]["code"] == 403
    assert "customers:write" in result["write"]["error"]
    assert not await customers.Customer.exists(name="Initech")

    other = await forge.result(script, function="impersonate")
    assert other["code"] == 403
    assert "may act only as 'api@example.com'" in other["error"]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (None, "needs the app's CX_API_USER environment variable"),
        ("nobody@example.com", "'nobody@example.com' is not an active user"),
    ],
)
async def test_rest_without_a_usable_api_user_is_refused(
    forge: Forge, setup: str | None, message: str
) -> None:
    if setup:
        await forge.env("CX_API_USER", setup)
    script = await forge.script(REST)
    outcome, _ = await forge.run(script, {"id": 1})
    assert outcome.status == "error" and outcome.error is not None
    assert message in outcome.error["message"]


# -- cxSend ------------------------------------------------------------------------------------

SEND = """\
import { email, sms } from 'cxSend'

async function attempt(promise) {
  try { return await promise } catch (e) { return { error: e.message, code: e.code } }
}

export function mail(d) { return attempt(email(d)) }
export function text(d) { return attempt(sms(d.number, d.text)) }
"""


async def test_email_reaches_a_real_smtp_server(
    forge: Forge, make_app: Any, smtp_server: Mailbox
) -> None:
    mailer = make_app(
        smtp_host=smtp_server.host, smtp_port=smtp_server.port, smtp_from="noc@trunkline.test"
    )
    script = await forge.script(SEND)
    message = {
        "to": ["ops@example.com", "billing@example.com"],
        "subject": "Balance low",
        "html": "<p>Balance is <b>4.20</b></p>",
    }

    sent = await forge.result(script, message, function="mail", application=mailer)

    assert sent == {"status": "OK", "to": ["ops@example.com", "billing@example.com"]}
    [envelope] = smtp_server.messages
    assert envelope.mail_from == "noc@trunkline.test"
    assert envelope.rcpt_tos == ["ops@example.com", "billing@example.com"]
    received = email.message_from_bytes(envelope.content, policy=policy.default)
    assert received["Subject"] == "Balance low"
    assert received.get_content_type() == "text/html"
    assert received.get_content().strip() == "<p>Balance is <b>4.20</b></p>"


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ({"subject": "x", "text": "y"}, "email needs 'to'"),
        ({"to": "not-an-address", "text": "y"}, "email needs 'to'"),
        ({"to": "a@example.com", "subject": "no body"}, "email needs 'text' or 'html'"),
        ({"to": "a@example.com", "template": "welcome", "vars": {}}, "email templates need"),
    ],
)
async def test_bad_emails_are_refused(
    forge: Forge, make_app: Any, smtp_server: Mailbox, message: dict[str, Any], error: str
) -> None:
    mailer = make_app(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    script = await forge.script(SEND)
    result = await forge.result(script, message, function="mail", application=mailer)
    assert error in result["error"]
    assert smtp_server.messages == []


async def test_sms_goes_to_the_webhook(forge: Forge, make_app: Any, http_server: LocalHttp) -> None:
    texter = make_app(sms_webhook_url=http_server.url + "/sms")
    script = await forge.script(SEND)

    sent = await forge.result(
        script,
        {"number": "+447700900123", "text": "Your code is 4821"},
        function="text",
        application=texter,
    )

    assert sent == {"status": "OK"}
    [request] = http_server.requests
    assert (request.method, request.path) == ("POST", "/sms")
    assert request.json() == {"to": "+447700900123", "text": "Your code is 4821"}

    http_server.status = 500
    refused = await forge.result(
        script, {"number": "1", "text": "x"}, function="text", application=texter
    )
    assert refused == {"error": "SMS provider answered 500", "code": 500}


@pytest.mark.parametrize(
    ("function", "data", "message"),
    [
        ("mail", {"to": "a@example.com", "text": "hi"}, "e-mail is not configured"),
        ("text", {"number": "1", "text": "hi"}, "SMS is not configured"),
    ],
)
async def test_sending_without_configuration_is_refused(
    forge: Forge, function: str, data: dict[str, Any], message: str
) -> None:
    script = await forge.script(SEND)  # the default settings configure neither
    result = await forge.result(script, data, function=function)
    assert message in result["error"]


async def test_kv_written_by_a_script_is_the_apps(forge: Forge, store: Script) -> None:
    await call(forge, store, "put", key="from-script", value="1")
    shop = await forge.app_named()
    assert await kv_get(shop.id, "from-script") == "1"


# -- cxPubSub ----------------------------------------------------------------------------------

LISTENER = """\
import { subscribe } from 'cxPubSub'
import { kv } from 'cxKV'

// (The sleep keeps the run alive: a run waiting on nothing but a subscription is
// currently ended as "waiting on a promise that can never settle".)
export function main(d) {
  return new Promise((resolve) => {
    subscribe('call', d.id, (message) => resolve(message))
      .then(() => kv.set('listening', 'yes'))
      .then(() => sleep(5000))
  })
}
"""

PUBLISHER = """\
const { publish } = require('cxPubSub')
function main(d) { return publish('call', d.id, { state: d.state }) }
"""


async def test_pubsub_delivers_within_the_app_and_to_the_right_id(forge: Forge) -> None:
    listener = await forge.script(LISTENER, "listener")
    publisher = await forge.script(PUBLISHER, "publisher")
    outsider = await forge.script(PUBLISHER, "publisher", app="other")
    shop = await forge.app_named()
    waiting = asyncio.ensure_future(forge.run(listener, {"id": "c1"}))
    try:
        for _ in range(200):
            if await kv_get(shop.id, "listening") or waiting.done():
                break
            await asyncio.sleep(0.01)
        assert not waiting.done(), waiting.result()[0].error

        elsewhere = await forge.result(outsider, {"id": "c1", "state": "ringing"})
        wrong_id = await forge.result(publisher, {"id": "c2", "state": "ringing"})
        delivered = await forge.result(publisher, {"id": "c1", "state": "answered"})
        outcome, _ = await asyncio.wait_for(waiting, 5)
    finally:
        waiting.cancel()

    assert (elsewhere, wrong_id, delivered) == (
        {"delivered": 0},
        {"delivered": 0},
        {"delivered": 1},
    )
    assert outcome.status == "ok", outcome.error
    assert outcome.result == {"event": "call", "id": "c1", "payload": {"state": "answered"}}
    again = await forge.result(publisher, {"id": "c1", "state": "ended"})
    assert again == {"delivered": 0}  # the subscription ended with its run

"""``POST /api/v1/connexml/simulate``: a pasted document or a DID, the caller's script in the
body, ``{"events", "problems"}`` back; no webhook host for a pasted document, each app's
own allow-list for a DID."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import customers
from telephony.class5.services import features
from tests.api.api_support import assert_error
from tests.telephony.test_did_routing import make, make_app, make_did, make_user, say

URL = "/api/v1/connexml/simulate"
MONDAY_10 = "2026-01-05T10:00:00Z"


@pytest.fixture
async def post(client: httpx.AsyncClient, auth_headers: Any) -> Any:
    headers = await auth_headers(Role.SUPPORT)

    async def send(body: dict[str, Any]) -> httpx.Response:
        return await client.post(URL, json={"at": MONDAY_10, **body}, headers=headers)

    return send


async def test_read_only_operators_simulate_documents_but_not_dids(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.READONLY)
    document = await client.post(URL, json={"document": say("hi")}, headers=headers)
    assert document.status_code == 200
    assert [e["event"] for e in document.json()["events"]] == ["answer", "say", "hangup"]
    did = await client.post(URL, json={"did": "15550100900"}, headers=headers)
    assert_error(did, 403, "forbidden")
    assert "voice:write" in did.json()["error"]["message"]


def brief(events: list[dict[str, Any]]) -> list[str]:
    shown = {
        "say": "text",
        "gather": "digits",
        "dial": "status",
        "hangup": "cause",
        "error": "message",
    }
    return [
        f"{e['event']}:{e[shown[e['event']]]}" if e["event"] in shown else e["event"]
        for e in events
    ]


async def test_a_pasted_document_with_the_callers_script(post: Any) -> None:
    response = await post(
        {
            "document": '<Response><Gather numDigits="3"><Say>Code please</Say></Gather>'
            "<Say>{{gather_result}} for {{who}} from {{From}}</Say>"
            "<Dial>+15550001</Dial></Response>",
            "digits": "12#",
            "dial_result": "no-answer",
            "from": "+15557654321",
            "vars": {"who": "Acme"},
        }
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["problems"] == []
    assert brief(body["events"]) == [
        "answer",
        "say:Code please",
        "gather:12",
        "say:12 for Acme from +15557654321",
        "dial:no-answer",
        "hangup:normal_clearing",
    ]
    assert body["events"][2]["reason"] == "finish_key"


async def test_hangup_at_and_time_zone(post: Any) -> None:
    document = (
        '<Response><Condition hour="9-17"><Say>open</Say></Condition>'
        '<Pause length="60"/></Response>'
    )
    body = (await post({"document": document, "hangup_at": 10, "tz": "Asia/Kolkata"})).json()
    # 10:00 UTC is 15:30 in Kolkata.
    assert brief(body["events"]) == ["answer", "say:open", "pause", "hangup:normal_clearing"]
    assert body["events"][-1] == {
        "t": 10.0,
        "event": "hangup",
        "cause": "normal_clearing",
        "by": "caller",
    }
    late = (await post({"document": document, "hangup_at": 10, "tz": "America/Los_Angeles"})).json()
    assert "say:open" not in brief(late["events"])


async def test_a_document_with_errors_is_not_run(post: Any) -> None:
    response = await post({"document": "<Response>\n<Say>hi</Say>\n<Sayy/></Response>"})
    assert response.status_code == 200
    assert response.json() == {
        "events": [],
        "problems": [
            {"line": 3, "column": 1, "message": "unknown element <Sayy>", "severity": "error"}
        ],
    }


async def test_a_pasted_document_may_call_no_webhook(post: Any) -> None:
    document = "<Response><Redirect>http://127.0.0.1:9/next</Redirect></Response>"
    events = (await post({"document": document})).json()["events"]
    assert [e["event"] for e in events] == ["webhook", "error", "answer", "say", "hangup"]
    assert "127.0.0.1 is not on the app's list of webhook hosts" in events[1]["message"]


async def test_a_did(post: Any, db: str) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    await make_user(acme, "alice", "1001")
    bob = await make_user(acme, "bob", "1002")
    sales = await make_app(acme, "sales", say("Sales"))
    menu = await make(
        features.IVR_MENU,
        acme,
        name="Main",
        prompt={"say": "Press 1 for sales or 2 for Bob"},
        options={
            "1": {"type": "connexml_app", "target": sales.id},
            "2": {"type": "extension", "target": bob.id},
        },
        tries=2,
    )
    await make_did(acme, "15550100900", {"type": "ivr_menu", "target": menu.id})
    body = (await post({"did": "+1 555 010 0900", "digits": "8,2", "dial_result": "busy"})).json()
    assert brief(body["events"]) == [
        "answer",
        "say:Press 1 for sales or 2 for Bob",
        "gather:8",
        "say:Sorry, that is not a valid choice.",
        "say:Press 1 for sales or 2 for Bob",
        "gather:2",
        "webhook",
        "dial:busy",
        "hangup:normal_clearing",
    ]


@pytest.mark.parametrize(
    ("body", "status", "paths"),
    [
        ({"did": "15559999999"}, 404, None),
        ({}, 422, ["document"]),
        ({"document": say("x"), "did": "1555"}, 422, ["document"]),
        ({"document": say("x"), "digits": "12z"}, 422, ["digits"]),
        ({"document": say("x"), "dial_result": "maybe"}, 422, ["dial_result"]),
        ({"document": say("x"), "tz": "Nowhere/City"}, 422, ["tz"]),
        ({"document": say("x"), "at": "soon"}, 422, ["at"]),
        ({"document": say("x"), "hangup_at": -1}, 422, ["hangup_at"]),
        ({"document": say("x"), "colour": "red"}, 422, ["colour"]),
    ],
)
async def test_bad_requests(post: Any, body: dict[str, Any], status: int, paths: Any) -> None:
    response = await post(body)
    if status == 404:
        assert_error(response, 404, "not_found")
        return
    assert_error(response, 422, "validation_error")
    assert [d["path"] for d in response.json()["error"]["details"]] == paths

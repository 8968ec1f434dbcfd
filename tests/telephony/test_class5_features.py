"""Class 5 API, part two: voice apps (ConneXML checked with line and column, a webhook secret
shown once), IVR menus, ring groups, queues, conference rooms, voicemail boxes and their
messages; one extension per thing in a customer; nothing deleted while something points
at it."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.security import passwords
from runtime.services import apps
from scriptforge.services import scripts
from telephony.class5.models import (
    AudioFile,
    CallQueue,
    ConferenceRoom,
    IvrMenu,
    RingGroup,
    VoiceApp,
    VoicemailBox,
    VoicemailMessage,
)
from telephony.class5.services import voicemail
from tests.api.api_support import assert_error, detail_paths
from tests.telephony.test_class5_api import Api, acme, api, audit_text, globex, sip_user

__all__ = ["acme", "api", "globex"]  # fixtures shared with test_class5_api

HELLO = "<Response><Say>Hello</Say></Response>"


def ext(target: Any) -> dict[str, Any]:
    return {"type": "extension", "target": target}


# -- voice apps --------------------------------------------------------------------------------


async def test_voice_app_secret_is_shown_once_and_rotates(api: Api, acme: Any) -> None:
    made = await api.made(
        "/voice-apps",
        {
            "name": "welcome",
            "customer": acme.id,
            "document": HELLO,
            "webhook_hosts": ["*.Example.com", "hooks.acme.test"],
        },
    )
    secret = made["webhook_secret"]
    assert len(secret) >= 40
    assert made["webhook_hosts"] == ["*.example.com", "hooks.acme.test"]
    stored = await VoiceApp.get(id=made["id"])
    assert stored.webhook_secret == secret

    got = (await api.get(f"/voice-apps/{made['id']}")).json()
    assert "webhook_secret" not in got and got["document"] == HELLO
    listed = (await api.get("/voice-apps", customer=acme.id)).json()
    changed = await api.patch(
        f"/voice-apps/{made['id']}", {"document": "<Response><Hangup/></Response>"}
    )
    assert changed.status_code == 200, changed.text
    assert "webhook_secret" not in changed.json()

    rotated = await api.post(f"/voice-apps/{made['id']}/rotate-secret")
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["webhook_secret"]
    assert new_secret != secret
    await stored.refresh_from_db()
    assert stored.webhook_secret == new_secret

    shown = json.dumps([got, listed, changed.json()])
    logged = await audit_text()
    for value in (secret, new_secret):
        assert value not in shown and value not in logged
    actions = await AuditEntry.filter(object_type="voice_app").values_list("action", flat=True)
    assert "voice_app.rotate_secret" in actions


async def test_connexml_problems_are_listed_with_line_and_column(api: Api) -> None:
    document = '<Response>\n  <Say loop="x">Hi</Say>\n  <Dance/>\n</Response>'
    error = assert_error(
        await api.post("/voice-apps", {"name": "broken", "document": document}),
        422,
        "validation_error",
    )
    assert detail_paths(error) == ["document", "document"]
    assert [(d["line"], d["column"]) for d in error["details"]] == [(2, 3), (3, 3)]
    assert error["details"][1]["message"].startswith("3:3:")
    assert "Dance" in error["details"][1]["message"]
    assert not await VoiceApp.exists()


@pytest.mark.parametrize(
    ("values", "paths"),
    [
        ({"document": ""}, ["document"]),
        ({"kind": "flow"}, ["kind"]),
        (
            {"webhook_hosts": ["*", "bad host", "ok.example.com"]},
            ["webhook_hosts.0", "webhook_hosts.1"],
        ),
        ({"document": "https://hooks.example.com/start"}, ["document"]),
        ({"document": "https://hooks.example.com/start", "webhook_hosts": ["*.example.com"]}, []),
        ({"app": "crm", "script": "x"}, ["app", "script"]),
        ({"kind": "script", "app": "nope", "script": "ivr"}, ["app"]),
        ({"kind": "script", "app": "crm", "script": "missing"}, ["script"]),
        ({"kind": "script", "app": "crm", "script": "ivr", "document": HELLO}, ["document"]),
        ({"kind": "script", "app": "crm", "script": "ivr"}, []),
    ],
)
async def test_voice_app_validation(api: Api, values: dict[str, Any], paths: list[str]) -> None:
    app = await apps.create_app(SYSTEM, "crm")
    await scripts.create_script(SYSTEM, app, "ivr", "export function main(data, ctx) {}")
    body = {"name": "app", "document": HELLO, **values}
    if values.get("kind") == "script" and "document" not in values:
        body["document"] = ""
    response = await api.post("/voice-apps", body)
    if not paths:
        assert response.status_code == 201, response.text
        return
    assert detail_paths(assert_error(response, 422, "validation_error")) == paths


async def test_voice_app_names_and_fixed_fields(api: Api, acme: Any) -> None:
    made = await api.made("/voice-apps", {"name": "main", "document": HELLO})
    assert_error(
        await api.post("/voice-apps", {"name": "main", "document": HELLO}), 409, "conflict"
    )
    await api.made("/voice-apps", {"name": "main", "customer": acme.id, "document": HELLO})
    error = assert_error(
        await api.patch(f"/voice-apps/{made['id']}", {"kind": "script", "customer": acme.id}),
        422,
        "validation_error",
    )
    assert "customer" in detail_paths(error) and "kind" in detail_paths(error)


# -- IVR menus, ring groups, queues, conference rooms ------------------------------------------


async def test_ivr_menu_crud(api: Api, acme: Any) -> None:
    await AudioFile.create(
        uuid=uuid.uuid4(), name="welcome.wav", customer_id=acme.id, path="audio/welcome.wav"
    )
    alice = await api.made("/sip-users", sip_user(acme, extension="1001"))
    sub = await api.made(
        "/ivr-menus",
        {
            "name": "Sales",
            "customer": acme.id,
            "prompt": {"say": "Sales"},
            "options": {"1": ext(alice["id"])},
        },
    )
    menu = await api.made(
        "/ivr-menus",
        {
            "name": "Main",
            "customer": acme.id,
            "prompt": {"play": "user/welcome.wav"},
            "options": {
                "1": {"type": "ivr_menu", "target": "Sales"},
                "#": ext("1001"),
                "0": {"type": "external", "target": "15550100"},
            },
            "invalid_prompt": {"say": "Sorry"},
            "fallback": ext("alice"),
            "tries": 2,
        },
    )
    assert menu["options"] == {
        "#": ext(alice["id"]),
        "0": {"type": "external", "target": "15550100"},
        "1": {"type": "ivr_menu", "target": sub["id"]},
    }
    assert menu["fallback"] == ext(alice["id"]) and menu["timeout"] == 5
    # Menus may point at each other (a "back" option).
    back = await api.patch(
        f"/ivr-menus/{sub['id']}",
        {"options": {"1": ext(alice["id"]), "9": {"type": "ivr_menu", "target": menu["id"]}}},
    )
    assert back.status_code == 200, back.text
    only_self = await api.patch(
        f"/ivr-menus/{sub['id']}", {"options": {"1": {"type": "ivr_menu", "target": sub["id"]}}}
    )
    assert detail_paths(assert_error(only_self, 422, "validation_error")) == ["options.1"]
    assert (await api.get("/ivr-menus", customer=acme.id, q="mai")).json()["total"] == 1


@pytest.mark.parametrize(
    ("values", "paths"),
    [
        ({"prompt": {}}, ["prompt"]),
        ({"prompt": {"say": "a", "play": "ivr/x"}}, ["prompt"]),
        ({"prompt": {"play": "user/missing.wav"}}, ["prompt.play"]),
        ({"prompt": {"play": "ftp://x"}}, ["prompt.play"]),
        ({"options": {}}, ["options"]),
        (
            {
                "options": {
                    "12": {"type": "external", "target": "15550100"},
                    "a": {"type": "external", "target": "15550100"},
                }
            },
            ["options.12", "options.a"],
        ),
        ({"options": {"1": {"type": "queue", "target": "nope"}}}, ["options.1.target"]),
        ({"timeout": 0, "tries": 11}, ["timeout", "tries"]),
        ({"fallback": {"type": "group"}}, ["fallback.target"]),
        ({"name": " "}, ["name"]),
    ],
)
async def test_ivr_menu_validation(
    api: Api, acme: Any, values: dict[str, Any], paths: list[str]
) -> None:
    body = {
        "name": "Main",
        "customer": acme.id,
        "prompt": {"play": "ivr/welcome"},
        "options": {"1": {"type": "external", "target": "15550100"}},
        **values,
    }
    assert (
        detail_paths(assert_error(await api.post("/ivr-menus", body), 422, "validation_error"))
        == paths
    )


async def test_ring_group_queue_and_room(api: Api, acme: Any) -> None:
    alice = await api.made("/sip-users", sip_user(acme, extension="1001"))
    bob = await api.made("/sip-users", sip_user(acme, "bob", extension="1002"))
    group = await api.made(
        "/ring-groups",
        {
            "name": "Sales",
            "customer": acme.id,
            "extension": "2000",
            "strategy": "sequential",
            "members": [
                {"destination": ext("alice"), "ring_timeout": 15},
                {"destination": ext(bob["id"]), "sort_index": 1, "weight": 3},
            ],
        },
    )
    assert group["members"] == [
        {"destination": ext(alice["id"]), "ring_timeout": 15, "sort_index": 0, "weight": 1},
        {"destination": ext(bob["id"]), "ring_timeout": 20, "sort_index": 1, "weight": 3},
    ]
    queue = await api.made(
        "/queues",
        {
            "name": "Support",
            "customer": acme.id,
            "extension": "3000",
            "agents": [ext("alice"), ext("1002")],
            "overflow": {"type": "group", "target": "Sales"},
            "music": "ivr/hold",
        },
    )
    assert queue["agents"] == [ext(alice["id"]), ext(bob["id"])]
    assert queue["overflow"] == {"type": "group", "target": group["id"]}
    room = await api.made(
        "/conference-rooms",
        {
            "name": "Board",
            "customer": acme.id,
            "extension": "4000",
            "pin": "1234",
            "moderator_pin": "9999",
            "max_members": 0,
        },
    )
    assert room["pin"] == "1234" and room["max_members"] == 0
    for path, obj in (("/ring-groups", group), ("/queues", queue), ("/conference-rooms", room)):
        assert (await api.get(f"{path}/{obj['id']}")).json() == obj
        assert (await api.get(path, customer=acme.id)).json()["total"] == 1
    changed = await api.patch(f"/ring-groups/{group['id']}", {"strategy": "round_robin"})
    assert changed.json()["strategy"] == "round_robin"
    # null clears what may be empty, and leaves the rest unchanged.
    cleared = await api.patch(
        f"/queues/{queue['id']}", {"extension": None, "overflow": None, "name": None}
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["extension"] is None and cleared.json()["overflow"] is None
    assert cleared.json()["name"] == "Support"


@pytest.mark.parametrize(
    ("path", "values", "paths"),
    [
        ("/ring-groups", {"members": []}, ["members"]),
        ("/ring-groups", {"strategy": "random"}, ["strategy"]),
        (
            "/ring-groups",
            {
                "members": [
                    {"destination": ext("1001"), "ring_timeout": 4, "weight": 0},
                    {"destination": {"type": "queue", "target": 1}},
                    {"destination": ext("1001")},
                ]
            },
            [
                "members.0.ring_timeout",
                "members.0.weight",
                "members.1.destination.type",
                "members.2.destination",
            ],
        ),
        (
            "/ring-groups",
            {"members": [{"destination": ext("1001"), "ring_timeout": 121, "colour": "red"}]},
            ["members.0.colour", "members.0.ring_timeout"],
        ),
        (
            "/queues",
            {
                "agents": [{"type": "external", "target": "15550100"}],
                "max_wait": 5,
                "announce_every": -1,
            },
            ["agents.0.type", "announce_every", "max_wait"],
        ),
        (
            "/queues",
            {"music": "user/none.wav", "overflow": {"type": "voicemail", "target": "7"}},
            ["music", "overflow.target"],
        ),
        (
            "/conference-rooms",
            {"pin": "12a", "moderator_pin": "1" * 17, "max_members": -1},
            ["max_members", "moderator_pin", "pin"],
        ),
        ("/conference-rooms", {"pin": "1234", "moderator_pin": "1234"}, ["moderator_pin"]),
        ("/conference-rooms", {"extension": "1"}, ["extension"]),
    ],
)
async def test_feature_validation(
    api: Api, acme: Any, path: str, values: dict[str, Any], paths: list[str]
) -> None:
    await api.made("/sip-users", sip_user(acme, extension="1001"))
    base = {"name": "X", "customer": acme.id}
    if path == "/ring-groups":
        base["members"] = [{"destination": ext("1001")}]
    body = {**base, **values}
    error = assert_error(await api.post(path, body), 422, "validation_error")
    assert detail_paths(error) == paths


async def test_one_extension_one_thing(api: Api, acme: Any, globex: Any) -> None:
    alice = await api.made("/sip-users", sip_user(acme, extension="1001"))
    members = [{"destination": ext(alice["id"])}]
    for path, body in (
        ("/ring-groups", {"name": "G", "members": members}),
        ("/queues", {"name": "Q"}),
        ("/conference-rooms", {"name": "R"}),
        ("/sip-users", {"username": "bob", "password": "s3cret-sip-pass"}),
    ):
        error = assert_error(
            await api.post(path, {**body, "customer": acme.id, "extension": "1001"}),
            409,
            "conflict",
        )
        assert error["details"] == [
            {"path": "extension", "message": "extension 1001 is already SIP user 'alice'"}
        ]
    room = await api.made(
        "/conference-rooms", {"name": "R", "customer": acme.id, "extension": "4000"}
    )
    error = assert_error(
        await api.patch(f"/sip-users/{alice['id']}", {"extension": "4000"}), 409, "conflict"
    )
    assert error["details"][0]["message"] == "extension 4000 is already conference room 'R'"
    # The same object keeps its own extension; other customers have their own numbering.
    assert (
        await api.patch(f"/conference-rooms/{room['id']}", {"extension": "4000", "pin": "1"})
    ).status_code == 200
    await api.made("/conference-rooms", {"name": "R", "customer": globex.id, "extension": "1001"})
    assert_error(
        await api.post("/conference-rooms", {"name": "R", "customer": acme.id}), 409, "conflict"
    )


async def test_delete_is_refused_while_something_points_at_it(api: Api, acme: Any) -> None:
    alice = await api.made("/sip-users", sip_user(acme, extension="1001"))
    group = await api.made(
        "/ring-groups",
        {"name": "Sales", "customer": acme.id, "members": [{"destination": ext(alice["id"])}]},
    )
    menu = await api.made(
        "/ivr-menus",
        {
            "name": "Main",
            "customer": acme.id,
            "prompt": {"say": "Hi"},
            "options": {"1": {"type": "group", "target": group["id"]}},
            "fallback": ext(alice["id"]),
        },
    )
    queue = await api.made(
        "/queues", {"name": "Q", "customer": acme.id, "agents": [ext(alice["id"])]}
    )
    did = await api.made(
        "/dids",
        {
            "number": "15550001000",
            "customer": acme.id,
            "destination": {"type": "ivr_menu", "target": menu["id"]},
            "alternatives": [
                {
                    "when": {"wday": "sat-sun"},
                    "destination": {"type": "queue", "target": queue["id"]},
                }
            ],
        },
    )
    app = await api.made("/voice-apps", {"name": "sys", "document": HELLO})
    await api.made(
        "/dids",
        {
            "number": "15550002000",
            "customer": acme.id,
            "destination": {"type": "connexml_app", "target": app["id"]},
        },
    )

    error = assert_error(await api.delete(f"/sip-users/{alice['id']}"), 409, "conflict")
    assert [d["message"] for d in error["details"]] == [
        "used by IVR menu 'Main' (fallback)",
        "used by ring group 'Sales' (member 1)",
        "used by queue 'Q' (agent 1)",
    ]
    assert "SIP user 'alice'" in error["message"]
    error = assert_error(await api.delete(f"/ring-groups/{group['id']}"), 409, "conflict")
    assert error["details"] == [{"path": "$", "message": "used by IVR menu 'Main' (option 1)"}]
    error = assert_error(await api.delete(f"/ivr-menus/{menu['id']}"), 409, "conflict")
    assert error["details"][0]["message"] == "used by DID 15550001000 (destination)"
    error = assert_error(await api.delete(f"/queues/{queue['id']}"), 409, "conflict")
    assert error["details"][0]["message"] == "used by DID 15550001000 (alternative 1)"
    error = assert_error(await api.delete(f"/voice-apps/{app['id']}"), 409, "conflict")
    assert error["details"][0]["message"] == "used by DID 15550002000 (destination)"

    # Unpoint, then delete in order.
    assert (await api.delete(f"/dids/{did['id']}")).status_code == 204
    assert (await api.delete(f"/ivr-menus/{menu['id']}")).status_code == 204
    assert (await api.delete(f"/ring-groups/{group['id']}")).status_code == 204
    assert (await api.delete(f"/queues/{queue['id']}")).status_code == 204
    assert (await api.delete(f"/sip-users/{alice['id']}")).status_code == 204
    assert (
        not await IvrMenu.exists() and not await RingGroup.exists() and not await CallQueue.exists()
    )


# -- voicemail ---------------------------------------------------------------------------------


async def test_voicemail_box_pin_is_write_only(api: Api, acme: Any) -> None:
    alice = await api.made("/sip-users", sip_user(acme, extension="1001"))
    box = await api.made(
        "/voicemail-boxes",
        {
            "name": "Alice",
            "customer": acme.id,
            "mailbox": "1001",
            "pin": "482913",
            "sip_user": "alice",
            "email": "Alice@Example.COM",
            "greeting": "ivr/vm-greeting",
        },
    )
    assert box["sip_user"] == alice["id"] and box["email"] == "Alice@example.com"
    assert box["max_messages"] == 100 and "pin" not in box
    stored = await VoicemailBox.get(id=box["id"])
    assert stored.pin_hash.startswith("$argon2id$") and voicemail.verify_pin(stored, "482913")
    changed = await api.patch(
        f"/voicemail-boxes/{box['id']}", {"pin": "551177", "max_seconds": 300}
    )
    assert changed.status_code == 200, changed.text
    await stored.refresh_from_db()
    assert voicemail.verify_pin(stored, "551177") and not voicemail.verify_pin(stored, "482913")
    assert passwords.verify_password(stored.pin_hash, "551177")

    shown = json.dumps([box, changed.json(), (await api.get("/voicemail-boxes")).json()])
    logged = await audit_text()
    for secret in ("482913", "551177", stored.pin_hash):
        assert secret not in shown and secret not in logged

    did = await api.made(
        "/dids",
        {
            "number": "15550001000",
            "customer": acme.id,
            "destination": {"type": "voicemail", "target": "1001"},
        },
    )
    assert did["destination"] == {"type": "voicemail", "target": box["id"]}
    assert_error(await api.delete(f"/voicemail-boxes/{box['id']}"), 409, "conflict")


@pytest.mark.parametrize(
    ("values", "paths"),
    [
        ({"pin": "12"}, ["pin"]),
        ({"mailbox": "x1"}, ["mailbox"]),
        ({"email": "not-an-email"}, ["email"]),
        ({"sip_user": "carol"}, ["sip_user"]),
        ({"max_messages": 0, "max_seconds": 2}, ["max_messages", "max_seconds"]),
        ({"greeting": "user/none.wav"}, ["greeting"]),
    ],
)
async def test_voicemail_validation(
    api: Api, acme: Any, globex: Any, values: dict[str, Any], paths: list[str]
) -> None:
    await api.made("/sip-users", sip_user(globex, "carol"))  # another customer's
    body = {"name": "Box", "customer": acme.id, "mailbox": "1001", "pin": "1234", **values}
    assert (
        detail_paths(
            assert_error(await api.post("/voicemail-boxes", body), 422, "validation_error")
        )
        == paths
    )


async def test_voicemail_messages(api: Api, acme: Any, settings: Any) -> None:
    box = await api.made(
        "/voicemail-boxes", {"name": "Box", "customer": acme.id, "mailbox": "1001", "pin": "1234"}
    )
    assert_error(
        await api.post(
            "/voicemail-boxes",
            {"name": "Other", "customer": acme.id, "mailbox": "1001", "pin": "1234"},
        ),
        409,
        "conflict",
    )
    recording = Path(settings.data_dir) / "voicemail" / "m1.wav"
    recording.parent.mkdir(parents=True, exist_ok=True)
    recording.write_bytes(b"RIFF")
    first = await VoicemailMessage.create(
        box_id=box["id"], caller="15550100", path="voicemail/m1.wav", seconds=4.5
    )
    await VoicemailMessage.create(
        box_id=box["id"], caller="15550101", path="voicemail/m2.wav", status="saved"
    )
    listed = (await api.get(f"/voicemail-boxes/{box['id']}/messages")).json()
    assert listed["total"] == 2 and {m["caller"] for m in listed["items"]} == {
        "15550100",
        "15550101",
    }
    assert (await api.get(f"/voicemail-boxes/{box['id']}/messages", status="saved")).json()[
        "total"
    ] == 1

    assert (
        await api.delete(f"/voicemail-boxes/{box['id']}/messages/{first.id}")
    ).status_code == 204
    assert not recording.exists()
    assert await VoicemailMessage.filter(box_id=box["id"]).count() == 1
    assert await AuditEntry.filter(action="voicemail_message.delete").count() == 1
    assert_error(
        await api.delete(f"/voicemail-boxes/{box['id']}/messages/{first.id}"), 404, "not_found"
    )
    other = await api.made(
        "/voicemail-boxes", {"name": "Other", "customer": acme.id, "mailbox": "1002", "pin": "1234"}
    )
    second = await VoicemailMessage.filter(box_id=box["id"]).first()
    assert second is not None
    assert_error(
        await api.delete(f"/voicemail-boxes/{other['id']}/messages/{second.id}"), 404, "not_found"
    )


# -- who may --------------------------------------------------------------------------------------


async def test_readonly_reads_support_writes_portal_users_get_nothing(
    client: httpx.AsyncClient, auth_headers: Any, acme: Any
) -> None:
    readonly = Api(client, await auth_headers(Role.READONLY))
    support = Api(client, await auth_headers(Role.SUPPORT))
    made = await support.made("/conference-rooms", {"name": "R", "customer": acme.id})
    assert (await readonly.get(f"/conference-rooms/{made['id']}")).status_code == 200
    assert_error(
        await readonly.patch(f"/conference-rooms/{made['id']}", {"pin": "1"}), 403, "forbidden"
    )
    assert await ConferenceRoom.filter(pin="1").count() == 0

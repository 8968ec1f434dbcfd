"""The Class 5 admin pages under /voice, driven like a browser: forms go through the same
services as the API (their checks, their messages), refusals re-show the form as typed,
delete is refused while something points at the object, read-only users get no forms."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import customers
from telephony.class5.models import (
    CallQueue,
    ConferenceRoom,
    Did,
    RingGroup,
    VoicemailBox,
    VoicemailMessage,
)
from telephony.class5.services import base, dids, features, sip_users
from telephony.models import SipUser
from tests.ui.ui_support import Ui, nav_labels

REALM = "trunkline"
PASSWORD = "s3cret-sip-pass"

LISTS = {
    "DIDs": "/voice/dids",
    "SIP users": "/voice/sip-users",
    "Ring groups": "/voice/ring-groups",
    "Queues": "/voice/queues",
    "Conference rooms": "/voice/conference-rooms",
    "Voicemail": "/voice/voicemail",
}


def text_of(page: str) -> str:
    """The page's text with tags dropped and entities decoded (what a reader sees)."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def value_of(page: str, name: str) -> str:
    """The value attribute of the input called ``name``."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    assert match, f"no input {name}"
    return html.unescape(match.group(1))


def post_forms(page: str) -> list[str]:
    """The actions of the page's POST forms under /voice."""
    return re.findall(
        r'<form[^>]*method="post"[^>]*action="(?:https?://[^/"]+)?(/voice[^"]*)"', page
    )


@pytest.fixture
def ui(client: httpx.AsyncClient) -> Ui:
    return Ui(client)


@pytest.fixture
def signed_in(ui: Ui, make_user: Any) -> Any:
    """``await signed_in(Role.READONLY)``: a new operator of that role, signed in."""

    async def sign_in(role: Role) -> Any:
        account = await make_user(role)
        assert (await ui.sign_in(account.username, account.password)).status_code == 303
        return account

    return sign_in


@pytest.fixture
async def admin(signed_in: Any) -> Any:
    return await signed_in(Role.ADMIN)


@pytest.fixture
async def acme(db: str) -> Any:
    return await customers.create_customer(SYSTEM, "Acme")


@pytest.fixture
async def alice(acme: Any) -> SipUser:
    values = {"customer": acme.id, "username": "alice", "password": PASSWORD, "extension": "201"}
    return await sip_users.create_sip_user(SYSTEM, values, realm=REALM)


async def test_every_list_opens_from_the_voice_navigation(ui: Ui, admin: Any) -> None:
    page = await ui.get("/voice/dids")
    assert page.status_code == 200
    labels = nav_labels(page.text)
    assert [label for label in labels if label in LISTS] == list(LISTS)
    for title, path in LISTS.items():
        response = await ui.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert "<h1>" in response.text and path in post_forms(response.text), title


async def test_a_queue_and_a_did_pointing_at_it_are_made_from_forms(
    ui: Ui, admin: Any, acme: Any, alice: SipUser
) -> None:
    response = await ui.submit(
        "/voice/queues",
        "/voice/queues",
        {
            "name": "Support",
            "customer": str(acme.id),
            "extension": "300",
            "music": "",
            "announce_every": "45",
            "max_wait": "900",
            "overflow-type": "external",
            "overflow-text": "+1 555 123 0000",
            "agent-rows": "2",
            "agent-0-agent": str(alice.id),
            "agent-1-agent": "",
        },
    )
    assert response.status_code == 303, text_of(response.text)[:500]
    queue = await CallQueue.get(name="Support")
    assert response.headers["location"].endswith(f"/voice/queues/{queue.id}")
    assert (queue.customer_id, queue.extension, queue.announce_every, queue.max_wait) == (  # type: ignore[attr-defined]
        acme.id,
        "300",
        45,
        900,
    )
    assert queue.overflow == {"type": "external", "target": "15551230000"}
    assert queue.agents == [{"type": "extension", "target": alice.id}]

    response = await ui.submit(
        "/voice/dids",
        "/voice/dids",
        {
            "number": "+44 20 7946 0000",
            "customer": str(acme.id),
            "dest-type": "queue",
            "dest-target": f"queue:{queue.id}",
            "enabled": "on",
            "tags": "sales, uk",
            "alt-rows": "2",
            "alt-0-wday": "mon-fri",
            "alt-0-time_of_day": "09:00-17:00",
            "alt-0-timezone": "Europe/London",
            "alt-0-more": "mon=1-6",
            "alt-0-dest-type": "extension",
            "alt-0-dest-target": f"extension:{alice.id}",
        },
    )
    assert response.status_code == 303, text_of(response.text)[:500]
    did = await Did.get(number="442079460000")
    assert did.customer_id == acme.id  # type: ignore[attr-defined]
    assert did.destination == {"type": "queue", "target": queue.id}
    assert did.enabled and did.tags == ["sales", "uk"]
    assert did.alternatives == [
        {
            "when": {
                "wday": "mon-fri",
                "time-of-day": "09:00-17:00",
                "timezone": "Europe/London",
                "mon": "1-6",
            },
            "destination": {"type": "extension", "target": alice.id},
        }
    ]
    # Listed, with the destination by name; the edit form shows what is stored.
    listed = text_of((await ui.get(f"/voice/dids?customer={acme.id}&q=7946")).text)
    assert "+442079460000" in listed and "queue Support" in listed
    detail = await ui.get(f"/voice/dids/{did.id}")
    assert value_of(detail.text, "alt-0-wday") == "mon-fri"
    assert value_of(detail.text, "alt-0-more") == "mon=1-6"
    assert f'<option value="queue:{queue.id}" selected>' in detail.text


async def test_alternatives_are_removed_and_rows_added_without_saving(
    ui: Ui, admin: Any, acme: Any, alice: SipUser
) -> None:
    did = await base.create(
        SYSTEM,
        dids.KIND,
        {
            "number": "15551230001",
            "customer": acme.id,
            "destination": {"type": "extension", "target": alice.id},
            "alternatives": [
                {
                    "when": {"wday": "sat-sun"},
                    "destination": {"type": "external", "target": "15550000000"},
                }
            ],
        },
    )
    page = f"/voice/dids/{did.id}"
    form = {
        "number": "15551230001",
        "customer": str(acme.id),
        "dest-type": "extension",
        "dest-target": f"extension:{alice.id}",
        "enabled": "on",
        "alt-rows": "2",
        "alt-0-wday": "sat-sun",
        "alt-0-dest-type": "external",
        "alt-0-dest-text": "15550000000",
    }
    more = await ui.submit(page, page, {**form, "more": "1"})
    assert more.status_code == 200
    assert "Alternative 3" in more.text and "Alternative 4" not in more.text
    assert (await Did.get(id=did.id)).updated_at == did.updated_at, "nothing saved"

    removed = await ui.submit(page, page, {**form, "alt-0-remove": "on"})
    assert removed.status_code == 303
    assert (await Did.get(id=did.id)).alternatives == []


BAD_INPUT = [
    (
        "/voice/dids",
        Did,
        {"number": "0123", "customer": "", "dest-type": "uri", "dest-text": "sip:a@b.example"},
        "an E.164 number",
        {"number": "0123"},
    ),
    (
        "/voice/dids",
        Did,
        {"number": "15551239999", "dest-type": "uri", "dest-text": "not a uri"},
        "a SIP URI such as",
        {"number": "15551239999", "dest-text": "not a uri"},
    ),
    (
        "/voice/sip-users",
        SipUser,
        {"username": "bob", "customer": "{acme}", "password": "short", "extension": "9"},
        "must be 8 to 128 characters",
        {"username": "bob", "extension": "9"},
    ),
    (
        "/voice/ring-groups",
        RingGroup,
        {
            "name": "Sales",
            "customer": "{acme}",
            "strategy": "sequential",
            "member-rows": "1",
            "member-0-dest-type": "external",
            "member-0-dest-text": "15551112222",
            "member-0-ring_timeout": "500",
        },
        "members.0.ring_timeout: must be between 5 and 120",
        {"name": "Sales", "member-0-ring_timeout": "500"},
    ),
    (
        "/voice/queues",
        CallQueue,
        {"name": "Q", "customer": "{acme}", "max_wait": "soon", "announce_every": "30"},
        "must be a whole number",
        {"name": "Q", "max_wait": "soon"},
    ),
    (
        "/voice/conference-rooms",
        ConferenceRoom,
        {"name": "Board", "customer": "{acme}", "pin": "1234", "moderator_pin": "1234"},
        "must differ from pin",
        {"name": "Board", "pin": "1234"},
    ),
    (
        "/voice/voicemail",
        VoicemailBox,
        {"name": "Front desk", "customer": "{acme}", "mailbox": "201", "pin": "12"},
        "4 to 16 digits",
        {"name": "Front desk", "mailbox": "201"},
    ),
    (
        "/voice/voicemail",
        VoicemailBox,
        {"name": "Nobody's", "customer": "", "mailbox": "202", "pin": "1234"},
        "customer: required",
        {"name": "Nobody's"},
    ),
]


@pytest.mark.parametrize(
    ("path", "model", "form", "message", "kept"),
    BAD_INPUT,
    ids=[f"{row[0]}:{row[3][:20]}" for row in BAD_INPUT],
)
async def test_bad_input_is_shown_at_its_field_and_nothing_is_made(
    ui: Ui,
    admin: Any,
    acme: Any,
    path: str,
    model: Any,
    form: dict[str, str],
    message: str,
    kept: dict[str, str],
) -> None:
    before = await model.all().count()
    audit = await AuditEntry.all().count()
    data = {k: v.replace("{acme}", str(acme.id)) for k, v in form.items()}
    response = await ui.submit(path, path, data)
    assert response.status_code == 422, text_of(response.text)[:500]
    shown = text_of(response.text)
    assert message in shown
    assert 'role="alert"' in response.text
    for name, value in kept.items():
        assert value_of(response.text, name) == value, name
    # Write-only secrets are not sent back.
    assert 'name="password" value=""' in response.text or "password" not in data
    assert await model.all().count() == before
    assert await AuditEntry.all().count() == audit


async def test_a_taken_extension_is_a_409_naming_the_holder(
    ui: Ui, admin: Any, acme: Any, alice: SipUser
) -> None:
    response = await ui.submit(
        "/voice/conference-rooms",
        "/voice/conference-rooms",
        {"name": "Board", "customer": str(acme.id), "extension": "201", "max_members": "5"},
    )
    assert response.status_code == 409
    assert "extension 201 is already SIP user 'alice'" in text_of(response.text)
    assert value_of(response.text, "extension") == "201"
    assert not await ConferenceRoom.exists(name="Board")


async def test_delete_is_refused_while_a_did_points_at_the_object(
    ui: Ui, admin: Any, acme: Any
) -> None:
    queue = await base.create(
        SYSTEM, features.QUEUE, {"name": "Support", "customer": acme.id, "max_wait": 60}
    )
    did = await base.create(
        SYSTEM,
        dids.KIND,
        {
            "number": "15551230002",
            "customer": acme.id,
            "destination": {"type": "queue", "target": queue.id},
        },
    )
    page = f"/voice/queues/{queue.id}"
    refused = await ui.submit(page, f"{page}/delete")
    assert refused.status_code == 409
    shown = text_of(refused.text)
    assert "Not deleted" in shown and "DID 15551230002 (destination)" in shown
    assert await CallQueue.exists(id=queue.id)

    gone = await ui.submit(f"/voice/dids/{did.id}", f"/voice/dids/{did.id}/delete")
    assert gone.status_code == 303 and gone.headers["location"].endswith("/voice/dids")
    deleted = await ui.submit(page, f"{page}/delete")
    assert deleted.status_code == 303
    assert not await CallQueue.exists(id=queue.id)
    assert "Queue Support deleted." in (await ui.get("/voice/queues")).text


async def test_sip_user_passwords_are_write_only(ui: Ui, admin: Any, acme: Any) -> None:
    response = await ui.submit(
        "/voice/sip-users",
        "/voice/sip-users",
        {
            "username": "carol",
            "customer": str(acme.id),
            "extension": "202",
            "password": PASSWORD,
            "display_name": "Carol",
            "channels": "3",
            "cps": "",
            "ip_whitelist": "192.0.2.1\n198.51.100.0/24",
            "enabled": "on",
        },
    )
    assert response.status_code == 303, text_of(response.text)[:500]
    user = await SipUser.get(username="carol")
    assert (user.extension, user.channels, user.cps, user.ip_whitelist) == (
        "202",
        3,
        0,
        ["192.0.2.1", "198.51.100.0/24"],
    )
    assert user.ha1_md5 == sip_users.ha1("carol", REALM, PASSWORD)
    page = f"/voice/sip-users/{user.id}"
    detail = (await ui.get(page)).text
    assert PASSWORD not in detail and user.ha1_md5 not in detail
    assert 'name="password" value=""' in detail

    kept = {
        "username": "carol",
        "extension": "203",
        "display_name": "Carol C",
        "channels": "3",
        "ip_whitelist": "",
        "enabled": "on",
    }
    assert (await ui.submit(page, page, {**kept, "password": ""})).status_code == 303
    user = await SipUser.get(id=user.id)
    assert (user.extension, user.display_name, user.ip_whitelist) == ("203", "Carol C", [])
    assert user.ha1_md5 == sip_users.ha1("carol", REALM, PASSWORD), "password unchanged"

    renamed = await ui.submit(page, page, {**kept, "username": "caroline", "password": ""})
    assert renamed.status_code == 422
    assert "changing the username needs the password again" in text_of(renamed.text)
    new = "another-pass-123"
    changed = await ui.submit(page, page, {**kept, "username": "caroline", "password": new})
    assert changed.status_code == 303
    user = await SipUser.get(id=user.id)
    assert user.ha1_md5 == sip_users.ha1("caroline", REALM, new)


async def test_ring_group_members_keep_their_order_and_timeouts(
    ui: Ui, admin: Any, acme: Any, alice: SipUser
) -> None:
    response = await ui.submit(
        "/voice/ring-groups",
        "/voice/ring-groups",
        {
            "name": "Sales",
            "customer": str(acme.id),
            "extension": "400",
            "strategy": "round_robin",
            "member-rows": "3",
            "member-0-dest-type": "extension",
            "member-0-dest-target": f"extension:{alice.id}",
            "member-0-ring_timeout": "15",
            "member-0-weight": "1",
            "member-1-dest-type": "external",
            "member-1-dest-text": "+1 555 000 1111",
            "member-1-ring_timeout": "30",
            "member-1-weight": "2",
            "member-2-dest-type": "",
        },
    )
    assert response.status_code == 303, text_of(response.text)[:500]
    group = await RingGroup.get(name="Sales")
    assert group.strategy == "round_robin" and group.fallback is None
    assert group.members == [
        {
            "destination": {"type": "extension", "target": alice.id},
            "ring_timeout": 15,
            "sort_index": 0,
            "weight": 1,
        },
        {
            "destination": {"type": "external", "target": "15550001111"},
            "ring_timeout": 30,
            "sort_index": 1,
            "weight": 2,
        },
    ]
    page = f"/voice/ring-groups/{group.id}"
    detail = (await ui.get(page)).text
    assert value_of(detail, "member-1-ring_timeout") == "30"
    assert "Customer" in detail and "Fixed once created." in detail

    # The last member removed: the service refuses an empty group, the form stays.
    edit = {
        "name": "Sales",
        "extension": "400",
        "strategy": "sequential",
        "member-rows": "2",
        "member-0-dest-type": "extension",
        "member-0-dest-target": f"extension:{alice.id}",
        "member-0-remove": "on",
        "member-1-dest-type": "external",
        "member-1-dest-text": "15550001111",
        "member-1-remove": "on",
    }
    refused = await ui.submit(page, page, edit)
    assert refused.status_code == 422
    assert "at least one member" in text_of(refused.text)
    assert (await RingGroup.get(id=group.id)).strategy == "round_robin"


async def test_conference_room_edit(ui: Ui, admin: Any, acme: Any) -> None:
    room = await base.create(
        SYSTEM, features.CONFERENCE_ROOM, {"name": "Board", "customer": acme.id}
    )
    page = f"/voice/conference-rooms/{room.id}"
    form = {"name": "Board room", "extension": "500", "pin": "1111", "moderator_pin": "2222"}
    response = await ui.submit(page, page, {**form, "max_members": "12"})
    assert response.status_code == 303
    room = await ConferenceRoom.get(id=room.id)
    assert (room.name, room.extension, room.pin, room.moderator_pin, room.max_members) == (
        "Board room",
        "500",
        "1111",
        "2222",
        12,
    )
    # A customer is fixed: a forged one is ignored, not applied.
    other = await customers.create_customer(SYSTEM, "Other")
    forged = {**form, "customer": str(other.id), "max_members": "12"}
    assert (await ui.submit(page, page, forged)).status_code == 303
    assert (await ConferenceRoom.get(id=room.id)).customer_id == acme.id  # type: ignore[attr-defined]


async def test_voicemail_box_pin_and_messages(
    ui: Ui, admin: Any, acme: Any, alice: SipUser
) -> None:
    response = await ui.submit(
        "/voice/voicemail",
        "/voice/voicemail",
        {
            "name": "Alice's box",
            "customer": str(acme.id),
            "mailbox": "201",
            "pin": "8642",
            "sip_user": str(alice.id),
            "email": "alice@example.com",
            "max_messages": "50",
            "max_seconds": "60",
        },
    )
    assert response.status_code == 303, text_of(response.text)[:500]
    box = await VoicemailBox.get(mailbox="201")
    assert (box.sip_user_id, box.email, box.max_messages, box.max_seconds) == (  # type: ignore[attr-defined]
        alice.id,
        "alice@example.com",
        50,
        60,
    )
    assert box.pin_hash and "8642" not in box.pin_hash
    kept = await VoicemailMessage.create(box=box, caller="15557654321", path="vm/1.wav", seconds=7)
    gone = await VoicemailMessage.create(box=box, caller="15550000001", path="vm/2.wav", seconds=3)
    page = f"/voice/voicemail/{box.id}"
    detail = await ui.get(page)
    shown = text_of(detail.text)
    assert "15557654321" in shown and "15550000001" in shown and "8642" not in detail.text
    assert box.pin_hash not in detail.text

    deleted = await ui.submit(page, f"{page}/messages/{gone.id}/delete")
    assert deleted.status_code == 303
    assert await VoicemailMessage.filter(box_id=box.id).values_list("id", flat=True) == [kept.id]
    missing = await ui.submit(page, f"{page}/messages/{gone.id}/delete")
    assert missing.status_code == 404

    # An empty PIN on edit keeps the stored one.
    pin_hash = box.pin_hash
    edit = {"name": "Alice", "mailbox": "201", "pin": "", "max_messages": "50", "max_seconds": "60"}
    assert (await ui.submit(page, page, edit)).status_code == 303
    box = await VoicemailBox.get(id=box.id)
    assert (box.name, box.pin_hash, box.sip_user_id) == ("Alice", pin_hash, None)  # type: ignore[attr-defined]


async def test_lists_filter_by_customer_and_search(ui: Ui, admin: Any, acme: Any) -> None:
    other = await customers.create_customer(SYSTEM, "Globex")
    for customer, name in ((acme, "Acme help"), (acme, "Acme sales"), (other, "Globex help")):
        await base.create(SYSTEM, features.CONFERENCE_ROOM, {"name": name, "customer": customer.id})
    everything = text_of((await ui.get("/voice/conference-rooms")).text)
    assert all(n in everything for n in ("Acme help", "Acme sales", "Globex help"))
    mine = text_of((await ui.get(f"/voice/conference-rooms?customer={acme.id}&q=help")).text)
    assert "Acme help" in mine and "Acme sales" not in mine and "Globex help" not in mine
    fragment = await ui.get("/voice/conference-rooms?q=sales", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "Acme sales" in fragment.text


async def test_read_only_users_see_no_forms_and_cannot_post(
    ui: Ui, signed_in: Any, acme: Any, alice: SipUser
) -> None:
    await signed_in(Role.READONLY)
    for path in LISTS.values():
        response = await ui.get(path)
        assert response.status_code == 200
        assert post_forms(response.text) == [], path
        assert "<button" not in response.text.split("<main", 1)[1].replace(
            '<button type="submit" class="secondary">Filter</button>', ""
        ), path
    detail = await ui.get(f"/voice/sip-users/{alice.id}")
    assert detail.status_code == 200
    assert post_forms(detail.text) == [] and 'name="password"' not in detail.text
    assert "alice" in detail.text
    token = await ui.token("/voice/sip-users")
    refused = await ui.post(
        "/voice/conference-rooms", {"name": "Sneaky", "customer": str(acme.id)}, csrf=token
    )
    assert refused.status_code == 403
    delete = await ui.post(f"/voice/sip-users/{alice.id}/delete", {}, csrf=token)
    assert delete.status_code == 403
    assert not await ConferenceRoom.exists(name="Sneaky")
    assert await SipUser.exists(id=alice.id)


async def test_an_unknown_object_is_a_404_page(ui: Ui, admin: Any) -> None:
    response = await ui.get("/voice/queues/999")
    assert response.status_code == 404
    assert "No queue with id 999" in text_of(response.text)

"""Every state-changing UI form refuses a request without this session's CSRF token."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from starlette.routing import Route

from runtime import store, versions
from runtime.auth.principal import SYSTEM
from runtime.models import (
    ApiKey,
    App,
    AppAssignment,
    AuditEntry,
    Customer,
    CustomerUser,
    Role,
    StoreListing,
    User,
)
from runtime.services import apikeys, apps, customers, users
from runtime.ui.routes import routes
from telephony import ui4
from telephony.class5.models import (
    AudioFile,
    CallQueue,
    ConferenceRoom,
    Did,
    IvrMenu,
    RingGroup,
    VoiceApp,
    VoicemailBox,
    VoicemailMessage,
)
from telephony.class5.services import base, dids, features, sip_users, voicemail
from telephony.class5.services import voice_apps as voice_apps_service
from telephony.class5.services.features import IVR_MENU
from telephony.models import CustomerIp, SipUser
from telephony.rating.models import (
    CardParent,
    Carrier,
    CarrierIp,
    DestinationType,
    ExchangeRate,
    ProfitRule,
    RateCard,
    RateRevision,
    ReplyRule,
)
from telephony.rating.services import carriers as carrier_service
from telephony.routing.models import Route as IngressRoute
from telephony.ui import audio, ivr_builder, pages, voice_apps
from tests.routing import support
from tests.ui.ui_support import Ui

UI_ROUTES = [*routes, *ivr_builder.routes(), *pages.routes(), *voice_apps.routes(), *audio.routes()]
UI_ROUTES += ui4.routes()
POST_ROUTES = [r for r in UI_ROUTES if isinstance(r, Route) and "POST" in (r.methods or ())]

IVR_FORM = {"prompt_say": "Hi", "opt_digit": "1", "opt_type": "external", "opt_target": "15550100"}
GROUP_FORM = {"member-rows": "1", "member-0-dest-type": "external", "member-0-dest-text": "1555"}

# What each form would submit; enough to succeed if the token were right.
FORM_DATA: dict[str, dict[str, str]] = {
    "ui:login_submit": {"username": "csrf-admin", "password": "correct horse battery"},
    "ui:logout": {},
    "ui:user_create": {"username": "mallory", "password": "mallory password", "role": "admin"},
    "ui:user_update": {"role": "admin", "is_active": "on", "password": "taken over!!"},
    "ui:user_delete": {},
    "ui:apikey_create": {"name": "stolen"},
    "ui:apikey_revoke": {},
    "ui:app_create": {"name": "planted", "title": "Planted"},
    "ui:app_update": {"name": "renamed", "title": "Defaced"},
    "ui:app_delete": {},
    "ui:assignment_create": {"customer": "all"},
    "ui:assignment_delete": {},
    "ui:customer_create": {"name": "Planted Ltd", "currency": "USD"},
    "ui:customer_update": {"name": "Defaced Ltd", "status": "suspended"},
    "ui:customer_delete": {},
    "ui:contact_create": {"email": "m@evil.example", "password": "mallory password"},
    "ui:contact_delete": {},
    "ui:store_upload": {"docs": "planted"},
    "ui:store_list_submit": {"version": "1.0.0", "name": "planted"},
    "ui:store_install_submit": {"app_name": "planted"},
    "ui:store_domain": {"domain": "evil.example.com"},
    "ui:store_upgrade_submit": {},
    "ui:store_uninstall_submit": {"confirm": "billing"},
    "ui:store_withdraw": {},
    "portal:login_submit": {"email": "ops@acme.example", "password": "portal password 1"},
    "portal:logout": {},
    "ui:voice_ivr_create": {"name": "Planted", "customer": "1", **IVR_FORM},
    "ui:voice_ivr_update": {"name": "Defaced", **IVR_FORM},
    "ui:voice_ivr_try": {"digits": "1"},
    "ui:voice_ivr_delete": {},
    "ui:voice_did_create": {"number": "15559990000", "dest-type": "external", "dest-text": "1555"},
    "ui:voice_did_update": {"number": "15559990001", "dest-type": "uri", "dest-text": "sip:a@b.c"},
    "ui:voice_did_delete": {},
    "ui:voice_sip_user_create": {"username": "m", "customer": "1", "password": "mallory pw"},
    "ui:voice_sip_user_update": {"username": "alice", "password": "taken over!!"},
    "ui:voice_sip_user_delete": {},
    "ui:voice_ring_group_create": {"name": "Planted", "customer": "1", **GROUP_FORM},
    "ui:voice_ring_group_update": {"name": "Defaced", **GROUP_FORM},
    "ui:voice_ring_group_delete": {},
    "ui:voice_queue_create": {"name": "Planted", "customer": "1"},
    "ui:voice_queue_update": {"name": "Defaced", "max_wait": "10"},
    "ui:voice_queue_delete": {},
    "ui:voice_conference_room_create": {"name": "Planted", "customer": "1"},
    "ui:voice_conference_room_update": {"name": "Defaced", "pin": "1"},
    "ui:voice_conference_room_delete": {},
    "ui:voice_voicemail_box_create": {"name": "P", "customer": "1", "mailbox": "99", "pin": "1234"},
    "ui:voice_voicemail_box_update": {"name": "Defaced", "mailbox": "201", "pin": "0000"},
    "ui:voice_voicemail_box_delete": {},
    "ui:voice_voicemail_message_delete": {},
    "ui:voice_app_create": {"name": "Planted", "kind": "connexml"},
    "ui:voice_audio_upload": {"name": "planted", "customer": "1"},
    "ui:voice_audio_delete": {},
    "ui:voice_app_update": {"document": "<Response><Dial><Number>1666</Number></Dial></Response>"},
    "ui:c4_carrier_create": {"name": "Planted", "currency": "USD"},
    "ui:c4_carrier_update": {"name": "Defaced", "cred_password": "taken over!!"},
    "ui:c4_carrier_ip_add": {"address": "203.0.113.66", "direction": "receives"},
    "ui:c4_carrier_ip_delete": {},
    "ui:c4_carrier_reply_set": {"code": "404", "action": "failover"},
    "ui:c4_carrier_reply_delete": {},
    "ui:c4_card_create": {"name": "Planted", "kind": "customer", "currency": "USD"},
    "ui:c4_card_update": {"name": "Defaced", "precision": "2"},
    "ui:c4_revision_activate": {},
    "ui:c4_card_import": {"start_row": "1"},
    "ui:c4_card_build": {},
    "ui:c4_parent_add": {"card": "1", "weight": "9"},
    "ui:c4_parent_delete": {},
    "ui:c4_profit_add": {"kind": "absolute", "value": "9"},
    "ui:c4_profit_delete": {},
    "ui:c4_route_create": {"name": "Planted", "customer": "1", "card": "1", "enabled": "on"},
    "ui:c4_route_update": {"name": "Defaced", "card": "1"},
    "ui:c4_route_delete": {},
    "ui:c4_exchange_rate_create": {"base": "EUR", "quote": "USD", "rate": "9"},
    "ui:c4_exchange_import": {},
    "ui:c4_plan_import": {"replace": "on"},
    "ui:c4_customer_update": {"channels": "1", "cps": "1", "tech_prefix": "9"},
    "ui:c4_customer_ip_add": {"address": "203.0.113.9"},
    "ui:c4_customer_ip_delete": {},
}


def test_the_table_covers_every_post_route() -> None:
    assert {r.name for r in POST_ROUTES} == set(FORM_DATA)


async def _world() -> dict[str, int]:
    """One of everything a form can change, owned by the signed-in admin where it matters."""
    admin = await User.get(username="csrf-admin")
    victim = await users.create_user(SYSTEM, "victim", "victim password", Role.READONLY)
    app = await apps.create_app(SYSTEM, "billing", "Billing", "")
    customer = await customers.create_customer(SYSTEM, "Acme Telecom", "EUR")
    contact = await customers.add_contact(SYSTEM, customer.id, "ops@acme.example", "portal pw 1")
    key, _ = await apikeys.create_key(SYSTEM, admin, "mine")
    assignment = await apps.assign(SYSTEM, app, customer.id)
    menu = await base.create(
        SYSTEM,
        IVR_MENU,
        {
            "name": "Main",
            "customer": customer.id,
            "prompt": {"say": "Hi"},
            "options": {"1": {"type": "external", "target": "15550100"}},
        },
    )
    voice = await _voice_world(customer.id)
    class4 = await _class4_world(customer.id)
    await versions.publish(SYSTEM, app, "1.0.0")
    await store.list_version(SYSTEM, app, "1.0.0")
    return {
        "assignment_id": assignment.id,
        "user_id": victim.id,
        "app_id": app.id,
        "customer_id": customer.id,
        "contact_id": contact.id,
        "key_id": key.id,
        "menu_id": menu.id,
        **voice,
        **class4,
        "name": "billing",  # an App Store listing name
        "version": "1.0.0",
    }


async def _voice_world(customer_id: int) -> dict[str, int]:
    """One of each Class 5 object the /voice pages change."""
    owned = {"customer": customer_id}
    user = await sip_users.create_sip_user(
        SYSTEM, {**owned, "username": "alice", "password": "alice password"}, realm="trunkline"
    )
    external = {"type": "external", "target": "15550100"}
    did = await base.create(SYSTEM, dids.KIND, {"number": "15550101", "destination": external})
    group = await base.create(
        SYSTEM, features.RING_GROUP, {**owned, "name": "G", "members": [{"destination": external}]}
    )
    queue = await base.create(SYSTEM, features.QUEUE, {**owned, "name": "Q"})
    room = await base.create(SYSTEM, features.CONFERENCE_ROOM, {**owned, "name": "R"})
    box = await voicemail.create_box(
        SYSTEM, {**owned, "name": "B", "mailbox": "201", "pin": "1234"}
    )
    message = await VoicemailMessage.create(box=box, caller="1555", path="vm/1.wav")
    app = await voice_apps_service.create_voice_app(
        SYSTEM, {**owned, "name": "V", "document": "<Response><Hangup/></Response>"}
    )
    return {
        "did_id": did.id,
        "sip_user_id": user.id,
        "ring_group_id": group.id,
        "queue_id": queue.id,
        "conference_room_id": room.id,
        "voicemail_box_id": box.id,
        "message_id": message.id,
        "voice_app_id": app.id,
        "audio_id": (await _audio_file(customer_id)).id,
    }


async def _class4_world(customer_id: int) -> dict[str, int]:
    """One of each Class 4 object the /class4 pages change."""
    provider = await support.provider("Tel1", (("44", "0.01"),))
    card = await support.customer_card("Retail", [("44", "0.05", None)], parents=[(provider, 1, 0)])
    carrier_id = provider.carrier_id  # type: ignore[attr-defined]
    ip = await carrier_service.add_ip(SYSTEM, carrier_id, {"address": "192.0.2.1"})
    await carrier_service.set_reply_rule(SYSTEM, carrier_id, 503, "failover")
    rule = await ProfitRule.create(card=card, match="", value=10)
    revision = await card.revisions.all().first()  # type: ignore[attr-defined]
    route = await support.rule(await Customer.get(id=customer_id), card, name="UK")
    return {
        "carrier_id": carrier_id,
        "ip_id": ip.id,
        "code": 503,
        "card_id": card.id,
        "revision_id": revision.id,
        "parent_id": provider.id,
        "rule_id": rule.id,
        "route_id": route.id,
    }


async def _audio_file(customer_id: int) -> AudioFile:
    return await AudioFile.create(
        uuid=uuid.uuid4(), customer_id=customer_id, name="hello.wav", path="audio/hello.wav"
    )


async def _state() -> dict[str, Any]:
    """Everything those forms could have changed."""
    return {
        "users": await User.all()
        .order_by("id")
        .values_list("username", "role", "is_active", "session_version", "password_hash"),
        "apps": await App.all().order_by("id").values_list("name", "title"),
        "customers": await Customer.all().order_by("id").values_list("name", "status"),
        "contacts": await CustomerUser.all().order_by("id").values_list("email"),
        "keys": await ApiKey.all().order_by("id").values_list("name", "revoked_at"),
        "audit": await AuditEntry.all().count(),
        "assignments": await AppAssignment.all().order_by("id").values_list("customer_id"),
        "listings": await StoreListing.all().order_by("id").values_list("name", "version"),
        "ivr_menus": await IvrMenu.all().order_by("id").values_list("name", "options"),
        "dids": await Did.all().order_by("id").values_list("number", "destination"),
        "sip_users": await SipUser.all().order_by("id").values_list("username", "ha1_md5"),
        "ring_groups": await RingGroup.all().order_by("id").values_list("name", "members"),
        "queues": await CallQueue.all().order_by("id").values_list("name", "max_wait"),
        "rooms": await ConferenceRoom.all().order_by("id").values_list("name", "pin"),
        "boxes": await VoicemailBox.all().order_by("id").values_list("name", "pin_hash"),
        "messages": await VoicemailMessage.all().order_by("id").values_list("id"),
        "voice_apps": await VoiceApp.all().order_by("id").values_list("name", "document"),
        "audio_files": await AudioFile.all().order_by("id").values_list("name", "customer_id"),
        **await _class4_state(),
    }


async def _class4_state() -> dict[str, Any]:
    return {
        "carriers": await Carrier.all()
        .order_by("id")
        .values_list("name", "status", "credentials_encrypted"),
        "carrier_ips": await CarrierIp.all().order_by("id").values_list("address"),
        "reply_rules": await ReplyRule.all().order_by("id").values_list("code", "action"),
        "rate_cards": await RateCard.all().order_by("id").values_list("name", "precision", "stale"),
        "revisions": await RateRevision.all().order_by("id").values_list("status", "row_count"),
        "card_parents": await CardParent.all().order_by("id").values_list("parent_id", "weight"),
        "profit_rules": await ProfitRule.all().order_by("id").values_list("kind", "value"),
        "routes": await IngressRoute.all().order_by("id").values_list("name", "enabled"),
        "exchange_rates": await ExchangeRate.all().count(),
        "destination_types": await DestinationType.all().count(),
        "customer_class4": await Customer.all().order_by("id").values_list("channels", "cps"),
        "customer_ips": await CustomerIp.all().order_by("id").values_list("address"),
    }


@pytest.mark.parametrize("token", ["missing", "empty", "wrong", "another session's"])
async def test_forms_reject_a_missing_or_wrong_token(
    ui: Ui, new_ui: Any, make_user: Any, token: str
) -> None:
    admin = await make_user(Role.ADMIN, username="csrf-admin")
    assert (await ui.sign_in(admin.username, admin.password)).status_code == 303
    own_token = await ui.token("/")
    ids = await _world()
    other = await new_ui()
    submitted = {
        "missing": None,
        "empty": "",
        "wrong": own_token[:-4] + "AAAA",
        "another session's": await other.token("/login"),
    }[token]
    before = await _state()
    for route in POST_ROUTES:
        assert route.name is not None
        path = route.url_path_for(route.name, **{k: ids[k] for k in route.param_convertors})
        response = await ui.post(path, FORM_DATA[route.name], csrf=submitted)
        assert response.status_code == 403, (route.name, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), route.name
        assert "<html" in response.text, route.name
    assert await _state() == before, "a rejected form changed something"
    session = ui.session()
    assert (session["kind"], session["uid"]) == ("operator", admin.user.id), "still signed in"
    assert (await ui.get("/")).status_code == 200


async def test_the_page_token_is_accepted(ui: Ui, make_user: Any) -> None:
    """The control experiment: the same submission with the page's token goes through."""
    admin = await make_user(Role.ADMIN)
    assert (await ui.sign_in(admin.username, admin.password)).status_code == 303
    response = await ui.submit("/customers", "/customers", {"name": "Real Ltd", "currency": "usd"})
    assert response.status_code == 303
    assert await Customer.filter(name="Real Ltd", currency="USD").exists()


@pytest.mark.parametrize(("header", "created"), [("own", True), ("wrong", False)])
async def test_htmx_may_send_the_token_as_a_header(
    ui: Ui, make_user: Any, header: str, created: bool
) -> None:
    """app.js puts the token in X-CSRF-Token on every htmx request (hx-post needs no field)."""
    admin = await make_user(Role.ADMIN)
    assert (await ui.sign_in(admin.username, admin.password)).status_code == 303
    token = await ui.token("/")
    response = await ui.client.post(
        "/customers",
        data={"name": "Header Ltd"},
        headers={"X-CSRF-Token": token if header == "own" else "wrong", "HX-Request": "true"},
    )
    assert response.status_code == (303 if created else 403)
    assert await Customer.filter(name="Header Ltd").exists() is created

"""Demo voice content for Acme Telecom, so ``make run`` shows calls working at once.

- SIP users alice (1001) and bob (1002), alice with voicemail box 1001 (PIN 1234);
- ring group Sales (sequential: alice, then bob, then alice's voicemail);
- queue Support (built-in hold music, agents alice and bob) and conference room Stand-up
  (PIN 4321);
- an IVR menu made with the no-code builder (Support menu: 1 the queue, 2 alice, 0 the
  operator's number; after three tries the voicemail box);
- the ConneXML app "Acme main line": open weekdays 08:00-18:00 New York time with a Gather
  to sales, support or the stand-up, closed otherwise (a message in the voicemail box);
- DIDs +1 555 010 0200 (the main line), 0201 (the support menu) and 0202 (the stand-up).

Try one: ``trunkline connexml simulate --did 15550100200 --digits 2,1 --at
2026-12-01T10:00 --tz America/New_York``. Each step adds only what is missing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from runtime.auth.principal import SYSTEM
from runtime.models import Customer
from runtime.settings import load_settings
from telephony.class5.models import (
    CallQueue,
    ConferenceRoom,
    Did,
    IvrMenu,
    RingGroup,
    VoiceApp,
    VoicemailBox,
)
from telephony.class5.services import base, dids, features, sip_users, voice_apps, voicemail
from telephony.models import SipUser

CUSTOMER = "Acme Telecom"
MAIN_LINE = "15550100200"
SUPPORT_LINE = "15550100201"
STANDUP_LINE = "15550100202"

MAIN_DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Acme Telecom's main line: a menu in office hours, voicemail outside them. -->
<Response>
  <Set name="office" value="closed"/>
  <Condition wday="2-6" time-of-day="08:00:00-18:00:00" timezone="America/New_York">
    <Set name="office" value="open"/>
  </Condition>
  <Condition field="office" expression="^closed$">
    <Say>Our office is closed. Please leave a message after the tone.</Say>
    <Redirect>app:voicemail/{box}</Redirect>
  </Condition>
  <Gather numDigits="1" timeout="6">
    <Say>Thank you for calling Acme Telecom.</Say>
    <Say>For sales press 1. For support press 2. To join the stand-up press 9.</Say>
  </Gather>
  <Condition field="gather_result" expression="^1$">
    <Redirect>app:group/{sales}</Redirect>
  </Condition>
  <Condition field="gather_result" expression="^2$">
    <Redirect>app:ivr_menu/{support}</Redirect>
  </Condition>
  <Condition field="gather_result" expression="^9$">
    <Redirect>app:conference/{standup}</Redirect>
  </Condition>
  <Say>Sorry, we did not get that. Please leave a message after the tone.</Say>
  <Redirect>app:voicemail/{box}</Redirect>
</Response>
"""


def _to(kind: str, target: Any) -> dict[str, Any]:
    return {"type": kind, "target": target}


async def _sip_user(customer: Customer, username: str, extension: str, say: Any) -> SipUser:
    found = await SipUser.get_or_none(username=username)
    if found is not None:
        return found
    password = secrets.token_urlsafe(12)
    user = await sip_users.create_sip_user(
        SYSTEM,
        {
            "customer": customer.id,
            "username": username,
            "password": password,
            "extension": extension,
            "display_name": username.split(".")[-1].title(),
        },
        realm=load_settings().sip_realm,
    )
    say(f"SIP user {username} (extension {extension}) / {password}")
    return user


async def _owned(model: Any, customer: Customer, name: str, make: Callable[[], Any]) -> Any:
    found = await model.get_or_none(customer_id=customer.id, name=name)
    return found if found is not None else await make()


async def seed_voice(say: Callable[[str], None]) -> None:
    customer = await Customer.get_or_none(name=CUSTOMER)
    if customer is None:
        return
    alice = await _sip_user(customer, "acme.alice", "1001", say)
    bob = await _sip_user(customer, "acme.bob", "1002", say)
    box = await _owned(
        VoicemailBox,
        customer,
        "Alice's voicemail",
        lambda: voicemail.create_box(
            SYSTEM,
            {
                "name": "Alice's voicemail",
                "customer": customer.id,
                "mailbox": "1001",
                "pin": "1234",
                "sip_user": alice.id,
                "email": "noc@acme.example",
            },
        ),
    )
    sales = await _owned(
        RingGroup,
        customer,
        "Sales",
        lambda: base.create(
            SYSTEM,
            features.RING_GROUP,
            {
                "name": "Sales",
                "customer": customer.id,
                "extension": "2000",
                "strategy": "sequential",
                "members": [
                    {"destination": _to("extension", alice.id), "ring_timeout": 15},
                    {"destination": _to("extension", bob.id), "ring_timeout": 15},
                ],
                "fallback": _to("voicemail", box.id),
            },
        ),
    )
    queue = await _owned(
        CallQueue,
        customer,
        "Support",
        lambda: base.create(
            SYSTEM,
            features.QUEUE,
            {
                "name": "Support",
                "customer": customer.id,
                "extension": "3000",
                "announce_every": 30,
                "max_wait": 300,
                "agents": [_to("extension", alice.id), _to("extension", bob.id)],
                "overflow": _to("voicemail", box.id),
            },
        ),
    )
    standup = await _owned(
        ConferenceRoom,
        customer,
        "Stand-up",
        lambda: base.create(
            SYSTEM,
            features.CONFERENCE_ROOM,
            {
                "name": "Stand-up",
                "customer": customer.id,
                "extension": "4000",
                "pin": "4321",
                "max_members": 20,
            },
        ),
    )
    support = await _owned(
        IvrMenu,
        customer,
        "Support menu",
        lambda: base.create(
            SYSTEM,
            features.IVR_MENU,
            {
                "name": "Support menu",
                "customer": customer.id,
                "prompt": {
                    "say": "For a fault on your line press 1. To speak to Alice press 2. "
                    "For the operator press 0."
                },
                "options": {
                    "1": _to("queue", queue.id),
                    "2": _to("extension", alice.id),
                    "0": _to("external", "15550109999"),
                },
                "timeout": 5,
                "tries": 3,
                "fallback": _to("voicemail", box.id),
            },
        ),
    )
    main = await _owned(
        VoiceApp,
        customer,
        "Acme main line",
        lambda: voice_apps.create_voice_app(
            SYSTEM,
            {
                "name": "Acme main line",
                "customer": customer.id,
                "document": MAIN_DOCUMENT.format(
                    sales=sales.id, support=support.id, standup=standup.id, box=box.id
                ),
            },
        ),
    )
    for number, destination, label in (
        (MAIN_LINE, _to("connexml_app", main.id), "the ConneXML app Acme main line"),
        (SUPPORT_LINE, _to("ivr_menu", support.id), "the IVR menu Support menu"),
        (STANDUP_LINE, _to("conference", standup.id), "the conference room Stand-up"),
    ):
        if not await Did.exists(number=number):
            await base.create(
                SYSTEM,
                dids.KIND,
                {"number": number, "customer": customer.id, "destination": destination},
            )
            say(f"DID +{number} -> {label}")

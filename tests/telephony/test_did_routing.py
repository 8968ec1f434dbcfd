"""A call to a DID, end to end on the simulator: every destination type, ring groups in each
strategy with busy and unanswered members, time-based alternatives chosen by the clock, and
IVR-builder menus compiled and walked through (a choice, an invalid key, time-outs).

Objects are made through the Class 5 services, so they are stored as the API stores them
(targets as ids). The helpers here are shared by ``test_simulate_cli`` and
``test_simulate_api``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.errors import NotFound
from runtime.services import customers
from telephony.calls.simulated import DialAnswer, DialOutcome, DialScript
from telephony.calls.transcript import Transcript
from telephony.class5 import routing
from telephony.class5.models import Did, RingGroup
from telephony.class5.services import base, dids, features, sip_users, voice_apps, voicemail
from telephony.connexml.webhooks import SIGNATURE_HEADER
from telephony.simulate import SimulationRequest, simulate

MONDAY_10 = "2026-01-05T10:00:00+00:00"
END = "hangup:normal_clearing"


async def make_app(customer: Any, name: str, document: str, **values: Any) -> Any:
    return await voice_apps.create_voice_app(
        SYSTEM, {"name": name, "customer": customer.id, "document": document, **values}
    )


async def make_user(customer: Any, username: str, extension: str) -> Any:
    values = {
        "customer": customer.id,
        "username": username,
        "password": "a-sip-password-1",
        "extension": extension,
    }
    return await sip_users.create_sip_user(SYSTEM, values, realm="trunkline")


async def make_did(customer: Any, number: str, destination: dict[str, Any], **values: Any) -> Did:
    return await base.create(
        SYSTEM,
        dids.KIND,
        {"number": number, "customer": customer.id, "destination": destination, **values},
    )


async def make(kind: Any, customer: Any, **values: Any) -> Any:
    return await base.create(SYSTEM, kind, {"customer": customer.id, **values})


def say(text: str) -> str:
    return f"<Response><Say>{text}</Say></Response>"


def dial_script(**outcomes: str) -> DialScript:
    """``dial_script(alice="busy", bob="no-answer")``: per address, others answer."""
    return DialScript(targets={a: DialAnswer(DialOutcome(o)) for a, o in outcomes.items()})


async def call(number: str, digits: str = "", **options: Any) -> Transcript:
    options.setdefault("at", MONDAY_10)
    result = await simulate(SimulationRequest(did=number, digits=digits, **options))
    assert result.transcript is not None
    return result.transcript


def dials(transcript: Transcript) -> list[tuple[str, str]]:
    return [(e["target"], e["status"]) for e in transcript if e["event"] == "dial"]


def errors(transcript: Transcript) -> list[str]:
    return [e["message"] for e in transcript if e["event"] == "error"]


@pytest.fixture
async def acme(db: str) -> Any:
    return await customers.create_customer(SYSTEM, "Acme")


@pytest.fixture
async def staff(acme: Any) -> dict[str, Any]:
    return {
        name: await make_user(acme, name, ext)
        for name, ext in (("alice", "1001"), ("bob", "1002"), ("carol", "1003"))
    }


def ext(user: Any) -> dict[str, Any]:
    return {"type": "extension", "target": user.id}


# -- single destinations -----------------------------------------------------------------------


async def test_a_connexml_app(acme: Any) -> None:
    app = await make_app(acme, "welcome", say("Welcome to Acme, {{From}}"))
    await make_did(acme, "+44 20 7946 0000", {"type": "connexml_app", "target": app.id})
    transcript = await call("442079460000", caller="+15551112222")
    assert transcript.brief() == ["answer", "say:Welcome to Acme, +15551112222", END]


async def test_an_app_whose_document_is_a_url_is_fetched_signed_and_allow_listed(
    acme: Any,
) -> None:
    seen: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text=say("From the web"), headers={"content-type": "text/xml"})

    app = await make_app(
        acme, "remote", "https://hooks.acme.test/voice", webhook_hosts=["hooks.acme.test"]
    )
    await make_did(acme, "15550000100", {"type": "connexml_app", "target": app.id})
    async with httpx.AsyncClient(transport=httpx.MockTransport(reply)) as client:
        # As the server runs it: no host allowed until the call enters the app.
        transcript = await call("15550000100", allow=(), client=client)
    assert transcript.brief() == [
        "webhook:https://hooks.acme.test/voice",
        "answer",
        "say:From the web",
        END,
    ]
    assert seen[0].headers[SIGNATURE_HEADER]
    webhook = next(e for e in transcript if e["event"] == "webhook")
    assert webhook["params"]["To"] == "+15550000100"

    await voice_apps.KIND.model.filter(id=app.id).update(webhook_hosts=["other.test"])
    async with httpx.AsyncClient(transport=httpx.MockTransport(reply)) as client:
        refused = await call("15550000100", allow=(), client=client)
    assert "hooks.acme.test is not on the app's list of webhook hosts" in errors(refused)[0]
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("destination", "expected"),
    [
        ({"type": "external", "target": "+1 555 000 7777"}, ("+15550007777", "completed")),
        (
            {"type": "uri", "target": "sip:desk@pbx.acme.test"},
            ("sip:desk@pbx.acme.test", "completed"),
        ),
    ],
    ids=["external", "uri"],
)
async def test_numbers_and_uris_are_dialled(
    acme: Any, destination: dict[str, Any], expected: tuple[str, str]
) -> None:
    await make_did(acme, "15550000200", destination)
    assert dials(await call("15550000200")) == [expected]


async def test_an_extension_rings_its_sip_user(acme: Any, staff: dict[str, Any]) -> None:
    await make_did(acme, "15550000300", ext(staff["alice"]))
    assert dials(await call("15550000300")) == [("alice", "completed")]
    busy = await call("15550000300", dial=dial_script(alice="busy"))
    assert dials(busy) == [("alice", "busy")]
    assert busy.brief()[-1] == END


async def test_an_unanswered_extension_goes_to_its_voicemail_box(
    acme: Any, staff: dict[str, Any], tmp_path: Path
) -> None:
    await voicemail.create_box(
        SYSTEM,
        {
            "name": "Alice",
            "customer": acme.id,
            "sip_user": staff["alice"].id,
            "mailbox": "1001",
            "pin": "4321",
        },
    )
    await make_did(acme, "15550000301", ext(staff["alice"]))
    router = routing.Router(acme.id, routing.CallContext())
    document = await router.document(ext(staff["alice"]))
    assert '<Dial><Voicemail user="1001"/></Dial>' in document
    transcript = await call("15550000301", dial=dial_script(alice="no-answer"), storage=tmp_path)
    assert dials(transcript) == [("alice", "no-answer")]
    assert "voicemail" in transcript.names(), transcript.brief()


@pytest.mark.parametrize(
    ("kind", "event"),
    [("queue", "enqueue"), ("conference", "conference"), ("voicemail", "voicemail")],
)
async def test_queues_rooms_and_boxes_run_their_verbs(
    acme: Any, staff: dict[str, Any], kind: str, event: str, tmp_path: Path
) -> None:
    if kind == "queue":
        target = await make(features.QUEUE, acme, name="Support", max_wait=30)
        expected = "<Enqueue>Support</Enqueue>"
    elif kind == "conference":
        target = await make(features.CONFERENCE_ROOM, acme, name="Standup", max_members=5)
        expected = '<Conference maxParticipants="5">Standup</Conference>'
    else:
        values = {"name": "Sales", "customer": acme.id, "mailbox": "2000", "pin": "1234"}
        target = await voicemail.create_box(SYSTEM, values)
        expected = '<Voicemail user="2000"/>'
    destination = {"type": kind, "target": target.id}
    document = await routing.Router(acme.id, routing.CallContext()).document(destination)
    assert expected in document
    await make_did(acme, "15550000400", destination)
    transcript = await call("15550000400", hangup_at=120, storage=tmp_path)
    assert "hangup" in transcript.names()
    assert event in transcript.names(), transcript.brief()


async def test_a_voice_script_destination_runs_the_script(acme: Any) -> None:
    from runtime.services import apps
    from scriptforge.services import scripts

    app = await apps.create_app(SYSTEM, "ivrapp")
    await scripts.create_script(SYSTEM, app, "greet", code="export function main() {}")
    voice = await voice_apps.create_voice_app(
        SYSTEM,
        {
            "name": "greeter",
            "customer": acme.id,
            "kind": "script",
            "app": app.id,
            "script": "greet",
        },
    )
    await make_did(acme, "15550000500", {"type": "voice_script", "target": voice.id})
    transcript = await call("15550000500")  # ScriptForge's runner: main() does nothing
    assert errors(transcript) == [] and transcript.brief() == [END]

    ran: list[routing.VoiceScript] = []

    async def runner(script: routing.VoiceScript, leg: Any, context: Any) -> None:
        ran.append(script)
        await leg.answer()
        await leg.say("hello from the script")

    routing.set_voice_script_runner(runner)
    try:
        transcript = await call("15550000500")
    finally:
        routing.set_voice_script_runner(None)
    assert ran[0].code == "export function main() {}" and ran[0].app_id == app.id
    assert transcript.brief() == ["answer", "say:hello from the script", END]


async def test_unknown_and_disabled_numbers(acme: Any) -> None:
    with pytest.raises(NotFound, match="No DID 15559999999"):
        await call("15559999999")
    app = await make_app(acme, "x", say("x"))
    await make_did(acme, "15550000600", {"type": "connexml_app", "target": app.id}, enabled=False)
    with pytest.raises(NotFound, match="disabled"):
        await call("15550000600")


# -- ring groups -------------------------------------------------------------------------------


async def make_group(acme: Any, staff: dict[str, Any], strategy: str, **values: Any) -> Any:
    members = [
        {"destination": ext(staff["alice"]), "ring_timeout": 10, "sort_index": 0},
        {"destination": ext(staff["bob"]), "ring_timeout": 15, "sort_index": 1},
        {"destination": ext(staff["carol"]), "ring_timeout": 20, "sort_index": 2},
    ]
    return await make(
        features.RING_GROUP,
        acme,
        name=f"G-{strategy}",
        strategy=strategy,
        members=members,
        **values,
    )


@pytest.mark.parametrize(
    ("strategy", "outcomes", "expected"),
    [
        # Every member rings at once; the one who answers is bridged.
        ("simultaneous", {"alice": "busy", "bob": "no-answer"}, [("carol", "completed")]),
        (
            "simultaneous",
            {"alice": "busy", "bob": "busy", "carol": "busy"},
            [("alice,bob,carol", "busy")],
        ),
        # One by one, each with its own timeout, until someone answers.
        (
            "sequential",
            {"alice": "busy", "bob": "no-answer"},
            [("alice", "busy"), ("bob", "no-answer"), ("carol", "completed")],
        ),
        ("sequential", {}, [("alice", "completed")]),
        (
            "sequential",
            {"alice": "no-answer", "bob": "no-answer", "carol": "failed"},
            [("alice", "no-answer"), ("bob", "no-answer"), ("carol", "failed")],
        ),
    ],
    ids=["simul-one-answers", "simul-all-busy", "seq-third", "seq-first", "seq-nobody"],
)
async def test_ring_group_strategies(
    acme: Any,
    staff: dict[str, Any],
    strategy: str,
    outcomes: dict[str, str],
    expected: list[tuple[str, str]],
) -> None:
    group = await make_group(acme, staff, strategy)
    await make_did(acme, "15550000700", {"type": "group", "target": group.id})
    transcript = await call("15550000700", dial=dial_script(**outcomes))
    assert dials(transcript) == expected
    assert transcript.brief()[-1] == END


async def test_sequential_members_ring_for_their_own_timeout(
    acme: Any, staff: dict[str, Any]
) -> None:
    group = await make_group(acme, staff, "sequential")
    await make_did(acme, "15550000701", {"type": "group", "target": group.id})
    outcomes = {"alice": "no-answer", "bob": "no-answer", "carol": "no-answer"}
    transcript = await call("15550000701", dial=dial_script(**outcomes))
    ended = [e["t"] for e in transcript if e["event"] == "dial"]
    assert ended == [10.0, 25.0, 45.0]  # virtual seconds: 10, then 15, then 20 of ringing


async def test_simultaneous_rings_as_long_as_the_longest_member_timeout(
    acme: Any, staff: dict[str, Any]
) -> None:
    group = await make_group(acme, staff, "simultaneous")
    await make_did(acme, "15550000702", {"type": "group", "target": group.id})
    outcomes = {"alice": "no-answer", "bob": "no-answer", "carol": "no-answer"}
    transcript = await call("15550000702", dial=dial_script(**outcomes))
    assert [(e["t"], e["status"]) for e in transcript if e["event"] == "dial"] == [
        (20.0, "no-answer")
    ]


async def test_round_robin_starts_with_the_next_member_each_call(
    acme: Any, staff: dict[str, Any]
) -> None:
    group = await make_group(acme, staff, "round_robin")
    await make_did(acme, "15550000703", {"type": "group", "target": group.id})
    firsts = []
    for _ in range(4):
        transcript = await call("15550000703", dial=dial_script(alice="busy"))
        firsts.append(dials(transcript))
    assert firsts == [
        [("alice", "busy"), ("bob", "completed")],
        [("bob", "completed")],
        [("carol", "completed")],
        [("alice", "busy"), ("bob", "completed")],
    ]
    assert (await RingGroup.get(id=group.id)).next_member == 1


async def test_an_unanswered_group_goes_to_its_fallback(acme: Any, staff: dict[str, Any]) -> None:
    closed = await make_app(acme, "sorry", say("Nobody is free"))
    group = await make_group(
        acme, staff, "simultaneous", fallback={"type": "connexml_app", "target": closed.id}
    )
    await make_did(acme, "15550000704", {"type": "group", "target": group.id})
    outcomes = {"alice": "busy", "bob": "no-answer", "carol": "failed"}
    transcript = await call("15550000704", dial=dial_script(**outcomes))
    assert transcript.brief()[-4:] == [
        "dial:no-answer",
        f"webhook:app:connexml_app/{closed.id}",
        "say:Nobody is free",
        END,
    ]


# -- time-based alternatives -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "tz", "heard"),
    [
        ("2026-01-05T10:00:00+00:00", "UTC", "We are open"),  # Monday 10:00
        ("2026-01-05T18:30:00+00:00", "UTC", "We are closed"),  # Monday 18:30
        ("2026-01-05T18:30:00+00:00", "America/New_York", "We are open"),  # 13:30 there
        ("2026-01-10T10:00:00+00:00", "UTC", "We are closed"),  # Saturday
        ("2026-12-25T10:00:00+00:00", "UTC", "Merry Christmas"),  # a holiday, listed first
        ("2026-01-05T09:00", "Europe/Paris", "We are open"),  # no offset: in --tz
    ],
)
async def test_time_based_alternatives_are_chosen_by_the_clock(
    acme: Any, at: str, tz: str, heard: str
) -> None:
    open_app = await make_app(acme, "open", say("We are open"))
    closed = await make_app(acme, "closed", say("We are closed"))
    holiday = await make_app(acme, "holiday", say("Merry Christmas"))
    await make_did(
        acme,
        "15550000800",
        {"type": "connexml_app", "target": closed.id},
        alternatives=[
            {
                "when": {"mon": "12", "mday": "25"},
                "destination": {"type": "connexml_app", "target": holiday.id},
            },
            {
                "when": {"wday": "mon-fri", "time-of-day": "09:00-17:00"},
                "destination": {"type": "connexml_app", "target": open_app.id},
            },
        ],
    )
    transcript = await call("15550000800", at=at, timezone=tz)
    assert transcript.brief() == ["answer", f"say:{heard}", END]


# -- IVR menus ---------------------------------------------------------------------------------


@pytest.fixture
async def menu_did(acme: Any, staff: dict[str, Any]) -> dict[str, Any]:
    sales = await make_app(acme, "sales", say("Sales here"))
    support = await make_group(acme, staff, "sequential")
    sub = await make(
        features.IVR_MENU,
        acme,
        name="Billing",
        prompt={"say": "Billing: press 1 for invoices"},
        options={"1": {"type": "external", "target": "+15550009999"}},
        tries=1,
    )
    menu = await make(
        features.IVR_MENU,
        acme,
        name="Main",
        prompt={"say": "Press 1 for sales, 2 for support, 3 for billing"},
        options={
            "1": {"type": "connexml_app", "target": sales.id},
            "2": {"type": "group", "target": support.id},
            "3": {"type": "ivr_menu", "target": sub.id},
        },
        timeout=5,
        tries=2,
        invalid_prompt={"say": "That is not an option"},
        fallback={"type": "extension", "target": staff["carol"].id},
    )
    await make_did(acme, "15550000900", {"type": "ivr_menu", "target": menu.id})
    return {"menu": menu, "sales": sales, "support": support, "sub": sub}


PROMPT = "say:Press 1 for sales, 2 for support, 3 for billing"


async def test_ivr_a_choice_goes_to_its_destination(menu_did: dict[str, Any]) -> None:
    support = menu_did["support"].id
    transcript = await call("15550000900", "2", dial=dial_script(alice="busy"))
    assert transcript.brief() == [
        "answer",
        PROMPT,
        "gather:2",
        f"webhook:app:group/{support}",
        "dial:busy",
        "dial:completed",
        END,
    ]
    assert dials(transcript) == [("alice", "busy"), ("bob", "completed")]


async def test_ivr_an_invalid_key_hears_the_invalid_prompt_and_tries_again(
    menu_did: dict[str, Any],
) -> None:
    sales = menu_did["sales"].id
    transcript = await call("15550000900", "9,1")
    assert transcript.brief() == [
        "answer",
        PROMPT,
        "gather:9",
        "say:That is not an option",
        PROMPT,
        "gather:1",
        f"webhook:app:connexml_app/{sales}",
        "say:Sales here",
        END,
    ]


async def test_ivr_time_outs_use_up_the_tries_then_the_fallback(
    menu_did: dict[str, Any], staff: dict[str, Any]
) -> None:
    transcript = await call("15550000900", ",")
    assert transcript.brief() == [
        "answer",
        PROMPT,
        "gather:",
        PROMPT,
        "gather:",
        f"webhook:app:extension/{staff['carol'].id}",
        "dial:completed",
        END,
    ]
    assert [e["reason"] for e in transcript if e["event"] == "gather"] == ["timeout", "timeout"]
    assert dials(transcript) == [("carol", "completed")]


async def test_ivr_nested_menus(menu_did: dict[str, Any]) -> None:
    sub = menu_did["sub"].id
    transcript = await call("15550000900", "3,1")
    assert transcript.brief()[2:] == [
        "gather:3",
        f"webhook:app:ivr_menu/{sub}",
        "say:Billing: press 1 for invoices",
        "gather:1",
        "webhook:app:external/15550009999",
        "dial:completed",
        END,
    ]
    assert dials(transcript) == [("+15550009999", "completed")]


async def test_the_compiled_menu_names_its_targets(menu_did: dict[str, Any], acme: Any) -> None:
    router = routing.Router(acme.id, routing.CallContext())
    document = await router.menu(menu_did["menu"])
    assert "<!-- connexml app 'sales' -->" in document
    assert "<!-- group 'G-sequential' -->" in document
    assert "<!-- no valid choice: extension 'carol' -->" in document


async def test_targets_of_another_customer_are_not_reached(acme: Any) -> None:
    globex = await customers.create_customer(SYSTEM, "Globex")
    theirs = await make_app(globex, "theirs", say("Globex secret"))
    app = await make_app(
        acme, "mine", f"<Response><Redirect>app:connexml_app/{theirs.id}</Redirect></Response>"
    )
    await make_did(acme, "15550001000", {"type": "connexml_app", "target": app.id})
    transcript = await call("15550001000")
    assert "Globex secret" not in str(transcript.brief())
    assert errors(transcript) and "no voice app" in errors(transcript)[0]


async def test_a_number_without_a_customer_reaches_only_system_wide_apps(acme: Any) -> None:
    private = await make_app(acme, "private", say("Acme only"))
    shared = await voice_apps.create_voice_app(
        SYSTEM,
        {
            "name": "shared",
            "document": f"<Response><Say>Shared</Say>"
            f"<Redirect>app:connexml_app/{private.id}</Redirect></Response>",
        },
    )
    await base.create(
        SYSTEM,
        dids.KIND,
        {"number": "15550001100", "destination": {"type": "connexml_app", "target": shared.id}},
    )
    transcript = await call("15550001100")
    assert transcript.brief()[:3] == [
        "answer",
        "say:Shared",
        f"webhook:app:connexml_app/{private.id}",
    ]
    assert "say:Acme only" not in transcript.brief()
    assert "no voice app" in errors(transcript)[0]

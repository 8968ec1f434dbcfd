"""The IVR menu builder's compiler: a menu becomes a readable ConneXML document that parses
cleanly and, on the simulator, walks the caller through tries, invalid keys and the fallback.
No database: targets are resolved by a stand-in."""

from __future__ import annotations

import asyncio
import wave
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from telephony.calls.clock import VirtualClock
from telephony.calls.simulated import CallerScript, Media, SimulatedCallLeg, directory_resolver
from telephony.class5.ivr_compile import INVALID_TEXT, compile_menu, internal_target
from telephony.class5.models import IvrMenu
from telephony.connexml.interpreter import CallContext, run_document
from telephony.connexml.parser import check, parse

END = "hangup:normal_clearing"


def menu(**values: Any) -> IvrMenu:
    defaults: dict[str, Any] = {
        "name": "Main",
        "prompt": {"say": "Press 1 for sales or star for the operator"},
        "options": {
            "1": {"type": "connexml_app", "target": 4},
            "*": {"type": "external", "target": "15550001234"},
        },
        "timeout": 5,
        "tries": 3,
        "invalid_prompt": {"play": "ivr/invalid.wav"},
        "fallback": {"type": "uri", "target": "sip:operator@pbx.example.com"},
    }
    return IvrMenu(**{**defaults, **values})


async def reached(target: str, params: Mapping[str, str]) -> str:
    return f"<Response><Say>reached {target}</Say></Response>"


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    """Prompt files of one second each."""
    root = tmp_path_factory.mktemp("audio")
    (root / "ivr").mkdir()
    for name in ("invalid", "menu"):
        with wave.open(str(root / "ivr" / f"{name}.wav"), "wb") as audio:
            audio.setnchannels(1)
            audio.setsampwidth(2)
            audio.setframerate(8000)
            audio.writeframes(b"\0\0" * 8000)
    return Media(directory_resolver(root))


def walk(document: str, digits: str, media: Media) -> list[str]:
    clock = VirtualClock(datetime(2026, 1, 5, 9, tzinfo=UTC))
    leg = SimulatedCallLeg(clock, caller=CallerScript.parse(digits), media=media)
    call = CallContext(transcript=leg.transcript, resolver=reached)
    asyncio.run(clock.run(run_document(parse(document), leg, call=call)))
    return leg.transcript.brief()


PROMPT = "say:Press 1 for sales or star for the operator"
INVALID = "play:ivr/invalid.wav"
OPERATOR = "webhook:app:uri/sip:operator@pbx.example.com"


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("1", [PROMPT, "gather:1", "webhook:app:connexml_app/4", "say:reached app:connexml_app/4"]),
        (
            "*",
            [
                PROMPT,
                "gather:*",
                "webhook:app:external/15550001234",
                "say:reached app:external/15550001234",
            ],
        ),
        (
            "7,1",
            [
                PROMPT,
                "gather:7",
                INVALID,
                PROMPT,
                "gather:1",
                "webhook:app:connexml_app/4",
                "say:reached app:connexml_app/4",
            ],
        ),
        # "#" is a choice like any other key (finishOnKey is off), here an invalid one.
        (
            "#,,#",
            [
                PROMPT,
                "gather:#",
                INVALID,
                PROMPT,
                "gather:",
                PROMPT,
                "gather:#",
                INVALID,
                OPERATOR,
                f"say:reached {OPERATOR[8:]}",
            ],
        ),
        (
            ",,",
            [
                PROMPT,
                "gather:",
                PROMPT,
                "gather:",
                PROMPT,
                "gather:",
                OPERATOR,
                f"say:reached {OPERATOR[8:]}",
            ],
        ),
    ],
    ids=["choice", "star", "invalid-then-choice", "hash-is-a-key", "timeouts-then-fallback"],
)
def test_walking_through_the_compiled_menu(digits: str, expected: list[str], media: Media) -> None:
    assert walk(compile_menu(menu()), digits, media) == ["answer", *expected, END]


def test_without_a_fallback_the_last_try_hangs_up(media: Media) -> None:
    document = compile_menu(menu(fallback=None, tries=1, invalid_prompt={}))
    assert walk(document, "5", media) == ["answer", PROMPT, "gather:5", f"say:{INVALID_TEXT}", END]


@pytest.mark.parametrize("tries", [1, 3, 10])
def test_every_try_is_written_out_and_the_document_is_clean(tries: int) -> None:
    document = compile_menu(menu(tries=tries))
    assert check(document) == []
    assert document.count("<Gather ") == tries
    assert document.count('expression="^.$"') == tries


def test_the_document_reads_like_the_menu() -> None:
    document = compile_menu(
        menu(prompt={"play": "ivr/menu.wav"}, tries=2, timeout=8),
        labels={"1": "connexml app 'sales'", "fallback": "SIP URI sip:operator@pbx"},
    )
    lines = document.splitlines()
    assert lines[:3] == [
        "<Response>",
        "  <!-- IVR menu Main: 2 tries -->",
        '  <Gather numDigits="1" timeout="8" finishOnKey=""><Play>ivr/menu.wav</Play></Gather>',
    ]
    assert (
        '  <Condition field="gather_result" expression="^1$">'
        "<!-- connexml app 'sales' --><Redirect>app:connexml_app/4</Redirect></Condition>"
    ) in lines
    assert '  <Condition field="gather_result" expression="^\\*$">' in document
    assert lines[-3:] == [
        "  <!-- no valid choice: SIP URI sip:operator@pbx -->",
        "  <Redirect>app:uri/sip:operator@pbx.example.com</Redirect>",
        "</Response>",
    ]


def test_prompts_and_names_are_escaped(media: Media) -> None:
    document = compile_menu(
        menu(name="R&D -- main", prompt={"say": "Press <1> & wait"}, tries=1),
        labels={"1": "app 'a--b'"},
    )
    assert check(document) == []
    assert "<Say>Press &lt;1&gt; &amp; wait</Say>" in document
    assert "<!-- IVR menu R&D - - main: 1 tries -->" in document
    assert walk(document, "9", media)[1] == "say:Press <1> & wait"


@pytest.mark.parametrize(
    ("destination", "target"),
    [
        ({"type": "ivr_menu", "target": 12}, "app:ivr_menu/12"),
        ({"type": "group", "target": 3}, "app:group/3"),
        ({"type": "voicemail", "target": 7}, "app:voicemail/7"),
        ({"type": "external", "target": "442079460000"}, "app:external/442079460000"),
        ({"type": "uri", "target": "sip:a@b.example"}, "app:uri/sip:a@b.example"),
    ],
)
def test_internal_targets(destination: dict[str, Any], target: str) -> None:
    assert internal_target(destination) == target

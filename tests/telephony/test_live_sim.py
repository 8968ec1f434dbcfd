"""Live simulated calls: the paced clock, keys pushed in as they happen, the WebSocket.

Clocks here run 100 to 1,000 times faster than real time. Nothing asserts how long
anything took: each test waits for the event that shows the call is where it should be,
then acts, and checks the order and content of the transcript.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from runtime.app import SESSION_COOKIE
from runtime.auth.principal import SYSTEM
from runtime.errors import Conflict, ValidationFailed
from runtime.models import Role
from telephony.calls.clock import VirtualClock
from telephony.live import LiveCall, LiveCalls, LiveRequest
from telephony.ui import voice_live
from tests.ui.ui_support import Ui

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
FAST = 0.01  # real seconds per virtual second
END = "hangup:normal_clearing"
Message = dict[str, Any]


# -- the paced clock ------------------------------------------------------------------------


async def test_a_paced_clock_keeps_the_order_and_times_of_an_unpaced_one() -> None:
    async def run(clock: VirtualClock) -> list[tuple[float, str]]:
        log: list[tuple[float, str]] = []

        async def sleeper(name: str, *delays: float) -> None:
            for delay in delays:
                await clock.sleep(delay)
                log.append((clock.elapsed, name))

        await clock.gather(sleeper("a", 3, 3), sleeper("b", 1, 5), sleeper("c", 6))
        return log

    assert await run(VirtualClock(START, pace=0.001)) == await run(VirtualClock(START))


@pytest.mark.parametrize("pace", [0.0, -1.0, float("inf"), float("nan")])
def test_pace_must_be_a_positive_number(pace: float) -> None:
    with pytest.raises(ValueError, match="pace"):
        VirtualClock(START, pace=pace)


async def test_inject_lands_between_now_and_the_next_timer_on_a_paced_clock() -> None:
    clock = VirtualClock(START, pace=0.001)
    seen: list[tuple[str, float]] = []

    async def sleeper() -> None:
        await clock.sleep(100)  # 0.1 s of real time at this pace
        seen.append(("woke", clock.elapsed))

    task = asyncio.create_task(clock.run(sleeper()))
    await asyncio.sleep(0.02)
    clock.inject(lambda: seen.append(("injected", clock.elapsed)))
    await task
    (first, at), second = seen
    assert first == "injected" and 0 < at < 100
    assert second == ("woke", 100)


async def test_inject_on_an_unpaced_clock_runs_at_the_current_time() -> None:
    clock = VirtualClock(START)
    await clock.sleep(5)
    seen: list[float] = []
    clock.inject(lambda: seen.append(clock.elapsed))
    assert seen == [5]


# -- live calls -----------------------------------------------------------------------------


class Watch:
    """Collects a live call's messages; ``await until(pred)`` returns once one matches."""

    def __init__(self, call: LiveCall) -> None:
        self.call = call
        self.messages: list[Message] = []
        self.done = False

    async def until(self, pred: Callable[[Message], bool]) -> Message:
        for message in self.messages:
            if pred(message):
                return message
        while True:
            message = await asyncio.wait_for(self.call.outbox.get(), 10)
            if message is None:
                self.done = True
                raise AssertionError(f"the call ended first: {self.brief()}")
            self.messages.append(message)
            if pred(message):
                return message

    async def finish(self) -> list[str]:
        while not self.done:
            message = await asyncio.wait_for(self.call.outbox.get(), 10)
            if message is None:
                self.done = True
            else:
                self.messages.append(message)
        return self.brief()

    def brief(self) -> list[str]:
        """Events as ``say:Text`` etc. and keys as ``key:1``, in order."""
        out = []
        for m in self.messages:
            if m["type"] == "event":
                e = m["event"]
                main = {"say": "text", "gather": "digits", "hangup": "cause", "error": "message"}
                main |= {"record": "finished_by", "warning": "message", "dial": "status"}
                key = main.get(e["event"])
                out.append(f"{e['event']}:{e.get(key, '')}" if key else e["event"])
            elif m["type"] in ("key", "ended"):
                out.append(f"{m['type']}:{m.get('key', m.get('reason'))}")
        return out


def event(name: str, **fields: Any) -> Callable[[Message], bool]:
    def match(m: Message) -> bool:
        e = m.get("event") or {}
        return m["type"] == "event" and e.get("event") == name and fields.items() <= e.items()

    return match


async def start(document: str, **options: Any) -> tuple[LiveCall, Watch, asyncio.Task[str]]:
    call = LiveCall(LiveRequest(document, pace=options.pop("pace", FAST), **options))
    return call, Watch(call), asyncio.create_task(call.run())


GATHER = (
    '<Response><Gather numDigits="2" timeout="60"><Say loop="0">Pick a number</Say></Gather>'
    "<Say>Thanks</Say></Response>"
)


async def test_keys_interrupt_the_prompt_and_feed_the_gather() -> None:
    call, watch, runner = await start(GATHER)
    await watch.until(event("say", text="Pick a number"))
    # The prompt loops until a key: only a key pressed live can end it.
    call.press("4")
    call.press("2")
    assert await watch.finish() == [
        "answer",
        "say:Pick a number",
        "key:4",
        "key:2",
        "gather:42",
        "say:Thanks",
        END,
        "ended:hangup",
    ]
    gather = next(m["event"] for m in watch.messages if event("gather")(m))
    assert gather["reason"] == "max_digits"
    key = next(m for m in watch.messages if m["type"] == "key")
    assert key["t"] == gather["t"]  # heard the moment it was pressed
    assert await runner == "hangup"


async def test_a_finish_key_ends_the_gather_and_the_timeout_restarts_after_each_key() -> None:
    doc = (
        '<Response><Gather timeout="60" finishOnKey="#"><Say loop="0">Account</Say></Gather>'
        "</Response>"
    )
    call, watch, _ = await start(doc)
    await watch.until(event("say"))
    call.press("7")
    await watch.until(lambda m: m["type"] == "key")
    call.press("8")
    call.press("#")
    brief = await watch.finish()
    assert brief[-3:] == ["gather:78", END, "ended:hangup"]
    assert next(m["event"]["reason"] for m in watch.messages if event("gather")(m)) == (
        "finish_key"
    )


PRESS = (
    "<Response>"
    '<Press digit="1"><Say loop="0">Sales</Say></Press>'
    '<Press digit="2"><Hangup/></Press>'
    '<Say loop="0">Menu</Say>'
    "</Response>"
)


async def test_a_press_binding_cuts_a_prompt_short_and_runs() -> None:
    call, watch, runner = await start(PRESS)
    await watch.until(event("say", text="Menu"))
    call.press("1")
    await watch.until(event("say", text="Sales"))
    call.press("2")  # bound too: it cuts "Sales" short and hangs up
    assert await watch.finish() == [
        "answer",
        "say:Menu",
        "key:1",
        "gather:1",
        "say:Sales",
        "key:2",
        "gather:2",
        END,
        "ended:hangup",
    ]
    hangup = next(m["event"] for m in watch.messages if event("hangup")(m))
    assert hangup["by"] == "app"
    await runner


async def test_a_key_nobody_listens_for_is_lost() -> None:
    words = " ".join(["word"] * 50)  # 20 s: it plays in full
    doc = (
        f'<Response><Say>{words}</Say><Gather numDigits="1" timeout="1"><Say>Now</Say></Gather>'
        "</Response>"
    )
    call, watch, _ = await start(doc)
    await watch.until(event("say", text=words))
    call.press("5")
    brief = await watch.finish()
    assert brief == [
        "answer",
        f"say:{words}",
        "key:5",
        "say:Now",
        "gather:",
        END,
        "ended:hangup",
    ]


async def test_the_caller_hangs_up_during_a_gather() -> None:
    call, watch, runner = await start(GATHER)
    await watch.until(event("say"))
    call.press("9")
    await watch.until(lambda m: m["type"] == "key")
    call.hang_up()
    brief = await watch.finish()
    # As on the scripted leg: the hang-up first, then what the collection got.
    assert brief[-4:] == ["key:9", END, "gather:9", "ended:hangup"]
    gather, hangup = (
        next(m["event"] for m in watch.messages if event(name)(m)) for name in ("gather", "hangup")
    )
    assert (gather["reason"], hangup["by"]) == ("hangup", "caller")
    call.press("1")  # after the call: nothing happens
    await runner


async def test_a_recording_ends_with_a_finish_key() -> None:
    doc = '<Response><Record finishOnKey="#" maxLength="600"/><Say>Bye</Say></Response>'
    call, watch, _ = await start(doc)
    await watch.until(event("answer"))
    await asyncio.sleep(0.01)
    call.press("#")
    assert (await watch.finish())[-4:] == ["record:#", "say:Bye", END, "ended:hangup"]


async def test_a_document_with_errors_does_not_call() -> None:
    _, watch, runner = await start("<Response><Say loop='x'>Hi</Say></Response>")
    assert await runner == "problems"
    await watch.finish()
    problems = watch.messages[0]
    assert problems["type"] == "problems"
    assert problems["problems"][0]["line"] == 1
    assert "loop" in problems["problems"][0]["message"]
    assert watch.messages[-1] == {"type": "ended", "reason": "problems"}


async def test_a_call_past_its_limit_ends_with_an_error() -> None:
    _, watch, runner = await start("<Response><Echo/></Response>", limit=0.05)
    assert await runner == "limit"
    brief = await watch.finish()
    assert brief[-3:] == ["error:a live call lasts at most 0.000833333 minutes", END, "ended:limit"]


@pytest.mark.parametrize(
    ("field", "options"),
    [("tz", {"timezone": "Mars/Olympus"}), ("dial_result", {"dial_result": "maybe"})],
)
def test_bad_call_fields_are_refused(field: str, options: dict[str, str]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        LiveCall(LiveRequest("<Response/>", **options))
    assert caught.value.details[0]["path"] == field


def test_a_user_runs_a_limited_number_of_live_calls() -> None:
    calls = LiveCalls(per_user=2)
    with calls.slot(1), calls.slot(1), calls.slot(2):
        with pytest.raises(Conflict, match="2 live calls"), calls.slot(1):
            pass
        assert calls.running(1) == 2
    assert calls.running(1) == 0


async def test_dial_results_come_from_the_panel() -> None:
    doc = "<Response><Dial timeout='10'><Number>+15550100003</Number></Dial></Response>"
    _, watch, runner = await start(doc, dial_result="busy", pace=0.001)
    await runner
    assert "dial:busy" in await watch.finish()


# -- the WebSocket ---------------------------------------------------------------------------


class Socket:
    """A WebSocket client speaking ASGI to the app in this event loop."""

    def __init__(self, app: Any, path: str, headers: dict[str, str]) -> None:
        self.to_app: asyncio.Queue[Message] = asyncio.Queue()
        self.from_app: asyncio.Queue[Message] = asyncio.Queue()
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "scheme": "ws",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [
                (k.lower().encode(), v.encode())
                for k, v in {"host": "testserver", **headers}.items()
            ],
            "server": ("testserver", 80),
            "client": ("203.0.113.7", 50000),
            "subprotocols": [],
            "state": {},
            "extensions": {},
        }
        self.to_app.put_nowait({"type": "websocket.connect"})
        self.task = asyncio.create_task(app(scope, self.to_app.get, self.from_app.put))

    async def receive(self) -> Message:
        return await asyncio.wait_for(self.from_app.get(), 10)

    async def receive_json(self) -> Message:
        message = await self.receive()
        assert message["type"] == "websocket.send", message
        return dict(json.loads(message["text"]))

    def send_json(self, data: Any) -> None:
        self.to_app.put_nowait({"type": "websocket.receive", "text": json.dumps(data)})

    def disconnect(self) -> None:
        self.to_app.put_nowait({"type": "websocket.disconnect", "code": 1001})


async def _cookie(client: httpx.AsyncClient, make_user: Any, role: Role) -> str:
    account = await make_user(role)
    assert (await Ui(client).sign_in(account.username, account.password)).status_code == 303
    return f"{SESSION_COOKIE}={client.cookies[SESSION_COOKIE]}"


async def _voice_app(document: str = GATHER) -> int:
    from telephony.class5.services import voice_apps

    app = await voice_apps.create_voice_app(SYSTEM, {"name": "menu", "document": document})
    return app.id


ORIGIN = "http://testserver"


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voice_live, "PACE", FAST)


async def test_the_socket_runs_a_live_call(
    app: Any, client: httpx.AsyncClient, make_user: Any, fast: None
) -> None:
    cookie = await _cookie(client, make_user, Role.READONLY)  # voice:read is enough
    app_id = await _voice_app()
    ws = Socket(app, f"/voice/apps/{app_id}/live", {"cookie": cookie, "origin": ORIGIN})
    assert (await ws.receive())["type"] == "websocket.accept"
    ws.send_json({"type": "call", "document": GATHER, "from": "+15550109999", "tz": "UTC"})
    assert (await ws.receive_json())["type"] == "started"
    seen: list[str] = []
    while True:
        message = await ws.receive_json()
        if message["type"] == "event":
            seen.append(message["event"]["event"])
            if message["event"].get("text") == "Pick a number":
                ws.send_json({"type": "key", "key": "x"})  # not a key: an error, no harm
                ws.send_json({"type": "key", "key": "1"})
                ws.send_json({"type": "key", "key": "2"})
        elif message["type"] == "error":
            seen.append("error")
        elif message["type"] == "ended":
            break
    assert seen == ["answer", "say", "error", "gather", "say", "hangup"]
    assert (await ws.receive())["type"] == "websocket.close"
    await ws.task


async def test_a_closed_socket_hangs_the_call_up(
    app: Any, client: httpx.AsyncClient, make_user: Any, fast: None
) -> None:
    cookie = await _cookie(client, make_user, Role.ADMIN)
    app_id = await _voice_app()
    ws = Socket(app, f"/voice/apps/{app_id}/live", {"cookie": cookie, "origin": ORIGIN})
    assert (await ws.receive())["type"] == "websocket.accept"
    ws.send_json({"type": "call", "document": "<Response><Echo/></Response>"})
    while (await ws.receive_json()).get("event", {}).get("event") != "echo":
        pass
    ws.disconnect()
    await asyncio.wait_for(ws.task, 10)  # the call ended with the socket
    assert app.state.live_calls.running(0) == 0


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({"origin": ORIGIN}, voice_live.NO_SESSION),
        ({"origin": "https://evil.example", "cookie": True}, voice_live.REFUSED),
        ({"cookie": True}, voice_live.REFUSED),  # no Origin at all
    ],
)
async def test_the_socket_refuses_strangers(
    app: Any, client: httpx.AsyncClient, make_user: Any, headers: dict[str, Any], code: int
) -> None:
    cookie = await _cookie(client, make_user, Role.ADMIN)
    app_id = await _voice_app()
    sent = {k: (cookie if v is True else v) for k, v in headers.items()}
    ws = Socket(app, f"/voice/apps/{app_id}/live", sent)
    assert await ws.receive() == {"type": "websocket.close", "code": code, "reason": ""}
    await ws.task


async def test_the_socket_refuses_a_missing_app_and_a_bad_first_message(
    app: Any, client: httpx.AsyncClient, make_user: Any, fast: None
) -> None:
    cookie = await _cookie(client, make_user, Role.ADMIN)
    headers = {"cookie": cookie, "origin": ORIGIN}
    ws = Socket(app, "/voice/apps/999/live", headers)
    assert (await ws.receive())["code"] == voice_live.NO_APP
    app_id = await _voice_app()
    ws = Socket(app, f"/voice/apps/{app_id}/live", headers)
    assert (await ws.receive())["type"] == "websocket.accept"
    ws.send_json({"type": "key", "key": "1"})
    error = await ws.receive_json()
    assert error["type"] == "error" and "call" in error["message"]
    assert (await ws.receive())["type"] == "websocket.close"
    await ws.task

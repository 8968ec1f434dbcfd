"""``<Dial>``: ring the number in the text or the nested nouns at once, bridge the first
to answer; then the ``action`` (with ``DialCallStatus`` and ``DialCallDuration``) or the
next verb.

Nouns that are not parties to ring take the whole Dial (one of them, alone):

- ``<Queue>``: wait in the queue (``music``, ``timeout`` as the longest wait, then
  ``timeout-destination``); with ``action="pickup"`` the caller is an agent who takes the
  longest-waiting caller of the queue (``no-answer`` if nobody comes within the timeout),
  first playing that caller the ``url`` document if there is one (TwiML's whisper).
- ``<Conference>``: join the room (:mod:`telephony.connexml.run.conference`).
- ``<Voicemail user="adam"/>``: leave a message in adam's box; ``inbox="true"``: its menu.
- ``<Barge>``, ``<LLMAgent>``/``<LLM-Agent>``: not supported yet (a spoken error).

``<Client>`` nouns with a ``statusCallback`` get Twilio's call-progress requests for the
events in ``statusCallbackEvent`` (default: completed): initiated and ringing before the
bridge, answered (the client that answered) and completed after it, signed like every
webhook and awaited in order.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from telephony.calls.clock import VirtualClock
from telephony.calls.leg import BridgeResult, DialStatus, DialTarget
from telephony.class5.bridges import Waiter, leg_name
from telephony.class5.voicemail_calls import find_box, inbox, leave_message
from telephony.connexml.nodes import Node
from telephony.connexml.run import runs
from telephony.connexml.run.conference import join
from telephony.connexml.run.enqueue import emit, overflow, services, wait_in_queue
from telephony.connexml.verbs.client import Client
from telephony.connexml.verbs.conference import Conference
from telephony.connexml.verbs.dial import Dial
from telephony.connexml.verbs.queue import Queue
from telephony.connexml.verbs.voicemail import Voicemail
from telephony.connexml.webhooks import (
    SIGNATURE_HEADER,
    USER_AGENT,
    WebhookError,
    check_allowed,
    signature,
)

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

log = logging.getLogger(__name__)

COMPLETED = DialStatus.COMPLETED

#: Noun tag -> DialTarget kind, for the nouns a plain bridge can ring.
TARGET_KINDS = {"Number": "number", "Client": "client", "Sip": "sip"}
#: Nouns that take the whole Dial.
FEATURES = frozenset({"Queue", "Conference", "Voicemail", "Barge", "LLMAgent", "LLM-Agent"})
NOT_YET = frozenset({"Barge", "LLMAgent", "LLM-Agent"})
#: A queue's outcome as a DialCallStatus.
QUEUE_STATUS = {"bridged": "completed", "timeout": "no-answer", "leave": "no-answer"}
CONFERENCE_STATUS = {"completed": "completed", "full": "busy", "failed": "failed"}


def target(noun: Node) -> DialTarget:
    kind = TARGET_KINDS[noun.TAG]
    options: dict[str, str] = {}
    for spec in noun.ATTRIBUTES.values():
        value = getattr(noun, spec.field)
        if value not in (None, "", ()):
            options[spec.xml] = " ".join(value) if isinstance(value, tuple) else str(value)
    return DialTarget(kind, noun.text, options)


@runs("Dial")
async def run(node: Dial, session: Session) -> None:
    features = [n for n in node.children if n.TAG in FEATURES]
    if features:
        status, duration = await _feature(node, session.resolve(features[0]), session)
    else:
        status, duration = await _ring(node, session)
    session.variables["DialCallStatus"] = status
    session.variables["DialCallDuration"] = duration
    if node.action and not session.ended:
        extra = {"DialCallStatus": status, "DialCallDuration": duration}
        await session.goto(node.action, node.method, extra)


async def _ring(node: Dial, session: Session) -> tuple[str, str]:
    if node.text:
        targets = [DialTarget("number", node.text)]
        clients: list[Client] = []
    else:
        for noun in node.children:
            if noun.TAG not in TARGET_KINDS:
                session.unsupported(noun, f"<Dial><{noun.TAG}>")
        nouns = [session.resolve(noun) for noun in node.children]
        targets = [target(noun) for noun in nouns]
        clients = [n for n in nouns if isinstance(n, Client) and n.status_callback]
    sent: dict[int, int] = {}  # callbacks sent per client: Twilio's SequenceNumber
    await _progress(session, clients, sent, "initiated")
    await _progress(session, clients, sent, "ringing")
    result = await session.leg.bridge(
        targets,
        timeout=node.timeout,
        caller_id=node.caller_id or "",
        caller_name=node.from_display_name or node.caller_id or "",
        ring_tone=node.ringtone,
        hangup_on_star=node.hangup_on_star,
        time_limit=node.time_limit,
        on_answer=_answered(session, clients, sent) if clients else None,
    )
    await _progress(session, clients, sent, "completed", result)
    return result.status.value, str(math.floor(result.duration))


async def _feature(node: Dial, noun: Node, session: Session) -> tuple[str, str]:
    if len(node.children) > 1:
        session.unsupported(noun, f"<Dial><{noun.TAG}> with other nouns in the same Dial")
    if noun.TAG in NOT_YET:
        session.unsupported(noun, f"<Dial><{noun.TAG}>")
    if isinstance(noun, Queue):
        if noun.action == "pickup":
            return await _pickup(node, noun, session)
        waited, _ = await wait_in_queue(session, noun.text, music=noun.music, max_wait=noun.timeout)
        if waited.outcome == "timeout" and noun.timeout_destination:
            result = await overflow(session, noun.timeout_destination)
            if result is not None:  # the timeout destination's answer is the Dial's
                return result.status.value, str(math.floor(result.duration))
        return QUEUE_STATUS.get(waited.outcome, "canceled"), str(math.floor(waited.talked))
    if isinstance(noun, Voicemail):
        return await _voicemail(noun, session), "0"
    assert isinstance(noun, Conference)  # the last of FEATURES
    started = session.leg.now()
    outcome = await join(noun, session)
    seconds = (session.leg.now() - started).total_seconds()
    return CONFERENCE_STATUS[outcome], str(math.floor(seconds))


async def _pickup(node: Dial, noun: Queue, session: Session) -> tuple[str, str]:
    """The agent takes the caller who has waited longest."""
    bridges = services(session, f"<Dial><Queue>{noun.text}").bridges
    before = _announcement(noun, session, bridges.clock) if noun.url else None
    waiter = await bridges.queue(noun.text).next_caller(
        session.leg, noun.timeout or node.timeout, before
    )
    if waiter is None:
        status = "canceled" if session.ended else "no-answer"
        emit(session, "dial", target=f"queue:{noun.text}", status=status, duration=0.0)
        return status, "0"
    assert waiter.bridge is not None
    caller = leg_name(waiter.leg)
    emit(session, "enqueue", queue=noun.text, outcome="picked", caller=caller)
    talked = await waiter.bridge.hold(session.leg)
    emit(session, "dial", target=caller, status="completed", duration=round(talked, 3))
    return "completed", str(math.floor(talked))


#: What a ``<Queue url>`` document may do to the caller before the bridge (TwiML's use:
#: "you are being connected to an agent").
ANNOUNCEMENT_VERBS = frozenset({"Say", "Play", "Pause"})


def _announcement(
    noun: Queue, session: Session, clock: VirtualClock
) -> Callable[[Waiter], Awaitable[None]]:
    """TwiML's ``<Queue url>``: the document at ``url`` (fetched with the waiting caller's
    parameters, ``QueueTime`` and ``DequeingCallSid``) is played to that caller before the
    bridge. Its Say, Play and Pause verbs run; others are skipped with a warning, and a
    failed fetch is reported and the bridge goes ahead."""
    from telephony.connexml.interpreter import CALL_PARAMETERS, FetchFailed, InterpreterError

    assert noun.url is not None

    async def announce(waiter: Waiter) -> None:
        leg = waiter.leg
        params = {k: leg.variables[k] for k in CALL_PARAMETERS if k in leg.variables}
        params["QueueTime"] = str(math.floor(clock.elapsed - waiter.joined))
        params["DequeingCallSid"] = session.variables.get("CallSid", "")
        try:
            document = await session.fetch(session.absolute(noun.url or ""), noun.method, params)
        except (FetchFailed, InterpreterError) as exc:
            session.emit("error", message=f"<Queue url>: {exc}")
            return
        for verb in document.verbs:
            if leg.hung_up.is_set():
                return
            if verb.TAG not in ANNOUNCEMENT_VERBS:
                session.emit(
                    "warning",
                    message=f"<Queue url> document: <{verb.TAG}> (line {verb.line}) does not "
                    "run on a dequeued caller; only Say, Play and Pause do",
                )
                continue
            node: Any = session.resolve(verb)
            if verb.TAG == "Say":
                await leg.say(node.text, voice=node.voice, language=node.language, loop=node.loop)
            elif verb.TAG == "Play":
                await leg.play(node.text, loop=node.loop)
            else:
                await leg.pause(node.length)

    return announce


@runs("Voicemail")
async def run_voicemail(node: Voicemail, session: Session) -> None:
    """``<Voicemail>`` straight inside a ``<Condition>``, as the schema allows."""
    await _voicemail(node, session)


async def _voicemail(noun: Voicemail, session: Session) -> str:
    class5 = services(session, "<Dial><Voicemail>")
    user = noun.user or noun.text
    if class5.customer_id is None or class5.storage is None:
        session.fail("voicemail needs a customer and a storage root")
    box = await find_box(class5.customer_id, user) if user else None
    if box is None:
        emit(session, "voicemail", box=user, action="not_found")
        await session.leg.say("That mailbox is not available.")
        return "failed"

    def report(event: str, **fields: object) -> None:
        emit(session, event, **fields)

    if noun.inbox:
        await inbox(session.leg, box, class5, class5.storage, report)
    else:
        await leave_message(session.leg, box, class5, class5.storage, report)
    return "completed"


# -- Client status callbacks -------------------------------------------------------------------


def _answered(
    session: Session, clients: Sequence[Client], sent: dict[int, int]
) -> Callable[[DialTarget], Awaitable[None]]:
    """The ``answered`` callback, posted the moment a client answers (before the talk)."""

    async def post(target: DialTarget) -> None:
        await _progress(session, clients, sent, "answered", BridgeResult(COMPLETED, target))

    return post


async def _progress(
    session: Session,
    clients: Sequence[Client],
    sent: dict[int, int],
    event: str,
    result: BridgeResult | None = None,
) -> None:
    for index, client in enumerate(clients, start=1):
        wanted = client.status_callback_event or ("completed",)
        if event not in wanted or not client.status_callback:
            continue
        answered = (
            result is not None
            and result.answered is not None
            and (result.answered.kind == "client" and result.answered.address == client.text)
        )
        if event == "answered" and not answered:
            continue
        status = event if event != "answered" else "in-progress"
        extra = {
            "CallSid": f"{session.variables.get('CallSid', 'CA')}-{index}",
            "ParentCallSid": session.variables.get("CallSid", ""),
            "CallStatus": status,
            "To": f"client:{client.text}",
            "Direction": "outbound-dial",
            "CallbackSource": "call-progress-events",
            "SequenceNumber": str(sent.get(index, 0)),
            "Timestamp": session.leg.now().isoformat(),
        }
        if event == "completed" and result is not None:
            extra["CallStatus"] = result.status.value if not answered else "completed"
            extra["CallDuration"] = str(math.floor(result.duration)) if answered else "0"
        params = session.parameters(extra)
        sent[index] = sent.get(index, 0) + 1
        await _post(session, client.status_callback, client.status_callback_method, params)


async def _post(session: Session, url: str, method: str, params: dict[str, str]) -> None:
    """One status callback, signed like every webhook; its failure is reported (an
    ``error`` event) and the call goes on."""
    from telephony.connexml.interpreter import InterpreterError

    try:
        url = session.absolute(url)
        check_allowed(url, session.call.allow)
    except (InterpreterError, WebhookError) as exc:
        emit(session, "error", message=f"statusCallback: {exc.message}")
        return
    emit(session, "webhook", method=method.upper(), url=url, params=dict(params))
    get = method.upper() == "GET"
    if get:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
        url = urlunsplit(parts._replace(query=urlencode(query)))
    signed = signature(session.call.secret, url, None if get else params)
    headers = {SIGNATURE_HEADER: signed, "User-Agent": USER_AGENT}
    client = session.call.client
    http = client or httpx.AsyncClient()
    try:
        response = await http.request(
            "GET" if get else "POST",
            url,
            data=None if get else params,
            headers=headers,
            timeout=session.call.webhook_timeout,
        )
        response.raise_for_status()
    except httpx.HTTPError as exc:
        log.info("status callback %s failed: %s", url, exc)
        emit(session, "error", message=f"statusCallback {url}: {exc}")
    finally:
        if client is None:
            await http.aclose()

"""``<Dial>``: ring the number in the text or the nested nouns at once, bridge the first
to answer; then the ``action`` (with ``DialCallStatus`` and ``DialCallDuration``) or the
next verb."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from telephony.calls.leg import DialTarget
from telephony.connexml.nodes import Node
from telephony.connexml.run import runs
from telephony.connexml.verbs.dial import Dial

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

#: Noun tag -> DialTarget kind, for the nouns a plain bridge can ring.
TARGET_KINDS = {"Number": "number", "Client": "client", "Sip": "sip"}


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
    if node.text:
        targets = [DialTarget("number", node.text)]
    else:
        for noun in node.children:
            if noun.TAG not in TARGET_KINDS:
                session.unsupported(noun, f"<Dial><{noun.TAG}>")
        targets = [target(session.resolve(noun)) for noun in node.children]
    result = await session.leg.bridge(
        targets,
        timeout=node.timeout,
        caller_id=node.caller_id or "",
        caller_name=node.from_display_name or node.caller_id or "",
        ring_tone=node.ringtone,
        hangup_on_star=node.hangup_on_star,
    )
    status, duration = result.status.value, str(math.floor(result.duration))
    session.variables["DialCallStatus"] = status
    session.variables["DialCallDuration"] = duration
    if node.action and not session.ended:
        extra = {"DialCallStatus": status, "DialCallDuration": duration}
        await session.goto(node.action, node.method, extra)

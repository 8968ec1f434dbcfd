"""``<Gather>``: play the nested prompts, cut short by the first key, then collect digits.

With digits (or ``actionOnEmptyResult="true"``) and an ``action``, the digits go to the
action as ``Digits`` and the call continues with its reply. Otherwise the next verb runs,
with the digits in ``gather_result`` (and ``Digits``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.calls.leg import CollectEnd
from telephony.connexml.run import PROMPTS, runs
from telephony.connexml.verbs.gather import Gather

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

#: Any key interrupts the prompts (a finish key too: it then ends an empty collection).
INTERRUPT_KEYS = "0123456789*#ABCD"


@runs("Gather")
async def run(node: Gather, session: Session) -> None:
    first = ""
    for child in node.children:
        if session.ended:
            return
        play = PROMPTS.get(child.TAG)
        if play is None:
            session.unsupported(child, f"<Gather><{child.TAG}>")
        first = await play(session.resolve(child), session, INTERRUPT_KEYS)
        if first:
            break
    low, high = node.digit_range
    result = await session.leg.collect(
        min_digits=low,
        max_digits=high,
        timeout=node.timeout,
        finish_on_key=node.finish_on_key,
        first_digit=first,
    )
    if result.reason is CollectEnd.HANGUP:
        return
    if result.digits:
        session.caller_acted()
    session.variables["gather_result"] = result.digits
    session.variables["Digits"] = result.digits
    if node.action and (result.digits or node.action_on_empty_result):
        await session.goto(node.action, node.method, {"Digits": result.digits})

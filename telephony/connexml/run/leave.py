"""``<Leave/>`` (TwiML): take the caller out of the queue they wait in (it runs in the
``waitUrl`` document); the caller's document goes on after its ``<Enqueue>``. Outside a
queue it does nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.nodes import Node
from telephony.connexml.run import runs

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Leave", answers=False)
async def run(node: Node, session: Session) -> None:
    class5 = session.call.class5
    waiter = class5.bridges.waiter_of(session.leg) if class5 is not None else None
    if waiter is not None:
        waiter.left.set()

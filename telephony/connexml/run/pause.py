"""``<Pause>``: ``length`` seconds of silence. Like a prompt, it is cut short by a key
inside ``<Gather>`` (the key is the first digit) and by a live ``<Press>`` binding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import prompt, runs
from telephony.connexml.verbs.pause import Pause

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@prompt("Pause")
async def pause(node: Pause, session: Session, interrupt: str = "") -> str:
    return await session.leg.pause(node.length, interrupt_digits=interrupt)


@runs("Pause")
async def run(node: Pause, session: Session) -> None:
    await pause(node, session)

"""``<Pause>``: ``length`` seconds of silence (a key pressed meanwhile waits for the
collection that follows, inside ``<Gather>``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import prompt, runs
from telephony.connexml.verbs.pause import Pause

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@prompt("Pause")
async def pause(node: Pause, session: Session, interrupt: str = "") -> str:
    await session.leg.pause(node.length)
    return ""


@runs("Pause")
async def run(node: Pause, session: Session) -> None:
    await pause(node, session)

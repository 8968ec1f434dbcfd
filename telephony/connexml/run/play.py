"""``<Play>``: an audio file or URL, ``loop`` times."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import prompt, runs
from telephony.connexml.verbs.play import Play

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@prompt("Play")
async def play(node: Play, session: Session, interrupt: str = "") -> str:
    return await session.leg.play(node.text, loop=node.loop, interrupt_digits=interrupt)


@runs("Play")
async def run(node: Play, session: Session) -> None:
    await play(node, session)

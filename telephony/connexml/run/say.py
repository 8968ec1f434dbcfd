"""``<Say>``: text to speech, ``loop`` times, in ``voice``/``language``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import prompt, runs
from telephony.connexml.verbs.say import Say

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@prompt("Say")
async def say(node: Say, session: Session, interrupt: str = "") -> str:
    return await session.leg.say(
        node.text,
        voice=node.voice,
        language=node.language,
        loop=node.loop,
        interrupt_digits=interrupt,
    )


@runs("Say")
async def run(node: Say, session: Session) -> None:
    await say(node, session)

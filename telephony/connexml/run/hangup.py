"""``<Hangup>``: end the call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.hangup import Hangup

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Hangup", answers=False)
async def run(node: Hangup, session: Session) -> None:
    await session.leg.hangup("normal_clearing")

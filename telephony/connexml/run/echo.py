"""``<Echo>``: the caller hears themselves until the call ends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.echo import Echo

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Echo")
async def run(node: Echo, session: Session) -> None:
    await session.leg.echo()

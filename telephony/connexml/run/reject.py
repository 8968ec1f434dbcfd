"""``<Reject>``: refuse the call (``busy`` or ``rejected``) without answering it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.reject import Reject

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Reject", answers=False)
async def run(node: Reject, session: Session) -> None:
    await session.leg.reject(node.reason)

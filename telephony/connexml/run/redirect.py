"""``<Redirect>``: continue with the document at the URL; nothing after it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.redirect import Redirect

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Redirect", answers=False)
async def run(node: Redirect, session: Session) -> None:
    await session.goto(node.text, node.method)

"""``<Before>``: its ``Set`` children, run ahead of every other verb of the document (the
session puts it first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.before import Before

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Before", answers=False, resolve=False)
async def run(node: Before, session: Session) -> None:
    await session.run_verbs(node.children)

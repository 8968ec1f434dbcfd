"""``<Set>``: a call variable, and with ``header="true"`` a SIP header for the next
outbound leg too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.set_ import Set

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Set", answers=False)
async def run(node: Set, session: Session) -> None:
    name = node.var.strip()
    if not name:
        session.fail(f"Set at line {node.line} has an empty name")
    session.set_variable(name, node.value, header=node.header)

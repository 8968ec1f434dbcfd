"""``<Enter>``: make the context named in the text the active one for ``<Press>`` bindings
(see :mod:`.press`); takes no time and plays nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.run.press import bindings
from telephony.connexml.verbs.enter import Enter

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Enter", answers=False)
async def run(node: Enter, session: Session) -> None:
    name = node.text.strip()
    if not name:
        session.fail(f"Enter at line {node.line} names no context")
    bindings(session).context = name

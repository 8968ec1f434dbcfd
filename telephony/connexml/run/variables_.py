"""``<Variables>``: in the ConneXML schema with a string body, but documented nowhere, so
nothing is known of what ConnexCS does with it. It plays nothing and changes no variable
(``<Set>`` and ``<Before>`` do that); running it leaves a ``warning`` event quoting its text,
so a document moved from ConnexCS shows where it relied on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.variables import Variables

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Variables", answers=False, resolve=False)
async def run(node: Variables, session: Session) -> None:
    text = " ".join(node.text.split())
    session.emit(
        "warning",
        message=f"Variables at line {node.line} is undocumented and ignored: {text[:200]!r}",
    )

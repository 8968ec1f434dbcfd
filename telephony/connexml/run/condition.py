"""``<Condition>``: run the children when every test holds (see
:mod:`telephony.connexml.conditions`), at the call's time, in the ``timezone`` attribute's
zone or the call's default one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.conditions import condition_matches
from telephony.connexml.run import runs
from telephony.connexml.verbs.condition import Condition

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

# Field name -> the XML attribute name conditions.py expects.
_XML_NAMES = {spec.field: spec.xml for spec in Condition.ATTRIBUTES.values()}


def attributes(node: Condition) -> dict[str, str]:
    """The attributes as written, templates unexpanded (conditions.py expands them, and
    reads ``field`` as a variable name)."""
    attrs = {}
    for name, xml in _XML_NAMES.items():
        value = node.templated.get(name, getattr(node, name))
        if value is not None:
            attrs[xml] = value
    return attrs


@runs("Condition", answers=False, resolve=False)
async def run(node: Condition, session: Session) -> None:
    if condition_matches(
        attributes(node), session.variables, session.leg.now(), session.call.timezone
    ):
        await session.run_verbs(node.children)

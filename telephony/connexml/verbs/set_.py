"""``<Set>``: set a call variable; with ``header="true"`` also a SIP header on the next
outbound leg (the name may be a template)."""

from __future__ import annotations

from telephony.connexml.nodes import BOOLEAN, Node, attribute
from telephony.connexml.verbs import register


@register
class Set(Node):
    TAG = "Set"

    var: str = attribute("name", default="", required=True)
    value: str = attribute("value", default="")
    header: bool = attribute("header", BOOLEAN, default=False)

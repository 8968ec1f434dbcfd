"""``<Transfer>``: hand the call to the destination in the text, blind or attended."""

from __future__ import annotations

from telephony.connexml.nodes import BOOLEAN, LEG, Node, TextRule, attribute
from telephony.connexml.verbs import register


@register
class Transfer(Node):
    TAG = "Transfer"
    TEXT = TextRule.REQUIRED

    attended: bool = attribute("attended", BOOLEAN, default=False)
    leg: str = attribute("leg", LEG, default="a")

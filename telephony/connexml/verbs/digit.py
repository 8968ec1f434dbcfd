"""``<Digit>``: send the DTMF keys in the text on leg ``dtmf_leg``."""

from __future__ import annotations

from telephony.connexml.nodes import LEG, Dtmf, Node, TextRule, attribute
from telephony.connexml.verbs import register


@register
class Digit(Node):
    TAG = "Digit"
    TEXT = TextRule.REQUIRED
    TEXT_VALUE = Dtmf(waits=True)

    dtmf_leg: str = attribute("dtmf_leg", LEG, default="a")

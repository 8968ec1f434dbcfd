"""``<Say>``: text to speech."""

from __future__ import annotations

from telephony.connexml.nodes import Integer, Node, TextRule, attribute
from telephony.connexml.verbs import register


@register
class Say(Node):
    TAG = "Say"
    TEXT = TextRule.REQUIRED

    voice: str = attribute("voice", default="")
    language: str = attribute("language", default="")
    #: 0 = repeat until the caller hangs up or presses a key (TwiML).
    loop: int = attribute("loop", Integer(0, 100), default=1)

"""``<Play>``: an audio file (``ivr/...``, ``user/...``) or an http(s) URL."""

from __future__ import annotations

from telephony.connexml.nodes import Audio, Integer, Node, TextRule, attribute, frozen
from telephony.connexml.verbs import register


@register
class Play(Node):
    TAG = "Play"
    TEXT = TextRule.REQUIRED
    TEXT_VALUE = Audio()
    IGNORED = frozen("digits")

    #: 0 = repeat until the caller hangs up or presses a key (TwiML).
    loop: int = attribute("loop", Integer(0, 100), default=1)

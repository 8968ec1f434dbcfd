"""``<Barge>`` (noun of Dial): listen in on a call of the group named in the text (any call
of the customer when empty)."""

from __future__ import annotations

from telephony.connexml.nodes import BOOLEAN, Choice, Node, TextRule, attribute
from telephony.connexml.verbs import register

LEGS = Choice("a", "b", "ab")


@register
class Barge(Node):
    TAG = "Barge"
    TEXT = TextRule.OPTIONAL

    #: Legs that hear the barging party.
    whisper: str = attribute("whisper", LEGS, default="ab")
    #: Legs the barging party hears.
    bridge: str = attribute("bridge", LEGS, default="ab")
    #: DTMF commands to switch mode.
    commands: bool = attribute("commands", BOOLEAN, default=True)

"""``<Echo>``: play the caller's audio back to them (an echo test)."""

from __future__ import annotations

from telephony.connexml.nodes import Node, TextRule
from telephony.connexml.verbs import register


@register
class Echo(Node):
    TAG = "Echo"
    TEXT = TextRule.IGNORED

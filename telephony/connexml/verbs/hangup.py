"""``<Hangup>``: end the call."""

from __future__ import annotations

from telephony.connexml.nodes import Node
from telephony.connexml.verbs import register


@register
class Hangup(Node):
    TAG = "Hangup"

"""``<Pause>``: silence for ``length`` seconds."""

from __future__ import annotations

from telephony.connexml.nodes import Integer, Node, attribute
from telephony.connexml.verbs import register


@register
class Pause(Node):
    TAG = "Pause"

    length: int = attribute("length", Integer(1, 180), default=5)

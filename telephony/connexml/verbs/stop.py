"""``<Stop>``: end the nested streams (all of them when a Stream has no name)."""

from __future__ import annotations

from telephony.connexml.nodes import Node, frozen
from telephony.connexml.verbs import register


@register
class Stop(Node):
    TAG = "Stop"
    CHILDREN = frozen("Stream")

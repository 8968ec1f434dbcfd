"""``<Before>``: the ``Set`` variables to initialise before any verb runs, wherever it is."""

from __future__ import annotations

from telephony.connexml.nodes import Node, frozen
from telephony.connexml.verbs import register


@register
class Before(Node):
    TAG = "Before"
    CHILDREN = frozen("Set")

"""``<Reject>``: refuse the call without answering it."""

from __future__ import annotations

from telephony.connexml.nodes import Choice, Node, attribute
from telephony.connexml.verbs import register


@register
class Reject(Node):
    TAG = "Reject"

    reason: str = attribute("reason", Choice("rejected", "busy"), default="rejected")

"""``<Connect>``: hand the call's audio to the nested stream (in the schema; the ConnexCS
docs mark it unsupported)."""

from __future__ import annotations

from telephony.connexml.nodes import Node, frozen
from telephony.connexml.verbs import register


@register
class Connect(Node):
    TAG = "Connect"
    CHILDREN = frozen("Stream")
    IGNORED = frozen("action", "method")

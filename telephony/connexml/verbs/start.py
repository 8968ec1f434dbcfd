"""``<Start>``: start the nested streams and carry on with the document."""

from __future__ import annotations

from telephony.connexml.nodes import Node, frozen
from telephony.connexml.verbs import register


@register
class Start(Node):
    TAG = "Start"
    CHILDREN = frozen("Stream")
    IGNORED = frozen("action", "method")

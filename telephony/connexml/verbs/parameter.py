"""``<Parameter>``: a key/value sent to the stream's WebSocket server when it starts."""

from __future__ import annotations

from telephony.connexml.nodes import Node, attribute
from telephony.connexml.verbs import register


@register
class Parameter(Node):
    TAG = "Parameter"

    key: str = attribute("name", default="", required=True)
    value: str = attribute("value", default="")

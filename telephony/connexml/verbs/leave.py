"""``<Leave>`` (TwiML): take the caller out of the queue they wait in; the document
continues after the ``<Enqueue>``."""

from __future__ import annotations

from telephony.connexml.nodes import Node
from telephony.connexml.verbs import register


@register
class Leave(Node):
    TAG = "Leave"

"""``<Enter>``: switch to the ``Press`` context named in the text."""

from __future__ import annotations

from telephony.connexml.nodes import Node, TextRule
from telephony.connexml.verbs import register


@register
class Enter(Node):
    TAG = "Enter"
    TEXT = TextRule.REQUIRED

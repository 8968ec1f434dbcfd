"""``<Variables>``: in the schema with a string body but undocumented; kept as text."""

from __future__ import annotations

from telephony.connexml.nodes import Node, TextRule
from telephony.connexml.verbs import register


@register
class Variables(Node):
    TAG = "Variables"
    TEXT = TextRule.OPTIONAL

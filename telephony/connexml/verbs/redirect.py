"""``<Redirect>``: continue with the document at the URL in the text; nothing after it runs."""

from __future__ import annotations

from telephony.connexml.nodes import METHOD, URL, Node, TextRule, attribute
from telephony.connexml.verbs import register


@register
class Redirect(Node):
    TAG = "Redirect"
    TEXT = TextRule.REQUIRED
    TEXT_VALUE = URL

    method: str = attribute("method", METHOD, default="POST")

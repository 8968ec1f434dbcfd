"""``<Sms>`` (TwiML, deprecated there): send the text as an SMS during the call."""

from __future__ import annotations

from telephony.connexml.nodes import Limited, Node, Phone, TextRule, attribute, frozen
from telephony.connexml.verbs import register


@register
class Sms(Node):
    TAG = "Sms"
    TEXT = TextRule.REQUIRED
    TEXT_VALUE = Limited(1600, None)
    IGNORED = frozen("action", "method", "statusCallback")

    #: Defaults to the caller.
    to: str | None = attribute("to", Phone())
    #: Defaults to the called number.
    sender: str | None = attribute("from", Phone())

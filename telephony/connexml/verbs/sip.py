"""``<Sip>`` (TwiML noun of Dial and Refer): a SIP URI to ring or refer to."""

from __future__ import annotations

import re

from telephony.connexml.nodes import Invalid, Node, TextRule, Value, frozen
from telephony.connexml.verbs import register

_SIP_URI = re.compile(r"sips?:[^\s@]+(@[^\s]+)?", re.IGNORECASE)


class SipUri(Value):
    def convert(self, raw: str) -> str:
        text = raw.strip()
        if not _SIP_URI.fullmatch(text):
            raise Invalid(f"{text!r} is not a sip: URI")
        return text


@register
class Sip(Node):
    TAG = "Sip"
    TEXT = TextRule.REQUIRED
    TEXT_VALUE = SipUri()
    IGNORED = frozen(
        "username", "password", "url", "method", "statusCallback", "statusCallbackEvent",
        "statusCallbackMethod", "machineDetection",
    )  # fmt: skip

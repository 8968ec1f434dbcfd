"""``<Number>`` (noun of Dial): a phone number; surrounding whitespace is trimmed."""

from __future__ import annotations

from telephony.connexml.nodes import Node, Phone, TextRule, frozen
from telephony.connexml.verbs import register


@register
class Number(Node):
    TAG = "Number"
    TEXT = TextRule.REQUIRED
    TEXT_VALUE = Phone()
    IGNORED = frozen(
        "sendDigits", "url", "method", "statusCallback", "statusCallbackEvent",
        "statusCallbackMethod", "byoc", "machineDetection", "amdStatusCallback",
    )  # fmt: skip

"""``<Refer>`` (TwiML): send a SIP REFER to the nested ``<Sip>`` URI (a blind transfer)."""

from __future__ import annotations

from telephony.connexml.nodes import METHOD, URL, Node, Report, Severity, attribute, frozen
from telephony.connexml.verbs import register


@register
class Refer(Node):
    TAG = "Refer"
    CHILDREN = frozen("Sip")

    action: str | None = attribute("action", URL)
    method: str = attribute("method", METHOD, default="POST")

    def check(self, report: Report, parent: str) -> None:
        if len(self.children) != 1:
            report("Refer needs exactly one Sip", Severity.ERROR)

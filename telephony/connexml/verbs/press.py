"""``<Press>``: what to do when ``digit`` is pressed (while in ``context``, if given)."""

from __future__ import annotations

from telephony.connexml.nodes import LEG, Dtmf, Node, Report, Severity, attribute, frozen
from telephony.connexml.verbs import register


@register
class Press(Node):
    TAG = "Press"
    CHILDREN = frozen("Dial", "Play", "Redirect", "Transfer", "Say", "Hangup", "Enter")

    #: May be several keys, e.g. ``#0``.
    digit: str = attribute("digit", Dtmf(), default="", required=True)
    context: str = attribute("context", default="")
    dtmf_leg: str = attribute("dtmf_leg", LEG, default="a")

    def check(self, report: Report, parent: str) -> None:
        if not self.children:
            report(f"Press digit={self.digit!r} has nothing to do", Severity.WARNING)

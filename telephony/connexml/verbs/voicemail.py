"""``<Voicemail>`` (noun of Dial, also allowed in Condition): leave a message, or with
``inbox="true"`` open the mailbox menu of ``user``."""

from __future__ import annotations

from telephony.connexml.nodes import BOOLEAN, Node, TextRule, attribute
from telephony.connexml.verbs import register


@register
class Voicemail(Node):
    TAG = "Voicemail"
    TEXT = TextRule.OPTIONAL

    inbox: bool = attribute("inbox", BOOLEAN, default=False)
    user: str | None = attribute("user")

"""``<Response>``: the root; its children run top to bottom (``Before`` first)."""

from __future__ import annotations

from telephony.connexml.nodes import Node, TextRule, frozen
from telephony.connexml.verbs import register

#: The XSD's root choices, plus the TwiML verbs Trunkline adds for users moving over.
CONNEXML_VERBS = frozen(
    "Say", "Play", "Gather", "Dial", "Pause", "Hangup", "Reject", "Redirect", "Press",
    "Connect", "Condition", "Start", "Stop", "Before", "Set", "Digit", "Enter", "Transfer",
    "Parameter", "Echo", "Enqueue", "Conference", "Stream", "Variables",
)  # fmt: skip
TWIML_VERBS = frozen("Record", "Leave", "Refer", "Sms")


@register
class Response(Node):
    TAG = "Response"
    CHILDREN = CONNEXML_VERBS | TWIML_VERBS
    TEXT = TextRule.IGNORED

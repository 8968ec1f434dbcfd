"""``<Client>`` (noun of Dial): a SIP user/client, with call-progress callbacks."""

from __future__ import annotations

from telephony.connexml.nodes import METHOD, URL, Node, TextRule, Words, attribute, frozen
from telephony.connexml.verbs import register

EVENTS = ("initiated", "ringing", "answered", "completed")


@register
class Client(Node):
    TAG = "Client"
    TEXT = TextRule.REQUIRED
    IGNORED = frozen("url", "method")

    status_callback_event: tuple[str, ...] = attribute(
        "statusCallbackEvent", Words(*EVENTS), default=()
    )
    status_callback: str | None = attribute("statusCallback", URL)
    status_callback_method: str = attribute("statusCallbackMethod", METHOD, default="POST")

"""``<Queue>`` (noun of Dial): wait in the queue named in the text, or (``action="pickup"``)
as an agent, take the caller who waited longest."""

from __future__ import annotations

from telephony.connexml.nodes import METHOD, URL, Audio, Integer, Node, TextRule, attribute, frozen
from telephony.connexml.verbs import register


@register
class Queue(Node):
    TAG = "Queue"
    TEXT = TextRule.REQUIRED
    IGNORED = frozen("reservationSid", "postWorkActivitySid")

    action: str | None = attribute("action")
    timeout: int | None = attribute("timeout", Integer(1, 86400))
    timeout_destination: str | None = attribute("timeout-destination")
    music: str | None = attribute("music", Audio())
    #: TwiML: a document played to the dequeued caller before the bridge.
    url: str | None = attribute("url", URL)
    method: str = attribute("method", METHOD, default="POST")

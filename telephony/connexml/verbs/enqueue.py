"""``<Enqueue>``: put the caller in the queue named in the text until an agent answers."""

from __future__ import annotations

from telephony.connexml.nodes import METHOD, URL, Node, TextRule, attribute, frozen
from telephony.connexml.verbs import register


@register
class Enqueue(Node):
    TAG = "Enqueue"
    TEXT = TextRule.REQUIRED
    IGNORED = frozen("workflowSid", "maxQueueSize")

    #: TwiML: fetched when the caller leaves the queue (QueueResult...).
    action: str | None = attribute("action", URL)
    method: str = attribute("method", METHOD, default="POST")
    #: TwiML: the hold document (music, position announcements) played while waiting.
    wait_url: str | None = attribute("waitUrl", URL)
    wait_url_method: str = attribute("waitUrlMethod", METHOD, default="POST")

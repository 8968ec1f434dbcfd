"""``<Conference>``: join the room named in the text (at the root, or as a noun of Dial)."""

from __future__ import annotations

from telephony.connexml.nodes import (
    BOOLEAN,
    METHOD,
    URL,
    Integer,
    Node,
    TextRule,
    attribute,
    frozen,
)
from telephony.connexml.verbs import register


@register
class Conference(Node):
    TAG = "Conference"
    TEXT = TextRule.REQUIRED
    IGNORED = frozen(
        "beep", "record", "region", "trim", "coach", "statusCallback", "statusCallbackEvent",
        "statusCallbackMethod", "recordingStatusCallback", "recordingStatusCallbackMethod",
        "recordingStatusCallbackEvent", "eventCallbackUrl", "jitterBufferSize",
        "participantLabel",
    )  # fmt: skip

    muted: bool = attribute("muted", BOOLEAN, default=False)
    start_conference_on_enter: bool = attribute("startConferenceOnEnter", BOOLEAN, default=True)
    end_conference_on_exit: bool = attribute("endConferenceOnExit", BOOLEAN, default=False)
    max_participants: int = attribute("maxParticipants", Integer(2, 250), default=250)
    #: Hold music until the conference starts.
    wait_url: str | None = attribute("waitUrl", URL)
    wait_method: str = attribute("waitMethod", METHOD, default="POST")

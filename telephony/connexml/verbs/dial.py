"""``<Dial>``: ring a number (the text) or the nested nouns, and bridge the first answer."""

from __future__ import annotations

from telephony.connexml.nodes import (
    BOOLEAN,
    METHOD,
    URL,
    Choice,
    Integer,
    Limited,
    Node,
    Phone,
    Report,
    Severity,
    TextRule,
    attribute,
    frozen,
)
from telephony.connexml.verbs import register

NOUNS = frozen(
    "Number", "Client", "Conference", "Queue", "Voicemail", "LLMAgent", "LLM-Agent", "Barge", "Sip"
)
RING_TONES = (
    "at", "au", "bg", "br", "be", "ch", "cl", "cn", "cz", "de", "dk", "ee", "es", "fi", "fr",
    "gr", "hu", "il", "in", "it", "lt", "jp", "mx", "my", "nl", "no", "nz", "ph", "pl", "pt",
    "ru", "se", "sg", "th", "uk", "us", "us-old", "tw", "ve", "za",
)  # fmt: skip


@register
class Dial(Node):
    TAG = "Dial"
    CHILDREN = NOUNS
    TEXT = TextRule.OPTIONAL
    TEXT_VALUE = Phone()
    IGNORED = frozen(
        "record", "trim", "recordingStatusCallback", "recordingStatusCallbackMethod",
        "recordingStatusCallbackEvent", "recordingTrack", "answerOnBridge", "sequential",
        "referUrl", "referMethod", "events", "ringToneUrl",
    )  # fmt: skip

    action: str | None = attribute("action", URL)
    method: str = attribute("method", METHOD, default="POST")
    timeout: int = attribute("timeout", Integer(1, 600), default=30)
    barge: bool = attribute("barge", BOOLEAN, default=False)
    ringtone: str = attribute("ringtone", Choice(*RING_TONES), default="us", aliases=["ringTone"])
    caller_id: str | None = attribute("callerId", Phone())
    from_display_name: str | None = attribute(
        "fromDisplayName",
        Limited(128, r"[A-Za-z0-9 _~!.+-]*", "only letters, digits, spaces and -_~!.+"),
    )
    hangup_on_star: bool = attribute("hangupOnStar", BOOLEAN, default=False)
    hangup_on_star_context: str | None = attribute("hangupOnStarContext")
    #: TwiML: the longest the bridged call may last, in seconds.
    time_limit: int = attribute("timeLimit", Integer(1, 86400), default=14400)

    def check(self, report: Report, parent: str) -> None:
        if self.text and self.children:
            report("Dial has both a number in its text and nested nouns", Severity.ERROR)
        elif not self.text and not self.children:
            report("Dial needs a number or a noun (Number, Client, Conference...)", Severity.ERROR)
        if self.hangup_on_star and any(c.TAG == "Conference" for c in self.children):
            report("Dial hangupOnStar has no effect on a Conference", Severity.WARNING)

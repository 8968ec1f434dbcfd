"""``<Record>`` (TwiML): record the caller until silence, a finish key or ``maxLength``."""

from __future__ import annotations

from telephony.connexml.nodes import (
    BOOLEAN,
    METHOD,
    URL,
    Dtmf,
    Integer,
    Node,
    attribute,
    frozen,
)
from telephony.connexml.verbs import register


@register
class Record(Node):
    TAG = "Record"
    IGNORED = frozen(
        "trim", "transcribe", "transcribeCallback", "recordingStatusCallbackEvent",
        "storageUrl", "storageUrlMethod", "recordingChannels", "recordingTrack",
    )  # fmt: skip

    action: str | None = attribute("action", URL)
    method: str = attribute("method", METHOD, default="POST")
    #: Seconds of silence that end the recording (0 = never).
    timeout: int = attribute("timeout", Integer(0, 3600), default=5)
    finish_on_key: str = attribute("finishOnKey", Dtmf(empty=True), default="1234567890*#")
    max_length: int = attribute("maxLength", Integer(1, 14400), default=3600)
    play_beep: bool = attribute("playBeep", BOOLEAN, default=True)
    recording_status_callback: str | None = attribute("recordingStatusCallback", URL)
    recording_status_callback_method: str = attribute(
        "recordingStatusCallbackMethod", METHOD, default="POST"
    )

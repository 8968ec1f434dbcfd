"""``<Stream>``: fork the call's audio to a WebSocket (inside Start/Connect), or name the
stream to end (inside Stop)."""

from __future__ import annotations

from telephony.connexml.nodes import (
    METHOD,
    URL,
    Choice,
    Node,
    Report,
    Severity,
    WebSocketUrl,
    attribute,
    frozen,
)
from telephony.connexml.verbs import register


@register
class Stream(Node):
    TAG = "Stream"
    CHILDREN = frozen("Parameter")
    IGNORED = frozen("track", "connectorName")

    url: str | None = attribute("url", WebSocketUrl())
    #: mono = the caller only, mixed = both sides in one channel, stereo = one channel each.
    mix_type: str = attribute("mix_type", Choice("mono", "stereo", "mixed"), default="mono")
    #: TwiML: names the stream so ``<Stop><Stream name=.../></Stop>`` ends only that one.
    stream_name: str = attribute("name", default="")
    status_callback: str | None = attribute("statusCallback", URL)
    status_callback_method: str = attribute("statusCallbackMethod", METHOD, default="POST")

    def check(self, report: Report, parent: str) -> None:
        if (
            parent in ("Start", "Connect", "Response")
            and not self.url
            and "url" not in self.templated
        ):
            report(f"Stream inside {parent} needs a url", Severity.ERROR)
        if parent == "Stop" and self.children:
            report("Stream inside Stop takes no Parameter", Severity.ERROR)

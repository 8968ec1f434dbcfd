"""``<Gather>``: collect DTMF digits while the nested Say/Play/Pause prompts run."""

from __future__ import annotations

from telephony.connexml.nodes import (
    BOOLEAN,
    METHOD,
    URL,
    Dtmf,
    Integer,
    Node,
    Report,
    Severity,
    TextRule,
    Words,
    attribute,
    frozen,
)
from telephony.connexml.verbs import register


@register
class Gather(Node):
    TAG = "Gather"
    CHILDREN = frozen("Say", "Play", "Pause")
    TEXT = TextRule.IGNORED
    IGNORED = frozen(
        "partialResultCallback", "partialResultCallbackMethod", "speechTimeout", "speechModel",
        "hints", "language", "profanityFilter", "enhanced", "bargeIn", "debug",
        "actionOnEmptyResultMethod",
    )  # fmt: skip

    action: str | None = attribute("action", URL)
    method: str = attribute("method", METHOD, default="POST")
    timeout: int = attribute("timeout", Integer(1, 120), default=5)
    #: Stop after exactly this many digits (sets min and max).
    num_digits: int | None = attribute("numDigits", Integer(1, 128))
    #: "" disables the finish key; the key is never part of the digits.
    finish_on_key: str = attribute("finishOnKey", Dtmf(empty=True, single=True), default="#")
    action_on_empty_result: bool = attribute("actionOnEmptyResult", BOOLEAN, default=False)
    min_digits: int = attribute("minDigits", Integer(1, 128), default=1)
    max_digits: int = attribute("maxDigits", Integer(1, 128), default=128)
    #: TwiML ``input``: only ``dtmf`` is supported (``speech`` gives a warning).
    input: tuple[str, ...] = attribute("input", Words("dtmf", "speech"), default=("dtmf",))

    def check(self, report: Report, parent: str) -> None:
        if "speech" in self.input:
            report(
                "Gather input: speech is not supported; only DTMF is collected", Severity.WARNING
            )
        if self.min_digits > self.max_digits:
            report(
                f"Gather minDigits ({self.min_digits}) is larger than "
                f"maxDigits ({self.max_digits})",
                Severity.ERROR,
            )

    @property
    def digit_range(self) -> tuple[int, int]:
        """(min, max) digits to collect, ``numDigits`` taking precedence."""
        if self.num_digits is not None:
            return self.num_digits, self.num_digits
        return self.min_digits, self.max_digits

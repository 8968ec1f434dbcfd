"""The failover policy: after a carrier's final response, try the next carrier or stop.

A pure function the SIP work calls per failed attempt (spec §2.7, open decision 5):

- **stop** on ``404``, ``480``, ``486`` (the number is wrong, or the callee is away or busy:
  another carrier would get the same answer) and on ``487`` (the caller cancelled);
- **stop** on any ``3xx``, passed on to the customer as ``503 Service Unavailable`` (we do
  not follow redirects from carriers);
- a ``2xx`` is not a failure: stop, the call is up;
- every other failure (``408``/time-outs, other ``4xx``, ``5xx``, ``6xx``) **continues** with
  the next carrier.

The carrier's reply management overrides this per code: ``failover`` continues even on a
stopping code (a sloppy carrier's ``404``), ``replace`` stops and passes on its own code and
reason instead; ``default`` leaves the policy's choice.

>>> next_step(503, [])
Continue()
>>> next_step(486, [])
Stop(code=486, reason='Busy Here')
>>> next_step(404, [{"code": 404, "action": "failover"}])
Continue()
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from telephony.rating.models import ReplyAction

__all__ = ["STOP_CODES", "Continue", "Stop", "next_step"]

#: Final responses after which no further carrier is tried (besides 2xx and 3xx).
STOP_CODES = frozenset({404, 480, 486, 487})
REASONS = {
    404: "Not Found",
    480: "Temporarily Unavailable",
    486: "Busy Here",
    487: "Request Terminated",
    503: "Service Unavailable",
}


@dataclass(frozen=True)
class Continue:
    """Try the next carrier."""


@dataclass(frozen=True)
class Stop:
    """End the hunt; answer the customer with ``code`` and ``reason``."""

    code: int
    reason: str


def _field(rule: Any, name: str) -> Any:
    return rule.get(name) if isinstance(rule, dict) else getattr(rule, name, None)


def next_step(code: int, carrier_rules: Iterable[Any] = (), reason: str = "") -> Continue | Stop:
    """What to do after the final response ``code`` (with ``reason``) from a carrier whose
    reply rules are ``carrier_rules`` (:class:`~telephony.rating.models.ReplyRule` objects or
    dicts with ``code``, ``action``, ``new_code``, ``reason``)."""
    for rule in carrier_rules:
        if _field(rule, "code") != code:
            continue
        action = ReplyAction(_field(rule, "action") or ReplyAction.DEFAULT)
        if action is ReplyAction.FAILOVER:
            return Continue()
        if action is ReplyAction.REPLACE:
            new_code = _field(rule, "new_code") or code
            return Stop(int(new_code), _field(rule, "reason") or REASONS.get(new_code, reason))
        break
    if 200 <= code < 300:
        return Stop(code, reason or "OK")
    if 300 <= code < 400:
        return Stop(503, REASONS[503])
    if code in STOP_CODES:
        return Stop(code, reason or REASONS[code])
    return Continue()

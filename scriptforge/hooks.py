"""Entry points other areas call: the Class 4 routing hook.

The routing engine (telephony/routing, later work) calls :func:`routing_hook` after it has
decided the carriers: the script's ``main(data)`` receives ``data.routing`` (plus the route's
TOML vars as top-level keys of ``data``), may change it, and returns it — or rejects the
call with a SIP code. ConnexCS scripts return their result in several shapes; all are
accepted:

- the whole ``data`` object (``{routing: {...}}``): routing continues with its ``routing``;
- just the routing object (``vars.routing`` style): used as ``routing``;
- an array of headers ``[{key, value}]``: added to ``routing.headers``;
- nothing (``undefined``/``null``): routing continues unchanged.

A script error or a CPU/wall time-out becomes the route's *timeout action* (``"200 OK"``
continues unchanged; ``"503 Service Unavailable"`` rejects with that code), by default
``503 ScriptForge failed`` — the "503 No Routes Available" family routing logs show.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from scriptforge.invoke import invoke
from scriptforge.models import RunTrigger, Script
from scriptforge.sandbox import Outcome

DEFAULT_FAILURE = (503, "ScriptForge failed")
_ACTION = re.compile(r"^\s*(\d{3})(?:\s+(.*))?$")


@dataclass(frozen=True)
class RoutingDecision:
    #: The data routing continues with (None when the call is rejected).
    data: dict[str, Any] | None
    #: ``(sip_code, reason)`` when the script (or its failure) rejects the call.
    rejection: tuple[int, str] | None
    outcome: Outcome
    run_id: int

    @property
    def continues(self) -> bool:
        return self.rejection is None


def parse_timeout_action(action: str | None) -> tuple[int, str]:
    """``"200 OK"`` → (200, "OK"); anything unreadable → the default failure.

    >>> parse_timeout_action("480 Temporarily Unavailable")
    (480, 'Temporarily Unavailable')
    """
    match = _ACTION.match(action or "")
    if not match:
        return DEFAULT_FAILURE
    return int(match.group(1)), (match.group(2) or "").strip()


def _continue_with(data: dict[str, Any], result: Any) -> dict[str, Any]:
    merged = copy.deepcopy(data)
    if result is None:
        return merged
    if isinstance(result, list):
        headers = [h for h in result if isinstance(h, dict) and "key" in h]
        routing = merged.setdefault("routing", {})
        routing["headers"] = [*routing.get("headers", []), *headers]
        return merged
    if isinstance(result, dict):
        if "routing" in result:
            return result
        merged["routing"] = result
        return merged
    return merged


async def routing_hook(
    app: Any,
    script: Script,
    data: dict[str, Any],
    *,
    route_vars: dict[str, Any] | None = None,
    timeout_action: str | None = None,
    caller: str = "routing",
    trigger_ref: str = "",
) -> RoutingDecision:
    """Run ``script``'s ``main`` on routing ``data``; say how routing goes on."""
    payload = {**copy.deepcopy(data), **(route_vars or {})}
    outcome, run = await invoke(
        app,
        script,
        data=payload,
        trigger=RunTrigger.ROUTING,
        caller=caller,
        trigger_ref=trigger_ref,
    )
    if outcome.ok:
        return RoutingDecision(_continue_with(data, outcome.result), None, outcome, run.id)
    if outcome.rejection is not None:
        return RoutingDecision(None, outcome.rejection, outcome, run.id)
    code, reason = parse_timeout_action(timeout_action)
    if 200 <= code < 300:
        return RoutingDecision(copy.deepcopy(data), None, outcome, run.id)
    return RoutingDecision(None, (code, reason), outcome, run.id)

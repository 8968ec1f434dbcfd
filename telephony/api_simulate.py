"""``POST /api/v1/connexml/simulate``: one simulated call, its transcript as JSON; and
``POST /api/v1/connexml/check``: a document's problems, as an editor checks while you type.

The body names what to run (a pasted ``document`` or a ``did``) and the caller's script, as
the CLI's flags do (``from``, ``to``, ``vars``, ``at``, ``tz``...). The answer is
``{"events": [...], "problems": [...]}``: the transcript (:mod:`telephony.calls.transcript`
documents every event) and the document's problems with line and column; a document with
errors is not run (``events`` is empty) and still answers 200, as a checker does.

Webhooks: a server must not become a way to reach any host, so a pasted document may call
none (its webhook verbs end with a ``not_allowed`` error event), while a DID's ConneXML apps
use their own allow-lists and secrets, as real calls do.

Permissions: ``voice:read`` simulates documents. A DID's call acts on live Class 5 state as a
real call does (a round-robin group moves on, a message is left in a voicemail box), so
simulating a DID also needs ``voice:write`` (403 otherwise).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.auth.permissions import Permission
from runtime.errors import Forbidden, ValidationFailed
from runtime.models import Customer

__all__ = ["CheckBody", "CheckOut", "SimulateBody", "SimulateOut", "build_api"]

MAX_DOCUMENT = 256 * 1024


class SimulateBody(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    document: str | None = Field(None, max_length=MAX_DOCUMENT, description="ConneXML text")
    did: str | None = Field(None, max_length=32, description="a DID number to call instead")
    digits: str = Field("", max_length=1000, description='caller keys per collection: "1,,23#"')
    dial_result: Literal["answered", "busy", "no-answer", "failed"] = "answered"
    hangup_at: float | None = Field(None, ge=0, le=86400, description="caller hangs up (s)")
    from_: str = Field("", alias="from", max_length=64)
    to: str = Field("", max_length=64)
    vars: dict[str, str] = Field(default_factory=dict, description="call variables")
    at: str | None = Field(None, max_length=64, description="ISO 8601 start of the clock")
    tz: str = Field("UTC", max_length=64, description="zone for time conditions")
    customer: int | None = Field(
        None, description="whose queues, voicemail and user/ audio a document uses"
    )


class SimulateOut(BaseModel):
    events: list[dict[str, Any]]
    problems: list[dict[str, Any]]


async def simulate_call(call: Call[Any]) -> SimulateOut:
    """Simulate a call running a ConneXML document or reaching a DID, on a virtual clock.

    ``events`` is the transcript; ``problems`` the document's errors (then nothing ran) and
    warnings, each with line and column.
    """
    from telephony.simulate import SimulationRequest, events_json, simulate

    body: SimulateBody = call.body
    if body.did is not None and not call.actor.can(Permission.VOICE_WRITE):
        raise Forbidden(
            "Simulating a DID acts on live Class 5 state (a round-robin group turns, "
            f"voicemail is left): it needs the permission {Permission.VOICE_WRITE.value!r}"
        )
    if body.customer is not None and not await Customer.exists(id=body.customer):
        raise ValidationFailed.field("customer", f"no customer with id {body.customer}")
    request = SimulationRequest(
        document=body.document,
        did=body.did,
        digits=body.digits,
        dial_result=body.dial_result,
        hangup_at=body.hangup_at,
        caller=body.from_,
        called=body.to,
        variables=body.vars,
        at=body.at,
        timezone=body.tz,
        allow=(),
        storage=call.request.app.state.settings.data_dir,
        customer=body.customer,
        audio=call.request.app.state.settings.data_dir,
        internal_targets=True,
    )
    return SimulateOut.model_validate(events_json(await simulate(request)))


class CheckBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str = Field(..., max_length=MAX_DOCUMENT, description="ConneXML text")


class CheckOut(BaseModel):
    problems: list[dict[str, Any]]


async def check_document(call: Call[Any]) -> CheckOut:
    """Check a ConneXML document without running it.

    ``problems`` lists every error and warning with ``line``, ``column``, ``severity``
    (``error`` or ``warning``) and ``message``, in document order; empty when it is clean.
    """
    from telephony.connexml.parser import check

    body: CheckBody = call.body
    return CheckOut(problems=[p.as_dict() for p in check(body.document)])


def build_api() -> Api:
    """The simulator and checker endpoints, for ``telephony.area``."""
    api = Api()
    api.route(
        "POST",
        "/connexml/simulate",
        name="connexml.simulate",
        permission=Permission.VOICE_READ,
        body=SimulateBody,
        response=SimulateOut,
        tag="connexml",
        errors=(403, 404, 422),
    )(simulate_call)
    api.route(
        "POST",
        "/connexml/check",
        name="connexml.check",
        permission=Permission.VOICE_READ,
        body=CheckBody,
        response=CheckOut,
        tag="connexml",
        errors=(422,),
    )(check_document)
    return api

"""``<Record>`` (TwiML): record the caller until a finish key, ``timeout`` seconds of
silence or ``maxLength``, after a beep (``playBeep``).

The recording is served at a signed URL that expires: ``CallContext.recordings_url`` + the
recording's file name, signed with ``recordings_secret`` (else the app's webhook ``secret``)
for ``recordings_ttl`` seconds from the call's clock (:func:`~telephony.connexml.webhooks.
signed_url`). Without ``recordings_url`` the URL is the leg's storage location, unsigned (the
command-line simulator). The leg's ``record`` event shows where it went and how long it is.

The call's variables ``RecordingUrl``, ``RecordingDuration`` (whole seconds) are set; then

1. ``recordingStatusCallback`` gets ``RecordingUrl``, ``RecordingDuration``,
   ``RecordingStatus=completed`` with the call's parameters (``recordingStatusCallbackMethod``,
   default POST). Its reply is ignored and a failure is a ``warning`` event, never the call's
   end; it is awaited before the call goes on, which on the simulated leg takes no virtual
   time, so the transcript's order is fixed.
2. ``action`` (``method``, default POST) gets ``RecordingUrl``, ``RecordingDuration`` and
   ``Digits`` (the finish key, ``hangup`` if the caller hung up, else empty) and the call
   continues with its reply (after a hang-up it is still told, as Twilio does). Without an
   action, or when nothing was recorded (0 s), the next verb runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

import httpx

from telephony.connexml.run import runs
from telephony.connexml.verbs.record import Record
from telephony.connexml.webhooks import (
    SIGNATURE_HEADER,
    USER_AGENT,
    WebhookError,
    check_allowed,
    signature,
    signed_url,
)

if TYPE_CHECKING:
    from telephony.calls.leg import Recording
    from telephony.connexml.interpreter import Session


def recording_url(session: Session, location: str) -> str:
    """Where the webhook's receiver can fetch the recording at ``location``."""
    call = session.call
    if not call.recordings_url or not location:
        return location
    name = quote(PurePosixPath(location.replace("\\", "/")).name)
    base = call.recordings_url.rstrip("/") + "/" + name
    secret = call.recordings_secret or call.secret
    return signed_url(base, secret, ttl=call.recordings_ttl, now=session.leg.now().timestamp())


async def callback(session: Session, url: str, method: str, params: Mapping[str, str]) -> None:
    """Send a status callback (signed like every webhook, its reply ignored). A failure is
    a ``warning`` event: a status callback never ends the call."""
    target = session.absolute(url)
    verb = method.upper()
    session.emit("webhook", method=verb, url=target, params=dict(params))
    try:
        check_allowed(target, session.call.allow)
        client = session._http()
        limit = session.call.webhook_timeout
        if verb == "GET":
            request = client.build_request("GET", target, params=dict(params), timeout=limit)
            signed = signature(session.call.secret, str(request.url))
        else:
            request = client.build_request("POST", target, data=dict(params), timeout=limit)
            signed = signature(session.call.secret, target, params)
        request.headers[SIGNATURE_HEADER] = signed
        request.headers["User-Agent"] = USER_AGENT
        response = await client.send(request)
        if not 200 <= response.status_code < 300:
            raise WebhookError("http", f"{target} answered HTTP {response.status_code}")
    except WebhookError as exc:
        session.emit("warning", message=f"status callback: {exc.message}")
    except httpx.HTTPError as exc:
        session.emit("warning", message=f"status callback: {target} failed: {exc!r}")


def results(session: Session, recording: Recording) -> dict[str, str]:
    return {
        "RecordingUrl": recording_url(session, recording.location),
        "RecordingDuration": str(math.floor(recording.seconds)),
    }


@runs("Record")
async def run(node: Record, session: Session) -> None:
    recording = await session.leg.record(
        max_length=node.max_length,
        finish_on_key=node.finish_on_key,
        play_beep=node.play_beep,
        timeout=node.timeout,
    )
    hung_up = session.ended
    if not recording.location:  # the call had ended before the recording began
        return
    params = results(session, recording)
    session.variables.update(params)
    if recording.finished_by:
        session.caller_acted()
    if node.recording_status_callback:
        status = {**session.parameters(params), "RecordingStatus": "completed"}
        await callback(
            session, node.recording_status_callback, node.recording_status_callback_method, status
        )
    if node.action and (recording.seconds > 0 or hung_up):
        digits = recording.finished_by or ("hangup" if hung_up else "")
        await session.goto(node.action, node.method, {**params, "Digits": digits})

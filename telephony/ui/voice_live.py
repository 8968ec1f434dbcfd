"""The live call WebSocket of the voice app editor: ``/voice/apps/{id}/live``.

One socket carries one call (:class:`telephony.live.LiveCall`). The socket is opened by the
editor's Call button and is only accepted from a signed-in operator whose role has
``voice:read`` (the session cookie: a browser cannot put other credentials on a WebSocket)
and whose ``Origin`` is this server (a cookie alone would let any site open it: WebSockets
are not bound by the same-origin policy). Refusals close the handshake (the browser sees
close code 1006): 4401 no session, 4403 wrong role or origin, 4404 no such app.

Then, JSON text frames::

    browser -> server   {"type": "call", "document": "<Response>...", "from": "+1555...",
                          "to": "...", "tz": "Europe/Paris", "dial_result": "answered"}
                        {"type": "key", "key": "5"}      (0-9 * # A-D)
                        {"type": "hangup"}
    server -> browser   the call's messages as :mod:`telephony.live` lists them, ending
                        with {"type": "ended", ...}; then the server closes the socket.

The first frame must be the ``call`` within :data:`FIRST_FRAME` seconds; a bad one gets an
``error`` message and the socket is closed. A socket that closes hangs the call up; at most
:data:`telephony.live.PER_USER` calls per user run at once.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.auth.resolve import resolve_principal
from runtime.errors import TrunklineError
from telephony.class5.models import VoiceApp, VoiceAppKind
from telephony.live import LiveCall, LiveCalls, LiveRequest

#: Real seconds per virtual second (tests make it small).
PACE = 1.0
#: Seconds the browser has to send its ``call`` frame.
FIRST_FRAME = 30.0
#: Seconds a hung-up call may take to finish before it is cancelled.
WIND_DOWN = 5.0

NO_SESSION, REFUSED, NO_APP = 4401, 4403, 4404


def same_origin(websocket: WebSocket) -> bool:
    """The handshake's ``Origin`` names this server's host (and port)."""
    origin = websocket.headers.get("origin", "")
    host = websocket.headers.get("host", "")
    return bool(origin and host) and urlsplit(origin).netloc.lower() == host.lower()


async def _principal(websocket: WebSocket) -> Principal | None:
    # resolve_principal reads only what a WebSocket shares with a Request (headers, the
    # session, state, app).
    try:
        return await resolve_principal(cast(Request, websocket))
    except TrunklineError:
        return None


def _calls(websocket: WebSocket) -> LiveCalls:
    """The server's live-call counter, made with the first live call."""
    state = websocket.app.state
    if getattr(state, "live_calls", None) is None:
        state.live_calls = LiveCalls()
    return cast(LiveCalls, state.live_calls)


def _request(frame: Any, app: VoiceApp, storage: Any) -> LiveRequest:
    from runtime.errors import ValidationFailed

    if not isinstance(frame, dict) or frame.get("type") != "call":
        raise ValidationFailed.field("type", 'the first message must be {"type": "call", ...}')
    document = frame.get("document")
    if not isinstance(document, str) or not document.strip():
        raise ValidationFailed.field("document", "the ConneXML document to run")
    texts = {k: frame.get(k, "") for k in ("from", "to", "tz", "dial_result")}
    if not all(isinstance(v, str) and len(v) <= 64 for v in texts.values()):
        raise ValidationFailed.field("call", "from, to, tz and dial_result are short strings")
    # Webhooks: the app's own hosts and secret for its saved document; none for an edit.
    saved = document == app.document
    return LiveRequest(
        document=document,
        caller=texts["from"],
        called=texts["to"],
        timezone=texts["tz"] or "UTC",
        dial_result=texts["dial_result"] or "answered",
        allow=list(app.webhook_hosts) if saved else (),
        secret=app.webhook_secret if saved else "",
        customer=app.customer_id,  # type: ignore[attr-defined]
        storage=storage,
        pace=PACE,
    )


async def live_socket(websocket: WebSocket) -> None:
    principal = await _principal(websocket)
    if principal is None or not principal.is_operator:
        await websocket.close(NO_SESSION)
        return
    if not principal.can(Permission.VOICE_READ) or not same_origin(websocket):
        await websocket.close(REFUSED)
        return
    app = await VoiceApp.get_or_none(id=websocket.path_params["voice_app_id"])
    if app is None or VoiceAppKind(app.kind) is not VoiceAppKind.CONNEXML:
        await websocket.close(NO_APP)
        return
    await websocket.accept()
    try:
        with _calls(websocket).slot(principal.id):
            frame = await asyncio.wait_for(_receive(websocket), FIRST_FRAME)
            storage = websocket.app.state.settings.data_dir
            await _serve(websocket, LiveCall(_request(frame, app, storage)))
    except TrunklineError as exc:
        await _send(websocket, {"type": "error", "message": exc.message})
    except TimeoutError:
        await _send(websocket, {"type": "error", "message": "no call message in time"})
    except WebSocketDisconnect:
        return
    if websocket.application_state is WebSocketState.CONNECTED:
        await websocket.close()


async def _receive(websocket: WebSocket) -> Any:
    """The next JSON frame; None for one that is not JSON."""
    text = await websocket.receive_text()
    try:
        return json.loads(text)
    except ValueError:
        return None


async def _send(websocket: WebSocket, message: dict[str, Any]) -> bool:
    if websocket.application_state is not WebSocketState.CONNECTED:
        return False
    try:
        await websocket.send_json(message)
    except (WebSocketDisconnect, RuntimeError, OSError):
        return False
    return True


async def _serve(websocket: WebSocket, call: LiveCall) -> None:
    """Run ``call``, relaying its messages out and the keypad in, until it ends."""
    runner = asyncio.create_task(call.run())
    reader = asyncio.create_task(_read(websocket, call))
    try:
        while (message := await call.outbox.get()) is not None:
            if not await _send(websocket, message):
                call.hang_up()  # the browser went away: so did the caller
    finally:
        reader.cancel()
        call.hang_up()
        done, _ = await asyncio.wait([runner], timeout=WIND_DOWN)
        if not done:
            runner.cancel()


async def _read(websocket: WebSocket, call: LiveCall) -> None:
    try:
        while True:
            frame = await _receive(websocket)
            kind = frame.get("type") if isinstance(frame, dict) else None
            if kind == "key":
                try:
                    call.press(str(frame.get("key", "")))
                except ValueError as exc:
                    await _send(websocket, {"type": "error", "message": str(exc)})
            elif kind == "hangup":
                call.hang_up()
    except (WebSocketDisconnect, RuntimeError):
        call.hang_up()

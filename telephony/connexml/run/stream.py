"""``<Start>``/``<Stop>``/``<Connect>`` with ``<Stream>`` and ``<Parameter>``: fork the call's
audio to a WebSocket.

- ``<Start><Stream url=... name=... mix_type=...><Parameter name= value=/></Stream></Start>``
  opens each stream on the leg (:meth:`~telephony.calls.leg.CallLeg.start_stream`) and the
  document goes on at once. A stream without ``name`` is named by its URL. ``mix_type`` is
  the track: mono (the caller), mixed (both sides, one channel), stereo (one channel each);
  the Parameters go to the server when it starts. A name already open is a ``warning`` and
  the second stream is not opened. The simulated leg emits ``stream`` (``status`` started,
  ``name``, ``url``, ``track``, ``parameters``) and, when the stream ends, ``stream``
  (``status`` stopped, ``frames``: the 20 ms audio frames sent while it was open).
- ``<Stop><Stream name=.../></Stop>`` ends that stream; a Stream without name ends every
  open one (so does an empty ``<Stop/>``). A name that is not open is a ``warning``.
  Streams still open when the call ends are stopped then.
- ``statusCallback`` (+ ``statusCallbackMethod``, default POST) gets ``StreamSid`` (the
  name), ``StreamName``, ``StreamEvent`` (``stream-started``, and ``stream-stopped`` when a
  ``<Stop>`` ends it; not for streams the end of the call stops) and ``Timestamp``, with the
  call's parameters; its failure is a ``warning``.
- ``<Connect><Stream>``: in the schema, but ConnexCS's documentation marks Connect
  unsupported, and Trunkline has no way to play a WebSocket's audio back into the call. It
  opens the stream as Start does and then holds the call (no verb after it runs) until the
  call ends — as TwiML's Connect does until the server closes the socket, which no server
  does here. On the simulator give the caller a hang-up time (``--hangup-at``).
- ``<Stream>`` directly under ``<Response>`` (allowed by the schema) runs as inside Start;
  a ``<Parameter>`` there has no stream to belong to: a ``warning``, nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast
from weakref import WeakKeyDictionary

from telephony.connexml.run import runs
from telephony.connexml.run.record import callback
from telephony.connexml.verbs.connect import Connect
from telephony.connexml.verbs.parameter import Parameter
from telephony.connexml.verbs.start import Start
from telephony.connexml.verbs.stop import Stop
from telephony.connexml.verbs.stream import Stream

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

#: Per call: open stream name -> the Stream, for its stream-stopped callback.
_OPEN: WeakKeyDictionary[Session, dict[str, Stream]] = WeakKeyDictionary()


def _open(session: Session) -> dict[str, Stream]:
    return _OPEN.setdefault(session, {})


async def _notify(session: Session, stream: Stream, name: str, event: str) -> None:
    if stream.status_callback:
        params = {
            "StreamSid": name,
            "StreamName": name,
            "StreamEvent": event,
            "Timestamp": session.leg.now().isoformat(),
        }
        await callback(
            session, stream.status_callback, stream.status_callback_method,
            session.parameters(params),
        )  # fmt: skip


async def start(stream: Stream, session: Session) -> None:
    """Open ``stream`` (templates already filled in) on the leg."""
    stream = cast(Stream, session.resolve(stream))
    if not stream.url:
        session.fail(f"Stream at line {stream.line} has no url")
    name = stream.stream_name or stream.url
    parameters = {}
    for child in stream.children:
        if isinstance(child, Parameter):
            parameter = cast(Parameter, session.resolve(child))
            parameters[parameter.key] = parameter.value
    try:
        await session.leg.start_stream(
            name, stream.url, track=stream.mix_type, parameters=parameters
        )
    except ValueError as exc:
        session.emit("warning", message=f"Stream at line {stream.line}: {exc}")
        return
    _open(session)[name] = stream
    await _notify(session, stream, name, "stream-started")


@runs("Start", resolve=False)
async def run_start(node: Start, session: Session) -> None:
    for child in node.children:
        if isinstance(child, Stream):  # the grammar allows nothing else
            await start(child, session)


@runs("Stream", resolve=False)
async def run_stream(node: Stream, session: Session) -> None:
    await start(node, session)


@runs("Stop", answers=False, resolve=False)
async def run_stop(node: Stop, session: Session) -> None:
    names = [cast(Stream, session.resolve(child)).stream_name for child in node.children]
    for name in names or [""]:
        stopped = await session.leg.stop_stream(name)
        if name and not stopped:
            session.emit(
                "warning", message=f"Stop at line {node.line}: no stream named {name!r} is open"
            )
        for done in stopped:
            opened = _open(session).pop(done, None)
            if opened is not None:
                await _notify(session, opened, done, "stream-stopped")


@runs("Connect", resolve=False)
async def run_connect(node: Connect, session: Session) -> None:
    for child in node.children:
        if isinstance(child, Stream):
            await start(child, session)
    await session.leg.hung_up.wait()


@runs("Parameter", answers=False)
async def run_parameter(node: Parameter, session: Session) -> None:
    session.emit(
        "warning",
        message=f"Parameter {node.key!r} at line {node.line} is outside a Stream: ignored",
    )

"""Framing between the host process and sandbox workers: 4-byte length + JSON.

Messages (``t`` is the type, ``id`` the run):

host → worker
    ``run``     start a run: modules, entry, function, data, env, limits
    ``res``     answers to host calls: ``results = [[call_id, ok, json], ...]``
    ``evt``     a pub/sub event for a subscription of the run
    ``cancel``  stop the run (wall-clock deadline, caller went away)
worker → host
    ``host``    host calls the run is waiting on, and the logs since the last message
    ``done``    the outcome: status, result (JSON text), error, logs, cpu_ms, memory
"""

from __future__ import annotations

import asyncio
import json
import struct
from typing import Any

HEADER = struct.Struct(">I")
#: A single message larger than this is a protocol error (results are capped far below).
MAX_MESSAGE = 64 * 1024 * 1024


class ProtocolError(Exception):
    pass


def encode(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode()
    return HEADER.pack(len(body)) + body


async def read_message(reader: asyncio.StreamReader) -> dict[str, Any] | None:
    """The next message, or ``None`` at end of stream."""
    try:
        header = await reader.readexactly(HEADER.size)
    except asyncio.IncompleteReadError:
        return None
    (size,) = HEADER.unpack(header)
    if size > MAX_MESSAGE:
        raise ProtocolError(f"message of {size} bytes exceeds {MAX_MESSAGE}")
    body = await reader.readexactly(size)
    message = json.loads(body)
    if not isinstance(message, dict):
        raise ProtocolError("message is not an object")
    return message

"""Give every request an id (kept from ``X-Request-ID`` when sane), expose it and the client
address to logs and audit entries, return it in the response, and log one access line."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from runtime import context

log = logging.getLogger("trunkline.access")
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp, header: str = "x-request-id") -> None:
        self.app = app
        self.header = header.lower().encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(self.header, b"").decode("latin-1")
        rid = incoming if _SANE.match(incoming) else uuid.uuid4().hex
        client = scope.get("client")
        # Not reset afterwards: the server-error handler runs outside this middleware and
        # must still see the id. Each request runs in its own task (its own context).
        context.request_id.set(rid)
        context.client_ip.set(client[0] if client else "")
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (self.header, rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            log.info(
                "%s %s %s %.1fms",
                scope["method"],
                scope["path"],
                status,
                elapsed_ms,
                extra={
                    "status": status,
                    "duration_ms": round(elapsed_ms, 2),
                    "method": scope["method"],
                    "path": scope["path"],
                },
            )

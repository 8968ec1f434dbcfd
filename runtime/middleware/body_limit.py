"""Refuse request bodies over a size limit with 413, whether or not they declare a length."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from runtime.errors import PayloadTooLarge


class BodyLimitMiddleware:
    """``upload_paths``: paths ending so (bulk imports) get ``upload_max_bytes`` instead."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        *,
        upload_max_bytes: int | None = None,
        upload_suffixes: tuple[str, ...] = ("/import", "/imports"),
    ) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be positive")
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes or max_bytes
        self.upload_suffixes = upload_suffixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = (
            self.upload_max_bytes
            if scope["path"].endswith(self.upload_suffixes)
            else self.max_bytes
        )
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._reject(send, limit)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise PayloadTooLarge(self._message(limit))
            return message

        await self.app(scope, limited_receive, send)

    def _message(self, limit: int) -> str:
        return f"Request body exceeds the limit of {limit} bytes"

    async def _reject(self, send: Send, limit: int) -> None:
        body = json.dumps(PayloadTooLarge(self._message(limit)).to_dict()).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

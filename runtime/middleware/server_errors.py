"""Turn an unhandled exception into the clean 500 response, inside the other middleware.

Starlette's own last-resort handler sits outside every user middleware, so its responses
would miss the request id and the security headers. This one sits just inside them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Handler = Callable[[Request, Exception], Awaitable[Response]]


class ServerErrorMiddleware:
    def __init__(self, app: ASGIApp, handler: Handler) -> None:
        self.app = app
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:  # too late for a clean response; the server closes the connection
                raise
            response = await self.handler(Request(scope, receive), exc)
            await response(scope, receive, send)

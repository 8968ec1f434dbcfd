"""Fixtures of the IDE tests.

``ide`` is a developer signed in through the login form (the session cookie the IDE page
uses), with ``api()`` sending the session's CSRF token as the browser does. ``events(path)``
follows a server-sent event stream by driving the ASGI application directly, chunk by chunk
as it is sent (httpx's ASGI transport would hand over the body only once it is complete)::

    async with ide.events(started["events"]) as stream:
        event, data = await stream.next()
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from runtime.app import SESSION_COOKIE
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from tests.conftest import PASSWORD
from tests.ui.ui_support import Ui


@dataclass
class EventStream:
    """One response of the ASGI app, read as server-sent events while it streams."""

    app: Any
    path: str
    cookie: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    chunks: asyncio.Queue[bytes | None] = field(default_factory=asyncio.Queue)
    buffer: str = ""
    heartbeats: int = 0
    ended: bool = False
    _gone: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> EventStream:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"testserver"),
                (b"accept", b"text/event-stream"),
                (b"cookie", f"{SESSION_COOKIE}={self.cookie}".encode()),
            ],
            "client": ("203.0.113.7", 50000),
            "server": ("testserver", 80),
        }
        sent_request = False

        async def receive() -> dict[str, Any]:
            nonlocal sent_request
            if not sent_request:
                sent_request = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await self._gone.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                self.status = message["status"]
                self.headers = {k.decode(): v.decode() for k, v in message["headers"]}
            elif message["type"] == "http.response.body":
                if message.get("body"):
                    self.chunks.put_nowait(message["body"])
                if not message.get("more_body"):
                    self.chunks.put_nowait(None)

        self._task = asyncio.create_task(self.app(scope, receive, send))
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self._gone.set()
        assert self._task is not None
        try:
            await asyncio.wait_for(self._task, 10)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def next(self) -> tuple[str, Any]:
        """The next event as ``(name, data)``; ``("end", None)`` once the response ended."""
        while True:
            if "\n\n" in self.buffer:
                block, self.buffer = self.buffer.split("\n\n", 1)
                if block.startswith(":"):
                    self.heartbeats += 1
                    continue
                lines = dict(line.split(": ", 1) for line in block.split("\n"))
                return lines["event"], json.loads(lines["data"])
            if self.ended:
                return "end", None
            chunk = await asyncio.wait_for(self.chunks.get(), 30)
            if chunk is None:
                self.ended = True
            else:
                self.buffer += chunk.decode()

    async def heartbeat(self) -> None:
        """Read on until a heartbeat comment (no event may come first)."""
        seen = self.heartbeats
        while self.heartbeats == seen:
            if "\n\n" in self.buffer:
                block, self.buffer = self.buffer.split("\n\n", 1)
                assert block.startswith(":"), f"an event before the heartbeat: {block}"
                self.heartbeats += 1
                continue
            chunk = await asyncio.wait_for(self.chunks.get(), 30)
            assert chunk is not None, "the stream ended"
            self.buffer += chunk.decode()

    async def until_done(self) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Every log entry up to the ``done`` event, and its data; the stream must end."""
        logs = []
        while True:
            event, data = await self.next()
            if event == "log":
                logs.append(data)
                continue
            assert event == "done", (event, data)
            assert await self.next() == ("end", None), "nothing may follow done"
            return logs, data


@dataclass
class Ide:
    client: httpx.AsyncClient
    app: Any
    csrf: str

    async def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"x-csrf-token": self.csrf, **kwargs.pop("headers", {})}
        return await self.client.request(method, "/api/v1" + path, headers=headers, **kwargs)

    def events(self, path: str) -> EventStream:
        return EventStream(self.app, path, self.client.cookies[SESSION_COOKIE])


async def sign_in(client: httpx.AsyncClient, app: Any, username: str) -> Ide:
    ui = Ui(client)
    response = await ui.sign_in(username, PASSWORD)
    assert response.status_code == 303, response.text
    return Ide(client, app, ui.session()["csrf"])


@pytest.fixture
async def ide(client: httpx.AsyncClient, app: Any, make_user: Any) -> Ide:
    account = await make_user(Role.DEVELOPER, username="dev")
    return await sign_in(client, app, account.username)


@pytest.fixture
async def shop(db: str) -> Any:
    return await apps.create_app(SYSTEM, "shop", title="The shop")


@pytest.fixture
async def other_client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser (its own cookies)."""
    transport = httpx.ASGITransport(app=app, client=("203.0.113.8", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c

"""Fixtures of the ScriptForge integration tests.

``app`` is the root conftest's application with one addition: its sandbox pool (created
lazily by :func:`scriptforge.invoke.sandbox_pool` on the first run) is closed when the test
ends, so no worker process outlives the event loop that started it. ``make_app`` builds
more applications from changed settings (an SMTP server, an SMS webhook) with the same
clean-up.

``forge`` creates apps, scripts and environment variables through the services (as
``SYSTEM``) and runs scripts through :func:`scriptforge.invoke.invoke`::

    script = await forge.script("export const main = (d) => d.n * 2")
    outcome, run = await forge.run(script, {"n": 21})

``work`` ticks a ``JobWorker`` and waits for what it started, beside a run that awaits its
jobs (``await work(forge.run(producer))``). ``http_server`` and ``smtp_server`` are real
servers on free ports of 127.0.0.1 (asyncio streams; aiosmtpd) that record what they get.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from runtime.app import create_app
from runtime.auth.principal import SYSTEM
from runtime.models import App
from runtime.services import apps
from runtime.settings import Settings
from scriptforge.background import JobWorker
from scriptforge.invoke import invoke
from scriptforge.models import EnvVar, Run, RunTrigger, Script
from scriptforge.sandbox import Outcome
from scriptforge.services import env as env_service
from scriptforge.services import scripts as script_service

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scriptforge"


async def close_sandbox(application: Any) -> None:
    """Stop the application's sandbox workers, if it started any."""
    pool = getattr(application.state, "sandbox", None)
    if pool is not None:
        await pool.aclose()


@pytest.fixture
async def app(settings: Settings, db: str) -> AsyncIterator[Any]:
    application = create_app(settings, manage_database=False)
    yield application
    await close_sandbox(application)


@pytest.fixture
async def make_app(settings: Settings, db: str) -> AsyncIterator[Callable[..., Any]]:
    """``make_app(smtp_host=..., smtp_port=...)``: another application on the same database."""
    made: list[Any] = []

    def make(**changes: Any) -> Any:
        application = create_app(settings.model_copy(update=changes), manage_database=False)
        made.append(application)
        return application

    yield make
    for application in made:
        await close_sandbox(application)


@dataclass
class Forge:
    """Apps, scripts and env vars made through the services; runs through ``invoke()``."""

    app: Any
    apps: dict[str, App] = field(default_factory=dict)

    async def app_named(self, name: str = "shop") -> App:
        if name not in self.apps:
            found = await App.get_or_none(name=name)
            self.apps[name] = found or await apps.create_app(SYSTEM, name)
        return self.apps[name]

    async def script(
        self, code: str, name: str = "main", *, app: str = "shop", **settings: Any
    ) -> Script:
        owner = await self.app_named(app)
        return await script_service.create_script(SYSTEM, owner, name, code, **settings)

    async def fixture(self, filename: str, *, app: str = "shop", **settings: Any) -> Script:
        """A file of ``tests/fixtures/scriptforge`` loaded unchanged as a script named after it."""
        path = FIXTURES / filename
        return await self.script(path.read_text(), path.stem, app=app, **settings)

    async def env(self, key: str, value: str, *, app: str = "shop", **flags: bool) -> EnvVar:
        owner = await self.app_named(app)
        return await env_service.create_env_var(SYSTEM, owner, key, value, **flags)

    async def run(
        self,
        script: Script,
        data: Any = None,
        *,
        function: str | None = None,
        application: Any = None,
        **options: Any,
    ) -> tuple[Outcome, Run]:
        return await invoke(
            application or self.app,
            script,
            function=function,
            data=data,
            trigger=options.pop("trigger", RunTrigger.API),
            caller=options.pop("caller", "tests"),
            **options,
        )

    async def result(self, script: Script, data: Any = None, **options: Any) -> Any:
        """The returned value of a run that must succeed."""
        outcome, _ = await self.run(script, data, **options)
        assert outcome.status == "ok", (outcome.status, outcome.error, outcome.logs)
        return outcome.result


@pytest.fixture
def forge(app: Any) -> Forge:
    return Forge(app)


async def work_jobs(
    worker: JobWorker, until: Awaitable[Any] | None = None, *, rounds: int = 100
) -> Any:
    """Tick ``worker`` and wait for what it started, until ``until`` is done (its value is
    returned) or, without ``until``, until a tick finds nothing due.

    At most ``rounds`` rounds of 20 ms: a test never waits more than two seconds on jobs.
    """
    task = asyncio.ensure_future(until) if until is not None else None
    try:
        for _ in range(rounds):
            started = await worker.tick()
            await worker.drain()
            if task is None and not started:
                return None
            if task is not None and task.done():
                return task.result()
            await asyncio.sleep(0.02)
        raise AssertionError(f"jobs still running after {rounds} rounds")
    finally:
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await worker.drain()


# -- local servers --------------------------------------------------------------------------


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class LocalHttp:
    """A tiny HTTP/1.1 server on 127.0.0.1: records each request, answers ``reply``."""

    port: int = 0
    requests: list[Received] = field(default_factory=list)
    status: int = 200
    body: bytes = b'{"ok": true}'
    content_type: str = "application/json"
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.requests.append(Received(method, path, headers, body))
            reason = {200: "OK", 201: "Created", 500: "Internal Server Error"}.get(self.status, "")
            extra = "".join(f"{k}: {v}\r\n" for k, v in self.extra_headers.items())
            writer.write(
                (
                    f"HTTP/1.1 {self.status} {reason}\r\n"
                    f"Content-Type: {self.content_type}\r\n"
                    f"Content-Length: {len(self.body)}\r\n{extra}"
                    "Connection: close\r\n\r\n"
                ).encode("latin-1")
                + self.body
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


@pytest.fixture
async def http_server() -> AsyncIterator[LocalHttp]:
    """A real HTTP server on a free port of 127.0.0.1 for the length of the test."""
    local = LocalHttp()
    server = await asyncio.start_server(local.handle, "127.0.0.1", 0)
    local.port = server.sockets[0].getsockname()[1]
    try:
        yield local
    finally:
        server.close()
        await server.wait_closed()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """What the local SMTP server received."""

    host: str
    port: int
    messages: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Any:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox("127.0.0.1", free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def work(app: Any) -> Callable[..., Awaitable[Any]]:
    """``await work(producer_run)``: :func:`work_jobs` with a new ``JobWorker(app)`` (or
    ``worker=``), running beside ``until``."""

    def run(
        until: Awaitable[Any] | None = None, *, worker: JobWorker | None = None, rounds: int = 100
    ) -> Awaitable[Any]:
        return work_jobs(worker or JobWorker(app), until, rounds=rounds)

    return run

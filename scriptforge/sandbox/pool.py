"""The host side of the sandbox: a pool of worker processes and the runs sent to them.

``await pool.run(request, host)`` sends a run to the least busy worker, answers its host
calls through ``host`` (concurrently, from asyncio), enforces the wall-clock limit and
returns an :class:`Outcome`. The event loop of the host process never runs JavaScript.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import sys
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from scriptforge.sandbox.limits import Limits
from scriptforge.sandbox.modules import source_hash
from scriptforge.sandbox.protocol import encode, read_message

log = logging.getLogger(__name__)
#: Hashes of sources a worker is known to hold (it keeps more than this, so never misses).
SENT_SOURCES = 1024


class HostError(Exception):
    """An error the script sees as a rejected Promise (message and optional code)."""

    def __init__(self, message: str, code: int | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Host(Protocol):
    """What a run may ask of the platform. Implementations decide per op and per app."""

    async def call(self, op: str, args: list[Any]) -> Any: ...

    async def logs(self, entries: list[dict[str, Any]]) -> None: ...


class NoHost:
    """A host that offers nothing (pure computation)."""

    async def call(self, op: str, args: list[Any]) -> Any:
        raise HostError(f"'{op}' is not available here")

    async def logs(self, entries: list[dict[str, Any]]) -> None:
        return None


class RunHandle:
    """What a host may do to its run besides answering calls: push events to it."""

    def __init__(self, worker: _Worker, rid: str) -> None:
        self._worker = worker
        self._rid = rid

    def send_event(self, subscription: str, payload: Any) -> None:
        self._worker.send(
            {"t": "evt", "id": self._rid, "sub": subscription, "payload": json.dumps(payload)}
        )


@dataclass
class RunRequest:
    #: The app's scripts by name (the entry and everything it may import).
    modules: Mapping[str, str]
    entry: str
    function: str | None = None
    data: Any = None
    env: Mapping[str, str] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)


@dataclass
class Outcome:
    #: ok, rejected, error, timeout, memory or cancelled.
    status: str
    result: Any = None
    error: dict[str, Any] | None = None
    logs: list[dict[str, Any]] = field(default_factory=list)
    logs_dropped: int = 0
    cpu_ms: float = 0.0
    wall_ms: float = 0.0
    memory: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def rejection(self) -> tuple[int, str] | None:
        if self.status == "rejected" and self.error:
            return int(self.error["code"]), str(self.error.get("reason", ""))
        return None


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        assert process.stdin is not None and process.stdout is not None
        self.stdin = process.stdin
        self.stdout = process.stdout
        self.runs: dict[str, asyncio.Queue[dict[str, Any]]] = {}
        self.sent: OrderedDict[str, None] = OrderedDict()
        self.alive = True
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            while (message := await read_message(self.stdout)) is not None:
                queue = self.runs.get(str(message.get("id")))
                if queue is not None:
                    queue.put_nowait(message)
        except Exception:
            log.exception("sandbox worker %s sent a bad message", self.process.pid)
        finally:
            self.alive = False
            for queue in self.runs.values():
                queue.put_nowait({"t": "crash"})

    def send(self, message: dict[str, Any]) -> None:
        if self.alive:
            self.stdin.write(encode(message))

    def sources_for(self, modules: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        """``{name: hash}`` for the run and the sources this worker has not seen yet."""
        names: dict[str, str] = {}
        new: dict[str, str] = {}
        for name, source in modules.items():
            digest = source_hash(source)
            names[name] = digest
            if digest in self.sent:
                self.sent.move_to_end(digest)
            else:
                new[digest] = source
                self.sent[digest] = None
        while len(self.sent) > SENT_SOURCES:
            self.sent.popitem(last=False)
        return names, new

    async def stop(self) -> None:
        self.alive = False
        with contextlib.suppress(Exception):
            self.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 5)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reader


class SandboxPool:
    """Worker processes running JavaScript; one per core by default."""

    def __init__(self, size: int | None = None) -> None:
        self.size = size or max(1, os.cpu_count() or 1)
        self.workers: list[_Worker] = []
        self._ids = itertools.count(1)
        self._lock = asyncio.Lock()

    async def _spawn(self) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "scriptforge.sandbox.worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**26,
        )
        return _Worker(process)

    async def start(self) -> None:
        async with self._lock:
            self.workers = [w for w in self.workers if w.alive]
            while len(self.workers) < self.size:
                self.workers.append(await self._spawn())

    async def aclose(self) -> None:
        async with self._lock:
            workers, self.workers = self.workers, []
        await asyncio.gather(*(w.stop() for w in workers))

    async def _worker(self) -> _Worker:
        if len([w for w in self.workers if w.alive]) < self.size:
            await self.start()
        return min((w for w in self.workers if w.alive), key=lambda w: len(w.runs))

    async def run(self, request: RunRequest, host: Host | None = None) -> Outcome:
        host = host or NoHost()
        worker = await self._worker()
        rid = str(next(self._ids))
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        worker.runs[rid] = queue
        names, sources = worker.sources_for(request.modules)
        bind = getattr(host, "bind", None)
        if bind is not None:
            bind(RunHandle(worker, rid))
        started = time.perf_counter()
        calls: set[asyncio.Task[None]] = set()
        try:
            worker.send(
                {
                    "t": "run",
                    "id": rid,
                    "modules": names,
                    "sources": sources,
                    "entry": request.entry,
                    "function": request.function,
                    "data": json.dumps(request.data),
                    "env": dict(request.env),
                    "limits": request.limits.to_wire(),
                    "acks": callable(getattr(host, "settled", None)),
                }
            )
            async with asyncio.timeout(request.limits.wall_ms / 1000):
                outcome = await self._follow(worker, rid, queue, host, calls)
        except TimeoutError:
            worker.send({"t": "cancel", "id": rid})
            outcome = Outcome(
                "timeout",
                error={"message": f"Wall-clock time limit exceeded ({request.limits.wall_ms} ms)"},
            )
        except asyncio.CancelledError:
            worker.send({"t": "cancel", "id": rid})
            raise
        finally:
            worker.runs.pop(rid, None)
            for task in calls:
                task.cancel()
            unbind = getattr(host, "unbind", None)
            if unbind is not None:
                unbind()
        outcome.wall_ms = round((time.perf_counter() - started) * 1000, 3)
        return outcome

    async def _follow(
        self,
        worker: _Worker,
        rid: str,
        queue: asyncio.Queue[dict[str, Any]],
        host: Host,
        calls: set[asyncio.Task[None]],
    ) -> Outcome:
        logs: list[dict[str, Any]] = []
        while True:
            message = await queue.get()
            kind = message.get("t")
            if kind == "crash":
                return Outcome(
                    "error", error={"message": "The sandbox worker stopped unexpectedly"}, logs=logs
                )
            new_logs = message.get("logs") or []
            if new_logs:
                logs.extend(new_logs)
                await host.logs(new_logs)
            if kind == "host":
                for call in message.get("calls") or []:
                    task = asyncio.create_task(self._answer(worker, rid, host, call))
                    calls.add(task)
                    task.add_done_callback(calls.discard)
                if message.get("settled"):
                    # The script has taken in that many answers (or its start) and waits.
                    host.settled(int(message["settled"]))  # type: ignore[attr-defined]
            elif kind == "done":
                result = message.get("result")
                return Outcome(
                    status=str(message.get("status")),
                    result=json.loads(result) if isinstance(result, str) else None,
                    error=message.get("error"),
                    logs=logs,
                    logs_dropped=int(message.get("logs_dropped") or 0),
                    cpu_ms=float(message.get("cpu_ms") or 0),
                    memory=int(message.get("memory") or 0),
                )

    async def _answer(self, worker: _Worker, rid: str, host: Host, call: dict[str, Any]) -> None:
        call_id = call.get("id")
        try:
            value = await host.call(str(call.get("op")), list(call.get("args") or []))
            reply = [call_id, True, json.dumps(value)]
        except HostError as exc:
            reply = [call_id, False, json.dumps({"message": exc.message, "code": exc.code})]
        except (TypeError, ValueError) as exc:
            reply = [call_id, False, json.dumps({"message": f"host returned bad data: {exc}"})]
        except Exception:  # never leak host internals to user code; log them here
            log.exception("host call %s failed", call.get("op"))
            reply = [call_id, False, json.dumps({"message": "internal error in the host"})]
        worker.send({"t": "res", "id": rid, "results": [reply]})

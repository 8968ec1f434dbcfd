"""A sandbox worker process: runs many JavaScript runs, one QuickJS context each.

Started by :class:`scriptforge.sandbox.pool.SandboxPool` as ``python -m
scriptforge.sandbox.worker``; speaks :mod:`scriptforge.sandbox.protocol` on stdin/stdout.

Why a process: QuickJS's time limit counts the *process's* CPU time, so in a process of its
own, where only this loop's thread works, a run's budget is its own CPU and does not shrink
when other code is busy. The loop interleaves runs: a run works until it waits on the host,
then others work. A run's CPU is summed over all its slices with ``time.thread_time``; each
slice is capped by QuickJS at the run's remaining budget (``while(true){}`` is interrupted),
and the driver stops runs whose many small slices add up (``while(true){await null}``).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import quickjs

from scriptforge.sandbox.modules import ModuleSyntaxError, Transformed, transform
from scriptforge.sandbox.protocol import encode, read_message

HERE = Path(__file__).resolve().parent
PRELUDE = (HERE / "prelude.js").read_text()
#: Library sources by import name, sent as text and evaluated only when required.
LIBS_JSON = json.dumps({p.stem: p.read_text() for p in sorted((HERE / "lib").glob("*.js"))})
VENDOR_DIR = HERE.parent / "vendor"
#: Each module's lines start at a multiple of this, so a stack line says which module it is
#: in (every frame reads "<input>:line:col"); lines below it belong to the runtime.
SLOT = 10_000
_FRAME = re.compile(r"<input>:(\d+):(\d+)")
#: Host calls the worker answers itself.
LOCAL_OPS = frozenset({"timer"})
MAX_TIMER_MS = 24 * 3600 * 1000
SOURCE_CACHE = 4096


def vendor_sources() -> dict[str, str]:
    """Pure-JS packages bundled at build time (``npm run build``), by import name."""
    if not VENDOR_DIR.is_dir():
        return {}
    return {p.stem: p.read_text() for p in sorted(VENDOR_DIR.glob("*.js"))}


class RunFailed(Exception):
    def __init__(self, status: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.error = {"message": message, **extra}


def _classify(exc: Exception) -> RunFailed:
    text = str(exc)
    first = text.split("\n", 1)[0]
    if "interrupted" in first:
        return RunFailed("timeout", "CPU time limit exceeded")
    if "out of memory" in first or first == "null":  # QuickJS throws null when out of memory
        return RunFailed("memory", "Memory limit exceeded")
    if isinstance(exc, quickjs.StackOverflow) or "stack size exceeded" in first:
        return RunFailed("error", "RangeError: Maximum call stack size exceeded", name="RangeError")
    return RunFailed("error", first, stack=text)


class Run:
    """One invocation: its context, its CPU account, its waiting host calls."""

    def __init__(self, worker: Worker, rid: str, message: dict[str, Any]) -> None:
        self.worker = worker
        self.rid = rid
        limits = message["limits"]
        self.cpu_budget = limits["cpu_ms"] / 1000
        self.max_host_calls = limits["max_host_calls"]
        self.cpu_used = 0.0
        self.host_calls = 0
        self.memory_peak = 0
        self.finished = False
        self.timers: list[asyncio.TimerHandle] = []
        self.ctx = quickjs.Context()
        self.ctx.set_memory_limit(limits["memory_mb"] * 1024 * 1024)
        self.ctx.set_max_stack_size(limits["stack_kb"] * 1024)
        self.ctx.set_time_limit(self.cpu_budget)
        self.memory_limit = limits["memory_mb"] * 1024 * 1024
        self.dispatch = self.ctx.eval(PRELUDE)
        modules: dict[str, str] = message["modules"]
        needed = self._closure(modules, message["entry"])
        options = json.dumps(
            {
                "maxLog": limits["max_log_bytes"],
                "maxResult": limits["max_result_bytes"],
                "env": message.get("env") or {},
                "vendor": [f"vendor:{n}" for n in worker.vendor],
            }
        )
        self.dispatch("init", options[:-1] + ',"libs":' + LIBS_JSON + "}")
        longest = max((modules[n].count("\n") + 2 for n in needed if n in modules), default=1)
        self.slot = (
            SLOT * (10 ** max(0, len(str(longest)) - len(str(SLOT)) + 1))
            if longest >= SLOT
            else SLOT
        )
        self.slots: list[tuple[str, int]] = []  # (module name, first-line column offset)
        for index, name in enumerate(needed, start=1):
            if name.startswith("vendor:"):
                source = worker.vendor[name.removeprefix("vendor:")]
                code, offset = f"(function (exports, require, module) {{{source}\n}})", 0
            else:
                transformed = worker.transformed(modules[name])
                if transformed.has_syntax_error:
                    _check_syntax(modules[name], transformed.is_module, name)
                code, offset = transformed.factory, transformed.first_line_offset
            self.slots.append((name, offset))
            try:
                factory = self.ctx.eval("\n" * (index * self.slot) + code)
            except Exception as exc:
                failed = _classify(exc)
                failed.error = self.locate(failed.error)
                raise failed from None
            self.dispatch("define", name, factory)
        self.entry = message["entry"]
        self.function = message.get("function")
        self.data = message.get("data", "null")
        #: Report every slice that follows host input (start, answers), even an empty one,
        #: so a host on a virtual clock knows when the script waits (voice scripts).
        self.acks = bool(message.get("acks"))

    def _closure(self, modules: dict[str, str], entry: str) -> list[str]:
        """The entry and every app script or vendor package it imports, transitively."""
        if entry not in modules:
            raise RunFailed("error", f"No script named '{entry}' in this app")
        order: list[str] = []
        todo = [entry]
        while todo:
            name = todo.pop()
            if name in order:
                continue
            order.append(name)
            if name.startswith("vendor:"):
                continue
            for spec in self.worker.transformed(modules[name]).imports:
                target = _module_name(spec)
                if target in modules:
                    todo.append(target)
                elif target.removeprefix("vendor:") in self.worker.vendor:
                    todo.append("vendor:" + target.removeprefix("vendor:"))
        return order

    # -- stepping ---------------------------------------------------------------------
    def step(self, action: Any, inputs: int = 0) -> None:
        """Run ``action`` and the jobs it queues, inside the CPU budget; then report."""
        if self.finished:
            return
        try:
            self._run_slice(action)
            self._after_slice(inputs)
        except RunFailed as failed:
            self.finish(failed.status, None, failed.error)

    def _run_slice(self, action: Any) -> None:
        remaining = self.cpu_budget - self.cpu_used
        if remaining <= 0:
            raise RunFailed("timeout", "CPU time limit exceeded")
        self.ctx.set_time_limit(remaining)
        started = time.thread_time()
        try:
            action()
            while self.ctx.execute_pending_job():
                if self.cpu_used + time.thread_time() - started > self.cpu_budget:
                    raise RunFailed("timeout", "CPU time limit exceeded")
        except RunFailed:
            raise
        except Exception as exc:  # QuickJS errors: interrupts, memory, stack, prelude bugs
            raise _classify(exc) from None
        finally:
            self.cpu_used += time.thread_time() - started
        self.memory_peak = max(self.memory_peak, self.ctx.memory()["memory_used_size"])

    def _after_slice(self, inputs: int = 0) -> None:
        raw = self.dispatch("poll")
        try:
            state = json.loads(raw)
            requests = state["requests"]
            logs = state["logs"]
            if not isinstance(requests, list) or not isinstance(logs, list):
                raise TypeError
        except (TypeError, KeyError, ValueError):
            raise RunFailed("error", "The script broke the sandbox runtime (poll)") from None
        if state["done"]:
            self.finish(
                state["status"], state["result"], state["error"], logs, state.get("dropped", 0)
            )
            return
        forwarded = []
        for request in requests:
            if not (
                isinstance(request, dict)
                and isinstance(request.get("id"), int)
                and isinstance(request.get("op"), str)
                and isinstance(request.get("args"), list)
            ):
                raise RunFailed("error", "The script broke the sandbox runtime (request)")
            self.host_calls += 1
            if self.host_calls > self.max_host_calls:
                raise RunFailed("error", f"Too many host calls (limit {self.max_host_calls})")
            if request["op"] in LOCAL_OPS:
                self._timer(request)
            else:
                forwarded.append(request)
        settled = inputs if self.acks else 0
        if forwarded or logs or settled:
            message = {"t": "host", "id": self.rid, "calls": forwarded, "logs": logs}
            self.worker.send({**message, "settled": settled} if settled else message)
        if not forwarded and not requests and not state.get("waiting") and not self.timers:
            raise RunFailed("error", "The script is waiting on a promise that can never settle")

    def _timer(self, request: dict[str, Any]) -> None:
        args = request["args"]
        delay = args[0] if args and isinstance(args[0], int | float) else 0
        delay = min(max(0.0, float(delay)), MAX_TIMER_MS) / 1000
        call_id = request["id"]

        def fire() -> None:
            self.timers = [t for t in self.timers if t is not handle]
            self.settle([[call_id, True, "null"]])

        handle = asyncio.get_running_loop().call_later(delay, fire)
        self.timers.append(handle)

    def settle(self, results: list[list[Any]]) -> None:
        def action() -> None:
            for call_id, ok, payload in results:
                self.dispatch("settle", int(call_id), bool(ok), str(payload))

        self.step(action, len(results))

    def event(self, subscription: str, payload: str) -> None:
        self.step(lambda: self.dispatch("event", subscription, payload))

    def start(self) -> None:
        self.step(lambda: self.dispatch("start", self.entry, self.function, self.data), 1)

    def finish(
        self,
        status: str,
        result: str | None,
        error: Any,
        logs: list[Any] | None = None,
        dropped: int = 0,
    ) -> None:
        if self.finished:
            return
        self.finished = True
        if (
            status == "error"
            and isinstance(error, dict)
            and error.get("name") == "InternalError"
            and "out of memory" in str(error.get("message"))
        ):
            status, error = "memory", {"message": "Memory limit exceeded"}
        error = self.locate(error)
        if logs is None:
            try:
                logs = json.loads(self.dispatch("poll"))["logs"]
            except Exception:
                logs = []
        self.worker.send(
            {
                "t": "done",
                "id": self.rid,
                "status": status,
                "result": result,
                "error": error,
                "logs": logs,
                "logs_dropped": dropped,
                "cpu_ms": round(self.cpu_used * 1000, 3),
                "memory": self.memory_peak,
            }
        )
        self.close()

    def where(self, line: int, column: int) -> tuple[str, int, int]:
        """``(module, line, column)`` of a frame position; module ``runtime`` for ours."""
        index, inner = divmod(line, self.slot)
        if index == 0 or index > len(self.slots):
            return "runtime", line, column
        name, offset = self.slots[index - 1]
        return name, inner, column - offset if inner == 1 else column

    def locate(self, error: Any) -> Any:
        """Rewrite ``<input>:L:C`` frames into ``script:line:col`` and add the first user
        frame's position as ``script``/``line``/``column``."""
        if not isinstance(error, dict):
            return error
        first: tuple[str, int, int] | None = None

        def rename(match: re.Match[str]) -> str:
            nonlocal first
            name, line, column = self.where(int(match.group(1)), int(match.group(2)))
            if name != "runtime" and first is None:
                first = (name, line, column)
            return f"{name}:{line}:{column}" if name != "runtime" else "<runtime>"

        for key in ("stack", "message"):
            if isinstance(error.get(key), str):
                error[key] = _FRAME.sub(rename, error[key])
        if first is not None:
            error.setdefault("script", first[0])
            error.setdefault("line", first[1])
            error.setdefault("column", first[2])
        return error

    def close(self) -> None:
        for timer in self.timers:
            timer.cancel()
        self.timers = []
        self.worker.runs.pop(self.rid, None)


_ESM_SH = re.compile(r"^(?:https?://)?esm\.sh/(@[^/@?]+/[^/@?]+|[^/@?]+)")


def _module_name(spec: str) -> str:
    """The name ``require(spec)`` resolves to (mirrors ``normalize`` in prelude.js)."""
    if match := _ESM_SH.match(spec):
        return "vendor:" + match.group(1)
    name = spec
    while name.startswith("./"):
        name = name[2:]
    name = re.sub(r"^(\.\./|/)+", "", name)
    return re.sub(r"\.(m?js|ts)$", "", name)


def _check_syntax(source: str, is_module: bool, name: str) -> None:
    """Report a syntax error of the original source, as QuickJS sees it.

    tree-sitter recovers from errors, so its tree may not show an ``export`` it could not
    parse; QuickJS is asked both ways, and the module reading wins for ESM-looking code.
    """
    problems = []
    for as_module in (True, False):
        scratch = quickjs.Context()
        try:
            if as_module:
                scratch.module(source)
            else:
                scratch.eval(f"(function () {{{source}\n}})")
            return
        except quickjs.JSException as exc:
            text = str(exc)
            if not text.startswith("SyntaxError"):
                return  # it parsed; running it is another matter
            problems.append(text)
    esm_looking = is_module or re.search(r"^\s*(import|export)\b", source, re.MULTILINE)
    text = problems[0] if esm_looking else problems[-1]
    match = _FRAME.search(text)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not esm_looking and line == 1:
        column -= len("(function () {")
    message = text.split("\n", 1)[0]
    raise RunFailed(
        "error",
        f"{message} ({name}:{line}:{column})",
        name="SyntaxError",
        script=name,
        line=line,
        column=column,
    )


class Worker:
    def __init__(self, writer: asyncio.StreamWriter | Any) -> None:
        self.writer = writer
        self.runs: dict[str, Run] = {}
        self.sources: OrderedDict[str, str] = OrderedDict()
        self.vendor = vendor_sources()

    def send(self, message: dict[str, Any]) -> None:
        self.writer.write(encode(message))

    def transformed(self, source: str) -> Transformed:
        return transform(source)

    def handle(self, message: dict[str, Any]) -> None:
        kind = message.get("t")
        rid = str(message.get("id"))
        if kind == "run":
            self._start(rid, message)
        elif kind == "res":
            run = self.runs.get(rid)
            if run is not None:
                run.settle(message["results"])
        elif kind == "evt":
            run = self.runs.get(rid)
            if run is not None:
                run.event(str(message["sub"]), str(message["payload"]))
        elif kind == "cancel":
            run = self.runs.pop(rid, None)
            if run is not None:
                run.finished = True
                run.close()

    def _start(self, rid: str, message: dict[str, Any]) -> None:
        sources = message.get("sources") or {}
        for digest, source in sources.items():
            self.sources[digest] = source
            self.sources.move_to_end(digest)
        while len(self.sources) > SOURCE_CACHE:
            self.sources.popitem(last=False)
        try:
            message["modules"] = {
                name: self.sources[digest] for name, digest in message["modules"].items()
            }
        except KeyError as exc:
            self.send(
                {
                    "t": "done",
                    "id": rid,
                    "status": "error",
                    "result": None,
                    "error": {"message": f"sandbox lost source {exc}"},
                    "logs": [],
                    "cpu_ms": 0,
                    "memory": 0,
                }
            )
            return
        try:
            run = Run(self, rid, message)
        except RunFailed as failed:
            self._fail_early(rid, failed.status, failed.error)
            return
        except ModuleSyntaxError as exc:
            self._fail_early(
                rid,
                "error",
                {
                    "name": "SyntaxError",
                    "message": str(exc),
                    "line": exc.line,
                    "column": exc.column,
                },
            )
            return
        except Exception as exc:  # a module that does not compile
            compile_error = _classify(exc)
            self._fail_early(rid, compile_error.status, compile_error.error)
            return
        self.runs[rid] = run
        run.start()

    def _fail_early(self, rid: str, status: str, error: dict[str, Any]) -> None:
        self.send(
            {
                "t": "done",
                "id": rid,
                "status": status,
                "result": None,
                "error": error,
                "logs": [],
                "cpu_ms": 0,
                "memory": 0,
            }
        )


async def serve() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    transport, protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, os.fdopen(sys.stdout.fileno(), "wb", buffering=0)
    )
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    worker = Worker(writer)
    while (message := await read_message(reader)) is not None:
        worker.handle(message)
        await writer.drain()


#: C stack of the thread running JavaScript: far above the largest JS stack limit, so
#: QuickJS's own check always fires first (whatever ``ulimit -s`` says).
THREAD_STACK = 64 * 1024 * 1024


def main() -> None:
    # One working thread (the main one only waits for it), so process CPU time — what
    # QuickJS measures — is the running script's CPU time.
    threading.stack_size(THREAD_STACK)
    runner = threading.Thread(target=asyncio.run, args=(serve(),), name="sandbox")
    runner.start()
    runner.join()


if __name__ == "__main__":
    main()

"""The sandbox: module styles, failure semantics, limits, isolation, CPU accounting."""

from __future__ import annotations

import asyncio
import importlib.metadata
from collections.abc import AsyncIterator
from typing import Any

import pytest

from scriptforge.sandbox import HostError, Limits, Outcome, RunRequest, SandboxPool


class FakeHost:
    """An in-memory host: a KV dict, a call log, and whatever ``extra`` ops a test adds."""

    def __init__(self, **extra: Any) -> None:
        self.kv: dict[str, Any] = {}
        self.calls: list[tuple[str, list[Any]]] = []
        self.extra = extra
        self.streamed: list[dict[str, Any]] = []

    async def call(self, op: str, args: list[Any]) -> Any:
        self.calls.append((op, args))
        if op in self.extra:
            return await self.extra[op](*args)
        if op == "kv.get":
            return self.kv.get(args[0])
        if op == "kv.set":
            self.kv[args[0]] = args[1]
            return True
        raise HostError(f"'{op}' is not available in this test", code="unavailable")

    async def logs(self, entries: list[dict[str, Any]]) -> None:
        self.streamed.extend(entries)


@pytest.fixture
async def pool() -> AsyncIterator[SandboxPool]:
    sandbox = SandboxPool(size=2)
    await sandbox.start()
    yield sandbox
    await sandbox.aclose()


async def run(
    pool: SandboxPool,
    source: str | dict[str, str],
    *,
    entry: str = "main",
    function: str | None = None,
    data: Any = None,
    host: Any = None,
    **limits: Any,
) -> Outcome:
    modules = source if isinstance(source, dict) else {entry: source}
    request = RunRequest(modules, entry, function, data, limits=Limits(**limits))
    return await pool.run(request, host or FakeHost())


def test_the_engine_is_quickjs_ng_and_the_stale_binding_is_absent() -> None:
    import quickjs

    assert quickjs.Context().eval("typeof Object.groupBy") == "function"
    names = {d.metadata["Name"].lower() for d in importlib.metadata.distributions()}
    assert "quickjs-ng" in names
    assert "quickjs" not in names, "the stale PyPI 'quickjs' must not be installed beside it"


# -- module styles -----------------------------------------------------------------------

ESM_APP = {
    "main": (
        "import { kv } from 'cxKV'\n"
        "import { greet, PI as pi } from './helpers'\n"
        "import * as all from './helpers.js'\n"
        "import shout from './shout'\n"
        "export async function main(data) {\n"
        "  await kv.set('seen', data.name)\n"
        "  return { greeting: greet(await kv.get('seen')), pi, loud: shout('hi'),\n"
        "           names: Object.keys(all).sort() }\n"
        "}\n"
        "export function other(data) { return `other ${data.x}` }\n"
        "export const notAFunction = 1\n"
    ),
    "helpers": "export const greet = (n) => `hello ${n}`\nexport const PI = 3.14\n",
    "shout": "export default function shout(s) { return s.toUpperCase() + '!' }\n",
}


async def test_es_modules_with_cross_file_imports_and_host_libraries(pool: SandboxPool) -> None:
    host = FakeHost()
    outcome = await run(pool, ESM_APP, data={"name": "ada"}, host=host)
    assert outcome.status == "ok", outcome.error
    assert outcome.result == {
        "greeting": "hello ada",
        "pi": 3.14,
        "loud": "HI!",
        "names": ["PI", "greet"],
    }
    assert host.kv == {"seen": "ada"}


async def test_any_exported_function_can_be_invoked_by_name(pool: SandboxPool) -> None:
    outcome = await run(pool, ESM_APP, function="other", data={"x": 7})
    assert (outcome.status, outcome.result) == ("ok", "other 7")
    missing = await run(pool, ESM_APP, function="nope")
    assert missing.status == "error"
    assert "has no function 'nope'" in missing.error["message"]
    assert "it exports: main, other" in missing.error["message"]


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        pytest.param(
            {"main": "function main(data) { return data.n * 2 }"}, 42, id="plain-function-main"
        ),
        pytest.param(
            {
                "main": "const { kv } = require('cxKV')\n"
                "module.exports = { main: async (d) => (await kv.get('k')) + d.n }"
            },
            "v21",
            id="module.exports",
        ),
        pytest.param(
            {
                "main": "const h = require('helper')\nfunction main(d) { return h.twice(d.n) }",
                "helper": "module.exports = { twice: (n) => n * 2 }",
            },
            42,
            id="require-other-script",
        ),
        pytest.param(
            {"main": "module.export = { main: (d) => d.n + 1 }"},
            22,
            id="module.export-typo-of-the-examples",
        ),
        pytest.param(
            {"main": "export default function (d) { return d.n - 1 }"}, 20, id="default-export"
        ),
        pytest.param(
            {"main": "exports.main = function (d) { return [d.n] }"}, [21], id="exports.main"
        ),
        pytest.param(
            {"main": "export { run as main }\nfunction run(d) { return 'r' + d.n }"},
            "r21",
            id="export-clause",
        ),
        pytest.param(
            {"main": "export * from './lib'", "lib": "export const main = (d) => d.n"},
            21,
            id="export-star",
        ),
        pytest.param(
            {
                "main": "export async function main(d) {\n"
                "  const m = await import('./lib')\n  return m.value + d.n }",
                "lib": "export const value = 100",
            },
            121,
            id="dynamic-import",
        ),
    ],
)
async def test_both_module_styles_run_unchanged(
    pool: SandboxPool, modules: dict[str, str], expected: Any
) -> None:
    host = FakeHost()
    host.kv["k"] = "v"
    outcome = await run(pool, modules, data={"n": 21}, host=host)
    assert outcome.status == "ok", outcome.error
    assert outcome.result == expected


async def test_url_imports_resolve_to_bundled_packages_only(pool: SandboxPool) -> None:
    ok = await run(
        pool,
        "import dayjs from 'https://esm.sh/dayjs@1.11'\n"
        "export function main() { return dayjs('2026-01-02').add(1, 'day')"
        ".format('YYYY-MM-DD') }",
    )
    assert (ok.status, ok.result) == ("ok", "2026-01-03"), ok.error
    bare = await run(
        pool, "import dayjs from 'dayjs'\nexport const main = () => dayjs('2026-03-01').month()"
    )
    assert (bare.status, bare.result) == ("ok", 2), bare.error
    refused = await run(pool, "import x from 'esm.sh/left-pad'\nexport const main = () => x")
    assert refused.status == "error"
    assert "Cannot import 'esm.sh/left-pad'" in refused.error["message"]
    assert "dayjs" in refused.error["message"]


# -- failure semantics ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "code", "reason"),
    [
        (
            "export function main() { throw new Error('480 Disallowed by Date/Time Restriction') }",
            480,
            "Disallowed by Date/Time Restriction",
        ),
        (
            "export function main() { return Promise.reject([604, 'Number on DNC List']) }",
            604,
            "Number on DNC List",
        ),
        ("export async function main() { throw '404 Not Found' }", 404, "Not Found"),
        ("function main() { return Promise.reject([503]) }", 503, ""),
    ],
)
async def test_coded_failures_are_structured_rejections(
    pool: SandboxPool, source: str, code: int, reason: str
) -> None:
    outcome = await run(pool, source)
    assert outcome.status == "rejected"
    assert outcome.rejection == (code, reason)


async def test_other_throws_are_script_errors_with_script_and_line(pool: SandboxPool) -> None:
    modules = {
        "main": "import { explode } from './lib'\n\n"
        "export function main() {\n  return explode()\n}",
        "lib": "// helper\nexport function explode() {\n  const config = null\n"
        "  return config.boom\n}",
    }
    outcome = await run(pool, modules)
    assert outcome.status == "error"
    error = outcome.error
    assert error["message"] == "cannot read property 'boom' of null"
    assert (error["script"], error["line"], error["column"]) == ("lib", 4, 10)
    assert "lib:4:10" in error["stack"] and "main:4:" in error["stack"]
    assert "<input>" not in error["stack"]


@pytest.mark.parametrize(
    ("source", "message", "line"),
    [
        ("export function main() {\n  let x = ;\n}", "SyntaxError", 2),
        ("export function main({ broken", "SyntaxError", 1),
        ("const v = await fetch('x')\nexport const main = () => v", "top-level await", 1),
    ],
)
async def test_syntax_errors_name_the_line(
    pool: SandboxPool, source: str, message: str, line: int
) -> None:
    outcome = await run(pool, source)
    assert outcome.status == "error"
    assert message in outcome.error["message"]
    assert outcome.error["line"] == line


async def test_return_values_must_be_json(pool: SandboxPool) -> None:
    cyclic = await run(pool, "export function main() { const a = {}; a.a = a; return a }")
    assert cyclic.status == "error"
    assert "not JSON-serialisable" in cyclic.error["message"]
    dropped = await run(
        pool,
        "export function main() {\n  return { f() {}, u: undefined, d: new Date(0), n: null } }",
    )
    assert dropped.result == {"d": "1970-01-01T00:00:00.000Z", "n": None}


# -- limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "status", "message"),
    [
        pytest.param(
            "export function main() { while (true) {} }",
            "timeout",
            "CPU time limit exceeded",
            id="infinite-loop",
        ),
        pytest.param(
            "export function main() { try { while (true) {} } finally { return 1 } }",
            "timeout",
            "CPU time limit exceeded",
            id="loop-with-finally",
        ),
        pytest.param(
            "export async function main() { while (true) { await null } }",
            "timeout",
            "CPU time limit exceeded",
            id="await-loop",
        ),
        pytest.param(
            "export function main() { const a = []; while (true) a.push('x'.repeat(999)) }",
            "memory",
            "Memory limit exceeded",
            id="memory-bomb",
        ),
        pytest.param(
            "export function main() { function f() { return f() + 1 } return f() }",
            "error",
            "Maximum call stack size exceeded",
            id="deep-recursion",
        ),
        pytest.param(
            "export function main() { return 'x'.repeat(2000000) }",
            "result_too_large",
            "the limit is 1048576",
            id="huge-return",
        ),
        pytest.param(
            "export function main() { return new Promise(() => {}) }",
            "error",
            "can never settle",
            id="never-settles",
        ),
        pytest.param(
            "export async function main() { for (;;) await sleep(0) }",
            "error",
            "Too many host calls",
            id="host-call-flood",
        ),
    ],
)
async def test_limits_end_runs_cleanly(
    pool: SandboxPool, source: str, status: str, message: str
) -> None:
    outcome = await run(pool, source, cpu_ms=300, memory_mb=16, max_host_calls=500)
    assert outcome.status == status, outcome.error
    assert message in outcome.error["message"]
    after = await run(pool, "export const main = () => 'still serving'")
    assert after.result == "still serving"


async def test_wall_clock_limit(pool: SandboxPool) -> None:
    outcome = await run(pool, "export async function main() { await sleep(60000) }", wall_ms=300)
    assert outcome.status == "timeout"
    assert "Wall-clock" in outcome.error["message"]
    assert outcome.cpu_ms < 50


async def test_huge_logs_are_capped_not_fatal(pool: SandboxPool) -> None:
    host = FakeHost()
    outcome = await run(
        pool,
        "export function main() {\n"
        "  for (let i = 0; i < 10000; i++) console.log('line', i, 'x'.repeat(100))\n"
        "  console.error({ done: true })\n  return 'ok' }",
        host=host,
        max_log_bytes=4096,
    )
    assert outcome.result == "ok"
    assert sum(len(e["message"]) for e in outcome.logs) <= 4096
    assert outcome.logs_dropped > 9000
    assert outcome.logs[0]["message"].startswith("line 0 xxx")
    assert host.streamed == outcome.logs  # streamed to the host while running


async def test_two_busy_scripts_each_get_their_whole_cpu_budget(pool: SandboxPool) -> None:
    """QuickJS counts process CPU; in worker processes a run's budget is its own."""
    busy = (
        "export function main() {\n"
        "  const end = Date.now() + 600; let n = 0\n"
        "  while (Date.now() < end) n++\n  return n > 0 }"
    )
    for size in (1, 2):
        sandbox = SandboxPool(size=size)
        await sandbox.start()
        try:
            outcomes = await asyncio.gather(*(run(sandbox, busy, cpu_ms=1000) for _ in range(2)))
        finally:
            await sandbox.aclose()
        for outcome in outcomes:
            # Not interrupted early although the two together used more CPU than one budget
            # while running (a shared process clock would have stopped them).
            assert outcome.status == "ok", (size, outcome.error)
            # Each spun for 600 ms of wall time; how much CPU that was depends on the
            # machine's load, so only that it counted some and stayed in its budget.
            assert 0 < outcome.cpu_ms <= 1000, outcome.cpu_ms


# -- isolation and escape attempts -------------------------------------------------------------


async def test_nothing_leaks_between_runs(pool: SandboxPool) -> None:
    first = await run(
        pool,
        "export function main() {\n"
        "  globalThis.secret = 's3cret'; Object.prototype.polluted = 1\n"
        "  Array.prototype.push = () => 0; return 'set' }",
    )
    assert first.result == "set"
    second = await run(
        pool,
        "export function main() {\n"
        "  const a = []; a.push(1)\n"
        "  return [typeof globalThis.secret, ({}).polluted, a.length] }",
    )
    assert second.result == ["undefined", None, 1]


@pytest.mark.parametrize(
    "probe",
    [
        "typeof std + typeof os + typeof print + typeof WebAssembly + typeof XMLHttpRequest",
        "Object.getOwnPropertyNames(globalThis).filter(k => /^(py|std|os|fs|file|import)/i"
        ".test(k)).join(',') || 'none'",
        "(() => { try { return String(console.log.constructor('return this')()"
        ".constructor.constructor) } catch (e) { return 'blocked' } })()",
        "(() => { try { return require('fs') } catch (e) { return e.message } })()",
        "(() => { try { return require('/etc/passwd') } catch (e) { return e.message } })()",
    ],
)
async def test_escape_attempts_find_nothing(pool: SandboxPool, probe: str) -> None:
    outcome = await run(pool, f"export function main() {{ return {probe} }}")
    assert outcome.status == "ok", outcome.error
    text = str(outcome.result)
    for needle in ("python", "Python", "_quickjs", "root:x:0"):
        assert needle not in text
    assert text in {
        "undefinedundefinedundefinedundefinedundefined",
        "none",
        "function Function() {\n    [native code]\n}",
        "Cannot find module 'fs' (not a script of this app or a library)",
        "Cannot find module '/etc/passwd' (not a script of this app or a library)",
    }


async def test_network_and_host_calls_only_through_the_host(pool: SandboxPool) -> None:
    outcome = await run(
        pool,
        "export async function main() {\n"
        "  try { await fetch('https://example.com/') } catch (e) {\n"
        "    return [e.message, e.code] } }",
    )
    assert outcome.result == ["'fetch' is not available in this test", "unavailable"]


async def test_many_runs_at_once_with_host_calls(pool: SandboxPool) -> None:
    async def slow_get(key: str) -> str:
        await asyncio.sleep(0.05)
        return key.upper()

    host = FakeHost(**{"kv.get": slow_get})
    source = (
        "import { kv } from 'cxKV'\n"
        "export async function main(d) {\n"
        "  const [a, b] = await Promise.all([kv.get('a' + d.i), kv.get('b' + d.i)])\n"
        "  await sleep(20)\n  return a + b }"
    )
    outcomes = await asyncio.gather(
        *(run(pool, source, data={"i": i}, host=host) for i in range(50))
    )
    assert [o.result for o in outcomes] == [f"A{i}B{i}" for i in range(50)]


async def test_pubsub_events_reach_a_subscribed_run() -> None:
    """cxPubSub: one run subscribes and waits; another publishes; the event arrives."""
    from scriptforge.host import Broker, MemoryKeyValue, Scope, ScriptHost

    sandbox = SandboxPool(size=1)
    await sandbox.start()
    broker = Broker()
    listener = (
        "import { subscribe } from 'cxPubSub'\n"
        "export function main() {\n"
        "  return new Promise((resolve) => {\n"
        "    subscribe('call', '*', (msg) => resolve(msg)).then(() => sleep(5000))\n"
        "  })\n}"
    )
    publisher = (
        "const { publish } = require('cxPubSub')\n"
        "async function main() { return publish('call', 'c1', { state: 'ringing' }) }"
    )

    def host() -> ScriptHost:
        return ScriptHost(Scope(kv=MemoryKeyValue(), app_id=7, broker=broker))

    try:
        waiting = asyncio.create_task(sandbox.run(RunRequest({"l": listener}, "l"), host()))
        for _ in range(200):
            if broker._subscribers.get((7, "call")):
                break
            await asyncio.sleep(0.01)
        published = await sandbox.run(RunRequest({"p": publisher}, "p"), host())
        received = await waiting
    finally:
        await sandbox.aclose()
    assert published.result == {"delivered": 1}
    assert received.status == "ok", received.error
    assert received.result == {"event": "call", "id": "c1", "payload": {"state": "ringing"}}
    assert not broker._subscribers[(7, "call")], "the subscription ends with its run"


async def test_library_calls_check_their_arguments(pool: SandboxPool) -> None:
    outcome = await run(
        pool,
        "import { kv } from 'cxKV'\n"
        "export async function main() {\n"
        "  try { await kv.get() } catch (e) { return e.message } }",
    )
    assert outcome.result == "cxKV: a key is required"

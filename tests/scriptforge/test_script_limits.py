"""Each script carries its own limits; the run honours them."""

from __future__ import annotations

from typing import Any

from tests.scriptforge.conftest import Forge


async def test_per_script_result_log_and_stack_limits(app: Any, forge: Forge) -> None:
    chatty = await forge.script(
        "export function main() {\n  for (let i = 0; i < 500; i++) console.log('x'.repeat(50))\n"
        "  return 'x'.repeat(3000) }",
        "chatty",
        log_kb=1,
        result_kb=2,
    )
    outcome, run = await forge.run(chatty)
    assert outcome.status == "result_too_large"
    assert "the limit is 2048" in outcome.error["message"]
    assert sum(len(e["message"]) for e in outcome.logs) <= 1024
    assert outcome.logs_dropped > 400
    assert run.status == "error"

    roomy = await forge.script("export const main = () => 'x'.repeat(3000)", "roomy", result_kb=4)
    assert (await forge.result(roomy)) == "x" * 3000

    deep = "export function main(d) { const f = (n) => (n ? 1 + f(n - 1) : 0)\n  return f(d.n) }"
    shallow = await forge.script(deep, "shallow", stack_kb=64)
    outcome, _ = await forge.run(shallow, {"n": 2000})
    assert "Maximum call stack size exceeded" in outcome.error["message"]
    tall = await forge.script(deep, "tall", stack_kb=8192)
    assert await forge.result(tall, {"n": 2000}) == 2000


async def test_limits_are_validated(client: Any, auth_headers: Any, forge: Forge) -> None:
    headers = await auth_headers()
    owner = await forge.app_named()
    response = await client.post(
        "/api/v1/scripts",
        headers=headers,
        json={"app": owner.id, "name": "bad", "code": "", "stack_kb": 1, "log_kb": 99999999},
    )
    assert response.status_code == 422
    paths = sorted(d["path"] for d in response.json()["error"]["details"])
    assert paths == ["log_kb", "stack_kb"]

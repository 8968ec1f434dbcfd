"""Custom validation rules, run again on the server in the ScriptForge sandbox.

A field's ``rules.custom`` names a page action written as ConnexCS users write custom rules,
``(rule, value, callback) => {}``: it calls ``callback()`` when the value is good and
``callback('message')`` or ``callback(new Error('message'))`` when it is not. The browser
runs it as the user types; on submission the server runs the same code in a QuickJS worker
(no host calls at all, small CPU, memory and wall-clock limits), with a read-only ``this``
offering ``getValue(id)``, ``getValues()`` and ``env`` of the submitted form. A rule that
throws, never answers or breaks a limit fails its field with a message saying so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pagebuilder.document import PageDocument, action_body
from scriptforge.invoke import sandbox_pool
from scriptforge.sandbox.limits import Limits
from scriptforge.sandbox.pool import RunRequest

LIMITS = Limits(cpu_ms=250, memory_mb=16, wall_ms=2_000, max_host_calls=0)
MODULE = "page_rules"

_RUNNER = """
const page = (values, env) => ({
  getValue: (id) => values[id],
  getValues: () => ({ ...values }),
  env,
});

export function main(data) {
  const self = page(data.values, data.env);
  return Promise.all(data.checks.map((check) => new Promise((resolve) => {
    let settled = false;
    const done = (problem) => {
      if (settled) return;
      settled = true;
      if (problem === undefined || problem === null || problem === "") resolve(null);
      else resolve(String(problem && problem.message !== undefined ? problem.message : problem));
    };
    const failed = (error) =>
      done("the custom rule failed: " + (error && error.message ? error.message : error));
    try {
      const result = actions[check.action].call(self, { field: check.field }, check.value, done);
      if (result && typeof result.then === "function") result.then(undefined, failed);
    } catch (error) {
      done("the custom rule failed: " + (error && error.message ? error.message : error));
    }
  })));
}
"""


def module_source(document: PageDocument, names: set[str]) -> str:
    """The actions used as custom rules, as one module the sandbox can run."""
    bodies = [
        f"  {json.dumps(a.name)}: async function (...args) {{\n{action_body(a.body)}\n}},"
        for a in document.actions
        if a.name in names
    ]
    return "const actions = {\n" + "\n".join(bodies) + "\n};\n" + _RUNNER


async def check_custom_rules(
    web: Any,
    document: PageDocument,
    values: Mapping[str, Any],
    env: Mapping[str, str],
    *,
    skip: set[str],
) -> list[dict[str, str]]:
    """Problems ``[{path: field id, message}]`` the custom rules find (``skip``: fields that
    already failed or were hidden)."""
    checks = [
        {"field": field_id, "action": component.rules.custom, "value": values.get(field_id)}
        for field_id, component in document.fields().items()
        if component.rules is not None
        and component.rules.custom is not None
        and field_id not in skip
    ]
    if not checks:
        return []
    source = module_source(document, {str(c["action"]) for c in checks})
    request = RunRequest(
        {MODULE: source},
        MODULE,
        "main",
        {"checks": checks, "values": dict(values), "env": dict(env)},
        {},
        LIMITS,
    )
    outcome = await sandbox_pool(web).run(request)
    if not outcome.ok:
        reason = (outcome.error or {}).get("message") or outcome.status
        return [
            {"path": str(c["field"]), "message": f"the custom rule could not run: {reason}"}
            for c in checks
        ]
    return [
        {"path": str(check["field"]), "message": str(problem)}
        for check, problem in zip(checks, outcome.result or [], strict=False)
        if problem is not None
    ]

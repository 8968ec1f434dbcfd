"""The OpenAPI document describes what the ScriptForge endpoints really send."""

from __future__ import annotations

from typing import Any

import httpx
from jsonschema import Draft202012Validator

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from scriptforge.models import RunStatus, RunTrigger
from scriptforge.services import (
    claim_jobs,
    enqueue_job,
    env,
    fail_job,
    kv_set,
    record_run,
    schedules,
    scripts,
)


async def test_responses_match_their_schemas(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.ADMIN)
    spec = (await client.get("/api/v1/openapi.json")).json()
    app = await apps.create_app(SYSTEM, "shop")
    script = await scripts.create_script(SYSTEM, app, "main", "export default () => 1")
    await scripts.update_script(SYSTEM, script.id, {"code": "export default () => 2"})
    await env.create_env_var(SYSTEM, app, "TOKEN", "secret", protected=True)
    await kv_set(app.id, "k", "v", 60)
    job = await enqueue_job(script, data="text", backoff=100, attempts=2)
    (claimed,) = await claim_jobs("w", 1)
    await fail_job(claimed, {"message": "boom", "stack": "at main"})
    schedule = await schedules.create_schedule(SYSTEM, script.id, "0 9 * * *")
    run = await record_run(
        script=script,
        status=RunStatus.ERROR,
        trigger=RunTrigger.HTTP,
        logs=[{"level": "error", "message": "boom", "at": 1.5}],
        error={"message": "boom", "stack": "at main (main:1:20)"},
    )

    def check(path: str, method: str, response: httpx.Response) -> None:
        operation = spec["paths"][path][method]
        content = operation["responses"][str(response.status_code)]["content"]
        schema = {**content["application/json"]["schema"], "components": spec["components"]}
        errors = list(Draft202012Validator(schema).iter_errors(response.json()))
        assert not errors, (method, path, response.status_code, [e.message for e in errors])

    sid, v = script.id, "/api/v1/scripts/{script}/versions/{version}"
    gets = [
        ("/api/v1/scripts", "/api/v1/scripts"),
        ("/api/v1/scripts/{script}", f"/api/v1/scripts/{sid}"),
        ("/api/v1/scripts/{script}", "/api/v1/scripts/999"),
        ("/api/v1/scripts/{script}/versions", f"/api/v1/scripts/{sid}/versions"),
        (v, f"/api/v1/scripts/{sid}/versions/2"),
        (f"{v}/diff", f"/api/v1/scripts/{sid}/versions/2/diff"),
        ("/api/v1/apps/{app}/env", "/api/v1/apps/shop/env"),
        ("/api/v1/apps/{app}/env/{key}", "/api/v1/apps/shop/env/TOKEN"),
        ("/api/v1/apps/{app}/kv", "/api/v1/apps/shop/kv"),
        ("/api/v1/apps/{app}/kv/{key}", "/api/v1/apps/shop/kv/k"),
        ("/api/v1/jobs", "/api/v1/jobs"),
        ("/api/v1/jobs/{job_id}", f"/api/v1/jobs/{job.id}"),
        ("/api/v1/schedules", "/api/v1/schedules"),
        ("/api/v1/schedules/{schedule_id}", f"/api/v1/schedules/{schedule.id}"),
        ("/api/v1/runs", "/api/v1/runs"),
        ("/api/v1/runs/{run_id}", f"/api/v1/runs/{run.id}"),
    ]
    for documented, url in gets:
        check(documented, "get", await client.get(url, headers=headers))
    bad = await client.post("/api/v1/schedules", json={"script": sid, "cron": "x"}, headers=headers)
    check("/api/v1/schedules", "post", bad)
    put = await client.put("/api/v1/apps/shop/kv/o", json={"value": [1]}, headers=headers)
    check("/api/v1/apps/{app}/kv/{key}", "put", put)

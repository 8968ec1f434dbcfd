"""The job queue over the API: enqueue (waiting or delayed), list with filters and keyset
pages, retry failed jobs, remove jobs that are not running."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import apps
from scriptforge.models import Job, JobState, Script
from scriptforge.services import claim_jobs, fail_job
from scriptforge.services.scripts import create_script
from tests.api.api_support import assert_error, detail_paths


@pytest.fixture
async def headers(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.DEVELOPER))


@pytest.fixture
async def worker(db: str) -> Script:
    app = await apps.create_app(SYSTEM, "shop")
    return await create_script(SYSTEM, app, "worker", "export function main(d) { return d; }")


async def enqueue(
    client: httpx.AsyncClient, headers: dict[str, str], **body: Any
) -> dict[str, Any]:
    response = await client.post("/api/v1/jobs", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_enqueue_waiting_and_delayed(
    client: httpx.AsyncClient, headers: dict[str, str], worker: Script
) -> None:
    started = datetime.now(UTC)
    waiting = await enqueue(client, headers, script=worker.id, data={"to": "+15551234"})
    delayed = await enqueue(
        client,
        headers,
        script=str(worker.uuid),
        function="sendReport",
        attempts=5,
        backoff={"type": "exponential", "delay_ms": 1000},
        delay_ms=60_000,
    )

    assert waiting["state"] == "waiting"
    assert waiting["data"] == {"to": "+15551234"}
    assert (waiting["function"], waiting["max_attempts"], waiting["backoff"]) == ("main", 1, None)
    assert waiting["app_id"] == worker.app_id  # type: ignore[attr-defined]
    assert datetime.fromisoformat(waiting["run_at"]) < started + timedelta(seconds=5)
    assert delayed["state"] == "delayed"
    assert delayed["max_attempts"] == 5
    assert delayed["backoff"] == {"type": "exponential", "delay_ms": 1000}
    run_at = datetime.fromisoformat(delayed["run_at"])
    assert started + timedelta(seconds=59) < run_at < started + timedelta(seconds=65)
    got = await client.get(f"/api/v1/jobs/{waiting['id']}", headers=headers)
    assert got.json() == waiting
    assert await AuditEntry.filter(action="job.create").count() == 2


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({"attempts": 0}, ["attempts"]),
        ({"attempts": 101}, ["attempts"]),
        ({"function": "1st"}, ["function"]),
        ({"backoff": {"type": "linear", "delay_ms": 5}}, ["backoff.type"]),
        ({"backoff": {"type": "fixed", "delay_ms": -5}}, ["backoff.delay_ms"]),
        ({"delay_ms": -1}, ["delay_ms"]),
        ({"priority": 1}, ["priority"]),
    ],
)
async def test_bad_jobs_name_the_field(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    worker: Script,
    body: dict[str, Any],
    paths: list[str],
) -> None:
    response = await client.post(
        "/api/v1/jobs", json={"script": worker.id, **body}, headers=headers
    )
    assert detail_paths(assert_error(response, 422, "validation_error")) == paths


async def test_an_unknown_script_is_an_error_of_the_script_field(
    client: httpx.AsyncClient, headers: dict[str, str], db: str
) -> None:
    response = await client.post("/api/v1/jobs", json={"script": 424242}, headers=headers)
    assert detail_paths(assert_error(response, 422, "validation_error")) == ["script"]
    assert_error(await client.get("/api/v1/jobs/424242", headers=headers), 404, "not_found")


async def test_list_filters_and_pages_newest_first(
    client: httpx.AsyncClient, headers: dict[str, str], worker: Script
) -> None:
    other_app = await apps.create_app(SYSTEM, "other")
    other = await create_script(SYSTEM, other_app, "other", "")
    ids = [(await enqueue(client, headers, script=worker.id, data=n))["id"] for n in range(5)]
    foreign = (await enqueue(client, headers, script=other.id))["id"]
    await Job.filter(id=ids[0]).update(state=JobState.FAILED)

    async def listed(**params: Any) -> dict[str, Any]:
        response = await client.get("/api/v1/jobs", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    assert [j["id"] for j in (await listed())["items"]] == [foreign, *reversed(ids)]
    assert [j["id"] for j in (await listed(app="other"))["items"]] == [foreign]
    assert [j["id"] for j in (await listed(script=str(worker.uuid)))["items"]] == ids[::-1]
    assert [j["id"] for j in (await listed(state="failed"))["items"]] == [ids[0]]
    first = await listed(script=worker.id, limit=2)
    assert first["total"] == 5
    second = await listed(script=worker.id, limit=2, cursor=first["next"])
    third = await listed(script=worker.id, limit=2, cursor=second["next"])
    pages = [first, second, third]
    assert [j["id"] for page in pages for j in page["items"]] == ids[::-1]
    assert third["next"] is None
    bad = await client.get("/api/v1/jobs", params={"state": "paused"}, headers=headers)
    assert detail_paths(assert_error(bad, 422, "validation_error")) == ["state"]


async def test_retry_sends_a_failed_job_back_with_fresh_attempts(
    client: httpx.AsyncClient, headers: dict[str, str], worker: Script
) -> None:
    created = await enqueue(client, headers, script=worker.id, attempts=2)
    url = f"/api/v1/jobs/{created['id']}/retry"
    assert_error(await client.post(url, headers=headers), 409, "conflict")  # still waiting
    for _ in range(2):
        (job,) = await claim_jobs("w1", 1)
        await fail_job(job, {"message": "boom", "stack": "at main (worker:1)"})
    failed = await client.get(f"/api/v1/jobs/{created['id']}", headers=headers)
    assert failed.json()["state"] == "failed"
    assert failed.json()["attempts_made"] == 2
    assert failed.json()["error"]["message"] == "boom"

    retried = await client.post(url, headers=headers)

    assert retried.status_code == 200, retried.text
    body = retried.json()
    assert (body["state"], body["attempts_made"], body["error"]) == ("waiting", 0, None)
    assert body["finished_at"] is None
    assert await AuditEntry.filter(action="job.retry", object_id=str(created["id"])).exists()
    assert_error(await client.post("/api/v1/jobs/424242/retry", headers=headers), 404, "not_found")


async def test_delete_refuses_a_running_job(
    client: httpx.AsyncClient, headers: dict[str, str], worker: Script
) -> None:
    running = await enqueue(client, headers, script=worker.id)
    idle = await enqueue(client, headers, script=worker.id, delay_ms=10_000)
    (claimed,) = await claim_jobs("w1", 1)
    assert claimed.id == running["id"]

    refused = await client.delete(f"/api/v1/jobs/{running['id']}", headers=headers)
    assert_error(refused, 409, "conflict")
    removed = await client.delete(f"/api/v1/jobs/{idle['id']}", headers=headers)
    assert removed.status_code == 204
    assert not await Job.exists(id=idle["id"])
    assert await Job.exists(id=running["id"])
    assert_error(
        await client.delete(f"/api/v1/jobs/{idle['id']}", headers=headers), 404, "not_found"
    )

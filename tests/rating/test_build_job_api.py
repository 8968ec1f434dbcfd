"""Building a customer card as a background job through the REST API: ``POST .../build``
answers 202 with the job, ``GET .../build`` follows it to its report or its error, one build
per card at a time, and a cancelled build (the server stopping) leaves nothing behind.

No test waits on a clock: a build is awaited through the registry, and a build that must
stay running is held by an event."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from telephony.rating import jobs
from telephony.rating.build import BuildReport
from telephony.rating.imports import import_rates
from telephony.rating.index import registry
from telephony.rating.jobs import BuildJobs, build_jobs
from telephony.rating.models import Rate, RateCard, RateRevision
from telephony.rating.services import cards, profit
from tests.rating.support import provider_card

RATES = "prefix,name,rate\n44,UK,0.0100\n4420,London,0.0200\n"
Build = Callable[..., Awaitable[BuildReport]]


async def _retail(rates: str | None = RATES) -> RateCard:
    """Customer card Retail with one parent (with ``rates`` active, or none) and +10%."""
    parent = await provider_card("Tel1 A-Z", "Tel1")
    if rates is not None:
        made = await import_rates(SYSTEM, parent, rates)
        assert made.revision is not None
    card = await cards.create_card(SYSTEM, {"name": "Retail", "kind": "customer"})
    await cards.add_parent(SYSTEM, card.id, parent.id)
    await profit.add_rule(SYSTEM, card, {"kind": "percent", "value": "10"})
    return card


class Held:
    """Stands in for ``build``: reports some progress, then waits to be let go before
    running the real build."""

    def __init__(self, real: Build) -> None:
        self.real = real
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, card: RateCard, **options: Any) -> BuildReport:
        options["progress"](1, 4)
        self.entered.set()
        await self.release.wait()
        return await self.real(card, **options)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Held:
    fake = Held(jobs.build)
    monkeypatch.setattr(jobs, "build", fake)
    return fake


async def test_a_build_runs_in_the_background_and_ends_with_its_report(
    app: Any, client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.SUPPORT)
    card = await _retail()
    url = f"/api/v1/rate-cards/{card.id}/build"
    assert (await client.get(url, headers=headers)).status_code == 404, "none yet"

    started = await client.post(url, headers=headers)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job | {"id": 0} == {
        "id": 0,
        "card": card.id,
        "status": "queued",
        "done": 0,
        "total": 0,
        "percent": 0.0,
        "date_live": None,
        "started_at": None,
        "finished_at": None,
        "report": None,
        "error": None,
    }
    await build_jobs(app).wait(card.id)

    finished = await client.get(url, headers=headers)
    assert finished.status_code == 200
    got = finished.json()
    assert (got["id"], got["status"], got["error"]) == (job["id"], "done", None)
    assert (got["done"], got["total"], got["percent"]) == (2, 2, 100.0)
    assert got["started_at"] and got["finished_at"]
    revision = await RateRevision.get(card_id=card.id)
    report = got["report"]
    assert (report["revision"], report["number"], report["status"]) == (revision.id, 1, "active")
    assert (report["prefixes"], report["blocked"], report["warnings"]) == (2, 0, [])
    london = await Rate.get(revision_id=revision.id, prefix="4420")
    assert london.rate == Decimal("0.022"), "0.02 + 10%"
    await card.refresh_from_db()
    assert not card.stale


async def test_a_build_may_wait_for_its_date_live(
    app: Any, client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.ADMIN)
    card = await _retail()
    url = f"/api/v1/rate-cards/{card.id}/build"
    started = await client.post(url, json={"date_live": "2099-01-01T00:00"}, headers=headers)
    assert started.status_code == 202, started.text
    assert started.json()["date_live"] == "2099-01-01T00:00:00Z"
    await build_jobs(app).wait(card.id)
    report = (await client.get(url, headers=headers)).json()["report"]
    assert report["status"] == "pending"


async def test_one_build_per_card_at_a_time(
    app: Any, client: httpx.AsyncClient, auth_headers: Any, held: Held
) -> None:
    headers = await auth_headers(Role.SUPPORT)
    card = await _retail()
    url = f"/api/v1/rate-cards/{card.id}/build"
    first = await client.post(url, headers=headers)
    assert first.status_code == 202
    await held.entered.wait()

    running = await client.get(url, headers=headers)
    assert running.json() | {"started_at": None} == {
        **first.json(),
        "status": "running",
        "done": 1,
        "total": 4,
        "percent": 25.0,
    }
    second = await client.post(url, headers=headers)
    assert second.status_code == 409, second.text
    error = second.json()["error"]
    job_id = first.json()["id"]
    assert error["message"] == (
        f"Build {job_id} of rate card 'Retail' is running (25.0%); wait for it to finish"
    )
    assert error["details"] == {"job": {"id": job_id, "status": "running"}}

    held.release.set()
    await build_jobs(app).wait(card.id)
    assert (await client.get(url, headers=headers)).json()["status"] == "done"
    again = await client.post(url, headers=headers)
    assert again.status_code == 202 and again.json()["id"] == job_id + 1
    await build_jobs(app).wait(card.id)
    assert await RateRevision.filter(card_id=card.id).count() == 2


async def test_a_failed_build_is_recorded_with_its_error(
    app: Any, client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.SUPPORT)
    card = await _retail(rates=None)  # the parent has no active revision
    url = f"/api/v1/rate-cards/{card.id}/build"
    assert (await client.post(url, headers=headers)).status_code == 202
    await build_jobs(app).wait(card.id)
    got = (await client.get(url, headers=headers)).json()
    assert (got["status"], got["report"]) == ("failed", None)
    assert got["error"] == "Retail has no parent card to build from"
    assert got["finished_at"] is not None and got["percent"] == 0.0
    assert not await RateRevision.exists(card_id=card.id)


async def test_an_unexpected_error_is_recorded_and_logged(
    app: Any,
    client: httpx.AsyncClient,
    auth_headers: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(card: RateCard, **options: Any) -> BuildReport:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs, "build", broken)
    headers = await auth_headers(Role.ADMIN)
    card = await _retail()
    url = f"/api/v1/rate-cards/{card.id}/build"
    assert (await client.post(url, headers=headers)).status_code == 202
    await build_jobs(app).wait(card.id)
    got = (await client.get(url, headers=headers)).json()
    assert (got["status"], got["error"]) == (
        "failed",
        "unexpected error: disk on fire (see the server log)",
    )
    assert "build 1 of rate card Retail failed" in caplog.text


@pytest.mark.parametrize(
    ("target", "body", "status", "message"),
    [
        ("provider", None, 400, "Tel1 A-Z is a provider card; only customer cards are built"),
        ("orphan", None, 400, "Orphan has no parent card to build from"),
        ("missing", None, 404, "No rate card with id 999"),
        ("retail", {"date_live": "soon"}, 422, "date_live: Input should be a valid datetime"),
        ("retail", {"when": "now"}, 422, "when: unknown field"),
    ],
)
async def test_a_refused_build_starts_nothing(
    app: Any,
    client: httpx.AsyncClient,
    auth_headers: Any,
    target: str,
    body: dict[str, Any] | None,
    status: int,
    message: str,
) -> None:
    headers = await auth_headers(Role.ADMIN)
    retail = await _retail()
    orphan = await cards.create_card(SYSTEM, {"name": "Orphan", "kind": "customer"})
    ids = {
        "provider": (await RateCard.get(name="Tel1 A-Z")).id,
        "orphan": orphan.id,
        "missing": 999,
        "retail": retail.id,
    }
    url = f"/api/v1/rate-cards/{ids[target]}/build"
    refused = await client.post(url, json=body, headers=headers)
    assert refused.status_code == status, refused.text
    assert refused.json()["error"]["message"].startswith(message)
    assert build_jobs(app).latest(ids[target]) is None


async def test_a_cancelled_build_leaves_nothing_half_written(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled once every row is written, before the transaction commits."""
    real = jobs.build

    async def cancelled_after_the_rows(card: RateCard, **options: Any) -> BuildReport:
        progress = options.pop("progress")

        def and_cancel(done: int, total: int) -> None:
            progress(done, total)
            task = asyncio.current_task()
            assert task is not None
            task.cancel()

        return await real(card, progress=and_cancel, **options)

    monkeypatch.setattr(jobs, "build", cancelled_after_the_rows)
    card = await _retail()
    job = await build_jobs(app).start(card)
    finished = await build_jobs(app).wait(card.id)
    assert finished is job
    assert (job.status, job.done, job.total) == ("failed", 2, 2), "it had written every row"
    assert job.error == "cancelled (the server stopped); nothing was written"
    assert not await RateRevision.exists(card_id=card.id)
    assert not await Rate.filter(revision__card_id=card.id).exists()
    await card.refresh_from_db()
    assert card.stale, "still to be built"
    assert registry().loaded(card.id) is False, "no index of the rolled-back revision"


async def test_closing_the_registry_cancels_running_builds(db: str, held: Held) -> None:
    card = await _retail()
    builds = BuildJobs()
    job = await builds.start(card)
    await held.entered.wait()
    await builds.aclose()
    assert job.status == "failed" and job.error is not None and "cancelled" in job.error
    assert not await RateRevision.exists(card_id=card.id)
    assert await builds.wait(card.id) is job


async def test_a_build_cancelled_before_it_began_is_recorded(db: str) -> None:
    card = await _retail()
    builds = BuildJobs()
    job = await builds.start(card)
    await builds.aclose()
    assert (job.status, job.error) == ("failed", "cancelled before it started; nothing was written")
    assert not await RateRevision.exists(card_id=card.id)

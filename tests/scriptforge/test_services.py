"""The service functions the sandbox and the workers call: cxKV semantics, the job queue
(claims, leases, retries with backoff), schedules across DST changes, run records, lookups."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from runtime import context
from runtime.auth.principal import SYSTEM
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.models import App
from runtime.services import apps
from scriptforge import services
from scriptforge.area import seed_scripts
from scriptforge.models import (
    EnvVar,
    Job,
    JobState,
    KVEntry,
    Run,
    RunStatus,
    RunTrigger,
    Schedule,
    Script,
)
from scriptforge.services import env, kv, schedules
from scriptforge.services.jobs import LOST_WORKER
from scriptforge.services.scripts import create_script


@pytest.fixture
async def shop(db: str) -> App:
    return await apps.create_app(SYSTEM, "shop")


@pytest.fixture
async def worker(shop: App) -> Script:
    return await create_script(SYSTEM, shop, "worker", "export function main(d) { return d; }")


def expire(key: str, seconds_ago: int = 1) -> Any:
    return KVEntry.filter(key=key).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=seconds_ago)
    )


# -- cxKV ------------------------------------------------------------------------------------


async def test_kv_strings_objects_keys_and_usage(shop: App) -> None:
    assert await services.kv_get(shop.id, "missing") is None
    await services.kv_set(shop.id, "pin_100", "1234")
    await services.ko_set(shop.id, "cfg", {"open": "09:00", "days": [1, 2]})

    assert await services.kv_get(shop.id, "pin_100") == "1234"
    assert await services.ko_get(shop.id, "cfg") == {"open": "09:00", "days": [1, 2]}
    assert await services.kv_get(shop.id, "cfg") == '{"open":"09:00","days":[1,2]}'
    assert await services.ko_get(shop.id, "pin_100") == "1234"  # a string stays a string
    assert await services.kv_keys(shop.id) == ["cfg", "pin_100"]
    assert await services.kv_keys(shop.id, "pin") == ["pin_100"]
    usage = await services.kv_usage(shop.id)
    assert usage == {
        "keys": 2,
        "bytes": len("pin_1001234") + len('cfg{"open":"09:00","days":[1,2]}'),
    }
    assert await services.kv_delete(shop.id, "pin_100") is True
    assert await services.kv_delete(shop.id, "pin_100") is False
    assert await services.kv_keys(shop.id) == ["cfg"]


async def test_kv_is_per_app(shop: App) -> None:
    other = await apps.create_app(SYSTEM, "other")
    await services.kv_set(shop.id, "k", "mine")
    await services.kv_set(other.id, "k", "theirs")

    assert await services.kv_get(shop.id, "k") == "mine"
    assert await services.kv_get(other.id, "k") == "theirs"


async def test_kv_ttl_expiry(shop: App) -> None:
    entry = await services.kv_set(shop.id, "otp", "424242", 30)
    assert entry.expires_at is not None
    assert await services.kv_get(shop.id, "otp") == "424242"

    await expire("otp")

    assert await services.kv_get(shop.id, "otp") is None
    assert await services.ko_get(shop.id, "otp") is None
    assert await services.kv_keys(shop.id) == []
    assert await services.kv_usage(shop.id) == {"keys": 0, "bytes": 0}
    assert await services.kv_delete(shop.id, "otp") is False
    assert await KVEntry.filter(key="otp").count() == 0  # delete also swept the dead row
    await services.kv_set(shop.id, "old", "x", 5)
    await expire("old")
    assert await services.purge_expired_kv() == 1


async def test_incr_counts_from_zero_and_keeps_its_window(shop: App) -> None:
    assert await services.kv_incr(shop.id, "calls") == 1
    assert await services.kv_incr(shop.id, "calls", 5) == 6
    assert await services.kv_incr(shop.id, "calls", -2) == 4
    assert await services.kv_get(shop.id, "calls") == "4"

    first = await services.kv_incr(shop.id, "honeypot", 1, 120)
    window = (await KVEntry.get(key="honeypot")).expires_at
    assert first == 1
    assert window is not None
    assert await services.kv_incr(shop.id, "honeypot", 1, 120) == 2
    assert (await KVEntry.get(key="honeypot")).expires_at == window  # same window

    await expire("honeypot")
    assert await services.kv_incr(shop.id, "honeypot", 100, 1800) == 100  # a new window


async def test_incr_refuses_a_non_integer_and_bad_arguments(shop: App) -> None:
    await services.kv_set(shop.id, "name", "alice")
    with pytest.raises(Conflict):
        await services.kv_incr(shop.id, "name")
    with pytest.raises(ValidationFailed) as bad_ttl:
        await services.kv_incr(shop.id, "n", 1, -5)
    assert [d["path"] for d in bad_ttl.value.details] == ["expire_seconds"]
    with pytest.raises(ValidationFailed):
        await services.kv_set(shop.id, "", "x")
    with pytest.raises(ValidationFailed):
        await services.kv_set(shop.id, "k" * 513, "x")
    with pytest.raises(ValidationFailed):
        await services.kv_set(shop.id, "big", "x" * (kv.MAX_VALUE_BYTES + 1))


async def test_concurrent_increments_are_atomic(shop: App) -> None:
    """Twenty scripts bump one counter at once (on PostgreSQL, over separate connections)."""
    results = await asyncio.gather(*(services.kv_incr(shop.id, "hits") for _ in range(20)))

    assert sorted(results) == list(range(1, 21))
    assert await services.kv_get(shop.id, "hits") == "20"


async def test_concurrent_sets_of_a_new_key_leave_one_row(shop: App) -> None:
    await asyncio.gather(*(services.kv_set(shop.id, "new", str(n)) for n in range(10)))

    assert await KVEntry.filter(app_id=shop.id, key="new").count() == 1


# -- jobs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("backoff", "attempts", "expected"),
    [
        (None, 1, 0),
        ({"type": "fixed", "delay_ms": 500}, 1, 500),
        ({"type": "fixed", "delay_ms": 500}, 4, 500),
        ({"type": "exponential", "delay_ms": 1000}, 1, 1000),
        ({"type": "exponential", "delay_ms": 1000}, 2, 2000),
        ({"type": "exponential", "delay_ms": 1000}, 5, 16000),
        ({"type": "exponential", "delay_ms": 86_400_000}, 10, 7 * 86_400_000),  # capped
    ],
)
def test_backoff_maths(backoff: Any, attempts: int, expected: int) -> None:
    assert services.backoff_delay_ms(backoff, attempts) == expected


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (None, None),
        (250, {"type": "fixed", "delay_ms": 250}),
        ({"type": "exponential", "delay": 1000}, {"type": "exponential", "delay_ms": 1000}),
        ({"delay_ms": 5}, {"type": "fixed", "delay_ms": 5}),
    ],
)
def test_backoff_shapes(given: Any, stored: Any) -> None:
    assert services.normalise_backoff(given) == stored


@pytest.mark.parametrize(
    ("given", "path"),
    [
        ({"type": "linear"}, "backoff.type"),
        ({"delay": -1}, "backoff.delay_ms"),
        ("soon", "backoff"),
        (True, "backoff"),
    ],
)
def test_bad_backoffs(given: Any, path: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        services.normalise_backoff(given)
    assert raised.value.details[0]["path"] == path


async def test_a_job_runs_once_and_completes(worker: Script) -> None:
    job = await services.enqueue_job(worker, "main", {"n": 1})
    assert job.state is JobState.WAITING

    (claimed,) = await services.claim_jobs("w1", 10)
    assert claimed.id == job.id
    assert (claimed.state, claimed.attempts_made, claimed.locked_by) == (JobState.ACTIVE, 1, "w1")
    assert await services.claim_jobs("w2", 10) == []
    await services.set_job_progress(job.id, {"percent": 50})
    await services.set_job_data(job.id, {"n": 2})

    assert await services.complete_job(claimed, {"sent": True}) is True

    stored = await Job.get(id=job.id)
    assert stored.state is JobState.COMPLETED
    assert (stored.result, stored.progress, stored.data) == (
        {"sent": True},
        {"percent": 50},
        {"n": 2},
    )
    assert stored.finished_at is not None
    assert stored.locked_by == ""
    assert await services.complete_job(claimed, "again") is False  # no longer active


@pytest.mark.parametrize("value", ["hello", "42", '{"a": 1}', 42, None, ["x"]])
async def test_strings_stay_strings_through_jobs_and_runs(worker: Script, value: Any) -> None:
    job = await services.enqueue_job(worker, data=value)
    assert job.data == value
    (claimed,) = await services.claim_jobs("w1", 1)
    await services.complete_job(claimed, value)
    run = await services.record_run(
        script=worker, status=RunStatus.OK, trigger=RunTrigger.JOB, result=value
    )

    stored = await Job.get(id=job.id)
    assert stored.data == stored.result == value
    assert type(stored.result) is type(value)
    assert (await Run.get(id=run.id)).result == value


async def test_delayed_jobs_wait_for_their_time(worker: Script) -> None:
    job = await services.enqueue_job(worker, delay_ms=60_000)
    assert job.state is JobState.DELAYED

    assert await services.claim_jobs("w1", 5) == []
    later = datetime.now(UTC) + timedelta(seconds=61)
    (claimed,) = await services.claim_jobs("w1", 5, now=later)
    assert claimed.id == job.id


async def test_failures_retry_with_exponential_backoff_then_fail(worker: Script) -> None:
    job = await services.enqueue_job(
        worker, attempts=3, backoff={"type": "exponential", "delay_ms": 1000}
    )
    now = datetime.now(UTC)
    delays = []
    for attempt in (1, 2):
        (claimed,) = await services.claim_jobs("w1", 1, now=now)
        assert claimed.attempts_made == attempt
        before = datetime.now(UTC)
        assert await services.fail_job(claimed, f"attempt {attempt} failed") is True
        stored = await Job.get(id=job.id)
        assert stored.state is JobState.DELAYED
        assert stored.error == {"message": f"attempt {attempt} failed"}
        delays.append((stored.run_at - before).total_seconds())
        assert await services.claim_jobs("w1", 1, now=now) == []  # not before the backoff
        now = stored.run_at
    assert 0.9 < delays[0] < 1.5
    assert 1.9 < delays[1] < 2.5

    (last,) = await services.claim_jobs("w1", 1, now=now)
    assert last.attempts_made == 3
    await services.fail_job(last, {"message": "still down", "code": 503})

    stored = await Job.get(id=job.id)
    assert stored.state is JobState.FAILED
    assert stored.error == {"message": "still down", "code": 503}
    assert stored.finished_at is not None
    assert await services.claim_jobs("w1", 1, now=now + timedelta(days=1)) == []


async def test_a_fixed_backoff_waits_the_same_each_time(worker: Script) -> None:
    job = await services.enqueue_job(worker, attempts=3, backoff=1500)
    now = datetime.now(UTC)
    for _ in range(2):
        (claimed,) = await services.claim_jobs("w1", 1, now=now)
        before = datetime.now(UTC)
        await services.fail_job(claimed, "x")
        stored = await Job.get(id=job.id)
        assert 1.4 < (stored.run_at - before).total_seconds() < 2.0
        now = stored.run_at


async def test_a_job_whose_worker_died_is_claimed_again(worker: Script) -> None:
    """Jobs survive a restart: the lease of a dead worker runs out and another takes over."""
    job = await services.enqueue_job(worker, attempts=2)
    (first,) = await services.claim_jobs("dead-worker", 1, lease=timedelta(seconds=30))
    assert await services.claim_jobs("w2", 1) == []  # the lease still holds

    after_lease = datetime.now(UTC) + timedelta(seconds=31)
    (second,) = await services.claim_jobs("w2", 1, now=after_lease)

    assert second.id == job.id
    assert (second.attempts_made, second.locked_by) == (2, "w2")
    assert await services.complete_job(first, "late") is False  # the dead worker lost it
    assert await services.complete_job(second, "done") is True


async def test_a_lost_job_without_attempts_left_fails(worker: Script) -> None:
    job = await services.enqueue_job(worker)  # one attempt
    await services.claim_jobs("dead-worker", 1, lease=timedelta(seconds=1))

    later = datetime.now(UTC) + timedelta(seconds=5)
    assert await services.claim_jobs("w2", 1, now=later) == []

    stored = await Job.get(id=job.id)
    assert stored.state is JobState.FAILED
    assert stored.error == {"message": LOST_WORKER}


async def test_enqueue_validates(worker: Script) -> None:
    for kwargs, path in [
        ({"attempts": 0}, "attempts"),
        ({"delay_ms": -1}, "delay_ms"),
        ({"function": "not valid"}, "function"),
        ({"data": {"x": float("nan")}}, "data"),
    ]:
        with pytest.raises(ValidationFailed) as raised:
            await services.enqueue_job(worker, **kwargs)
        assert raised.value.details[0]["path"] == path


async def test_concurrent_claimers_never_share_a_job(db: str, worker: Script) -> None:
    jobs = [await services.enqueue_job(worker, data=n) for n in range(30)]

    batches = await asyncio.gather(*(services.claim_jobs(f"w{n}", 4) for n in range(10)))

    claimed = [job.id for batch in batches for job in batch]
    assert len(claimed) == len(set(claimed)) == 30
    assert sorted(claimed) == sorted(j.id for j in jobs)
    stored = await Job.filter(id__in=claimed)
    assert all(j.attempts_made == 1 and j.state is JobState.ACTIVE for j in stored)


async def test_claims_skip_rows_locked_by_another_worker(
    db: str, db_url: str, worker: Script
) -> None:
    """PostgreSQL: a claim does not wait for, nor take, jobs another transaction holds."""
    if db != "postgres":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite runs one transaction at a time")
    jobs = [await services.enqueue_job(worker, data=n) for n in range(4)]
    held = [jobs[0].id, jobs[1].id]
    other = await asyncpg.connect(db_url)
    try:
        async with other.transaction():
            rows = await other.fetch(
                "SELECT id FROM script_jobs WHERE id = ANY($1::bigint[]) FOR UPDATE", held
            )
            assert len(rows) == 2

            claimed = await asyncio.wait_for(services.claim_jobs("w1", 10), timeout=5)

            assert sorted(j.id for j in claimed) == [jobs[2].id, jobs[3].id]
    finally:
        await other.close()
    rest = await services.claim_jobs("w2", 10)
    assert sorted(j.id for j in rest) == held


# -- schedules -------------------------------------------------------------------------------


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cron", "tz", "after", "expected"),
    [
        # 09:00 New York is 14:00 UTC in winter and 13:00 UTC once DST starts (8 March 2026).
        ("0 9 * * *", "America/New_York", utc(2026, 3, 6, 15), utc(2026, 3, 7, 14)),
        ("0 9 * * *", "America/New_York", utc(2026, 3, 7, 15), utc(2026, 3, 8, 13)),
        ("0 9 * * *", "America/New_York", utc(2026, 10, 31, 14), utc(2026, 11, 1, 14)),
        # 01:30 London does not exist on 29 March 2026: it fires at 02:30 BST (01:30 UTC).
        ("30 1 * * *", "Europe/London", utc(2026, 3, 28, 12), utc(2026, 3, 29, 1, 30)),
        # 01:30 London happens twice on 25 October 2026: it fires on the first only.
        ("30 1 * * *", "Europe/London", utc(2026, 10, 24, 12), utc(2026, 10, 25, 0, 30)),
        ("30 1 * * *", "Europe/London", utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)),
        # Created during the repeated hour, after the first 01:30: the second one is next.
        ("30 1 * * *", "Europe/London", utc(2026, 10, 25, 1, 10), utc(2026, 10, 25, 1, 30)),
        ("*/15 * * * *", "UTC", utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 0, 15)),
        ("0 0 29 2 *", "Asia/Tokyo", utc(2026, 1, 1), utc(2028, 2, 28, 15)),
    ],
)
def test_next_run_reads_the_zone_wall_clock(
    cron: str, tz: str, after: datetime, expected: datetime
) -> None:
    assert schedules.next_run(cron, tz, after) == expected


async def test_due_schedules_fire_once_across_processes(worker: Script) -> None:
    schedule = await schedules.create_schedule(SYSTEM, worker.id, "*/5 * * * *")
    await schedules.create_schedule(SYSTEM, worker.id, "*/5 * * * *", enabled=False)
    assert schedule.next_run_at is not None
    assert await services.due_schedules(schedule.next_run_at - timedelta(seconds=1)) == []

    now = schedule.next_run_at + timedelta(seconds=2)
    seen_by_a = await services.due_schedules(now)
    seen_by_b = await services.due_schedules(now)
    assert [s.id for s in seen_by_a] == [s.id for s in seen_by_b] == [schedule.id]

    won = [await services.advance_schedule(seen_by_a[0], now)]
    won.append(await services.advance_schedule(seen_by_b[0], now))

    assert won == [True, False]
    stored = await Schedule.get(id=schedule.id)
    assert stored.last_run_at == now
    assert stored.next_run_at == schedule.next_run_at + timedelta(minutes=5)
    assert await services.due_schedules(now) == []
    await services.mark_schedule_run(schedule.id, RunStatus.ERROR)
    assert (await Schedule.get(id=schedule.id)).last_status == "error"


async def test_missed_runs_are_not_made_up(worker: Script) -> None:
    schedule = await schedules.create_schedule(SYSTEM, worker.id, "0 * * * *")
    assert schedule.next_run_at is not None
    much_later = schedule.next_run_at + timedelta(hours=5, minutes=20)

    assert await services.advance_schedule(schedule, much_later) is True

    # One run now for the five missed, then on to the next hour.
    assert schedule.next_run_at - much_later == timedelta(minutes=40)
    assert (await Schedule.get(id=schedule.id)).last_run_at == much_later


# -- runs, lookups, env ----------------------------------------------------------------------


async def test_record_run_fills_in_from_the_script_and_request(worker: Script) -> None:
    token = context.request_id.set("req-42")
    try:
        run = await services.record_run(
            script=worker, status=RunStatus.OK, trigger=RunTrigger.HTTP, result=[1, 2]
        )
    finally:
        context.request_id.reset(token)

    assert run.app_id == worker.app_id  # type: ignore[attr-defined]
    assert run.script_name == "worker"
    assert run.request_id == "req-42"
    assert run.logs == []
    assert run.result == [1, 2]
    cli = await services.record_run(
        script=None, status=RunStatus.TIMEOUT, trigger=RunTrigger.CLI, script_name="file.js"
    )
    assert (cli.app_id, cli.script_id, cli.script_name) == (None, None, "file.js")  # type: ignore[attr-defined]


async def test_lookups_for_the_sandbox(shop: App, worker: Script) -> None:
    await create_script(SYSTEM, shop, "helpers", "export const x = 1;")
    other = await apps.create_app(SYSTEM, "other")
    await create_script(SYSTEM, other, "helpers", "// other app")

    assert await services.app_scripts(shop.id) == {
        "worker": worker.code,
        "helpers": "export const x = 1;",
    }
    assert (await services.get_script(str(worker.uuid))).id == worker.id
    assert (await services.get_script(worker.id)).id == worker.id
    found = await services.get_script_by_app_and_name("shop", "helpers")
    assert found.code == "export const x = 1;"
    assert (await services.get_script_by_app_and_name(other, "helpers")).code == "// other app"
    with pytest.raises(NotFound):
        await services.get_script_by_app_and_name(shop, "missing")
    with pytest.raises(NotFound):
        await services.get_script("not-a-uuid")


async def test_set_env_from_script(shop: App) -> None:
    await services.set_env_from_script(shop.id, "LAST_SYNC", "2026-05-01")
    await services.set_env_from_script(shop.id, "LAST_SYNC", "2026-05-02")
    assert await services.env_for_scripts(shop.id) == {"LAST_SYNC": "2026-05-02"}

    await env.create_env_var(SYSTEM, shop, "PINNED", "x", locked=True)
    with pytest.raises(Conflict):
        await services.set_env_from_script(shop.id, "PINNED", "y")
    with pytest.raises(ValidationFailed):
        await services.set_env_from_script(shop.id, "bad-key", "y")
    assert (await EnvVar.get(key="PINNED")).value == "x"


# -- demo ------------------------------------------------------------------------------------


async def test_demo_step_is_idempotent(db: str) -> None:
    from runtime.demo import seed_apps

    said: list[str] = []
    await seed_apps(said.append)
    await seed_scripts(said.append)
    first = list(said)
    said.clear()
    await seed_scripts(said.append)

    assert said == []
    assert any("callback" in line for line in first)
    desk = await App.get(name="support-desk")
    modules = await services.app_scripts(desk.id)
    assert set(modules) == {"helpers", "callback"}
    assert "import { kv } from 'cxKV'" in modules["callback"]
    assert "from './helpers'" in modules["callback"]
    assert "export async function main(data" in modules["callback"]
    assert await services.env_for_scripts(desk.id) == {"SUPPORT_HOURS": "Mon-Fri 09:00-17:00"}
    (schedule,) = await Schedule.filter(app_id=desk.id)
    assert (schedule.enabled, schedule.next_run_at) == (False, None)

"""The ScriptForge tables themselves: defaults, uniqueness, what a deleted app or script takes
with it, and JSON columns that keep strings as strings."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError

from runtime.auth.principal import SYSTEM
from runtime.models import App
from runtime.services import apps
from scriptforge.models import (
    EnvVar,
    Job,
    KVEntry,
    Run,
    RunStatus,
    RunTrigger,
    Schedule,
    Script,
    ScriptVersion,
    json_arg,
)

NOW = datetime(2026, 5, 1, tzinfo=UTC)


@pytest.fixture
async def shop(db: str) -> App:
    return await apps.create_app(SYSTEM, "shop")


async def a_script(app: App, name: str = "main") -> Script:
    return await Script.create(uuid=uuid.uuid4(), app_id=app.id, name=name)


async def test_script_defaults(shop: App) -> None:
    script = await a_script(shop)
    stored = await Script.get(id=script.id)

    assert (stored.type.value, stored.access.value, stored.routing_priority.value) == (
        "app",
        "apikey",
        "disabled",
    )
    assert (stored.cpu_ms, stored.memory_mb, stored.wall_ms) == (1000, 64, 10000)
    assert (stored.rate_limit_per_minute, stored.version, stored.code) == (600, 1, "")


@pytest.mark.parametrize(
    "make",
    [
        lambda app, s: Script.create(uuid=uuid.uuid4(), app_id=app.id, name="main"),
        lambda app, s: ScriptVersion.create(script_id=s.id, version=1, code=""),
        lambda app, s: EnvVar.create(app_id=app.id, key="K"),
        lambda app, s: KVEntry.create(app_id=app.id, key="k", value="v"),
    ],
    ids=["script name", "version number", "env key", "kv key"],
)
async def test_names_are_unique_within_an_app(shop: App, make: Any) -> None:
    script = await a_script(shop)
    await ScriptVersion.create(script_id=script.id, version=1, code="")
    await EnvVar.create(app_id=shop.id, key="K")
    await KVEntry.create(app_id=shop.id, key="k", value="v")
    other = await apps.create_app(SYSTEM, "other")
    await make(other, await a_script(other, "other"))  # the same names elsewhere: fine

    with pytest.raises(IntegrityError):
        await make(shop, script)


async def test_deleting_an_app_takes_everything_but_the_runs(shop: App) -> None:
    script = await a_script(shop)
    await ScriptVersion.create(script_id=script.id, version=1, code="")
    await Job.create(app_id=shop.id, script_id=script.id, run_at=NOW)
    await Schedule.create(app_id=shop.id, script_id=script.id, cron="* * * * *")
    await KVEntry.create(app_id=shop.id, key="k", value="v")
    await EnvVar.create(app_id=shop.id, key="K")
    run = await Run.create(
        script_id=script.id,
        app_id=shop.id,
        script_name="main",
        status=RunStatus.OK,
        trigger=RunTrigger.API,
        started_at=NOW,
    )

    await shop.delete()

    for model in (Script, ScriptVersion, Job, Schedule, KVEntry, EnvVar):
        assert await model.all().count() == 0, model.__name__
    kept = await Run.get(id=run.id)
    assert (kept.script_id, kept.app_id, kept.script_name) == (None, shop.id, "main")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "value",
    ["hello", "42", '{"a": 1}', "", 0, 1.5, True, [1, "two"], {"nested": {"x": None}}],
)
async def test_json_columns_keep_every_json_value(shop: App, value: Any) -> None:
    script = await a_script(shop)
    job = await Job.create(
        app_id=shop.id, script_id=script.id, run_at=NOW, data=json_arg(value), result=None
    )
    assert job.data == value
    job.result = value
    await job.save()
    await Job.filter(id=job.id).update(progress=value)
    run = await Run.create(
        app_id=shop.id,
        script_name="main",
        status=RunStatus.OK,
        trigger=RunTrigger.API,
        started_at=NOW,
        result=json_arg(value),
    )

    stored_job = await Job.get(id=job.id)
    stored_run = await Run.get(id=run.id)

    assert stored_job.data == stored_job.result == stored_job.progress == value
    assert type(stored_job.data) is type(value)
    assert stored_run.result == value
    assert stored_run.logs == []

"""Background imports: upload, preview, start with a mapping, progress, report, cancel."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from querybuilder import datasets, imports
from querybuilder.models import DatasetPreset, ImportJob, ImportStatus
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps

URL = "/api/v1/apps/crm/datasets/leads"


@pytest.fixture
async def leads(db: str) -> Any:
    app = await apps.create_app(SYSTEM, "crm")
    return await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)


async def _finished(app: Any, client: httpx.AsyncClient, headers: Any, job: dict[str, Any]) -> Any:
    await imports.import_runner(app).wait(job["id"])
    got = await client.get(f"{URL}/imports/{job['id']}", headers=headers)
    assert got.status_code == 200, got.text
    return got.json()


async def _count(client: httpx.AsyncClient, headers: Any) -> int:
    return int((await client.get(f"{URL}/rows", headers=headers)).json()["total"])


async def test_upload_preview_map_and_run(
    app: Any, client: httpx.AsyncClient, auth_headers: Any, leads: Any, settings: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    csv_text = "Given,Tel,Status,Notes\n" + "".join(
        f"Lead{n},4420{n:06d},new,note {n}\n" for n in range(2500)
    )
    made = await client.post(
        f"{URL}/imports",
        headers=headers,
        params={"start": "false", "filename": "../../leads.csv"},
        content=csv_text.encode(),
    )
    assert made.status_code == 202, made.text
    job = made.json()
    assert (job["status"], job["filename"], job["bytes_total"]) == (
        "uploaded",
        "leads.csv",
        len(csv_text),
    )

    shown = (await client.get(f"{URL}/imports/{job['uuid']}/preview", headers=headers)).json()
    assert shown["fields"] == ["Given", "Tel", "Status", "Notes"]
    assert shown["header"] is True  # "Tel" over numbers: a header, though not column names
    assert shown["rows"][0] == ["Lead0", "4420000000", "new", "note 0"]
    assert shown["mapping"]["Status"] == "status"
    assert shown["mapping"]["Notes"] == "notes"

    bad_map = await client.post(
        f"{URL}/imports/{job['id']}/start",
        headers=headers,
        json={"mapping": {"Tel": "telephone"}},
    )
    assert bad_map.status_code == 422
    assert bad_map.json()["error"]["details"][0]["path"] == "mapping.Tel"

    mapping = {**shown["mapping"], "Given": "first_name", "Tel": "phone"}
    started = await client.post(
        f"{URL}/imports/{job['id']}/start",
        headers=headers,
        json={"mapping": mapping, "header": True},
    )
    assert started.status_code == 202, started.text
    again = await client.post(f"{URL}/imports/{job['id']}/start", headers=headers, json={})
    assert again.status_code in (202, 409)  # 409 while it runs; it may already be done

    done = await _finished(app, client, headers, started.json())
    assert done["status"] == "succeeded", done
    assert (done["rows_imported"], done["percent"]) == (2500, 100.0)
    assert done["report"]["committed"] is True
    assert "2,500 rows imported" in done["message"]
    assert await _count(client, headers) == 2500
    assert not imports.upload_path(settings.data_dir, await ImportJob.get(id=job["id"])).exists()
    listed = await client.get(f"{URL}/imports", headers=headers)
    assert [j["id"] for j in listed.json()["items"]] == [job["id"]]


async def test_all_or_nothing_then_skip_bad_rows(
    app: Any, client: httpx.AsyncClient, auth_headers: Any, leads: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    lines = ["first_name,phone,custom"] + [f"L{n},{n},{{}}" for n in range(50)]
    lines[10] = "L9,9,{not json"
    lines[30] = "L29,29,[1"
    body = ("\n".join(lines) + "\n").encode()

    first = (await client.post(f"{URL}/imports", headers=headers, content=body)).json()
    failed = await _finished(app, client, headers, first)
    assert failed["status"] == "failed"
    assert [e["line"] for e in failed["report"]["errors"]] == [11, 31]
    assert "nothing imported" in failed["message"]
    assert await _count(client, headers) == 0, "all-or-nothing left the table unchanged"

    # The file is kept: start it again, skipping the bad rows.
    retried = await client.post(
        f"{URL}/imports/{first['id']}/start", headers=headers, json={"skip_bad_rows": True}
    )
    assert retried.status_code == 202, retried.text
    done = await _finished(app, client, headers, retried.json())
    assert done["status"] == "succeeded"
    assert (done["rows_imported"], done["report"]["errors_total"]) == (48, 2)
    assert await _count(client, headers) == 48
    gone = await client.get(f"{URL}/imports/{first['id']}/preview", headers=headers)
    assert gone.status_code == 409  # a succeeded import's file is deleted

    assert (await client.delete(f"{URL}/imports/{first['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"{URL}/imports/{first['id']}", headers=headers)).status_code == 404


async def test_cancel_rolls_back(
    app: Any,
    client: httpx.AsyncClient,
    auth_headers: Any,
    leads: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    reading = asyncio.Event()
    never = asyncio.Event()

    async def stalled(path: Path, tracker: Any) -> AsyncIterator[bytes]:
        data = await asyncio.to_thread(path.read_bytes)
        tracker.bytes_read = len(data) // 2
        yield data
        reading.set()
        await never.wait()  # the rest of a very large file, still arriving

    monkeypatch.setattr(imports, "_file_chunks", stalled)
    body = "first_name\n" + "".join(f"L{n}\n" for n in range(20_000))
    job = (await client.post(f"{URL}/imports", headers=headers, content=body.encode())).json()
    await reading.wait()
    running = (await client.get(f"{URL}/imports/{job['id']}", headers=headers)).json()
    assert running["status"] == "running"
    assert 0 < running["percent"] < 100
    busy = await client.delete(f"{URL}/imports/{job['id']}", headers=headers)
    assert busy.status_code == 409

    cancelled = await client.post(f"{URL}/imports/{job['id']}/cancel", headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert await _count(client, headers) == 0
    again = await client.post(f"{URL}/imports/{job['id']}/cancel", headers=headers)
    assert again.status_code == 409


async def test_restart_fails_orphaned_imports(leads: Any) -> None:
    job = await ImportJob.create(
        uuid=uuid.uuid4(),
        app_id=leads.app_id,
        dataset=leads,
        status=ImportStatus.RUNNING,
    )
    assert await imports.interrupt_orphans() == 1
    await job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "restart" in job.message


async def test_upload_limits_and_bad_input(
    app: Any, client: httpx.AsyncClient, auth_headers: Any, leads: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    empty = await client.post(f"{URL}/imports", headers=headers, content=b"")
    assert empty.status_code == 422
    bad_mapping = await client.post(
        f"{URL}/imports", headers=headers, params={"mapping": "[1"}, content=b"a\n"
    )
    assert bad_mapping.status_code == 422
    assert bad_mapping.json()["error"]["details"][0]["path"] == "mapping"
    readonly = await auth_headers(Role.READONLY)
    denied = await client.post(f"{URL}/imports", headers=readonly, content=b"first_name\nA\n")
    assert denied.status_code == 403
    assert await ImportJob.all().count() == 0

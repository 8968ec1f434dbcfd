"""Import and export over HTTP: streamed bodies, reports, escaping, the upload limit."""

from __future__ import annotations

from typing import Any

import httpx

from querybuilder import datasets
from querybuilder.models import DatasetPreset
from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import apps


async def test_import_then_export(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    app = await apps.create_app(SYSTEM, "lists")
    await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    url = "/api/v1/apps/lists/datasets/leads"
    good = "first_name,phone,status\nAda,441,new\n=HYPERLINK(1),442,new\n"
    bad = good + "Bob,443,new\nCid,444,new\n"
    bad = bad.replace("Bob,443,new", "Bob,443,new,extra,cells")

    refused = await client.post(f"{url}/import", headers=headers, content=bad.encode())
    assert refused.status_code == 200, refused.text
    report = refused.json()
    assert (report["committed"], report["rows_imported"]) == (False, 0)
    assert [e["line"] for e in report["errors"]] == [4]
    listed = await client.get(f"{url}/rows", headers=headers)
    assert listed.json()["total"] == 0, "all-or-nothing left the table unchanged"

    skipped = await client.post(
        f"{url}/import", headers=headers, content=bad.encode(), params={"skip_bad_rows": "true"}
    )
    assert (skipped.json()["committed"], skipped.json()["rows_imported"]) == (True, 3)
    assert await AuditEntry.exists(action="rows.import")

    export = await client.get(f"{url}/export", headers=headers)
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    text = export.text
    assert text.splitlines()[0].startswith("id,created_at,updated_at,first_name")
    assert "'=HYPERLINK(1)" in text, "a formula cell is escaped"
    lines = (
        await client.get(f"{url}/export", headers=headers, params={"format": "jsonl"})
    ).text.splitlines()
    assert len(lines) == 3


async def test_uploads_get_their_own_body_limit(app: Any, settings: Any, auth_headers: Any) -> None:
    from runtime.app import create_app

    small = create_app(
        settings.model_copy(update={"max_body_bytes": 2048, "max_upload_bytes": 4096}),
        manage_database=False,
    )
    transport = httpx.ASGITransport(app=small)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        headers = await auth_headers(Role.ADMIN)
        owner = await apps.create_app(SYSTEM, "limits")
        await datasets.create_dataset(SYSTEM, owner, "kv", preset=DatasetPreset.KEY_VALUE)
        body = ("key,value\n" + "".join(f"k{n},v\n" for n in range(400))).encode()
        assert 2048 < len(body) < 4096
        ok = await client.post(
            "/api/v1/apps/limits/datasets/kv/import", headers=headers, content=body
        )
        assert ok.status_code == 200, ok.text
        too_big = await client.post(
            "/api/v1/apps/limits/datasets/kv/import", headers=headers, content=body * 2
        )
        assert too_big.status_code == 413
        elsewhere = await client.post("/api/v1/apps", headers=headers, content=body)
        assert elsewhere.status_code == 413

"""The data editor pages: create a dataset, edit its columns, import a file in the wizard."""

from __future__ import annotations

import re
from typing import Any

import httpx

from querybuilder import datasets, imports, rows
from querybuilder.models import Dataset, DatasetPreset, ImportJob, ImportStatus
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from tests.ui.ui_support import CSRF_INPUT, Ui

SCHEMA = "/data/sales/datasets/people/schema"


async def _signed_in(client: httpx.AsyncClient, make_user: Any, role: Role = Role.ADMIN) -> Ui:
    account = await make_user(role)
    ui = Ui(client)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303
    return ui


def csrf_of(html: str) -> str:
    """The CSRF token of the page's own forms (each must carry it, not only the header's)."""
    main = html.split('<main id="main"', 1)[-1]
    tokens = set(CSRF_INPUT.findall(main))
    assert len(tokens) == 1 and "" not in tokens, tokens
    return tokens.pop()


def _columns(dataset: Dataset) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in dataset.columns}


async def test_create_dataset_and_edit_its_columns(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    await apps.create_app(SYSTEM, "sales")
    ui = await _signed_in(client, make_user)

    home = await ui.get("/data")
    assert "/data/sales/datasets/new" in home.text
    page = await ui.get("/data/sales/datasets/new")
    assert page.status_code == 200 and 'name="preset"' in page.text
    refused = await ui.post(
        "/data/sales/datasets/new",
        {"name": "people", "preset": "custom", "columns": "age integr"},
        csrf=csrf_of(page.text),
    )
    assert refused.status_code == 422
    assert "column 1 of the list (type)" in refused.text and 'role="alert"' in refused.text

    created = await ui.post(
        "/data/sales/datasets/new",
        {
            "name": "people",
            "preset": "custom",
            "description": "made in the UI",
            "columns": "name string required\nage string\n\ncity string indexed",
        },
        csrf=csrf_of(page.text),
    )
    assert created.status_code == 303 and created.headers["location"].endswith(SCHEMA)
    app = await apps.get_app("sales")
    people = await datasets.get_dataset(app, "people")
    assert people.description == "made in the UI"
    assert _columns(people)["name"]["nullable"] is False
    assert _columns(people)["city"]["indexed"] is True
    assert people.per_customer is False

    schema_page = await ui.get(SCHEMA)
    assert "Dataset people created." in schema_page.text
    assert 'id="col-age-name"' in schema_page.text
    assert '<fieldset class="plain" disabled>' not in schema_page.text

    owned = await ui.post(
        "/data/sales/datasets/new",
        {"name": "orders", "preset": "custom", "per_customer": "1", "columns": "item string"},
        csrf=csrf_of(page.text),
    )
    assert owned.status_code == 303, owned.text
    assert (await datasets.get_dataset(app, "orders")).per_customer is True
    assert "its rows belong to customers" in (await ui.get(owned.headers["location"])).text
    token = csrf_of(schema_page.text)

    # Add a column.
    added = await ui.post(
        f"{SCHEMA}/columns",
        {"name": "score", "type": "decimal", "precision": "6", "scale": "1", "nullable": "1"},
        csrf=token,
    )
    assert added.status_code == 303
    people = await datasets.get_dataset(app, "people")
    assert _columns(people)["score"]["type"] == "decimal(6,1)"
    # A bad name is refused next to the add form, with what was typed kept.
    bad = await ui.post(f"{SCHEMA}/columns", {"name": "id", "type": "string"}, csrf=token)
    assert bad.status_code == 422
    assert "reserved" in bad.text and 'id="add-name" name="name" value="id"' in bad.text

    await rows.insert_row(people, {"name": "Ada", "age": "36"})
    await rows.insert_row(people, {"name": "Bob", "age": "about 40"})

    # Rename (and toggle unique) a column.
    renamed = await ui.post(
        f"{SCHEMA}/columns/city",
        {"name": "town", "type": "string", "nullable": "1", "unique": "1", "indexed": "1"},
        csrf=token,
    )
    assert renamed.status_code == 303
    people = await datasets.get_dataset(app, "people")
    assert _columns(people)["town"]["unique"] is True and "city" not in _columns(people)

    # A lossy type change is refused, naming the row.
    lossy = await ui.post(
        f"{SCHEMA}/columns/age", {"name": "age", "type": "integer", "nullable": "1"}, csrf=token
    )
    assert lossy.status_code == 422
    bob = (await rows.list_rows(people, equals={"name": "Bob"})).rows[0]
    assert "1 row(s) would lose data" in lossy.text
    assert f'<span class="mono">row {bob["id"]}</span>: age: is not a valid integer' in lossy.text
    assert 'class="error-row"' in lossy.text
    people = await datasets.get_dataset(app, "people")
    assert _columns(people)["age"]["type"] == "string"

    # Fix the value, then the change goes through.
    await rows.update_row(people, bob["id"], {"age": "40"})
    retyped = await ui.post(
        f"{SCHEMA}/columns/age",
        {"name": "age", "type": "integer", "nullable": "1", "default": "0"},
        csrf=token,
    )
    assert retyped.status_code == 303
    people = await datasets.get_dataset(app, "people")
    assert _columns(people)["age"] | {} == {
        "name": "age",
        "type": "integer",
        "nullable": True,
        "default": 0,
        "unique": False,
        "indexed": False,
    }
    shown = await ui.get(SCHEMA)
    assert "Column age saved." in shown.text
    assert 'id="col-age-default" name="default" value="0"' in shown.text

    # Drop a column.
    dropped = await ui.post(f"{SCHEMA}/columns/score/drop", csrf=token)
    assert dropped.status_code == 303
    people = await datasets.get_dataset(app, "people")
    assert "score" not in _columns(people)
    assert 'data-confirm="Drop column town' in (await ui.get(SCHEMA)).text

    # Delete the dataset.
    deleted = await ui.post("/data/sales/datasets/people/delete", csrf=token)
    assert deleted.status_code == 303 and deleted.headers["location"].endswith("/data")
    assert not await Dataset.exists(app_id=app.id, name="people")


async def test_readonly_sees_disabled_forms_and_cannot_post(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    app = await apps.create_app(SYSTEM, "sales")
    await datasets.create_dataset(SYSTEM, app, "dnc", preset=DatasetPreset.KEY_VALUE)
    ui = await _signed_in(client, make_user, Role.READONLY)
    schema_dnc = "/data/sales/datasets/dnc/schema"

    page = await ui.get(schema_dnc)
    assert page.status_code == 200
    assert '<fieldset class="plain" disabled>' in page.text
    assert "Delete dataset" not in page.text
    token = csrf_of(page.text)
    upload = await ui.get("/data/sales/datasets/dnc/import")
    assert upload.status_code == 200 and '<fieldset class="plain" disabled>' in upload.text
    new = await ui.get("/data/sales/datasets/new")
    assert new.status_code == 200 and '<fieldset class="plain" disabled>' in new.text

    for path, data in (
        (f"{schema_dnc}/columns", {"name": "x", "type": "string"}),
        (f"{schema_dnc}/columns/value", {"name": "v", "type": "text"}),
        (f"{schema_dnc}/columns/value/drop", {}),
        ("/data/sales/datasets/dnc/delete", {}),
        ("/data/sales/datasets/new", {"name": "other", "preset": "custom"}),
    ):
        assert (await ui.post(path, data, csrf=token)).status_code == 403, path
    posted = await client.post(
        "/data/sales/datasets/dnc/import",
        data={"csrf_token": token, "format": "csv"},
        files={"file": ("dnc.csv", b"key,value\n1,x\n", "text/csv")},
    )
    assert posted.status_code == 403
    dnc = await datasets.get_dataset(app, "dnc")
    assert [c["name"] for c in dnc.columns] == ["key", "value"]
    assert not await ImportJob.exists()


async def _upload(ui: Ui, client: httpx.AsyncClient, path: str, content: bytes) -> int:
    token = csrf_of((await ui.get(path)).text)
    sent = await client.post(
        path,
        data={"csrf_token": token, "format": "csv"},
        files={"file": ("people.csv", content, "text/csv")},
    )
    assert sent.status_code == 303, sent.text
    match = re.search(r"/imports/(\d+)$", sent.headers["location"])
    assert match
    return int(match.group(1))


async def test_import_wizard(client: httpx.AsyncClient, make_user: Any, app: Any) -> None:
    sales = await apps.create_app(SYSTEM, "sales")
    people = await datasets.create_dataset(
        SYSTEM,
        sales,
        "people",
        columns=[{"name": "name", "type": "string"}, {"name": "age", "type": "integer"}],
    )
    ui = await _signed_in(client, make_user)
    upload_page = "/data/sales/datasets/people/import"
    assert "Step 1: upload a file" in (await ui.get(upload_page)).text

    # A forged upload (no CSRF token) and an empty one are refused.
    forged = await client.post(
        upload_page, data={"format": "csv"}, files={"file": ("a.csv", b"x\n", "text/csv")}
    )
    assert forged.status_code == 403
    token = csrf_of((await ui.get(upload_page)).text)
    empty = await client.post(
        upload_page,
        data={"csrf_token": token, "format": "csv"},
        files={"file": ("a.csv", b"", "text/csv")},
    )
    assert empty.status_code == 422 and "the file is empty" in empty.text

    # Upload: source fields "Full name" and "Years" do not match the columns by name.
    job_id = await _upload(ui, client, upload_page, b"Full name,Years,Town\nAda,36,x\nBob,41,y\n")
    job_page = f"/data/sales/datasets/people/imports/{job_id}"
    step2 = await ui.get(job_page)
    assert step2.status_code == 200
    assert "Step 2: map fields and start" in step2.text
    assert '<td class="mono">Ada</td>' in step2.text
    assert 'id="header" name="header" value="1" checked' in step2.text
    assert 'for="map-0">Column for Full name</label>' in step2.text
    assert 'id="mode-all" name="mode" value="all" checked' in step2.text

    started = await ui.post(
        f"{job_page}/start",
        {"map_0": "name", "map_1": "age", "map_2": "", "header": "1", "mode": "all"},
        csrf=csrf_of(step2.text),
    )
    assert started.status_code == 303 and started.headers["location"].endswith(job_page)
    await imports.import_runner(app).wait(job_id)
    job = await ImportJob.get(id=job_id)
    assert job.status == ImportStatus.SUCCEEDED
    assert job.mapping == {"Full name": "name", "Years": "age", "Town": None}
    report = await ui.get(job_page)
    assert '<h2 id="outcome-heading">Imported</h2>' in report.text
    assert "2 rows imported" in report.text
    assert "hx-trigger" not in report.text
    names = [r["name"] for r in (await rows.list_rows(people, sort="id")).rows]
    assert names == ["Ada", "Bob"]
    # The fragment htmx polls is the job block alone.
    fragment = await client.get(job_page, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and 'id="import-job"' in fragment.text

    # A failing all-or-nothing import lists its bad lines and offers to start again.
    bad_csv = b"name,age\nCy,30\nDee,old\nEve,\nFay,abc\n"
    job_id = await _upload(ui, client, upload_page, bad_csv)
    job_page = f"/data/sales/datasets/people/imports/{job_id}"
    step2 = await ui.get(job_page)
    assert 'id="map-1" name="map_1"' in step2.text
    assert re.search(r'<option value="age" selected>age</option>', step2.text)
    await ui.post(
        f"{job_page}/start",
        {"map_0": "name", "map_1": "age", "header": "1", "mode": "all"},
        csrf=csrf_of(step2.text),
    )
    await imports.import_runner(app).wait(job_id)
    failed = await ui.get(job_page)
    assert "Import failed" in failed.text
    assert "nothing imported: 2 bad rows (all-or-nothing)" in failed.text
    assert '<td class="mono">3</td><td class="mono">age</td>' in failed.text
    assert '<td class="mono">5</td><td class="mono">age</td>' in failed.text
    assert "Start again" in failed.text
    assert len((await rows.list_rows(people)).rows) == 2

    again = await ui.post(
        f"{job_page}/start",
        {"map_0": "name", "map_1": "age", "header": "1", "mode": "skip"},
        csrf=csrf_of(failed.text),
    )
    assert again.status_code == 303
    await imports.import_runner(app).wait(job_id)
    done = await ui.get(job_page)
    assert "2 rows imported, 2 bad rows skipped" in done.text
    assert '<td class="mono">3</td>' in done.text
    assert len((await rows.list_rows(people)).rows) == 4

    # A queued import (here: one no runner holds) shows a self-refreshing progress bar.
    queued_id = await _upload(ui, client, upload_page, b"name,age\nGus,50\n")
    await ImportJob.filter(id=queued_id).update(status=ImportStatus.QUEUED)
    queued_page = f"/data/sales/datasets/people/imports/{queued_id}"
    progress = await ui.get(queued_page)
    assert f'hx-get="http://testserver{queued_page}" hx-trigger="every 1s"' in progress.text
    assert '<progress id="import-progress" max="100" value="0.0">' in progress.text
    cancelled = await ui.post(f"{queued_page}/cancel", csrf=csrf_of(progress.text))
    assert cancelled.status_code == 303
    assert (await ImportJob.get(id=queued_id)).status == ImportStatus.CANCELLED
    after = await ui.get(queued_page)
    assert "Import cancelled" in after.text and "Start again" in after.text

    # The recent imports are listed on the schema page.
    listed = await ui.get("/data/sales/datasets/people/schema")
    assert f"/data/sales/datasets/people/imports/{job_id}" in listed.text
    assert "status-succeeded" in listed.text

"""App bundles: export → import reproduces an app (in this database and in a fresh one),
secrets stay behind, and a tampered bundle is refused."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import uuid
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from pagebuilder import app_templates, pages
from pagebuilder.models import Page, PageAccess
from pagebuilder.pages import document_of
from pagebuilder.render import render_components
from querybuilder import datasets, queries, rows
from querybuilder.models import Dataset, DatasetPreset, SavedQuery
from runtime import db as database
from runtime import versions
from runtime.auth.principal import SYSTEM
from runtime.bundles import export_app, import_app, read_zip
from runtime.errors import ValidationFailed
from runtime.models import App
from runtime.services import apps
from scriptforge.models import EnvVar, Script
from scriptforge.services import env, scripts

PAGE = {
    "title": "Leads",
    "form": {"submit": {"type": "dataset", "dataset": "leads"}},
    "components": [
        {"type": "input", "id": "first_name", "name": "First name", "rules": {"required": True}},
        {
            "type": "select",
            "id": "status",
            "options": {"source": "static", "items": [{"value": "new"}, {"value": "won"}]},
        },
    ],
}


async def _make_app() -> App:
    app = await apps.create_app(SYSTEM, "crm", "CRM", "Leads and more", "Europe/London")
    await scripts.create_script(
        SYSTEM, app, "hello", "export function main(d) { return 'hi ' + d.name }", wall_ms=2000
    )
    await env.create_env_var(SYSTEM, app, "THEME", "dark")
    await env.create_env_var(SYSTEM, app, "API_TOKEN", "s3cret-protected", protected=True)
    await env.create_env_var(SYSTEM, app, "PIN", "s3cret-locked", locked=True)
    leads = await datasets.create_dataset(
        SYSTEM,
        app,
        "leads",
        preset=DatasetPreset.LEAD_SET,
        columns=[{"name": "spend", "type": "decimal(8,2)"}],
    )
    for n in range(5):
        await rows.insert_row(leads, {"first_name": f"L{n}", "spend": f"{n}.50", "status": "new"})
    await queries.create_query(
        SYSTEM,
        app,
        "big spenders",
        "select first_name from leads where spend > 2 order by first_name",
    )
    await queries.create_query(
        SYSTEM,
        app,
        "by status",
        spec={
            "from": "leads",
            "select": [{"column": "status"}, {"aggregate": "count", "as": "n"}],
            "group_by": ["status"],
        },
    )
    await pages.create_page(SYSTEM, app, "index", document=PAGE, access=PageAccess.PUBLIC)
    await app_templates.create_template(
        SYSTEM, app, "welcome-mail", subject="Hi {{name}}", html="<p>Hello {{name}}</p>", sms="Hi"
    )
    return app


async def _describe(app: App) -> dict[str, Any]:
    """Everything an import must reproduce, independent of ids."""
    script = await Script.get(app_id=app.id, name="hello")
    page = await Page.get(app_id=app.id, name="index")
    leads = await Dataset.get(app_id=app.id, name="leads")
    return {
        "app": (app.title, app.description, app.timezone),
        "script": (script.code, script.wall_ms, str(script.uuid)),
        "env": sorted(
            (v.key, v.value, v.protected, v.locked) for v in await EnvVar.filter(app_id=app.id)
        ),
        "columns": leads.columns,
        "rows": [r["first_name"] for r in (await rows.list_rows(leads, limit=50)).rows],
        "queries": sorted(
            (q.name, q.sql, json.dumps(q.spec, sort_keys=True))
            for q in await SavedQuery.filter(app_id=app.id)
        ),
        "page": (page.access, str(render_components(document_of(page)))),
    }


@asynccontextmanager
async def fresh_database(dialect: str, db_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A new, migrated database of the same dialect, bound for the block."""
    if dialect == "sqlite":
        url = f"sqlite://{tmp_path / 'fresh.sqlite3'}"
    else:
        name = f"trunkline_fresh_{uuid.uuid4().hex[:8]}"
        admin = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url = f"{db_url.rpartition('/')[0]}/{name}"
    try:
        await database.migrate(url)
        async with database.open_database(url, shared=False):
            yield url
    finally:
        if dialect != "sqlite":
            admin = await asyncpg.connect(db_url.replace("postgres://", "postgresql://", 1))
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()


async def test_export_then_import_reproduces_the_app(db: str, db_url: str, tmp_path: Path) -> None:
    app = await _make_app()
    original = await _describe(app)
    data = (await export_app(app, with_data=True)).to_zip()
    assert b"s3cret-protected" not in data and b"s3cret-locked" not in data
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names[0] == "manifest.json"
    assert {"scripts/hello.js", "env.json", "datasets/leads.json", "datasets/leads.jsonl",
            "queries/big-spenders.sql", "queries/by-status.json", "pages/index.json",
            "templates/welcome-mail.hbs"} <= set(names)  # fmt: skip

    # Into a fresh database of the same kind.
    async with fresh_database(db, db_url, tmp_path) as fresh:
        copy, notes = await import_app(SYSTEM, read_zip(data))
        assert copy.name == "crm"
        imported = await _describe(copy)
        assert sorted(notes)[0].startswith("5 rows into leads")
        assert any("API_TOKEN" in n for n in notes)
        result = await queries.run_query(
            copy, await queries.get_query(copy, "big spenders"), {}, database_url=fresh
        )
        assert result.rows == [["L2"], ["L3"], ["L4"]]
    secrets_blank = [
        (k, "" if k in ("API_TOKEN", "PIN") else v, p, lk) for k, v, p, lk in original["env"]
    ]
    assert imported["env"] == secrets_blank
    assert {k: v for k, v in imported.items() if k != "env"} == {
        k: v for k, v in original.items() if k != "env"
    }

    # Into this database under a new name: the uuid of the script is taken, so a new one.
    renamed, _ = await import_app(SYSTEM, read_zip(data), name="crm-copy", with_data=False)
    again = await _describe(renamed)
    assert again["rows"] == [] and again["page"] == original["page"]
    assert again["script"][2] != original["script"][2]


async def test_a_tampered_or_foreign_bundle_is_refused(db: str) -> None:
    app = await _make_app()
    data = (await export_app(app)).to_zip()
    source = zipfile.ZipFile(io.BytesIO(data))
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as out:
        for name in source.namelist():
            body = source.read(name)
            out.writestr(name, body.replace(b"hi ", b"pwned ") if name.endswith(".js") else body)
        out.writestr("extra.txt", b"?")
    with pytest.raises(ValidationFailed) as refused:
        read_zip(tampered.getvalue())
    assert [d["path"] for d in refused.value.details or []] == ["scripts/hello.js", "extra.txt"]
    for bad in (b"not a zip", _zip({"../evil": b"x"}), _zip({"manifest.json": b"{}"})):
        with pytest.raises(ValidationFailed):
            read_zip(bad)
    # A bundle that fails half-way leaves no app behind.
    broken = read_zip(data)
    broken.files["pages/index.json"] = (
        b'{"name": "index", "document": {"components": [{"type": "nope", "id": "x"}]}}'
    )
    with pytest.raises(ValidationFailed):
        await import_app(SYSTEM, broken, name="half")
    assert not await App.exists(name="half")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, body in files.items():
            out.writestr(name, body)
    return buffer.getvalue()


async def test_cli_export_and_import(db: str, db_url: str, tmp_path: Path) -> None:
    env_vars = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    env_vars.update(TRUNKLINE_DATABASE_URL=db_url, TRUNKLINE_DATA_DIR=str(tmp_path / "data"))

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "runtime", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env_vars,
            check=False,
        )

    await _make_app()
    bundle = tmp_path / "crm.zip"
    exported = cli("app", "export", "crm", "--with-data", "-o", str(bundle))
    assert exported.returncode == 0, exported.stderr
    imported = cli("app", "import", str(bundle), "--name", "crm-two")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("imported app crm-two")
    assert "note: set the value of API_TOKEN" in imported.stdout
    copy = await App.get(name="crm-two")
    assert await Dataset.filter(app_id=copy.id).count() == 1
    twice = cli("app", "import", str(bundle), "--name", "crm-two")
    assert twice.returncode != 0 and "already exists" in twice.stderr


def _stable(html: str) -> str:
    """A served page without what differs per response (nonces, the page token)."""
    html = re.sub(r"nonce-[A-Za-z0-9_-]+|nonce=\"[A-Za-z0-9_-]+\"", "nonce", html)
    return re.sub(r'"token": ?"[^"]+"', '"token": ""', html)


async def test_a_published_page_renders_the_same_after_export_and_import(
    client: Any, db: str, db_url: str, tmp_path: Path
) -> None:
    app = await _make_app()
    await versions.publish(SYSTEM, app, "1.0.0", "first")
    draft = {**PAGE, "title": "Draft only"}
    await pages.update_page(SYSTEM, app, "index", {"document": draft})  # not published
    served = await client.get("/apps/crm")
    assert served.status_code == 200 and "<title>Leads</title>" in served.text
    data = bytes((await versions.get_version(app, "1.0.0")).bundle)  # export --version 1.0.0
    assert b"s3cret-protected" not in data

    async with fresh_database(db, db_url, tmp_path):
        copy, _ = await import_app(SYSTEM, read_zip(data))
        again = await client.get("/apps/crm")
        assert copy.name == "crm" and again.status_code == 200
        # The same page, but for the locked variable's value: it never leaves its installation.
        expected = _stable(served.text).replace('"PIN": "s3cret-locked"', '"PIN": ""')
        assert expected != _stable(served.text)
        assert _stable(again.text) == expected

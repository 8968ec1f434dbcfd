"""The App Store: listing versions (from an app here, or an uploaded bundle), installing with
the config step, upgrading by the variable rules (Locked, Default, the rest) while keeping
rows, refusing a lossy upgrade whole, and uninstalling without a trace."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pagebuilder import buttons, pages
from pagebuilder.models import Button, Page
from querybuilder import datasets, queries, rows, schema
from querybuilder.models import Dataset, SavedQuery
from runtime import db as database
from runtime import store
from runtime.auth.principal import SYSTEM
from runtime.bundles import export_app, read_zip
from runtime.models import App, AppVersion, AuditEntry, StoreListing
from runtime.services import apps
from runtime.versions import publish
from scriptforge.models import EnvVar, RunStatus, RunTrigger, Script
from scriptforge.services import env, jobs, kv, runs, schedules, scripts
from tests.api.api_support import assert_error, detail_paths
from tests.ui.ui_support import Ui

HELLO = "export function main(d) { return process.env.GREETING + ' ' + d.name }"
PAGE = {"title": "Leads", "components": [{"type": "input", "id": "first_name", "name": "First"}]}


async def _source() -> App:
    """The app a vendor builds here: every kind of variable, a dataset, a query, a page."""
    app = await apps.create_app(SYSTEM, "crm", "CRM", "Leads and calls")
    await scripts.create_script(SYSTEM, app, "hello", HELLO)
    await env.create_env_var(SYSTEM, app, "GREETING", "hi")
    await env.create_env_var(SYSTEM, app, "API_TOKEN", "vendor-secret", protected=True)
    await env.create_env_var(SYSTEM, app, "PIN", "vendor-pin", locked=True)
    await env.create_env_var(SYSTEM, app, "THEME", "dark", is_default=True)
    await env.create_env_var(SYSTEM, app, "REGION", "")
    await datasets.create_dataset(
        SYSTEM,
        app,
        "leads",
        columns=[{"name": "name", "type": "string"}, {"name": "spend", "type": "decimal(8,2)"}],
    )
    await queries.create_query(SYSTEM, app, "all leads", "select name from leads order by name")
    await pages.create_page(SYSTEM, app, "index", document=PAGE)
    await publish(SYSTEM, app, "1.0.0", "first")
    return app


async def _version_two(app: App) -> None:
    """The vendor's next version: new values, new variables, a new column, a new page."""
    await env.update_env_var(SYSTEM, app, "GREETING", {"value": "hello"})
    await env.update_env_var(SYSTEM, app, "THEME", {"value": "light"})
    await env.create_env_var(SYSTEM, app, "NEW_KEY", "")
    await env.create_env_var(SYSTEM, app, "NEW_DEFAULT", "blue", is_default=True)
    hello = await Script.get(app_id=app.id, name="hello")
    await scripts.update_script(SYSTEM, hello.id, {"code": HELLO.replace("' '", "', '")})
    await schema.add_column(SYSTEM, app, "leads", {"name": "note", "type": "text"})
    await pages.update_page(SYSTEM, app, "index", {"title": "Leads v2"})
    await pages.create_page(SYSTEM, app, "about", document={"title": "About", "components": []})
    await buttons.create_button(
        SYSTEM, app, {"label": "Open about", "area": "cp_nav", "page": "about"}
    )
    await publish(SYSTEM, app, "1.1.0", "second")


async def _values(app: App) -> dict[str, str]:
    return {v.key: v.value for v in await EnvVar.filter(app_id=app.id)}


@pytest.fixture
async def admin(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers())


async def test_listing_from_a_version_and_from_an_upload(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    app = await _source()
    made = await client.post(
        "/api/v1/store/listings",
        json={"app": "crm", "version": "1.0.0", "docs": "# CRM\n\n<script>x</script>"},
        headers=admin,
    )
    assert made.status_code == 201, made.text
    assert made.json() | {"published_at": None} == made.json() | {
        "name": "crm",
        "version": "1.0.0",
        "title": "CRM",
        "description": "Leads and calls",
        "note": "first",
        "source_app_id": app.id,
        "published_at": None,
    }
    listing = await StoreListing.get(name="crm", version="1.0.0")
    version = await AppVersion.get(app_id=app.id, version="1.0.0")
    assert bytes(listing.bundle) == bytes(version.bundle)
    # Immutable, and versions of a name only go up.
    again = await client.post(
        "/api/v1/store/listings", json={"app": "crm", "version": "1.0.0"}, headers=admin
    )
    assert detail_paths(assert_error(again, 409, "conflict")) == ["version"]
    missing = await client.post(
        "/api/v1/store/listings", json={"app": "crm", "version": "9.9.9"}, headers=admin
    )
    assert_error(missing, 404, "not_found")

    # An uploaded bundle: name and version come from its manifest.
    await _version_two(app)
    newer = await AppVersion.get(app_id=app.id, version="1.1.0")
    uploaded = await client.post(
        "/api/v1/store/listings/import",
        params={"docs": "Second"},
        content=bytes(newer.bundle),
        headers=admin,
    )
    assert uploaded.status_code == 201, uploaded.text
    assert (uploaded.json()["name"], uploaded.json()["version"]) == ("crm", "1.1.0")
    assert uploaded.json()["source_app_id"] is None
    stale = (await export_app(app, version="0.9.0")).to_zip()
    refused = await client.post("/api/v1/store/listings/import", content=stale, headers=admin)
    assert "must be greater than 1.1.0" in str(assert_error(refused, 409, "conflict")["details"])
    draft = (await export_app(app)).to_zip()
    error = assert_error(
        await client.post("/api/v1/store/listings/import", content=draft, headers=admin),
        422,
        "validation_error",
    )
    assert detail_paths(error) == ["version"]
    junk = await client.post("/api/v1/store/listings/import", content=b"nope", headers=admin)
    assert detail_paths(assert_error(junk, 422, "validation_error")) == ["bundle"]

    catalogue = (await client.get("/api/v1/store/listings", headers=admin)).json()["items"]
    assert [(e["latest"]["version"], e["versions"]) for e in catalogue] == [
        ("1.1.0", ["1.1.0", "1.0.0"])
    ]
    got = await client.get("/api/v1/store/listings/crm", params={"version": "1.0.0"}, headers=admin)
    assert got.json()["docs"].startswith("# CRM")
    # Documentation is shown sanitised.
    html = str(store.render_docs(got.json()["docs"]))
    assert html == "<h3>CRM</h3>\n<p></p>"
    assert str(store.render_docs("- 1 < 2\n- a & <b onclick='x()'>b</b>")) == (
        "<ul><li>1 &lt; 2</li><li>a &amp; <b>b</b></li></ul>"
    )
    deleted = await client.delete("/api/v1/store/listings/crm/1.1.0", headers=admin)
    assert deleted.status_code == 204
    assert [s.version for s in await store.versions_of("crm")] == ["1.0.0"]


async def test_install_asks_the_config_step(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    app = await _source()
    await store.list_version(SYSTEM, app, "1.0.0")
    config = await client.get("/api/v1/store/listings/crm/config", headers=admin)
    asked = {q["variable"]: (q["required"], q["value"]) for q in config.json()["questions"]}
    # Locked and protected values travel without value, an empty one has none: required.
    # The default one is offered with its value. GREETING carries its value: not asked.
    assert asked == {
        "API_TOKEN": (True, ""),
        "PIN": (True, ""),
        "REGION": (True, ""),
        "THEME": (False, "dark"),
    }

    body = {"listing": "crm", "app_name": "crm-live", "answers": {"API_TOKEN": "tok"}}
    refused = await client.post("/api/v1/store/install", json=body, headers=admin)
    error = assert_error(refused, 422, "validation_error")
    assert detail_paths(error) == ["answers.PIN", "answers.REGION"]
    assert "answers.PIN" in error["message"]
    assert not await App.exists(name="crm-live")
    unknown = {**body, "answers": {"API_TOKEN": "t", "PIN": "1", "REGION": "eu", "NOPE": "x"}}
    error = assert_error(
        await client.post("/api/v1/store/install", json=unknown, headers=admin),
        422,
        "validation_error",
    )
    assert detail_paths(error) == ["answers.NOPE"]
    taken = {**body, "app_name": "crm", "answers": unknown["answers"]}
    error = assert_error(
        await client.post("/api/v1/store/install", json=taken, headers=admin), 409, "conflict"
    )
    assert detail_paths(error) == ["app_name"]

    body["answers"] = {"API_TOKEN": "tok", "PIN": "4321", "REGION": "eu", "THEME": ""}
    bad_domain = {**body, "domain": "not a host"}
    error = assert_error(
        await client.post("/api/v1/store/install", json=bad_domain, headers=admin),
        422,
        "validation_error",
    )
    assert detail_paths(error) == ["domain"]
    made = await client.post(
        "/api/v1/store/install", json={**body, "domain": "crm.example.com"}, headers=admin
    )
    assert made.status_code == 201, made.text
    assert made.json()["domain"] == "crm.example.com"
    assert made.json()["installed_from"] == "crm" and made.json()["installed_version"] == "1.0.0"
    installed = await App.get(name="crm-live")
    assert (installed.installed_from, installed.installed_version) == ("crm", "1.0.0")
    assert await _values(installed) == {
        "GREETING": "hi",
        "API_TOKEN": "tok",
        "PIN": "4321",
        "THEME": "dark",  # a blank answer keeps the default
        "REGION": "eu",
    }
    protected = await EnvVar.get(app_id=installed.id, key="API_TOKEN")
    assert protected.protected
    assert await Script.exists(app_id=installed.id, name="hello")
    assert await Page.exists(app_id=installed.id, name="index")
    assert await SavedQuery.exists(app_id=installed.id, name="all leads")
    leads = await Dataset.get(app_id=installed.id, name="leads")
    await rows.insert_row(leads, {"name": "Ann", "spend": "1.50"})
    # Without a name it takes the listing's: taken here.
    error = assert_error(
        await client.post("/api/v1/store/install", json={"listing": "crm"}, headers=admin),
        409,
        "conflict",
    )
    assert detail_paths(error) == ["app_name"]


async def _install(app: App) -> App:
    await store.list_version(SYSTEM, app, "1.0.0")
    answers = {"API_TOKEN": "tok", "PIN": "4321", "REGION": "eu"}
    installed, _ = await store.install(SYSTEM, "crm", app_name="crm-live", answers=answers)
    return installed


async def test_upgrade_follows_the_variable_rules_and_keeps_rows(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    source = await _source()
    installed = await _install(source)
    script_uuid = (await Script.get(app_id=installed.id, name="hello")).uuid
    # Local values on the installed app.
    await env.update_env_var(SYSTEM, installed, "GREETING", {"value": "local greeting"})
    await env.update_env_var(SYSTEM, installed, "THEME", {"value": "local theme"})
    await env.update_env_var(SYSTEM, installed, "PIN", {"locked": False})
    await env.update_env_var(SYSTEM, installed, "PIN", {"value": "local pin"})
    await env.update_env_var(SYSTEM, installed, "PIN", {"locked": True})
    await env.create_env_var(SYSTEM, installed, "MINE", "kept")
    await buttons.create_button(
        SYSTEM, installed, {"label": "Local", "area": "cp_nav", "page": "index"}
    )
    leads = await Dataset.get(app_id=installed.id, name="leads")
    for n in range(3):
        await rows.insert_row(leads, {"name": f"L{n}", "spend": f"{n}.25"})

    await _version_two(source)
    await store.list_version(SYSTEM, source, "1.1.0")
    plan = await client.get("/api/v1/store/apps/crm-live/upgrade", headers=admin)
    assert plan.json()["version"] == "1.1.0"
    assert {q["variable"]: q["required"] for q in plan.json()["questions"]} == {
        "NEW_KEY": True,
        "NEW_DEFAULT": False,
    }
    refused = await client.post("/api/v1/store/apps/crm-live/upgrade", json={}, headers=admin)
    assert detail_paths(assert_error(refused, 422, "validation_error")) == ["answers.NEW_KEY"]
    assert (await App.get(id=installed.id)).installed_version == "1.0.0"

    done = await client.post(
        "/api/v1/store/apps/crm-live/upgrade", json={"answers": {"NEW_KEY": "nk"}}, headers=admin
    )
    assert done.status_code == 200, done.text
    assert done.json()["installed_version"] == "1.1.0"
    assert await _values(installed) == {
        "GREETING": "hello",  # an ordinary variable takes the new version's value
        "THEME": "local theme",  # Default: never overwritten once set here
        "PIN": "local pin",  # Locked: never overwritten
        "API_TOKEN": "tok",  # protected: the bundle carries no value, the local one stays
        "REGION": "eu",  # empty in the bundle: the install answer stays
        "NEW_KEY": "nk",  # asked by the upgrade
        "NEW_DEFAULT": "blue",  # Default, missing here: added with its value
        "MINE": "kept",  # the app's own variable
    }
    assert (await EnvVar.get(app_id=installed.id, key="PIN")).locked
    script = await Script.get(app_id=installed.id, name="hello")
    assert "', '" in script.code and script.uuid == script_uuid
    assert {p.name: p.title for p in await Page.filter(app_id=installed.id)} == {
        "index": "Leads v2",
        "about": "About",
    }
    assert [b.label for b in await Button.filter(app_id=installed.id)] == ["Open about"]
    replaced = AuditEntry.filter(action="button.delete", object_repr__contains="Local")
    assert await replaced.exists()  # the local button's removal is in the audit log
    leads = await Dataset.get(app_id=installed.id, name="leads")
    assert [c["name"] for c in leads.columns] == ["name", "spend", "note"]
    kept = (await rows.list_rows(leads, limit=10)).rows
    assert sorted(r["name"] for r in kept) == ["L0", "L1", "L2"]
    # Already at the newest: nothing to upgrade to.
    again = await client.post("/api/v1/store/apps/crm-live/upgrade", json={}, headers=admin)
    assert_error(again, 409, "conflict")


async def test_a_lossy_upgrade_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    source = await _source()
    installed = await _install(source)
    leads = await Dataset.get(app_id=installed.id, name="leads")
    await rows.insert_row(leads, {"name": "Ann", "spend": "2.50"})
    # The next version makes spend an integer (2.50 would lose its cents) and changes the
    # rest as well, which must not happen either.
    await schema.change_column(SYSTEM, source, "leads", "spend", {"type": "integer"})
    await env.update_env_var(SYSTEM, source, "GREETING", {"value": "changed"})
    await pages.update_page(SYSTEM, source, "index", {"title": "Changed"})
    hello = await Script.get(app_id=source.id, name="hello")
    await scripts.update_script(SYSTEM, hello.id, {"code": "export default 2"})
    await publish(SYSTEM, source, "2.0.0")
    await store.list_version(SYSTEM, source, "2.0.0")

    refused = await client.post("/api/v1/store/apps/crm-live/upgrade", json={}, headers=admin)
    error = assert_error(refused, 422, "validation_error")
    assert "leads" in error["message"] and "spend" in str(error)
    fresh = await App.get(id=installed.id)
    assert fresh.installed_version == "1.0.0"
    assert (await _values(fresh))["GREETING"] == "hi"
    assert (await Page.get(app_id=fresh.id, name="index")).title == "Leads"
    assert (await Script.get(app_id=fresh.id, name="hello")).code == HELLO
    leads = await Dataset.get(app_id=fresh.id, name="leads")
    assert [c["type"] for c in leads.columns] == ["string", "decimal(8,2)"]
    assert [str(r["spend"]) for r in (await rows.list_rows(leads, limit=5)).rows] == ["2.50"]
    # A dropped column that holds values is refused too; an empty one goes.
    await schema.change_column(SYSTEM, source, "leads", "spend", {"type": "decimal(8,2)"})
    await schema.drop_column(SYSTEM, source, "leads", "spend")
    await publish(SYSTEM, source, "2.1.0")
    await store.list_version(SYSTEM, source, "2.1.0")
    error = assert_error(
        await client.post("/api/v1/store/apps/crm-live/upgrade", json={}, headers=admin),
        422,
        "validation_error",
    )
    assert "drops column 'spend'" in error["message"]
    await rows.update_row(leads, 1, {"spend": None})
    done = await client.post("/api/v1/store/apps/crm-live/upgrade", json={}, headers=admin)
    assert done.status_code == 200, done.text
    leads = await Dataset.get(app_id=fresh.id, name="leads")
    assert [c["name"] for c in leads.columns] == ["name"]
    assert [r["name"] for r in (await rows.list_rows(leads, limit=5)).rows] == ["Ann"]


async def _tables_referring_to(app_id: int, dialect: str) -> dict[str, int]:
    """Rows in any table (audit log aside) that refer to the app, and its dataset tables."""
    conn = database.connection()
    found: dict[str, int] = {}
    if dialect == "sqlite":
        tables = [
            r["name"]
            for r in await conn.execute_query_dict(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        ]
        for table in tables:
            if table.startswith(f"app_{app_id}__"):
                found[table] = -1
                continue
            columns = {
                r["name"] for r in await conn.execute_query_dict(f'PRAGMA table_info("{table}")')
            }
            keys = await conn.execute_query_dict(f'PRAGMA foreign_key_list("{table}")')
            refs = {k["from"] for k in keys if k["table"] == "apps"}
            refs |= {"app_id"} & columns
            if table == "apps":
                refs.add("id")
            for column in sorted(refs):
                count = await conn.execute_query_dict(
                    f'SELECT COUNT(*) AS n FROM "{table}" WHERE "{column}" = ?', [app_id]
                )
                if count[0]["n"]:
                    found[f"{table}.{column}"] = count[0]["n"]
        return found
    schemas = await conn.execute_query_dict(
        "SELECT nspname FROM pg_namespace WHERE nspname = $1", [f"app_{app_id}"]
    )
    if schemas:
        found[f"schema app_{app_id}"] = -1
    refs = await conn.execute_query_dict(
        """
        SELECT table_name AS t, column_name AS c FROM information_schema.columns
         WHERE table_schema = 'public' AND column_name = 'app_id'
        UNION
        SELECT kcu.table_name, kcu.column_name
          FROM information_schema.table_constraints tc
          JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name
          JOIN information_schema.constraint_column_usage ccu
            ON tc.constraint_name = ccu.constraint_name
         WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'apps'
        UNION SELECT 'apps', 'id'
        """
    )
    for ref in refs:
        count = await conn.execute_query_dict(
            f'SELECT COUNT(*) AS n FROM "{ref["t"]}" WHERE "{ref["c"]}" = $1', [app_id]
        )
        if count[0]["n"]:
            found[f"{ref['t']}.{ref['c']}"] = count[0]["n"]
    return found


async def test_uninstall_leaves_nothing_of_the_app(
    client: httpx.AsyncClient, admin: dict[str, str], db: str
) -> None:
    source = await _source()
    installed = await _install(source)
    # Give it data in every corner: rows, KV, runs, jobs, schedules, versions, portal.
    leads = await Dataset.get(app_id=installed.id, name="leads")
    await rows.insert_row(leads, {"name": "Ann", "spend": "1.00"})
    await datasets.create_dataset(
        SYSTEM, installed, "extra", columns=[{"name": "x", "type": "integer"}]
    )
    await kv.kv_set(installed.id, "counter", "1")
    script = await Script.get(app_id=installed.id, name="hello")
    await runs.record_run(
        script=script, status=RunStatus.OK, trigger=RunTrigger.API, app_id=installed.id
    )
    await jobs.enqueue_job(script, "main", {"name": "x"})
    await schedules.create_schedule(SYSTEM, script.id, "*/5 * * * *")
    await pages.update_page(SYSTEM, installed, "index", {"title": "Edited"})
    await publish(SYSTEM, installed, "1.0.1")
    await apps.assign(SYSTEM, installed, None)
    before = await _tables_referring_to(installed.id, db)
    assert {"script_runs.app_id", "kv_entries.app_id", "apps.id"} <= set(before)
    assert any(k.startswith(("app_", "schema app_")) for k in before)

    wrong = await client.post(
        "/api/v1/store/apps/crm-live/uninstall", json={"confirm": "crm"}, headers=admin
    )
    assert detail_paths(assert_error(wrong, 422, "validation_error")) == ["confirm"]
    source_refused = await client.post(
        "/api/v1/store/apps/crm/uninstall", json={"confirm": "crm"}, headers=admin
    )
    assert_error(source_refused, 409, "conflict")
    gone = await client.post(
        "/api/v1/store/apps/crm-live/uninstall", json={"confirm": "crm-live"}, headers=admin
    )
    assert gone.status_code == 204, gone.text
    assert await _tables_referring_to(installed.id, db) == {}
    # The source app and the listing are untouched.
    assert await _tables_referring_to(source.id, db)
    assert await StoreListing.exists(name="crm")


async def test_the_demo_listing_installs(db: str) -> None:
    from runtime.demo import seed

    await seed(lambda _: None)
    await seed(lambda _: None)  # idempotent: listed once
    (entry,) = await store.catalogue()
    assert (entry.latest.name, entry.latest.version) == ("support-desk", "1.0.0")
    asked = store.questions(read_zip(bytes(entry.latest.bundle)))
    answers = {spec.key: "demo value" for spec in asked if spec.required}
    app, _ = await store.install(SYSTEM, "support-desk", app_name="desk-two", answers=answers)
    source = await App.get(name="support-desk")
    copied = await Page.filter(app_id=app.id).count()
    assert copied > 0 and copied == await Page.filter(app_id=source.id).count()
    assert await Dataset.exists(app_id=app.id, name="callbacks")
    assert (
        await Script.filter(app_id=app.id).count() == await Script.filter(app_id=source.id).count()
    )


async def test_ui_upload_and_config_step_errors(client: httpx.AsyncClient, make_user: Any) -> None:
    from tests.ui.ui_support import Ui

    source = await _source()
    bundle = bytes((await AppVersion.get(app_id=source.id, version="1.0.0")).bundle)
    ui = Ui(client)
    account = await make_user()
    assert (await ui.sign_in(account.username, account.password)).status_code == 303
    token = await ui.token("/store")
    uploaded = await client.post(
        "/store/import",
        data={"csrf_token": token, "docs": "Uploaded docs"},
        files={"bundle": ("crm.zip", bundle, "application/zip")},
    )
    assert uploaded.status_code == 303
    page = await ui.get("/store")
    assert "Listed crm 1.0.0" in page.text and "Uploaded docs" in page.text
    assert 'aria-label="Install crm"' in page.text

    # Step 1 -> step 2 (the config step) -> a missing answer is shown on its field.
    step = await ui.submit("/store/crm/install", "/store/crm/install", {"app_name": "crm-two"})
    assert "Step 2: configure crm-two" in step.text and 'value="dark"' in step.text
    answers = {"step": "config", "app_name": "crm-two", "version": "1.0.0"}
    answers |= {"answer.API_TOKEN": "t", "answer.REGION": "eu", "answer.THEME": "dark"}
    refused = await ui.submit("/store/crm/install", "/store/crm/install", answers)
    assert refused.status_code == 422
    assert 'id="answer-PIN-error">required: the app needs a value' in refused.text
    assert not await App.exists(name="crm-two")
    done = await ui.submit(
        "/store/crm/install", "/store/crm/install", {**answers, "answer.PIN": "1"}
    )
    assert done.status_code == 303
    app = await App.get(name="crm-two")
    assert done.headers["location"].endswith(f"/store/apps/{app.id}")
    assert (await _values(app))["PIN"] == "1"


async def test_withdraw_a_listed_version_from_the_store_page(
    client: httpx.AsyncClient, make_user: Any
) -> None:
    installed = await _install(await _source())  # listed as crm 1.0.0, then installed
    account = await make_user()
    ui = Ui(client)
    await ui.sign_in(account.username, account.password)
    page = await ui.get("/store")
    assert "Withdraw crm 1.0.0" in page.text
    done = await ui.submit("/store", "/store/crm/1.0.0/withdraw")
    assert done.status_code == 303
    after = await ui.get("/store")
    assert "Withdrew crm 1.0.0 from the App Store." in after.text
    assert not await StoreListing.exists(name="crm")
    assert await AuditEntry.exists(action="store.unlist", object_repr="crm 1.0.0")
    assert await App.exists(id=installed.id)  # what was installed from it keeps running
    missing = await ui.submit("/store", "/store/crm/1.0.0/withdraw")
    assert missing.status_code == 303
    assert "Not withdrawn" in (await ui.get("/store")).text

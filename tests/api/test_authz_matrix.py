"""The authorisation matrix: every API endpoint against every kind of caller.

``EXPECTED`` is written out by hand from the product rules, not derived from the code: who
may call each endpoint. A new endpoint without a row here fails
:func:`test_every_endpoint_is_in_the_matrix`. Each cell is checked through HTTP against real
objects: allowed callers get the endpoint's success status, denied operators get 403
``forbidden`` (and change nothing), anonymous callers get 401 unless the endpoint is public.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from runtime.api.framework import Endpoint
from runtime.auth.principal import SYSTEM
from runtime.auth.resolve import operator_principal
from runtime.models import AuditEntry, Role, User
from runtime.services import apikeys, apps, customers, tokens, users
from scriptforge.models import Job, JobState, RunStatus, RunTrigger
from scriptforge.services import env, jobs, kv, runs, schedules, scripts
from tests.api.api_support import bearer_of, token_pair
from tests.conftest import PASSWORD, SECRET

ADMIN, DEVELOPER, SUPPORT, READONLY = "admin", "developer", "support", "readonly"
CUSTOMER, ANONYMOUS = "customer", "anonymous"
ROLES = (ADMIN, DEVELOPER, SUPPORT, READONLY)
CALLERS = (*ROLES, CUSTOMER, ANONYMOUS)

PUBLIC = frozenset(CALLERS)
OPERATORS = frozenset(ROLES)
ADMINS = frozenset({ADMIN})
APP_WRITERS = frozenset({ADMIN, DEVELOPER})
CUSTOMER_WRITERS = frozenset({ADMIN, SUPPORT})
#: Operators configure voice (Class 5): every role but read-only.
VOICE_WRITERS = frozenset({ADMIN, DEVELOPER, SUPPORT})
#: Support runs the wholesale side (Class 4): carriers, rate cards, imports.
RATING_WRITERS = frozenset({ADMIN, SUPPORT})

#: endpoint name -> the callers allowed to use it.
EXPECTED: dict[str, frozenset[str]] = {
    "auth.token": PUBLIC,
    "auth.refresh": PUBLIC,
    "auth.revoke": PUBLIC,
    "me": frozenset({*ROLES, CUSTOMER}),
    "users.list": ADMINS,
    "users.create": ADMINS,
    "users.get": ADMINS,
    "users.update": ADMINS,
    "users.delete": ADMINS,
    "apikeys.list": OPERATORS,
    "apikeys.create": OPERATORS,
    "apikeys.revoke": OPERATORS,
    "apps.list": OPERATORS,
    "apps.create": APP_WRITERS,
    "apps.get": OPERATORS,
    "apps.update": APP_WRITERS,
    "apps.delete": APP_WRITERS,
    "customers.list": OPERATORS,
    "customers.create": CUSTOMER_WRITERS,
    "customers.get": OPERATORS,
    "customers.update": CUSTOMER_WRITERS,
    "customers.delete": CUSTOMER_WRITERS,
    "customers.users.list": OPERATORS,
    "customers.users.create": CUSTOMER_WRITERS,
    "customers.users.delete": CUSTOMER_WRITERS,
    "customers.ips.list": OPERATORS,
    "customers.ips.create": CUSTOMER_WRITERS,
    "customers.ips.delete": CUSTOMER_WRITERS,
    "audit.list": ADMINS,
    "scripts.list": OPERATORS,
    "scripts.create": APP_WRITERS,
    "scripts.get": OPERATORS,
    "scripts.update": APP_WRITERS,
    "scripts.delete": APP_WRITERS,
    "scripts.versions.list": OPERATORS,
    "scripts.versions.get": OPERATORS,
    "scripts.versions.diff": OPERATORS,
    "scripts.versions.restore": APP_WRITERS,
    "scripts.run": APP_WRITERS,
    "datasets.list": OPERATORS,
    "datasets.create": APP_WRITERS,
    "datasets.get": OPERATORS,
    "datasets.delete": APP_WRITERS,
    "rows.list": OPERATORS,
    "rows.create": APP_WRITERS,
    "rows.get": OPERATORS,
    "rows.update": APP_WRITERS,
    "rows.delete": APP_WRITERS,
    "rows.import": APP_WRITERS,
    "rows.export": OPERATORS,
    "queries.run_sql": OPERATORS,
    "queries.list": OPERATORS,
    "queries.create": APP_WRITERS,
    "queries.get": OPERATORS,
    "queries.update": APP_WRITERS,
    "queries.delete": APP_WRITERS,
    "queries.run": OPERATORS,
    "queries.compile": OPERATORS,
    "imports.create": APP_WRITERS,
    "imports.list": OPERATORS,
    "imports.get": OPERATORS,
    "imports.preview": OPERATORS,
    "imports.start": APP_WRITERS,
    "imports.cancel": APP_WRITERS,
    "imports.delete": APP_WRITERS,
    "columns.add": APP_WRITERS,
    "pages.list": OPERATORS,
    "versions.list": OPERATORS,
    "assignments.list": OPERATORS,
    "assignments.create": APP_WRITERS,
    "assignments.delete": APP_WRITERS,
    "versions.publish": APP_WRITERS,
    "versions.make_live": APP_WRITERS,
    "versions.bundle": OPERATORS,
    "pages.create": APP_WRITERS,
    "pages.get": OPERATORS,
    "pages.update": APP_WRITERS,
    "pages.delete": APP_WRITERS,
    "pages.schema": OPERATORS,
    "pages.validate": OPERATORS,
    "pages.datasource_test": APP_WRITERS,
    "templates.list": OPERATORS,
    "templates.create": APP_WRITERS,
    "templates.get": OPERATORS,
    "templates.update": APP_WRITERS,
    "templates.delete": APP_WRITERS,
    "templates.preview": OPERATORS,
    "templates.preview_draft": OPERATORS,
    "buttons.list": OPERATORS,
    "buttons.create": APP_WRITERS,
    "buttons.get": OPERATORS,
    "buttons.update": APP_WRITERS,
    "buttons.delete": APP_WRITERS,
    # Portal users press the portal buttons of apps offered to their customer.
    "buttons.press": frozenset({*ROLES, CUSTOMER}),
    "columns.change": APP_WRITERS,
    "columns.drop": APP_WRITERS,
    "env.list": OPERATORS,
    "env.create": APP_WRITERS,
    "env.get": OPERATORS,
    "env.update": APP_WRITERS,
    "env.delete": APP_WRITERS,
    "kv.list": OPERATORS,
    "kv.get": OPERATORS,
    "kv.put": APP_WRITERS,
    "kv.delete": APP_WRITERS,
    "jobs.list": OPERATORS,
    "jobs.get": OPERATORS,
    "jobs.create": APP_WRITERS,
    "jobs.retry": APP_WRITERS,
    "jobs.delete": APP_WRITERS,
    "schedules.list": OPERATORS,
    "schedules.create": APP_WRITERS,
    "schedules.get": OPERATORS,
    "schedules.update": APP_WRITERS,
    "schedules.delete": APP_WRITERS,
    "runs.list": OPERATORS,
    "runs.get": OPERATORS,
    "ide.tree": OPERATORS,
    "ide.search": OPERATORS,
    "ide.lint": OPERATORS,
    "ide.runs.start": APP_WRITERS,
    "ide.runs.cancel": APP_WRITERS,
    "ide.revisions.list": OPERATORS,
    "ide.revisions.get": OPERATORS,
    "ide.revisions.restore": APP_WRITERS,
    "store.listings.list": OPERATORS,
    "store.listings.get": OPERATORS,
    "store.listings.config": OPERATORS,
    "store.listings.create": APP_WRITERS,
    "store.listings.upload": APP_WRITERS,
    "store.listings.delete": APP_WRITERS,
    "store.install": APP_WRITERS,
    "store.upgrade.plan": OPERATORS,
    "store.upgrade": APP_WRITERS,
    "store.uninstall": APP_WRITERS,
    "sip_users.list": OPERATORS,
    "sip_users.create": VOICE_WRITERS,
    "sip_users.get": OPERATORS,
    "sip_users.update": VOICE_WRITERS,
    "sip_users.delete": VOICE_WRITERS,
    "dids.list": OPERATORS,
    "dids.create": VOICE_WRITERS,
    "dids.get": OPERATORS,
    "dids.update": VOICE_WRITERS,
    "dids.delete": VOICE_WRITERS,
    "dids.bulk_create": VOICE_WRITERS,
    "voice_apps.list": OPERATORS,
    "voice_apps.create": VOICE_WRITERS,
    "voice_apps.get": OPERATORS,
    "voice_apps.update": VOICE_WRITERS,
    "voice_apps.delete": VOICE_WRITERS,
    "voice_apps.rotate_secret": VOICE_WRITERS,
    "ivr_menus.list": OPERATORS,
    "ivr_menus.create": VOICE_WRITERS,
    "ivr_menus.get": OPERATORS,
    "ivr_menus.update": VOICE_WRITERS,
    "ivr_menus.delete": VOICE_WRITERS,
    "ivr_menus.connexml": OPERATORS,
    "ring_groups.list": OPERATORS,
    "ring_groups.create": VOICE_WRITERS,
    "ring_groups.get": OPERATORS,
    "ring_groups.update": VOICE_WRITERS,
    "ring_groups.delete": VOICE_WRITERS,
    "queues.list": OPERATORS,
    "queues.create": VOICE_WRITERS,
    "queues.get": OPERATORS,
    "queues.update": VOICE_WRITERS,
    "queues.delete": VOICE_WRITERS,
    "conference_rooms.list": OPERATORS,
    "conference_rooms.create": VOICE_WRITERS,
    "conference_rooms.get": OPERATORS,
    "conference_rooms.update": VOICE_WRITERS,
    "conference_rooms.delete": VOICE_WRITERS,
    "voicemail_boxes.list": OPERATORS,
    "voicemail_boxes.create": VOICE_WRITERS,
    "voicemail_boxes.get": OPERATORS,
    "voicemail_boxes.update": VOICE_WRITERS,
    "voicemail_boxes.delete": VOICE_WRITERS,
    "voicemail_messages.list": OPERATORS,
    "voicemail_messages.delete": VOICE_WRITERS,
    "connexml.simulate": OPERATORS,
    "audio_files.list": OPERATORS,
    "audio_files.create": VOICE_WRITERS,
    "audio_files.get": OPERATORS,
    "audio_files.update": VOICE_WRITERS,
    "audio_files.delete": VOICE_WRITERS,
    "audio_files.audio": OPERATORS,
    "audio_files.builtin": OPERATORS,
    "audio_files.builtin_audio": OPERATORS,
    "connexml.check": OPERATORS,
    "carriers.list": OPERATORS,
    "carriers.create": RATING_WRITERS,
    "carriers.get": OPERATORS,
    "carriers.update": RATING_WRITERS,
    "carriers.delete": RATING_WRITERS,
    "carriers.ips.list": OPERATORS,
    "carriers.ips.create": RATING_WRITERS,
    "carriers.ips.update": RATING_WRITERS,
    "carriers.ips.delete": RATING_WRITERS,
    "carriers.reply_rules.list": OPERATORS,
    "carriers.reply_rules.set": RATING_WRITERS,
    "carriers.reply_rules.delete": RATING_WRITERS,
    "exchange_rates.list": OPERATORS,
    "exchange_rates.create": RATING_WRITERS,
    "exchange_rates.import": RATING_WRITERS,
    "destination_types.list": OPERATORS,
    "destination_types.lookup": OPERATORS,
    "destination_types.export": OPERATORS,
    "destination_types.import": RATING_WRITERS,
    "rate_cards.list": OPERATORS,
    "rate_cards.create": RATING_WRITERS,
    "rate_cards.get": OPERATORS,
    "rate_cards.update": RATING_WRITERS,
    "rate_cards.delete": RATING_WRITERS,
    "rate_cards.revisions.list": OPERATORS,
    "rate_cards.revisions.get": OPERATORS,
    "rate_cards.revisions.activate": RATING_WRITERS,
    "rate_cards.revisions.rates": OPERATORS,
    "rate_cards.revisions.export": OPERATORS,
    "rate_cards.import": RATING_WRITERS,
    "rate_cards.parents.list": OPERATORS,
    "rate_cards.parents.create": RATING_WRITERS,
    "rate_cards.parents.delete": RATING_WRITERS,
    "rate_cards.profit_rules.list": OPERATORS,
    "rate_cards.profit_rules.create": RATING_WRITERS,
    "rate_cards.profit_rules.delete": RATING_WRITERS,
    "rate_cards.build.start": RATING_WRITERS,
    "rate_cards.build.get": OPERATORS,
    "routes.list": OPERATORS,
    "routes.create": RATING_WRITERS,
    "routes.get": OPERATORS,
    "routes.update": RATING_WRITERS,
    "routes.delete": RATING_WRITERS,
    "routes.explain": OPERATORS,
}

_unique = itertools.count(1)


def unique(stem: str) -> str:
    return f"{stem}{next(_unique)}"


@dataclass
class World:
    """One caller per column, plus the helpers that build fresh objects per request."""

    client: httpx.AsyncClient
    #: The application (its in-memory state: rate-card build jobs).
    application: Any = None
    accounts: dict[str, User] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def owner(self, caller: str) -> User:
        """The user a caller-owned object (an API key) belongs to."""
        return self.accounts.get(caller, self.accounts[ADMIN])

    async def user(self) -> User:
        return await users.create_user(SYSTEM, unique("target"), PASSWORD, Role.READONLY)

    async def app(self) -> Any:
        return await apps.create_app(SYSTEM, unique("app"))

    async def customer(self) -> Any:
        return await customers.create_customer(SYSTEM, unique("Customer "))

    async def contact(self) -> Any:
        customer = await self.customer()
        return await customers.add_contact(
            SYSTEM, customer.id, f"{unique('contact')}@example.com", PASSWORD
        )

    async def script(self) -> Any:
        code = "export function main(data) { return data; }"
        return await scripts.create_script(SYSTEM, await self.app(), unique("script"), code)

    async def env_var(self) -> Any:
        return await env.create_env_var(SYSTEM, await self.app(), unique("VAR_"), "value")

    async def kv_entry(self) -> Any:
        app = await self.app()
        await kv.kv_set(app.id, unique("key:"), "value")
        return app

    async def job(self) -> Any:
        return await jobs.enqueue_job(await self.script(), "main", {"n": 1})

    async def schedule(self) -> Any:
        return await schedules.create_schedule(SYSTEM, (await self.script()).id, "*/5 * * * *")

    async def dataset(self) -> Any:
        from querybuilder import datasets as dataset_service
        from querybuilder import rows

        app = await self.app()
        dataset = await dataset_service.create_dataset(
            SYSTEM, app, "contacts", columns=[{"name": "phone", "type": "string"}]
        )
        await rows.insert_row(dataset, {"phone": "123"})
        return app

    async def pair(self) -> tokens.TokenPair:
        principal = operator_principal(await self.user(), "jwt")
        return await tokens.issue_pair(SECRET, principal, 900, 3600)


@dataclass
class Req:
    path: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    content: bytes | None = None  # a raw body (uploads) instead of JSON
    files: dict[str, Any] | None = None  # a multipart/form-data body instead
    query: dict[str, Any] | None = None  # query-string parameters


Builder = Callable[[World, str], Awaitable[Req]]


async def _nothing(world: World, caller: str) -> Req:
    return Req()


async def _token(world: World, caller: str) -> Req:
    user = await world.user()
    return Req(body={"username": user.username, "password": PASSWORD})


async def _refresh(world: World, caller: str) -> Req:
    return Req(body={"refresh_token": (await world.pair()).refresh_token})


async def _revoke(world: World, caller: str) -> Req:
    return Req(body={"token": (await world.pair()).access_token})


async def _user_create(world: World, caller: str) -> Req:
    return Req(body={"username": unique("new"), "password": PASSWORD, "role": "developer"})


async def _user_ref(world: World, caller: str) -> Req:
    return Req(path={"user_id": (await world.user()).id})


async def _user_update(world: World, caller: str) -> Req:
    return Req(path={"user_id": (await world.user()).id}, body={"full_name": "Renamed"})


async def _key_create(world: World, caller: str) -> Req:
    return Req(body={"name": unique("key")})


async def _key_revoke(world: World, caller: str) -> Req:
    key, _ = await apikeys.create_key(SYSTEM, world.owner(caller), unique("key"))
    return Req(path={"key_id": key.id})


async def _app_create(world: World, caller: str) -> Req:
    return Req(body={"name": unique("app"), "title": "An app"})


async def _app_ref(world: World, caller: str) -> Req:
    return Req(path={"app": (await world.app()).name})


async def _app_update(world: World, caller: str) -> Req:
    return Req(path={"app": (await world.app()).id}, body={"title": "Retitled"})


async def _customer_create(world: World, caller: str) -> Req:
    return Req(body={"name": unique("Customer "), "currency": "EUR"})


async def _customer_ref(world: World, caller: str) -> Req:
    return Req(path={"customer_id": (await world.customer()).id})


async def _customer_update(world: World, caller: str) -> Req:
    return Req(path={"customer_id": (await world.customer()).id}, body={"status": "suspended"})


async def _contact_create(world: World, caller: str) -> Req:
    customer = await world.customer()
    return Req(
        path={"customer_id": customer.id},
        body={"email": f"{unique('new')}@example.com", "password": PASSWORD},
    )


async def _contact_delete(world: World, caller: str) -> Req:
    contact = await world.contact()
    return Req(path={"customer_id": contact.customer_id, "user_id": contact.id})


async def _customer_ip_create(world: World, caller: str) -> Req:
    customer = await world.customer()
    n = next(_unique)  # a fresh address each time: another customer's would clash
    return Req(path={"customer_id": customer.id}, body={"address": f"10.{n // 250}.{n % 250}.1"})


async def _customer_ip_delete(world: World, caller: str) -> Req:
    from telephony.models import CustomerIp

    customer = await world.customer()
    ip = await CustomerIp.create(customer=customer, address="198.51.100.7")
    return Req(path={"customer_id": customer.id, "ip_id": ip.id})


async def _script_create(world: World, caller: str) -> Req:
    app = await world.app()
    return Req(body={"app": app.name, "name": unique("script"), "code": "export default 1"})


async def _script_ref(world: World, caller: str) -> Req:
    return Req(path={"script": (await world.script()).id})


async def _script_update(world: World, caller: str) -> Req:
    return Req(path={"script": (await world.script()).uuid}, body={"code": "// changed"})


async def _app_path(world: World, caller: str) -> Req:
    return Req(path={"app": (await world.app()).name})


async def _dataset_create(world: World, caller: str) -> Req:
    return Req(path={"app": (await world.app()).id}, body={"name": "leads", "preset": "lead_set"})


async def _dataset_ref(world: World, caller: str) -> Req:
    return Req(path={"app": (await world.dataset()).name, "name": "contacts"})


async def _row_create(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.id, "name": "contacts"}, body={"phone": "456"})


async def _row_ref(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name, "name": "contacts", "row_id": 1})


async def _row_update(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name, "name": "contacts", "row_id": 1}, body={"phone": "789"})


async def _query_run(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name}, body={"sql": "select phone from contacts"})


async def _saved_query(world: World) -> Any:
    from querybuilder import queries

    app = await world.dataset()
    await queries.create_query(SYSTEM, app, "phones", "select phone from contacts")
    return app


async def _saved_query_create(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name}, body={"name": "all", "sql": "select * from contacts"})


async def _saved_query_ref(world: World, caller: str) -> Req:
    return Req(path={"app": (await _saved_query(world)).name, "query": "phones"})


async def _saved_query_update(world: World, caller: str) -> Req:
    app = await _saved_query(world)
    return Req(path={"app": app.name, "query": "phones"}, body={"description": "changed"})


async def _saved_query_run(world: World, caller: str) -> Req:
    app = await _saved_query(world)
    return Req(path={"app": app.id, "query": "phones"}, body={"vars": {}})


async def _spec_compile(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name}, body={"spec": {"from": "contacts"}})


async def _import_upload(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name, "name": "contacts"}, content=b"phone\n555\n")


async def _import_job(world: World, caller: str) -> Req:
    """An uploaded, not yet started import (made by an admin)."""
    app = await world.dataset()
    made = await world.client.post(
        f"/api/v1/apps/{app.name}/datasets/contacts/imports",
        params={"start": "false"},
        content=b"phone\n555\n",
        headers=world.headers[ADMIN],
    )
    return Req(path={"app": app.name, "name": "contacts", "job": made.json()["id"]})


async def _import_start(world: World, caller: str) -> Req:
    req = await _import_job(world, caller)
    return Req(path=req.path, body={"mapping": {"phone": "phone"}})


async def _import_running(world: World, caller: str) -> Req:
    """An import some process left running (cancelling marks it cancelled)."""
    import uuid

    from querybuilder.models import Dataset, ImportJob, ImportStatus

    app = await world.dataset()
    dataset = await Dataset.get(app_id=app.id, name="contacts")
    job = await ImportJob.create(
        uuid=uuid.uuid4(), app_id=app.id, dataset=dataset, status=ImportStatus.RUNNING
    )
    return Req(path={"app": app.name, "name": "contacts", "job": job.id})


async def _assignment_create(world: World, caller: str) -> Req:
    customer = await world.customer()
    return Req(path={"app": (await world.app()).name}, body={"customer_id": customer.id})


async def _assignment_ref(world: World, caller: str) -> Req:
    app = await world.app()
    made = await apps.assign(SYSTEM, app, None)
    return Req(path={"app": app.name, "assignment_id": made.id})


async def _app_version_publish(world: World, caller: str) -> Req:
    return Req(path={"app": (await world.app()).name}, body={"version": "1.0.0"})


async def _app_version_ref(world: World, caller: str) -> Req:
    from runtime.versions import publish

    app = await world.app()
    await publish(SYSTEM, app, "1.0.0")
    return Req(path={"app": app.name, "version": "1.0.0"})


async def _page_create(world: World, caller: str) -> Req:
    return Req(path={"app": (await world.app()).name}, body={"name": unique("page")})


async def _page_ref(world: World, caller: str) -> Req:
    from pagebuilder import pages

    app = await world.app()
    page = await pages.create_page(SYSTEM, app, "home")
    return Req(path={"app": app.name, "page": page.id})


async def _page_update(world: World, caller: str) -> Req:
    req = await _page_ref(world, caller)
    return Req(path=req.path, body={"title": "Home"})


async def _page_datasource_test(world: World, caller: str) -> Req:
    from pagebuilder import pages

    app = await world.dataset()
    page = await pages.create_page(SYSTEM, app, "home")
    source = {"name": "contacts", "type": "database", "dataset": "contacts"}
    return Req(path={"app": app.name, "page": page.id}, body={"source": source})


async def _page_validate(world: World, caller: str) -> Req:
    return Req(body={"document": {"name": "home", "components": []}})


async def _template_create(world: World, caller: str) -> Req:
    body = {"name": unique("welcome"), "subject": "Hi {{name}}", "html": "<p>{{name}}</p>"}
    return Req(path={"app": (await world.app()).name}, body=body)


async def _template_ref(world: World, caller: str) -> Req:
    from pagebuilder import app_templates

    app = await world.app()
    template = await app_templates.create_template(
        SYSTEM, app, "welcome", html="<p>{{name}}</p>", sample={"name": "Ann"}
    )
    return Req(path={"app": app.name, "template": template.id})


async def _template_update(world: World, caller: str) -> Req:
    req = await _template_ref(world, caller)
    return Req(path=req.path, body={"subject": "Welcome {{name}}"})


async def _template_preview(world: World, caller: str) -> Req:
    req = await _template_ref(world, caller)
    return Req(path=req.path, body={"vars": {"name": "Bo"}})


async def _template_draft(world: World, caller: str) -> Req:
    body = {"html": "<p>{{name}}</p>", "vars": {"name": "Cy"}}
    return Req(path={"app": (await world.app()).name}, body=body)


async def _button_create(world: World, caller: str) -> Req:
    from pagebuilder import pages

    app = await world.app()
    await pages.create_page(SYSTEM, app, "home")
    return Req(path={"app": app.name}, body={"label": "Open", "area": "cp_nav", "page": "home"})


async def _button_ref(world: World, caller: str) -> Req:
    """A portal button (opening a page) of an app offered to every customer."""
    from pagebuilder import buttons, pages

    app = await world.app()
    await pages.create_page(SYSTEM, app, "home")
    await apps.assign(SYSTEM, app, None)
    made = await buttons.create_button(
        SYSTEM, app, {"label": "Open", "area": "portal_nav", "page": "home"}
    )
    return Req(path={"app": app.name, "button": made.uuid})


async def _button_update(world: World, caller: str) -> Req:
    req = await _button_ref(world, caller)
    return Req(path=req.path, body={"tooltip": "Opens home"})


async def _button_press(world: World, caller: str) -> Req:
    req = await _button_ref(world, caller)
    return Req(path=req.path, body={"rows": []})


async def _column_add(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name, "name": "contacts"}, body={"name": "note", "type": "text"})


async def _column_change(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name, "name": "contacts", "column": "phone"}, body={"type": "text"})


async def _column_ref(world: World, caller: str) -> Req:
    app = await world.dataset()
    return Req(path={"app": app.name, "name": "contacts", "column": "phone"})


async def _row_import(world: World, caller: str) -> Req:
    # An empty body: a valid, empty import (the matrix only checks who may call it).
    return Req(path={"app": (await world.dataset()).name, "name": "contacts"})


async def _script_run(world: World, caller: str) -> Req:
    return Req(path={"script": (await world.script()).id}, body={"data": {"n": 1}})


async def _version_ref(world: World, caller: str) -> Req:
    return Req(path={"script": (await world.script()).uuid, "version": 1})


async def _env_create(world: World, caller: str) -> Req:
    app = await world.app()
    return Req(path={"app": app.name}, body={"key": unique("NEW_"), "value": "v"})


async def _env_ref(world: World, caller: str) -> Req:
    var = await world.env_var()
    return Req(path={"app": var.app_id, "key": var.key})


async def _env_update(world: World, caller: str) -> Req:
    var = await world.env_var()
    return Req(path={"app": var.app_id, "key": var.key}, body={"value": "changed"})


async def _kv_app(world: World, caller: str) -> Req:
    return Req(path={"app": (await world.kv_entry()).name})


async def _kv_ref(world: World, caller: str) -> Req:
    app = await world.kv_entry()
    (key,) = await kv.kv_keys(app.id)
    return Req(path={"app": app.name, "key": key})


async def _kv_put(world: World, caller: str) -> Req:
    app = await world.app()
    return Req(path={"app": app.name, "key": unique("new/key:")}, body={"value": {"a": 1}})


async def _job_create(world: World, caller: str) -> Req:
    return Req(body={"script": (await world.script()).id, "data": {"n": 1}})


async def _job_ref(world: World, caller: str) -> Req:
    return Req(path={"job_id": (await world.job()).id})


async def _job_failed(world: World, caller: str) -> Req:
    job = await world.job()
    await Job.filter(id=job.id).update(state=JobState.FAILED)
    return Req(path={"job_id": job.id})


async def _schedule_create(world: World, caller: str) -> Req:
    script = await world.script()
    return Req(body={"script": str(script.uuid), "cron": "0 9 * * 1-5", "timezone": "Europe/Paris"})


async def _schedule_ref(world: World, caller: str) -> Req:
    return Req(path={"schedule_id": (await world.schedule()).id})


async def _schedule_update(world: World, caller: str) -> Req:
    return Req(path={"schedule_id": (await world.schedule()).id}, body={"enabled": False})


async def _run_ref(world: World, caller: str) -> Req:
    run = await runs.record_run(
        script=await world.script(), status=RunStatus.OK, trigger=RunTrigger.API, result=1
    )
    return Req(path={"run_id": run.id})


async def _store_listing(world: World) -> Any:
    """A fresh app published as 1.0.0 and listed under its name."""
    from runtime import store
    from runtime.versions import publish

    app = await world.app()
    await publish(SYSTEM, app, "1.0.0")
    return app, await store.list_version(SYSTEM, app, "1.0.0")


async def _store_listing_ref(world: World, caller: str) -> Req:
    _, listing = await _store_listing(world)
    return Req(path={"name": listing.name, "version": listing.version})


async def _store_list_version(world: World, caller: str) -> Req:
    from runtime.versions import publish

    app = await world.app()
    await publish(SYSTEM, app, "1.0.0")
    return Req(body={"app": app.name, "version": "1.0.0", "docs": "How to use it"})


async def _store_upload(world: World, caller: str) -> Req:
    from runtime.versions import publish

    made = await publish(SYSTEM, await world.app(), "1.0.0")
    return Req(content=bytes(made.bundle))


async def _store_install(world: World, caller: str) -> Req:
    _, listing = await _store_listing(world)
    return Req(body={"listing": listing.name, "app_name": unique("installed")})


async def _store_installed(world: World, caller: str) -> Req:
    """An app installed from a listing that has a newer version since."""
    from runtime import store
    from runtime.versions import publish

    source, listing = await _store_listing(world)
    app, _ = await store.install(SYSTEM, listing.name, app_name=unique("installed"))
    await publish(SYSTEM, source, "1.1.0")
    await store.list_version(SYSTEM, source, "1.1.0")
    return Req(path={"app": app.name})


async def _store_uninstall(world: World, caller: str) -> Req:
    req = await _store_installed(world, caller)
    return Req(path=req.path, body={"confirm": req.path["app"]})


async def _ide_lint(world: World, caller: str) -> Req:
    return Req(body={"language": "json", "code": '{"a": 1}'})


async def _ide_run(world: World, caller: str) -> Req:
    from pagebuilder import app_templates

    app = await world.app()
    await app_templates.create_template(SYSTEM, app, "t", html="<p>{{n}}</p>")
    return Req(body={"kind": "template", "app": app.name, "ref": "t", "data": {"n": 1}})


async def _ide_run_key(world: World, caller: str) -> Req:
    """A run of the caller's own (only its starter may cancel it); others name an admin's."""
    req = await _ide_run(world, caller)
    for headers in (world.headers[caller], world.headers[ADMIN]):
        made = await world.client.post("/api/v1/ide/runs", json=req.body, headers=headers)
        if made.status_code == 202:
            return Req(path={"key": made.json()["run"]})
    raise AssertionError(made.text)


async def _ide_revision(world: World, caller: str) -> Req:
    from pagebuilder import pages
    from runtime.models import FileRevision

    app = await world.app()
    page = await pages.create_page(SYSTEM, app, "home", title="Home")
    rev = await FileRevision.get(kind="page", object_id=page.id)
    return Req(path={"app": app.name, "kind": "page", "ref": "home", "rev": rev.id})


# -- Class 5 ------------------------------------------------------------------------------------

_DESTINATION = {"type": "external", "target": "15550100200"}


async def _class5(world: World, kind: str) -> Any:
    """A fresh Class 5 object of ``kind``, made by the system."""
    from telephony.class5.services import base, dids, features, sip_users, voice_apps, voicemail

    if kind == "did":
        number = unique("1555")
        return await base.create(SYSTEM, dids.KIND, {"number": number, "destination": _DESTINATION})
    if kind == "voice_app":
        return await voice_apps.create_voice_app(
            SYSTEM, {"name": unique("app"), "document": "<Response/>"}
        )
    customer = (await world.customer()).id
    if kind == "sip_user":
        values = {"customer": customer, "username": unique("sip"), "password": PASSWORD}
        return await sip_users.create_sip_user(SYSTEM, values, realm="trunkline")
    if kind == "voicemail_box":
        values = {"name": "Box", "customer": customer, "mailbox": "1001", "pin": "1234"}
        return await voicemail.create_box(SYSTEM, values)
    values = {"name": unique(kind), "customer": customer}
    if kind == "ivr_menu":
        values.update(prompt={"say": "Hello"}, options={"1": _DESTINATION})
    if kind == "ring_group":
        values["members"] = [{"destination": _DESTINATION}]
    feature = {
        "ivr_menu": features.IVR_MENU,
        "ring_group": features.RING_GROUP,
        "queue": features.QUEUE,
        "conference_room": features.CONFERENCE_ROOM,
    }[kind]
    return await base.create(SYSTEM, feature, values)


def _class5_ref(kind: str, body: dict[str, Any] | None = None) -> Builder:
    async def build(world: World, caller: str) -> Req:
        return Req(path={f"{kind}_id": (await _class5(world, kind)).id}, body=body)

    return build


async def _sip_user_create(world: World, caller: str) -> Req:
    customer = await world.customer()
    body = {"customer": customer.id, "username": unique("sip"), "password": PASSWORD}
    return Req(body=body)


async def _did_create(world: World, caller: str) -> Req:
    return Req(body={"number": unique("1666"), "destination": _DESTINATION})


async def _did_bulk(world: World, caller: str) -> Req:
    rows = [{"number": unique("1777"), "destination": _DESTINATION} for _ in range(2)]
    return Req(body={"dids": rows})


async def _voice_app_create(world: World, caller: str) -> Req:
    return Req(body={"name": unique("app"), "document": "<Response><Hangup/></Response>"})


async def _owned_create(world: World, caller: str, **values: Any) -> Req:
    return Req(body={"name": unique("thing"), "customer": (await world.customer()).id, **values})


async def _ivr_menu_create(world: World, caller: str) -> Req:
    return await _owned_create(world, caller, prompt={"say": "Hi"}, options={"1": _DESTINATION})


async def _ring_group_create(world: World, caller: str) -> Req:
    return await _owned_create(world, caller, members=[{"destination": _DESTINATION}])


async def _plain_create(world: World, caller: str) -> Req:
    return await _owned_create(world, caller)


async def _voicemail_box_create(world: World, caller: str) -> Req:
    return await _owned_create(world, caller, mailbox="2001", pin="4321")


async def _connexml_simulate(world: World, caller: str) -> Req:
    return Req(body={"document": "<Response><Say>Hello</Say></Response>", "digits": "1"})


async def _connexml_check(world: World, caller: str) -> Req:
    return Req(body={"document": "<Response><Say>Hello</Say></Response>"})


def _wav_upload(customer_id: int) -> dict[str, Any]:
    """A multipart upload of a 0.2 s WAV as a fresh name of the customer."""
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\0\0" * 1600)
    return {
        "file": ("clip.wav", buffer.getvalue(), "audio/wav"),
        "name": (None, unique("clip")),
        "customer": (None, str(customer_id)),
    }


async def _audio_file_create(world: World, caller: str) -> Req:
    return Req(files=_wav_upload((await world.customer()).id))


def _audio_file_ref(body: dict[str, Any] | None = None) -> Builder:
    async def build(world: World, caller: str) -> Req:
        files = _wav_upload((await world.customer()).id)
        made = await world.client.post(
            "/api/v1/audio-files", files=files, headers=world.headers[ADMIN]
        )
        assert made.status_code == 201, made.text
        return Req(path={"audio_file_id": made.json()["id"]}, body=body)

    return build


async def _builtin_prompt(world: World, caller: str) -> Req:
    return Req(path={"name": "beep.wav"})


async def _voicemail_message(world: World, caller: str) -> Req:
    from telephony.class5.models import VoicemailMessage

    box = await _class5(world, "voicemail_box")
    message = await VoicemailMessage.create(box=box, path="voicemail/none.wav")
    return Req(path={"voicemail_box_id": box.id, "message_id": message.id})


async def _carrier(world: World) -> Any:
    from telephony.rating.services import carriers

    return await carriers.create_carrier(SYSTEM, {"name": unique("Carrier ")})


def _carrier_ref(body: dict[str, Any] | None = None) -> Builder:
    async def build(world: World, caller: str) -> Req:
        return Req(path={"carrier_id": (await _carrier(world)).id}, body=body)

    return build


async def _carrier_create(world: World, caller: str) -> Req:
    credentials = {"username": "trunk", "password": "s3cret"}
    return Req(body={"name": unique("Carrier "), "currency": "EUR", "credentials": credentials})


async def _carrier_ip(world: World, caller: str) -> Req:
    from telephony.rating.services import carriers

    carrier = await _carrier(world)
    ip = await carriers.add_ip(SYSTEM, carrier.id, {"address": "192.0.2.10"})
    return Req(path={"carrier_id": carrier.id, "ip_id": ip.id}, body={"port": 5080})


async def _reply_rule(world: World, caller: str) -> Req:
    from telephony.rating.services import carriers

    carrier = await _carrier(world)
    await carriers.set_reply_rule(SYSTEM, carrier.id, 486, "failover")
    return Req(path={"carrier_id": carrier.id, "code": 486}, body={"action": "default"})


async def _exchange_rate_create(world: World, caller: str) -> Req:
    return Req(body={"base": "EUR", "quote": "USD", "rate": "1.08"})


async def _exchange_rate_import(world: World, caller: str) -> Req:
    return Req(content=b"base,quote,rate\nEUR,USD,1.08\n")


async def _type_lookup(world: World, caller: str) -> Req:
    return Req(query={"number": "447911123456"})


async def _plan_import(world: World, caller: str) -> Req:
    return Req(content=f"prefix,type\n99{unique('')},MOBILE\n".encode())


async def _rate_card(world: World) -> Any:
    from telephony.rating.services import cards

    carrier = await _carrier(world)
    return await cards.create_card(SYSTEM, {"name": unique("Card "), "carrier": carrier.id})


def _rate_card_ref(body: dict[str, Any] | None = None) -> Builder:
    async def build(world: World, caller: str) -> Req:
        return Req(path={"card_id": (await _rate_card(world)).id}, body=body)

    return build


async def _rate_card_create(world: World, caller: str) -> Req:
    return Req(body={"name": unique("Card "), "carrier": (await _carrier(world)).id})


async def _rate_revision(world: World, caller: str) -> Req:
    from telephony.rating.imports import import_rates

    card = await _rate_card(world)
    made = await import_rates(SYSTEM, card, "prefix,rate\n44,0.01\n", activate=False)
    assert made.revision is not None
    return Req(path={"card_id": card.id, "revision_id": made.revision.id})


async def _rate_import(world: World, caller: str) -> Req:
    card = await _rate_card(world)
    upload = {"file": ("rates.csv", b"prefix,rate\n44,0.01\n", "text/csv")}
    return Req(path={"card_id": card.id}, files=upload)


async def _customer_card(world: World) -> Any:
    import uuid

    from telephony.rating.models import CardKind, RateCard

    return await RateCard.create(uuid=uuid.uuid4(), name=unique("Sell "), kind=CardKind.CUSTOMER)


async def _parented_card(world: World) -> tuple[Any, Any]:
    """A customer card with one parent (a provider card without rates)."""
    from telephony.rating.services import cards

    card = await _customer_card(world)
    parent = await _rate_card(world)
    await cards.add_parent(SYSTEM, card.id, parent.id)
    return card, parent


async def _customer_card_ref(world: World, caller: str) -> Req:
    return Req(path={"card_id": (await _customer_card(world)).id})


async def _parent_create(world: World, caller: str) -> Req:
    card = await _customer_card(world)
    return Req(path={"card_id": card.id}, body={"card": (await _rate_card(world)).id})


async def _parent_ref(world: World, caller: str) -> Req:
    card, parent = await _parented_card(world)
    return Req(path={"card_id": card.id, "parent_id": parent.id})


async def _profit_rule_create(world: World, caller: str) -> Req:
    card = await _customer_card(world)
    return Req(path={"card_id": card.id}, body={"kind": "percent", "value": "10"})


async def _profit_rule_ref(world: World, caller: str) -> Req:
    from telephony.rating.services import profit

    card = await _customer_card(world)
    rule = await profit.add_rule(SYSTEM, card, {"kind": "percent", "value": "10"})
    return Req(path={"card_id": card.id, "rule_id": rule.id})


async def _build_start(world: World, caller: str) -> Req:
    # The parent has no rates: the job fails at once, but it is started (202).
    card, _ = await _parented_card(world)
    return Req(path={"card_id": card.id}, body={})


async def _build_job(world: World, caller: str) -> Req:
    from telephony.rating.jobs import build_jobs

    card, _ = await _parented_card(world)
    await build_jobs(world.application).start(card)
    await build_jobs(world.application).wait(card.id)
    return Req(path={"card_id": card.id})


async def _route_create(world: World, caller: str) -> Req:
    card = await _customer_card(world)
    return Req(body={"customer": (await world.customer()).id, "card": card.id, "name": "r"})


def _route_ref(body: dict[str, Any] | None = None) -> Builder:
    async def build(world: World, caller: str) -> Req:
        from telephony.routing.services import create_route

        made = await create_route(
            SYSTEM,
            {"customer": (await world.customer()).id, "card": (await _customer_card(world)).id},
        )
        return Req(path={"route_id": made.id}, body=body)

    return build


async def _route_explain(world: World, caller: str) -> Req:
    return Req(body={"customer": (await world.customer()).id, "to": "+442079460000"})


#: endpoint name -> how to build a valid request for it (fresh objects every time).
BUILDERS: dict[str, Builder] = {
    "auth.token": _token,
    "auth.refresh": _refresh,
    "auth.revoke": _revoke,
    "me": _nothing,
    "users.list": _nothing,
    "users.create": _user_create,
    "users.get": _user_ref,
    "users.update": _user_update,
    "users.delete": _user_ref,
    "apikeys.list": _nothing,
    "apikeys.create": _key_create,
    "apikeys.revoke": _key_revoke,
    "apps.list": _nothing,
    "apps.create": _app_create,
    "apps.get": _app_ref,
    "apps.update": _app_update,
    "apps.delete": _app_ref,
    "customers.list": _nothing,
    "customers.create": _customer_create,
    "customers.get": _customer_ref,
    "customers.update": _customer_update,
    "customers.delete": _customer_ref,
    "customers.users.list": _customer_ref,
    "customers.users.create": _contact_create,
    "customers.users.delete": _contact_delete,
    "customers.ips.list": _customer_ref,
    "customers.ips.create": _customer_ip_create,
    "customers.ips.delete": _customer_ip_delete,
    "audit.list": _nothing,
    "scripts.list": _nothing,
    "scripts.create": _script_create,
    "scripts.get": _script_ref,
    "scripts.update": _script_update,
    "scripts.delete": _script_ref,
    "scripts.versions.list": _script_ref,
    "scripts.versions.get": _version_ref,
    "scripts.versions.diff": _version_ref,
    "scripts.versions.restore": _version_ref,
    "scripts.run": _script_run,
    "datasets.list": _app_path,
    "datasets.create": _dataset_create,
    "datasets.get": _dataset_ref,
    "datasets.delete": _dataset_ref,
    "rows.list": _dataset_ref,
    "rows.create": _row_create,
    "rows.get": _row_ref,
    "rows.update": _row_update,
    "rows.delete": _row_ref,
    "rows.import": _row_import,
    "rows.export": _dataset_ref,
    "queries.run_sql": _query_run,
    "queries.list": _app_path,
    "queries.create": _saved_query_create,
    "queries.get": _saved_query_ref,
    "queries.update": _saved_query_update,
    "queries.delete": _saved_query_ref,
    "queries.run": _saved_query_run,
    "queries.compile": _spec_compile,
    "imports.create": _import_upload,
    "imports.list": _dataset_ref,
    "imports.get": _import_job,
    "imports.preview": _import_job,
    "imports.start": _import_start,
    "imports.cancel": _import_running,
    "imports.delete": _import_job,
    "columns.add": _column_add,
    "pages.list": _app_path,
    "versions.list": _app_path,
    "assignments.list": _app_path,
    "assignments.create": _assignment_create,
    "assignments.delete": _assignment_ref,
    "versions.publish": _app_version_publish,
    "versions.make_live": _app_version_ref,
    "versions.bundle": _app_version_ref,
    "pages.create": _page_create,
    "pages.get": _page_ref,
    "pages.update": _page_update,
    "pages.delete": _page_ref,
    "pages.schema": _nothing,
    "pages.validate": _page_validate,
    "pages.datasource_test": _page_datasource_test,
    "templates.list": _app_path,
    "templates.create": _template_create,
    "templates.get": _template_ref,
    "templates.update": _template_update,
    "templates.delete": _template_ref,
    "templates.preview": _template_preview,
    "templates.preview_draft": _template_draft,
    "buttons.list": _app_path,
    "buttons.create": _button_create,
    "buttons.get": _button_ref,
    "buttons.update": _button_update,
    "buttons.delete": _button_ref,
    "buttons.press": _button_press,
    "columns.change": _column_change,
    "columns.drop": _column_ref,
    "env.list": _kv_app,
    "env.create": _env_create,
    "env.get": _env_ref,
    "env.update": _env_update,
    "env.delete": _env_ref,
    "kv.list": _kv_app,
    "kv.get": _kv_ref,
    "kv.put": _kv_put,
    "kv.delete": _kv_ref,
    "jobs.list": _nothing,
    "jobs.get": _job_ref,
    "jobs.create": _job_create,
    "jobs.retry": _job_failed,
    "jobs.delete": _job_ref,
    "schedules.list": _nothing,
    "schedules.create": _schedule_create,
    "schedules.get": _schedule_ref,
    "schedules.update": _schedule_update,
    "schedules.delete": _schedule_ref,
    "runs.list": _nothing,
    "runs.get": _run_ref,
    "ide.tree": _app_path,
    "ide.search": _nothing,
    "ide.lint": _ide_lint,
    "ide.runs.start": _ide_run,
    "ide.runs.cancel": _ide_run_key,
    "ide.revisions.list": _ide_revision,
    "ide.revisions.get": _ide_revision,
    "ide.revisions.restore": _ide_revision,
    "store.listings.list": _nothing,
    "store.listings.get": _store_listing_ref,
    "store.listings.config": _store_listing_ref,
    "store.listings.create": _store_list_version,
    "store.listings.upload": _store_upload,
    "store.listings.delete": _store_listing_ref,
    "store.install": _store_install,
    "store.upgrade.plan": _store_installed,
    "store.upgrade": _store_installed,
    "store.uninstall": _store_uninstall,
    "sip_users.list": _nothing,
    "sip_users.create": _sip_user_create,
    "sip_users.get": _class5_ref("sip_user"),
    "sip_users.update": _class5_ref("sip_user", {"channels": 3}),
    "sip_users.delete": _class5_ref("sip_user"),
    "dids.list": _nothing,
    "dids.create": _did_create,
    "dids.get": _class5_ref("did"),
    "dids.update": _class5_ref("did", {"enabled": False}),
    "dids.delete": _class5_ref("did"),
    "dids.bulk_create": _did_bulk,
    "voice_apps.list": _nothing,
    "voice_apps.create": _voice_app_create,
    "voice_apps.get": _class5_ref("voice_app"),
    "voice_apps.update": _class5_ref("voice_app", {"webhook_hosts": ["hooks.example.com"]}),
    "voice_apps.delete": _class5_ref("voice_app"),
    "voice_apps.rotate_secret": _class5_ref("voice_app"),
    "ivr_menus.list": _nothing,
    "ivr_menus.create": _ivr_menu_create,
    "ivr_menus.get": _class5_ref("ivr_menu"),
    "ivr_menus.update": _class5_ref("ivr_menu", {"tries": 2}),
    "ivr_menus.delete": _class5_ref("ivr_menu"),
    "ivr_menus.connexml": _class5_ref("ivr_menu"),
    "ring_groups.list": _nothing,
    "ring_groups.create": _ring_group_create,
    "ring_groups.get": _class5_ref("ring_group"),
    "ring_groups.update": _class5_ref("ring_group", {"strategy": "sequential"}),
    "ring_groups.delete": _class5_ref("ring_group"),
    "queues.list": _nothing,
    "queues.create": _plain_create,
    "queues.get": _class5_ref("queue"),
    "queues.update": _class5_ref("queue", {"max_wait": 60}),
    "queues.delete": _class5_ref("queue"),
    "conference_rooms.list": _nothing,
    "conference_rooms.create": _plain_create,
    "conference_rooms.get": _class5_ref("conference_room"),
    "conference_rooms.update": _class5_ref("conference_room", {"pin": "123"}),
    "conference_rooms.delete": _class5_ref("conference_room"),
    "voicemail_boxes.list": _nothing,
    "voicemail_boxes.create": _voicemail_box_create,
    "voicemail_boxes.get": _class5_ref("voicemail_box"),
    "voicemail_boxes.update": _class5_ref("voicemail_box", {"max_seconds": 60}),
    "voicemail_boxes.delete": _class5_ref("voicemail_box"),
    "voicemail_messages.list": _class5_ref("voicemail_box"),
    "voicemail_messages.delete": _voicemail_message,
    "connexml.simulate": _connexml_simulate,
    "audio_files.list": _nothing,
    "audio_files.create": _audio_file_create,
    "audio_files.get": _audio_file_ref(),
    "audio_files.update": _audio_file_ref({"name": "renamed"}),
    "audio_files.delete": _audio_file_ref(),
    "audio_files.audio": _audio_file_ref(),
    "audio_files.builtin": _nothing,
    "audio_files.builtin_audio": _builtin_prompt,
    "connexml.check": _connexml_check,
    "carriers.list": _nothing,
    "carriers.create": _carrier_create,
    "carriers.get": _carrier_ref(),
    "carriers.update": _carrier_ref({"channels": 5}),
    "carriers.delete": _carrier_ref(),
    "carriers.ips.list": _carrier_ref(),
    "carriers.ips.create": _carrier_ref({"address": "192.0.2.1"}),
    "carriers.ips.update": _carrier_ip,
    "carriers.ips.delete": _carrier_ip,
    "carriers.reply_rules.list": _carrier_ref(),
    "carriers.reply_rules.set": _reply_rule,
    "carriers.reply_rules.delete": _reply_rule,
    "exchange_rates.list": _nothing,
    "exchange_rates.create": _exchange_rate_create,
    "exchange_rates.import": _exchange_rate_import,
    "destination_types.list": _nothing,
    "destination_types.lookup": _type_lookup,
    "destination_types.export": _nothing,
    "destination_types.import": _plan_import,
    "rate_cards.list": _nothing,
    "rate_cards.create": _rate_card_create,
    "rate_cards.get": _rate_card_ref(),
    "rate_cards.update": _rate_card_ref({"precision": 5}),
    "rate_cards.delete": _rate_card_ref(),
    "rate_cards.revisions.list": _rate_card_ref(),
    "rate_cards.revisions.get": _rate_revision,
    "rate_cards.revisions.activate": _rate_revision,
    "rate_cards.revisions.rates": _rate_revision,
    "rate_cards.revisions.export": _rate_revision,
    "rate_cards.import": _rate_import,
    "rate_cards.parents.list": _customer_card_ref,
    "rate_cards.parents.create": _parent_create,
    "rate_cards.parents.delete": _parent_ref,
    "rate_cards.profit_rules.list": _customer_card_ref,
    "rate_cards.profit_rules.create": _profit_rule_create,
    "rate_cards.profit_rules.delete": _profit_rule_ref,
    "rate_cards.build.start": _build_start,
    "rate_cards.build.get": _build_job,
    "routes.list": _nothing,
    "routes.create": _route_create,
    "routes.get": _route_ref(),
    "routes.update": _route_ref({"priority": 3}),
    "routes.delete": _route_ref(),
    "routes.explain": _route_explain,
}

_PARAM = re.compile(r"{(\w+)(?::\w+)?}")


def url_of(endpoint: Endpoint, prefix: str, params: dict[str, Any]) -> str:
    return prefix + _PARAM.sub(lambda m: str(params[m.group(1)]), endpoint.path)


def test_every_endpoint_is_in_the_matrix(app: Any) -> None:
    names = [e.name for e in app.state.api.endpoints]
    assert len(names) == len(set(names))
    missing = sorted(set(names) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(names))
    assert not missing, f"endpoints without a row in EXPECTED: {missing}"
    assert not stale, f"rows in EXPECTED for endpoints that do not exist: {stale}"
    assert set(BUILDERS) == set(EXPECTED)


def test_matrix_rows_name_known_callers() -> None:
    for name, allowed in EXPECTED.items():
        assert allowed <= set(CALLERS), name
        assert allowed, name


@pytest.fixture
async def world(app: Any, client: httpx.AsyncClient, make_user: Any) -> World:
    w = World(client, app)
    for role in ROLES:
        account = await make_user(Role(role), username=f"matrix-{role}")
        w.accounts[role] = account.user
        pair = await token_pair(client, account.username)
        w.headers[role] = bearer_of(pair["access_token"])
    contact = await w.contact()
    pair = await token_pair(client, contact.email, principal="customer")
    w.headers[CUSTOMER] = bearer_of(pair["access_token"])
    w.headers[ANONYMOUS] = {}
    return w


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_authorisation_matrix(app: Any, world: World, name: str) -> None:
    endpoint = next((e for e in app.state.api.endpoints if e.name == name), None)
    assert endpoint is not None, f"no endpoint {name}"
    allowed = EXPECTED[name]
    failures: list[str] = []

    for caller in CALLERS:
        req = await BUILDERS[name](world, caller)
        url = url_of(endpoint, app.state.api.prefix, req.path)
        audit_before = await AuditEntry.all().count()
        response = await world.client.request(
            endpoint.method,
            url,
            json=req.body,
            content=req.content,
            files=req.files,
            params=req.query,
            headers=world.headers[caller],
        )
        cell = f"{name} ({endpoint.method} {url}) as {caller}"
        got = f"got {response.status_code}: {response.text[:200]}"
        if caller in allowed:
            if response.status_code != endpoint.status:
                failures.append(f"{cell}: allowed, expected {endpoint.status}, {got}")
            continue
        expected_status, expected_code = (
            (401, "unauthorized") if caller == ANONYMOUS else (403, "forbidden")
        )
        code = response.json().get("error", {}).get("code") if response.content else None
        if response.status_code != expected_status or code != expected_code:
            failures.append(f"{cell}: denied, expected {expected_status} {expected_code}, {got}")
        elif await AuditEntry.all().count() != audit_before:
            failures.append(f"{cell}: denied, but it wrote to the audit log")

    assert not failures, "authorisation matrix mismatches:\n" + "\n".join(failures)


async def test_api_key_callers_follow_the_same_rules(
    client: httpx.AsyncClient, world: World, app: Any
) -> None:
    """Spot-check: the matrix holds for API keys as for bearer tokens."""
    checks = [("GET", "/api/v1/users", ADMINS), ("GET", "/api/v1/apps", OPERATORS)]
    failures = []
    for role in ROLES:
        _, secret = await apikeys.create_key(SYSTEM, world.accounts[role], "matrix")
        for method, path, allowed in checks:
            response = await client.request(method, path, headers={"X-Api-Key": secret})
            expected = 200 if role in allowed else 403
            if response.status_code != expected:
                failures.append(f"{method} {path} via key as {role}: {response.status_code}")
    assert not failures, failures

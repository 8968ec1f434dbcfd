"""Pages: documents checked with every JSON path, served in a sandbox, and their small API
answering only with the page's own token and only for what the page names."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from pagebuilder import pages, tokens
from pagebuilder.document import parse_document
from pagebuilder.models import PageAccess
from querybuilder import datasets, queries, rows
from querybuilder.models import DatasetPreset
from runtime.auth.principal import SYSTEM
from runtime.errors import ValidationFailed
from runtime.models import Role
from runtime.services import apps
from scriptforge.services import env
from tests.conftest import PASSWORD
from tests.ui.ui_support import Ui

SIGNUP = {
    "title": "Sign up",
    "form": {
        "submit": {"type": "dataset", "dataset": "leads", "message": "Thanks!"},
        "events": {"mounted": "hello"},
    },
    "components": [
        {
            "type": "input",
            "id": "first_name",
            "name": "First name",
            "rules": {"required": True, "max_length": 20},
        },
        {
            "type": "input",
            "id": "email",
            "name": "E-mail",
            "rules": {"required": True, "type": "email"},
        },
        {
            "type": "input",
            "id": "phone",
            "name": "Phone",
            "rules": {"type": "phone"},
            "events": {"onChange": "hello"},
        },
        {"type": "input", "id": "company", "rules": {"pattern": "/^[A-Z]/"}},
        {
            "type": "button",
            "id": "button_send0001",
            "name": "Send",
            "attributes": {"role": "submit"},
        },
    ],
    "data_sources": [
        {
            "name": "callable",
            "type": "query",
            "query": "by status",
            "vars": {"status": "new"},
            "on_response": "return res.rows",
        },
        {
            "name": "partner",
            "type": "external",
            "url": "https://api.partner.example/x",
            "headers": {"X-Secret": "s3cret-header"},
        },
    ],
    "actions": [{"name": "hello", "body": "console.log('</script><b>hi</b>')"}],
    "grants": {"datasets": {"leads": ["list"]}},
}


@pytest.fixture
async def crm(db: str) -> Any:
    app = await apps.create_app(SYSTEM, "crm")
    leads = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    for n in range(3):
        await rows.insert_row(leads, {"first_name": f"L{n}", "status": "new"})
    await queries.create_query(
        SYSTEM,
        app,
        "by status",
        "select first_name from leads where status = :status order by first_name",
    )
    await env.create_env_var(SYSTEM, app, "GREETING", "hello")
    await env.create_env_var(SYSTEM, app, "API_KEY", "protected-value", protected=True)
    await env.create_env_var(SYSTEM, app, "DB_PASSWORD", "private-value", private=True)
    return app


def test_every_problem_is_named_by_its_json_path() -> None:
    bad = {
        "name": "Bad Name",
        "form": {"events": {"loaded": "x"}},
        "components": [
            {"type": "input", "id": "a", "attributes": {"max_length": 0}},
            {"type": "input", "id": "a", "events": {"onClick": "nope"}},
            {"type": "wibble", "id": "b"},
            {"type": "button", "id": "c", "children": [{"type": "input", "id": "d"}]},
            {"type": "input", "id": "e", "rules": {"pattern": "/[/"}},
        ],
    }
    with pytest.raises(ValidationFailed) as shape:
        parse_document(bad)
    assert [d["path"] for d in shape.value.details or []] == ["name"]

    bad["name"] = "ok"
    with pytest.raises(ValidationFailed) as meaning:
        parse_document(bad)
    paths = [d["path"] for d in meaning.value.details or []]
    assert paths == [
        "form.events.loaded",
        "components.0.attributes.max_length",
        "components.1.id",
        "components.1.events.onClick",
        "components.2.type",
        "components.3.children",
        "components.4.rules.pattern",
    ]


async def test_pages_over_the_api(client: httpx.AsyncClient, auth_headers: Any, crm: Any) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    base = "/api/v1/apps/crm/pages"
    refused = await client.post(
        base,
        headers=headers,
        json={"name": "signup", "document": {"components": [{"type": "nope", "id": "x"}]}},
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["details"] == [
        {"path": "components.0.type", "message": "unknown component type 'nope'"}
    ]
    made = await client.post(
        base, headers=headers, json={"name": "signup", "access": "public", "document": SIGNUP}
    )
    assert made.status_code == 201, made.text
    assert made.json()["url"] == "/apps/crm/signup"
    assert made.json()["document"]["name"] == "signup"
    renamed = await client.patch(f"{base}/signup", headers=headers, json={"title": "Join"})
    assert renamed.json()["title"] == "Join"
    schema = await client.get("/api/v1/pages/schema", headers=headers)
    types = {c["type"] for c in schema.json()["components"]}
    assert {"input", "button"} <= types
    assert schema.json()["document_schema"]["title"] == "PageDocument"
    assert (await client.delete(f"{base}/signup", headers=headers)).status_code == 204


async def _serve(client: httpx.AsyncClient, crm: Any, **page: Any) -> tuple[Any, str]:
    made = await pages.create_page(SYSTEM, crm, "signup", document=SIGNUP, **page)
    return made, "/apps/crm/signup"


def _boot(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="pb-boot">(.*?)</script>', html, re.S)
    assert match, "no boot data"
    return dict(json.loads(match.group(1)))


async def test_public_page_is_served_in_a_sandbox(client: httpx.AsyncClient, crm: Any) -> None:
    _, url = await _serve(client, crm, access=PageAccess.PUBLIC)
    page = await client.get(url)
    assert page.status_code == 200, page.text
    policy = page.headers["content-security-policy"]
    assert "sandbox allow-scripts" in policy and "allow-same-origin" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce and f'nonce="{nonce.group(1)}"' in page.text
    boot = _boot(page.text)
    assert boot["api"] == "/apps/crm/signup/_api"
    assert boot["env"] == {"GREETING": "hello"}
    assert "protected-value" not in page.text and "private-value" not in page.text
    assert "s3cret-header" not in page.text and "api.partner.example" not in page.text
    assert boot["fields"] == ["company", "email", "first_name", "phone"]
    # Hooks arrive as nonce'd scripts (the policy allows no eval), not as data.
    assert boot["data_sources"][0]["hooks"] == ["on_response"]
    assert 'window.__pbHook("callable", "on_response", async function (res, args) {' in page.text
    # An action cannot close its script element early.
    assert "<\\/script><b>hi<\\/b>" in page.text
    assert '<input class="pb-input" id="email"' in page.text
    assert (await client.get("/apps/crm")).status_code == 404  # no index page yet


async def test_operator_pages_need_a_signed_in_operator_with_the_role(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    await _serve(client, crm, access=PageAccess.OPERATORS, roles=["admin", "developer"])
    anonymous = await client.get("/apps/crm/signup")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")
    ui = Ui(client)
    support = await make_user(Role.SUPPORT)
    await ui.sign_in(support.username, PASSWORD)
    assert (await client.get("/apps/crm/signup")).status_code == 403
    await ui.submit("/", "/logout")
    developer = await make_user(Role.DEVELOPER)
    await ui.sign_in(developer.username, PASSWORD)
    assert (await client.get("/apps/crm/signup")).status_code == 200


async def test_the_page_api_takes_only_this_pages_token(
    client: httpx.AsyncClient, crm: Any, auth_headers: Any, settings: Any
) -> None:
    _, url = await _serve(client, crm, access=PageAccess.PUBLIC)
    token = _boot((await client.get(url)).text)["token"]
    good = {"values": {"first_name": "Ada", "email": "ada@example.com"}}
    api = f"{url}/_api"

    missing = await client.post(f"{api}/submit", json=good)
    assert missing.status_code == 401
    assert missing.headers["access-control-allow-origin"] == "null"
    other = tokens.issue(settings.secret_key, crm.id, "another-page", "anonymous")
    for bad in (other, (await auth_headers(Role.ADMIN))["Authorization"].split()[1], "x.y.z"):
        refused = await client.post(
            f"{api}/submit", json=good, headers={"Authorization": f"Bearer {bad}"}
        )
        assert refused.status_code == 401, bad
    # ...and the operator API refuses the page token.
    operator = await client.get("/api/v1/apps", headers={"Authorization": f"Bearer {token}"})
    assert operator.status_code == 401

    preflight = await client.options(f"{api}/submit", headers={"Origin": "null"})
    assert preflight.status_code == 204
    assert "authorization" in preflight.headers["access-control-allow-headers"]


async def test_submission_is_checked_again_on_the_server(
    client: httpx.AsyncClient, crm: Any
) -> None:
    _, url = await _serve(client, crm, access=PageAccess.PUBLIC)
    bearer = {"Authorization": f"Bearer {_boot((await client.get(url)).text)['token']}"}
    crafted = {
        "values": {
            "first_name": "x" * 21,
            "email": "not-an-email",
            "phone": "0123",
            "company": "lowercase ltd",
            "status": "won",
        }
    }
    refused = await client.post(f"{url}/_api/submit", json=crafted, headers=bearer)
    assert refused.status_code == 422
    problems = {d["path"]: d["message"] for d in refused.json()["error"]["details"]}
    assert problems == {
        "status": "is not a field of this page",
        "first_name": "must have at most 20 characters",
        "email": "must be an e-mail address",
        "phone": "must be a phone number in E.164 form (+441234567890)",
        "company": "is not in the expected form",
    }
    hidden_required = await client.post(
        f"{url}/_api/submit",
        json={"values": {"first_name": "Ada"}, "hidden": ["email"]},
        headers=bearer,
    )
    assert hidden_required.status_code == 200, hidden_required.text
    ok = await client.post(
        f"{url}/_api/submit",
        json={"values": {"first_name": "Grace", "email": "g@example.com", "phone": "+441234"}},
        headers=bearer,
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["message"] == "Thanks!"
    assert ok.json()["result"]["email"] == "g@example.com"


async def test_data_sources_and_grants(client: httpx.AsyncClient, crm: Any) -> None:
    _, url = await _serve(client, crm, access=PageAccess.PUBLIC)
    bearer = {"Authorization": f"Bearer {_boot((await client.get(url)).text)['token']}"}
    listed = await client.post(f"{url}/_api/ds/callable", json={"limit": 2}, headers=bearer)
    assert listed.status_code == 200, listed.text
    data = listed.json()["data"]
    assert [r["first_name"] for r in data["rows"]] == ["L0", "L1"]
    assert data["next_offset"] == 2
    unknown = await client.post(f"{url}/_api/ds/nope", json={}, headers=bearer)
    assert unknown.status_code == 404
    blocked = await client.post(f"{url}/_api/ds/partner", json={}, headers=bearer)
    assert blocked.status_code == 403  # not on the app's allow-list
    granted = await client.post(f"{url}/_api/db/leads/list", json={}, headers=bearer)
    assert granted.status_code == 200
    assert len(granted.json()["data"]["rows"]) == 3
    for denied in ("leads/delete", "dnc/list"):
        refused = await client.post(f"{url}/_api/db/{denied}", json={"id": 1}, headers=bearer)
        assert refused.status_code == 403, denied
    script = await client.post(f"{url}/_api/sf/anything", json={}, headers=bearer)
    assert script.status_code == 403


async def test_custom_rules_run_again_in_the_sandbox(client: httpx.AsyncClient, crm: Any) -> None:
    document = {
        "form": {"submit": {"type": "dataset", "dataset": "leads", "columns": {"confirm": None}}},
        "components": [
            {"type": "input", "id": "email", "rules": {"required": True}},
            {"type": "input", "id": "confirm", "rules": {"custom": "same"}},
            {"type": "input", "id": "company", "rules": {"custom": "even"}},
        ],
        "actions": [
            # As ConnexCS users write custom rules: a whole function...
            {
                "name": "same",
                "body": "(rule, value, callback) => value === this.getValue('email') "
                "? callback() : callback(new Error('must match ' + rule.field))",
            },
            # ...or a body using args.
            {
                "name": "even",
                "body": "const [rule, value, callback] = args;\n"
                "if (Number(value) % 2) callback('must be even'); else callback();",
            },
        ],
    }
    await pages.create_page(SYSTEM, crm, "rules", document=document, access=PageAccess.PUBLIC)
    url = "/apps/crm/rules"
    bearer = {"Authorization": f"Bearer {_boot((await client.get(url)).text)['token']}"}
    bad = {"values": {"email": "a@b.c", "confirm": "x@y.z", "company": "3"}}
    refused = await client.post(f"{url}/_api/submit", json=bad, headers=bearer)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["details"] == [
        {"path": "confirm", "message": "must match confirm"},
        {"path": "company", "message": "must be even"},
    ]
    good = {"values": {"email": "a@b.c", "confirm": "a@b.c", "company": "4"}}
    ok = await client.post(f"{url}/_api/submit", json=good, headers=bearer)
    assert ok.status_code == 200, ok.text


async def test_save_env_vars_needs_an_app_editor(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    await pages.create_page(SYSTEM, crm, "settings", document={}, access=PageAccess.OPERATORS)
    url, ui = "/apps/crm/settings", Ui(client)
    for role, expected in ((Role.SUPPORT, 403), (Role.DEVELOPER, 200)):
        account = await make_user(role)
        await ui.sign_in(account.username, PASSWORD)
        bearer = {"Authorization": f"Bearer {_boot((await client.get(url)).text)['token']}"}
        saved = await client.post(
            f"{url}/_api/env", json={"vars": {"GREETING": "hi", "THEME": "dark"}}, headers=bearer
        )
        assert saved.status_code == expected, saved.text
        private = await client.post(
            f"{url}/_api/env", json={"vars": {"DB_PASSWORD": "x"}}, headers=bearer
        )
        assert private.status_code == 403
        await ui.submit("/", "/logout")
    assert await env.env_for_pages(crm.id) == {"GREETING": "hi", "THEME": "dark"}


async def test_signing_out_everywhere_ends_page_tokens(
    client: httpx.AsyncClient, crm: Any, make_user: Any
) -> None:
    from runtime.models import User

    await pages.create_page(SYSTEM, crm, "home", document={}, access=PageAccess.OPERATORS)
    account = await make_user(Role.DEVELOPER)
    await Ui(client).sign_in(account.username, PASSWORD)
    bearer = {
        "Authorization": f"Bearer {_boot((await client.get('/apps/crm/home')).text)['token']}"
    }
    assert (await client.post("/apps/crm/home/_api/token", headers=bearer)).status_code == 200
    await User.filter(id=account.user.id).update(session_version=account.user.session_version + 1)
    ended = await client.post("/apps/crm/home/_api/token", headers=bearer)
    assert ended.status_code == 401


async def test_published_pages_stay_until_the_next_version(
    client: httpx.AsyncClient, crm: Any, make_user: Any, settings: Any
) -> None:
    from runtime.versions import make_live, publish

    document = {"title": "Version one", "components": [{"type": "input", "id": "email"}]}
    await pages.create_page(SYSTEM, crm, "index", document=document, access=PageAccess.PUBLIC)
    await publish(SYSTEM, crm, "1.0.0")
    await pages.update_page(SYSTEM, crm, "index", {"document": {**document, "title": "Draft"}})
    assert "Version one" in (await client.get("/apps/crm")).text  # the live version
    assert (await client.get("/apps/crm?draft=1")).status_code == 403  # editors only
    ui = Ui(client)
    await ui.sign_in((await make_user(Role.READONLY)).username, PASSWORD)
    draft = await client.get("/apps/crm?draft=1")
    assert "<title>Draft</title>" in draft.text
    # The draft's token is a draft token: its API works on the draft.
    claims = tokens.verify(settings.secret_key, _boot(draft.text)["token"], crm.id, "index")
    assert claims.draft is True
    await ui.submit("/", "/logout")

    await publish(SYSTEM, crm, "1.1.0")
    assert "<title>Draft</title>" in (await client.get("/apps/crm")).text
    await make_live(SYSTEM, crm, "1.0.0")
    assert "<title>Version one</title>" in (await client.get("/apps/crm")).text
    await pages.delete_page(SYSTEM, crm, "index")  # gone from the draft, still live
    assert (await client.get("/apps/crm")).status_code == 200
    assert (await client.get("/apps/crm?draft=1")).status_code in (403, 404)


async def test_portal_pages_for_assigned_customers_only(
    client: httpx.AsyncClient, crm: Any
) -> None:
    from runtime.services import customers

    acme = await customers.create_customer(SYSTEM, "Acme")
    globex = await customers.create_customer(SYSTEM, "Globex")
    await customers.add_contact(SYSTEM, acme.id, "ops@acme.example", "portal pw acme 1")
    await customers.add_contact(SYSTEM, globex.id, "ops@globex.example", "portal pw globex 1")
    await pages.create_page(
        SYSTEM, crm, "index", document={"title": "Portal app"}, access=PageAccess.PORTAL
    )
    ui = Ui(client)
    assert (await client.get("/apps/crm")).status_code == 303  # to the portal's sign-in

    await ui.portal_sign_in("ops@acme.example", "portal pw acme 1")
    assert (await client.get("/apps/crm")).status_code == 403  # not offered to Acme
    assert "/apps/crm" not in (await client.get("/portal")).text
    assignment = await apps.assign(SYSTEM, crm, acme.id)
    assert "<title>Portal app</title>" in (await client.get("/apps/crm")).text
    assert 'href="/portal/apps/crm"' in (await client.get("/portal")).text

    await ui.submit("/portal", "/portal/logout")
    await ui.portal_sign_in("ops@globex.example", "portal pw globex 1")
    assert (await client.get("/apps/crm")).status_code == 403
    await apps.assign(SYSTEM, crm, None)  # every customer
    assert (await client.get("/apps/crm")).status_code == 200
    await apps.unassign(SYSTEM, crm, assignment.id)

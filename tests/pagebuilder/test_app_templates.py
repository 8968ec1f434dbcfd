"""App templates over HTTP: texts parsed on save (syntax errors named by field, line and
column), previews with sample variables and the page-readable environment, and the
``app_documentation`` template served as the app's documentation page in a sandbox."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pagebuilder import app_templates
from runtime.auth.principal import SYSTEM
from runtime.errors import NotFound, ValidationFailed
from runtime.models import AuditEntry, Role
from runtime.services import apps
from scriptforge.services import env
from tests.conftest import PASSWORD
from tests.ui.ui_support import Ui

BASE = "/api/v1/apps/shop/templates"
WELCOME = {
    "name": "welcome",
    "subject": "Welcome, {{name}}!",
    "html": "<h1>Hello {{name}}</h1>\n{{#each items}}<li>{{this}}</li>{{/each}}"
    "<p>{{env.GREETING}}|{{env.API_KEY}}|{{env.DB_PASSWORD}}</p>",
    "sms": "Hi {{name}}, {{currency balance}}",
    "sample": {"name": "Ann <A&B>", "items": ["a", "b"], "balance": 12.5},
}


@pytest.fixture
async def shop(db: str) -> Any:
    app = await apps.create_app(SYSTEM, "shop")
    await env.create_env_var(SYSTEM, app, "GREETING", "hello")
    await env.create_env_var(SYSTEM, app, "API_KEY", "protected-value", protected=True)
    await env.create_env_var(SYSTEM, app, "DB_PASSWORD", "private-value", private=True)
    return app


async def test_templates_over_the_api(
    client: httpx.AsyncClient, auth_headers: Any, shop: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    made = await client.post(BASE, headers=headers, json=WELCOME)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["name"] == "welcome" and body["sample"] == WELCOME["sample"]
    assert body["created_by"]

    listed = await client.get(BASE, headers=headers)
    assert [t["name"] for t in listed.json()["items"]] == ["welcome"]
    for ref in ("welcome", body["id"], body["uuid"]):
        got = await client.get(f"{BASE}/{ref}", headers=headers)
        assert got.status_code == 200 and got.json()["html"] == WELCOME["html"]

    changed = await client.patch(
        f"{BASE}/welcome", headers=headers, json={"subject": "Hi {{upper name}}"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["subject"] == "Hi {{upper name}}"
    assert changed.json()["html"] == WELCOME["html"]

    duplicate = await client.post(BASE, headers=headers, json={"name": "welcome"})
    assert duplicate.status_code == 409
    actions = await AuditEntry.filter(object_type="app_template").values_list("action", flat=True)
    assert sorted(actions) == ["template.create", "template.update"]

    assert (await client.delete(f"{BASE}/welcome", headers=headers)).status_code == 204
    assert (await client.get(f"{BASE}/welcome", headers=headers)).status_code == 404
    assert await AuditEntry.filter(action="template.delete").count() == 1


async def test_syntax_errors_are_refused_with_field_line_and_column(
    client: httpx.AsyncClient, auth_headers: Any, shop: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    refused = await client.post(
        BASE,
        headers=headers,
        json={
            "name": "broken",
            "subject": "Hi {{name}",
            "html": "<ul>\n    {{#each items}}<li>{{this}}</li>{{/if}}\n</ul>",
            "sms": "{{shout name}}",
        },
    )
    assert refused.status_code == 422, refused.text
    details = refused.json()["error"]["details"]
    assert [d["path"] for d in details] == ["subject", "html", "sms"]
    assert details[0]["message"].startswith("line 1, column 4: ")
    assert details[1]["message"] == (
        "line 2, column 37: {{/if}} closes {{#each}} (opened at line 2, column 5)"
    )
    assert details[2]["message"] == "line 1, column 3: unknown helper 'shout'"
    assert (await client.get(f"{BASE}/broken", headers=headers)).status_code == 404

    await client.post(BASE, headers=headers, json={"name": "ok", "html": "<p>{{x}}</p>"})
    patched = await client.patch(f"{BASE}/ok", headers=headers, json={"html": "\n\n  {{#if}}"})
    assert patched.status_code == 422
    assert patched.json()["error"]["details"] == [
        {"path": "html", "message": "line 3, column 6: if takes 1 argument(s), not 0"}
    ]
    assert (await client.get(f"{BASE}/ok", headers=headers)).json()["html"] == "<p>{{x}}</p>"
    bad_name = await client.post(BASE, headers=headers, json={"name": "no spaces"})
    assert bad_name.status_code == 422


async def test_previews_use_sample_vars_and_only_page_readable_env(
    client: httpx.AsyncClient, auth_headers: Any, shop: Any
) -> None:
    writer = await auth_headers(Role.DEVELOPER)
    await client.post(BASE, headers=writer, json=WELCOME)
    reader = await auth_headers(Role.READONLY)

    sample = await client.post(f"{BASE}/welcome/preview", headers=reader, json={})
    assert sample.status_code == 200, sample.text
    out = sample.json()
    assert out["subject"] == "Welcome, Ann <A&B>!"  # plain text: not escaped
    assert out["html"].startswith("<h1>Hello Ann &lt;A&amp;B&gt;</h1>\n<li>a</li><li>b</li>")
    assert "<p>hello||</p>" in out["html"]
    assert "protected-value" not in str(out) and "private-value" not in str(out)
    assert out["sms"] == "Hi Ann <A&B>, £12.50"

    given = await client.post(
        f"{BASE}/welcome/preview", headers=reader, json={"vars": {"name": "Bo", "balance": "3"}}
    )
    assert given.json()["subject"] == "Welcome, Bo!"
    assert given.json()["sms"] == "Hi Bo, £3.00"

    draft = await client.post(
        f"{BASE}/preview",
        headers=reader,
        json={
            "subject": "{{env.GREETING}} {{env.API_KEY}}",
            "html": "{{#if vip}}<b>VIP</b>{{else}}{{name}}{{/if}}",
            "sms": "{{date when 'YYYY-MM-DD'}}",
            "vars": {"name": "<i>", "when": "2024-05-06T10:00:00Z"},
        },
    )
    assert draft.status_code == 200, draft.text
    assert draft.json() == {"subject": "hello ", "html": "&lt;i&gt;", "sms": "2024-05-06"}

    broken = await client.post(
        f"{BASE}/preview", headers=reader, json={"html": "ok\n{{#with x}}", "vars": {}}
    )
    assert broken.status_code == 422
    assert broken.json()["error"]["details"][0]["path"] == "html"
    assert broken.json()["error"]["details"][0]["message"].startswith("line 2, column 1: ")
    bad_date = await client.post(
        f"{BASE}/preview", headers=reader, json={"sms": "{{date d}}", "vars": {"d": "soon"}}
    )
    assert bad_date.status_code == 422
    assert bad_date.json()["error"]["details"][0]["path"] == "sms"


async def test_render_for_app(shop: Any) -> None:
    await app_templates.create_template(
        SYSTEM, shop, "welcome", **{k: v for k, v in WELCOME.items() if k != "name"}
    )
    out = await app_templates.render_for_app(shop.id, "welcome", {"name": "Cy"})
    assert out["subject"] == "Welcome, Cy!"
    with pytest.raises(NotFound, match="'nope'"):
        await app_templates.render_for_app(shop.id, "nope", {})
    with pytest.raises(ValidationFailed):
        await app_templates.render_for_app(shop.id, "welcome", ["not", "an", "object"])


DOCS = {
    "name": "app_documentation",
    "html": "<h1>{{title}}</h1><p>{{intro}}</p><script>alert(1)</script>"
    "<img src=x onerror=alert(2)>{{env.GREETING}}",
    "sample": {"title": "Shop <docs>", "intro": "How it works"},
}


async def test_documentation_page(
    client: httpx.AsyncClient, auth_headers: Any, shop: Any, make_user: Any
) -> None:
    anonymous = await client.get("/apps/shop/_docs")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=/apps/shop/_docs"

    ui = Ui(client)
    viewer = await make_user(Role.READONLY)
    await ui.sign_in(viewer.username, PASSWORD)
    assert (await client.get("/apps/shop/_docs")).status_code == 404  # no template yet

    await app_templates.create_template(
        SYSTEM, shop, "app_documentation", **{k: v for k, v in DOCS.items() if k != "name"}
    )
    page = await client.get("/apps/shop/_docs")
    assert page.status_code == 200, page.text
    policy = page.headers["content-security-policy"]
    assert policy == (
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox"
    )
    assert "script-src" not in policy and "allow-scripts" not in policy
    assert "<h1>Shop &lt;docs&gt;</h1><p>How it works</p>" in page.text
    assert "hello" in page.text
    assert page.text.startswith("<!doctype html>")

    detail = await client.get(f"/apps/{shop.id}")
    assert 'href="/apps/shop/_docs"' in detail.text
    assert (await client.get("/apps/nowhere/_docs")).status_code == 404

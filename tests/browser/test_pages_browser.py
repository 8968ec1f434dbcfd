"""End to end: an app page served in its sandbox and run by ``static/dist/page.js``.

A public page (created through the REST API with an admin API key) has a required e-mail
input, an input with a pattern, a select with static options, a checkbox, a date and a
submit button; its form is saved to a dataset. Its actions: ``mounted`` fills a field, the
select's onChange hides a field, a button's onClick probes the operator API.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import Server, admin_api, sign_in

pytestmark = pytest.mark.browser

APP = "signup-app"
URL = f"/apps/{APP}/signup"
DIST = Path(__file__).resolve().parents[2] / "static" / "dist" / "page.js"

DOCUMENT: dict[str, Any] = {
    "name": "signup",
    "title": "Sign up",
    "form": {
        "label_position": "top",
        "events": {"mounted": "whenMounted"},
        "submit": {"type": "dataset", "dataset": "signups", "message": "Thanks, you are in"},
    },
    "components": [
        {"type": "input", "id": "greeting", "name": "Greeting", "binding": False},
        {
            "type": "input",
            "id": "email",
            "name": "Email",
            "rules": {"required": True, "type": "email"},
        },
        {
            "type": "input",
            "id": "code",
            "name": "Code",
            "rules": {"pattern": "/^[A-Z]{3}-\\d{3}$/", "message": "Use the form ABC-123"},
        },
        {
            "type": "select",
            "id": "plan",
            "name": "Plan",
            "options": {
                "items": [{"value": "basic", "label": "Basic"}, {"value": "pro", "label": "Pro"}]
            },
            "events": {"onChange": "planChanged"},
        },
        {"type": "input", "id": "company", "name": "Company"},
        {
            "type": "checkbox",
            "id": "extras",
            "name": "Extras",
            "options": {
                "items": [{"value": "sms", "label": "SMS"}, {"value": "voice", "label": "Voice"}]
            },
        },
        {"type": "date", "id": "start", "name": "Start date"},
        {"type": "text", "id": "probe", "name": "Probe", "binding": False},
        {
            "type": "button",
            "id": "probe_button",
            "name": "Probe the API",
            "events": {"onClick": "probeApi"},
        },
        {
            "type": "button",
            "id": "send",
            "name": "Sign up",
            "attributes": {"role": "submit", "kind": "primary"},
        },
    ],
    "actions": [
        {"name": "whenMounted", "body": "this.setData({greeting: 'Hello from mounted'});"},
        {
            "name": "planChanged",
            "body": "const [value] = args;\n"
            "if (value === 'basic') this.hide('company'); else this.show('company');",
        },
        {
            "name": "probeApi",
            # A plain fetch (its reply unreadable from the opaque origin), then one asking
            # for the cookies outright, whose (opaque) reply the browser lets through.
            "body": "const seen = (r) => 'status ' + r.status;\n"
            "const failed = (e) => 'refused ' + e.name;\n"
            "fetch('/api/v1/apps').then(seen, failed).then((first) =>\n"
            "  fetch('/api/v1/apps?with=cookies', {mode: 'no-cors', credentials: 'include'})\n"
            "    .then((r) => first + '; ' + r.type + ' ' + seen(r),\n"
            "          (e) => first + '; ' + failed(e)))\n"
            "  .then((probe) => this.setData({probe}));",
        },
    ],
}

COLUMNS = [
    {"name": name, "type": kind, "nullable": True}
    for name, kind in [
        ("email", "string"),
        ("code", "string"),
        ("plan", "string"),
        ("company", "string"),
        ("extras", "json"),
        ("start", "date"),
    ]
]


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    """The REST API as the admin (an API key made with the CLI), with the page created."""
    with admin_api(server) as client:
        made = client.post("/apps", json={"name": APP, "title": "Sign-ups"})
        assert made.status_code == 201, made.text
        made = client.post(f"/apps/{APP}/datasets", json={"name": "signups", "columns": COLUMNS})
        assert made.status_code == 201, made.text
        made = client.post(
            f"/apps/{APP}/pages", json={"name": "signup", "access": "public", "document": DOCUMENT}
        )
        assert made.status_code == 201, made.text
        yield client


def _rows(api: httpx.Client) -> list[dict[str, Any]]:
    reply = api.get(f"/apps/{APP}/datasets/signups/rows")
    assert reply.status_code == 200, reply.text
    return list(reply.json()["items"])


def test_mounted_validation_events_and_submission(page: Page, api: httpx.Client) -> None:
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/_api/submit") else None)
    page.goto(URL)
    expect(page.get_by_role("heading", name="Sign up", level=1)).to_be_visible()
    # The mounted action ran.
    expect(page.get_by_label("Greeting")).to_have_value("Hello from mounted")
    assert page.evaluate("() => window.cx().ctx.getValue('greeting')") == "Hello from mounted"

    # Invalid values: errors next to the fields, nothing sent.
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Code").fill("abc")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#email-error")).to_have_text("must be an e-mail address")
    expect(page.locator("#code-error")).to_have_text("Use the form ABC-123")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#pb-status")).to_have_text("Please correct the marked fields.")
    page.get_by_label("Email").fill("")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#email-error")).to_have_text("is required")
    assert sent == []

    # Typing clears the field's error.
    page.get_by_label("Email").fill("ada@example.com")
    expect(page.locator("#email-error")).to_be_hidden()
    expect(page.get_by_label("Email")).not_to_have_attribute("aria-invalid", "true")

    # onChange: choosing "basic" hides the company field, "pro" shows it again.
    company = page.locator('.pb-field[data-pb-field="company"]')
    expect(company).to_be_visible()
    page.get_by_label("Plan").select_option("basic")
    expect(company).to_be_hidden()
    page.get_by_label("Plan").select_option("pro")
    expect(company).to_be_visible()
    page.get_by_label("Plan").select_option("basic")
    expect(company).to_be_hidden()

    # Valid values are sent and saved.
    page.get_by_label("Code").fill("ABC-123")
    page.get_by_label("SMS").check()
    page.get_by_label("Start date").fill("2026-03-01")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#pb-status")).to_have_text("Thanks, you are in")
    expect(page.locator("#code-error")).to_be_hidden()
    assert len(sent) == 1
    body = json.loads(sent[0].post_data or "{}")
    assert body["hidden"] == ["company"]
    assert body["values"] == {
        "email": "ada@example.com",
        "code": "ABC-123",
        "plan": "basic",
        "company": "",
        "extras": ["sms"],
        "start": "2026-03-01",
    }
    assert "authorization" in sent[0].headers and "cookie" not in sent[0].headers
    rows = _rows(api)
    assert len(rows) == 1
    row = rows[0]
    assert (row["email"], row["code"], row["plan"], row["company"]) == (
        "ada@example.com",
        "ABC-123",
        "basic",
        None,
    )
    assert row["extras"] == ["sms"]
    assert str(row["start"]).startswith("2026-03-01")


@pytest.mark.parametrize("expected_errors", [[re.compile(r"^POST .*/_api/submit: 422$")]])
def test_the_server_checks_a_crafted_submission_again(page: Page, api: httpx.Client) -> None:
    page.goto(URL)
    expect(page.get_by_label("Greeting")).to_have_value("Hello from mounted")
    before = len(_rows(api))
    reply = page.evaluate(
        """async () => {
          const boot = JSON.parse(document.getElementById('pb-boot').textContent);
          const response = await fetch(boot.api + '/submit', {
            method: 'POST',
            headers: {authorization: 'Bearer ' + boot.token, 'content-type': 'application/json'},
            body: JSON.stringify({values: {email: 'nope', code: 'zz', plan: 'gold', bogus: 1}}),
          });
          return {status: response.status, body: await response.json()};
        }"""
    )
    assert reply["status"] == 422
    problems = {d["path"]: d["message"] for d in reply["body"]["error"]["details"]}
    assert problems["email"] == "must be an e-mail address"
    assert problems["code"] == "Use the form ABC-123"
    assert problems["plan"] == "must be one of the options"
    assert problems["bogus"] == "is not a field of this page"
    assert len(_rows(api)) == before


@pytest.mark.parametrize(
    "expected_errors",
    [
        [
            # The plain fetch: refused by CORS (the operator API allows no other origin).
            re.compile(r"^console: Access to fetch at '[^']*/api/v1/apps' from origin 'null'"),
            re.compile(r"^failed: .*/api/v1/apps(\?with=cookies)?$"),
            re.compile(r"^GET .*/api/v1/apps(\?with=cookies)?: 401$"),
        ]
    ],
)
def test_the_sandbox_sends_no_cookies_and_has_no_storage(page: Page, api: httpx.Client) -> None:
    sign_in(page)  # the viewer is an admin...
    page.goto(URL)
    expect(page.get_by_label("Greeting")).to_have_value("Hello from mounted")
    with page.expect_response(re.compile(r"/api/v1/apps\?with=cookies$")) as probed:
        page.get_by_role("button", name="Probe the API").click()
    response = probed.value
    # ...but the page's own script reaches the operator API without the session, even
    # when it asks for credentials: the server refuses it.
    assert response.status == 401
    assert "cookie" not in response.request.all_headers()
    # What the action saw: the plain fetch refused (the opaque origin cannot read the
    # refusal), the no-cors one an opaque reply with no status at all.
    expect(page.locator("#probe")).to_have_text("refused TypeError; opaque status 0")

    # No storage in the sandbox, and the runtime never touches it.
    storage = page.evaluate(
        "() => { try { return typeof window.localStorage.length } catch (e) { return e.name } }"
    )
    assert storage == "SecurityError"
    bundle = DIST.read_text()
    for name in ("localStorage", "sessionStorage", "document.cookie"):
        assert name not in bundle


@pytest.mark.parametrize("expected_errors", [[re.compile(r"^POST .*/_api/env: 403$")]])
def test_the_page_api_in_the_console(page: Page, api: httpx.Client) -> None:
    page.goto(URL)
    expect(page.get_by_label("Greeting")).to_have_value("Hello from mounted")
    result = page.evaluate(
        """async () => {
          const ctx = window.cx().ctx;
          ctx.setRules('company', [{required: true, message: 'Company please'}]);
          const valid = await ctx.validate(['company']);
          let rejected = null;
          try { await ctx.getData(); } catch (errors) { rejected = errors; }
          ctx.disable('code');
          const disabled = document.getElementById('code').disabled;
          ctx.enable('code');
          ctx.setData({email: 'x@example.com', plan: 'pro', extras: ['voice']});
          ctx.setData({start: '2026-01-02'});
          const values = ctx.getValues();
          const handle = ctx.$('plan');
          ctx.reset();
          let envError = null;
          try { await ctx.saveEnvVars({A: '1'}); } catch (e) { envError = e.message; }
          return {valid, rejected, disabled, enabled: !document.getElementById('code').disabled,
                  values, planId: handle.getId(), after: ctx.getValues(), envError};
        }"""
    )
    assert result["valid"] is False
    assert result["rejected"] == {"company": "Company please", "email": "is required"}
    assert result["disabled"] is True and result["enabled"] is True
    assert result["values"] == {
        "email": "x@example.com",
        "code": "",
        "plan": "pro",
        "company": "",
        "extras": ["voice"],
        "start": "2026-01-02",
    }
    assert result["planId"] == "plan"
    assert result["after"]["email"] == "" and result["after"]["plan"] is None
    assert "Only operators who may edit the app" in result["envError"]  # anonymous viewer
    expect(page.locator("#company-error")).to_be_hidden()  # reset clears the errors
    expect(page.get_by_label("Email")).to_have_value("")

"""The operator pages: what each role sees, htmx fragments, error pages, keys, audit."""

from __future__ import annotations

import re
from typing import Any

import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import ApiKey, AuditEntry, Role
from runtime.services import apps, customers, users
from tests.ui.ui_support import Ui, nav_labels

VOICE = [
    "Voice apps",
    "IVR menus",
    "DIDs",
    "SIP users",
    "Ring groups",
    "Queues",
    "Conference rooms",
    "Voicemail",
    "Audio files",
]

CLASS4 = ["Carriers", "Rate cards", "Routes", "Explain a call", "Numbering plan", "Exchange rates"]

EVERYONE = [
    "Dashboard",
    "IDE",
    "Apps",
    "App Store",
    "Data",
    "Pages",
    "Script runs",
    *VOICE,
    *CLASS4,
    "Customers",
    "API keys",
    "API reference",
]

# role -> (navigation, pages it may open, pages it may not)
ROLE_MATRIX: dict[Role, tuple[list[str], set[str], set[str]]] = {
    Role.ADMIN: (
        [
            "Dashboard",
            "IDE",
            "Apps",
            "App Store",
            "Data",
            "Pages",
            "Script runs",
            *VOICE,
            *CLASS4,
            "Customers",
            "Users",
            "API keys",
            "Audit log",
            "API reference",
        ],
        {
            "/",
            "/ide",
            "/apps",
            "/store",
            "/data",
            "/scripts/runs",
            "/customers",
            "/users",
            "/account/api-keys",
            "/audit",
        },
        set(),
    ),
    Role.DEVELOPER: (
        EVERYONE,
        {"/", "/apps", "/store", "/data", "/scripts/runs", "/customers", "/account/api-keys"},
        {"/users", "/audit"},
    ),
    Role.SUPPORT: (
        EVERYONE,
        {"/", "/apps", "/store", "/data", "/scripts/runs", "/customers", "/account/api-keys"},
        {"/users", "/audit"},
    ),
    Role.READONLY: (
        EVERYONE,
        {"/", "/apps", "/store", "/data", "/scripts/runs", "/customers", "/account/api-keys"},
        {"/users", "/audit"},
    ),
}

# Which "new ..." forms a role is offered (the matching POST is refused otherwise).
WRITE_FORMS = {
    Role.ADMIN: {"/apps": True, "/customers": True},
    Role.DEVELOPER: {"/apps": True, "/customers": False},
    Role.SUPPORT: {"/apps": False, "/customers": True},
    Role.READONLY: {"/apps": False, "/customers": False},
}


@pytest.mark.parametrize("role", list(Role))
async def test_each_role_sees_only_what_it_may_open(ui: Ui, signed_in: Any, role: Role) -> None:
    await signed_in(role)
    nav, allowed, refused = ROLE_MATRIX[role]
    for path in sorted(allowed):
        page = await ui.get(path)
        assert page.status_code == 200, (role, path)
        assert nav_labels(page.text) == nav, (role, path)
        assert f"· {role.value}</span>" in page.text
    for path in sorted(refused):
        page = await ui.get(path)
        assert page.status_code == 403, (role, path)
        assert page.headers["content-type"].startswith("text/html")
        assert "<h1>403 · Forbidden</h1>" in page.text
        assert f"Your role ({role.value}) cannot open this page" in page.text
        assert nav_labels(page.text) == nav, "the error page keeps the role's navigation"


@pytest.mark.parametrize("role", list(Role))
async def test_write_forms_follow_the_role(ui: Ui, signed_in: Any, role: Role) -> None:
    await signed_in(role)
    for path, offered in WRITE_FORMS[role].items():
        page = await ui.get(path)
        assert (f'method="post" action="http://testserver{path}"' in page.text) is offered, (
            role,
            path,
        )
        if not offered:
            refused = await ui.post(path, {"name": "sneaky"}, csrf=await ui.token("/"))
            assert refused.status_code == 403, (role, path)


async def test_the_current_page_is_marked_in_the_navigation(ui: Ui, signed_in: Any) -> None:
    await signed_in(Role.ADMIN)
    page = await ui.get("/customers")
    current = re.findall(r'<a href="[^"]*"\s*aria-current="page">([^<]+)</a>', page.text)
    assert current == ["Customers"]


async def test_users_search_answers_htmx_with_the_results_block_only(
    ui: Ui, signed_in: Any
) -> None:
    await signed_in(Role.ADMIN)  # "admin1"
    await users.create_user(SYSTEM, "carol", "carol password", Role.SUPPORT, full_name="Carol")
    fragment = await ui.get("/users", params={"q": "adm"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    body = fragment.text
    assert "<html" not in body
    assert "<nav" not in body.replace('<nav class="pager"', "")
    assert "<h1>" not in body
    assert body.lstrip().startswith('<div class="table-wrap">')
    assert ">admin1</a>" in body
    assert "carol" not in body
    assert "1\N{EN DASH}1 of 1" in body

    full = await ui.get("/users", params={"q": "adm"})
    assert "<html" in full.text
    assert 'value="adm"' in full.text
    assert 'hx-get="http://testserver/users"' in full.text
    assert 'hx-target="#results"' in full.text


@pytest.mark.parametrize(
    ("path", "needle", "absent"),
    [
        ("/apps", ">billing</a>", ">voicemail</a>"),
        ("/customers", ">Acme Telecom</a>", ">Zeta Networks</a>"),
        ("/audit", "customer.create", "app.create"),
    ],
)
async def test_other_lists_answer_htmx_too(
    ui: Ui, signed_in: Any, path: str, needle: str, absent: str
) -> None:
    await signed_in(Role.ADMIN)
    await apps.create_app(SYSTEM, "billing", "Billing", "")
    await apps.create_app(SYSTEM, "voicemail", "Voicemail", "")
    await customers.create_customer(SYSTEM, "Acme Telecom")
    await customers.create_customer(SYSTEM, "Zeta Networks")
    params = {"action": "customer."} if path == "/audit" else {"q": needle[1:4]}
    fragment = await ui.get(path, params=params, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert needle in fragment.text
    assert absent not in fragment.text


@pytest.mark.parametrize("path", ["/nope", "/users/999999", "/apps/999999", "/customers/999999"])
async def test_missing_pages_are_html_404s(ui: Ui, signed_in: Any, path: str) -> None:
    await signed_in(Role.ADMIN)
    page = await ui.get(path)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>404 · " in page.text
    assert "Go to the dashboard" in page.text


async def test_404_for_anonymous_visitors_too(ui: Ui) -> None:
    page = await ui.get("/nope")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Page not found" in page.text
    assert nav_labels(page.text) == []


async def test_a_new_api_key_is_shown_exactly_once(ui: Ui, signed_in: Any) -> None:
    account = await signed_in(Role.READONLY)  # every role manages its own keys
    response = await ui.submit(
        "/account/api-keys", "/account/api-keys", {"name": "billing export", "expires": "30"}
    )
    assert response.status_code == 201
    match = re.search(r'<code id="new-secret">(tk_[^<]+)</code>', response.text)
    assert match, "the secret is in the response that created the key"
    secret = match.group(1)
    assert "shown only once" in response.text
    assert secret not in str(ui.session()), "never carried in the session cookie"

    second = await ui.get("/account/api-keys")
    assert second.status_code == 200
    assert secret not in second.text
    assert 'id="new-secret"' not in second.text
    assert "billing export" in second.text  # the key itself is still listed

    key = await ApiKey.get(name="billing export")
    assert key.user_id == account.user.id  # type: ignore[attr-defined]
    assert key.expires_at is not None
    api = await ui.client.get("/api/v1/apps", headers={"X-Api-Key": secret})
    assert api.status_code == 200


async def test_revoking_a_key_from_the_page(ui: Ui, signed_in: Any) -> None:
    await signed_in(Role.SUPPORT)
    await ui.submit("/account/api-keys", "/account/api-keys", {"name": "short lived"})
    key = await ApiKey.get(name="short lived")
    response = await ui.submit("/account/api-keys", f"/account/api-keys/{key.id}/revoke")
    assert response.status_code == 303
    page = await ui.get("/account/api-keys")
    assert "Key short lived revoked." in page.text
    assert '<span class="badge off">revoked</span>' in page.text
    await key.refresh_from_db()
    assert key.revoked_at is not None


async def test_an_empty_key_name_is_refused_with_a_message(ui: Ui, signed_in: Any) -> None:
    await signed_in(Role.ADMIN)
    response = await ui.submit("/account/api-keys", "/account/api-keys", {"name": "  "})
    assert response.status_code == 303
    page = await ui.get("/account/api-keys")
    assert "Give the key a name" in page.text
    assert not await ApiKey.all().exists()


async def test_the_audit_log_lists_entries_and_shows_changes(ui: Ui, signed_in: Any) -> None:
    await signed_in(Role.ADMIN)
    target = await users.create_user(SYSTEM, "dana", "dana password", Role.READONLY)
    page = f"/users/{target.id}"
    saved = await ui.submit(
        page, page, {"full_name": "Dana Scully", "role": "support", "is_active": "on"}
    )
    assert saved.status_code == 303

    log = await ui.get("/audit")
    assert log.status_code == 200
    assert "<h1>Audit log</h1>" in log.text
    for action in ("user.create", "session.login", "user.update"):
        assert f">{action}</a>" in log.text

    entry = await AuditEntry.get(action="user.update", object_id=str(target.id))
    detail = await ui.get(f"/audit/{entry.id}")
    assert detail.status_code == 200
    rows = dict(
        (name, (before, after, "changed" in cls))
        for name, cls, before, after in re.findall(
            r'<tr><th scope="row">([^<]+)</th>\s*<td class="mono ?([^"]*)">([^<]*)</td>\s*'
            r'<td class="mono ?[^"]*">([^<]*)</td></tr>',
            detail.text,
        )
    )
    assert rows["full_name"] == ("", "Dana Scully", True)
    assert rows["role"] == ("readonly", "support", True)
    assert rows["username"] == ("dana", "dana", False)
    assert "admin1 (operator #" in detail.text

    filtered = await ui.get("/audit", params={"action": "user.update"})
    assert ">user.update</a>" in filtered.text
    assert ">user.create</a>" not in filtered.text


async def test_an_unknown_audit_entry_is_404(ui: Ui, signed_in: Any) -> None:
    await signed_in(Role.ADMIN)
    assert (await ui.get("/audit/424242")).status_code == 404


async def test_the_dashboard_counts_what_the_role_may_see(ui: Ui, signed_in: Any) -> None:
    await customers.create_customer(SYSTEM, "Acme Telecom")
    await signed_in(Role.SUPPORT)
    page = await ui.get("/")
    cards = dict(
        (label, int(value))
        for value, label in re.findall(
            r'<div class="value">(\d+)</div>\s*<div class="label">([^<]+)</div>', page.text
        )
    )
    assert cards == {"Apps": 0, "Customers": 1, "Your API keys": 0}
    assert "Recent changes" not in page.text, "the audit feed is for admins"

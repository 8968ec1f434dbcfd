"""Signing in and out of the operator UI and the customer portal, as a browser does."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from runtime.app import SESSION_COOKIE
from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import customers, users
from tests.ui.ui_support import Ui, csrf_of

DASHBOARD = "http://testserver/"


def location(response: Any) -> tuple[str, dict[str, list[str]]]:
    """The redirect's path and query, whether the server wrote it absolute or not."""
    parts = urlsplit(response.headers["location"])
    return parts.path, parse_qs(parts.query)


async def test_login_page_has_a_labelled_form_with_a_csrf_token(ui: Ui) -> None:
    response = await ui.get("/login")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert len(csrf_of(html)) >= 32
    for name, kind in (("username", "text"), ("password", "password")):
        assert f'<label for="{name}">' in html
        assert re.search(rf'<input type="{kind}" id="{name}" name="{name}"', html), name
    assert 'autocomplete="current-password"' in html
    assert '<button type="submit">Sign in</button>' in html
    assert ui.session() == {"csrf": csrf_of(html)}, "only an anonymous CSRF token so far"


async def test_sign_in_sets_a_protected_cookie_and_opens_the_dashboard(
    ui: Ui, make_user: Any
) -> None:
    admin = await make_user(Role.ADMIN)
    anonymous_token = await ui.token("/login")
    response = await ui.post(
        "/login", {"username": admin.username, "password": admin.password}, csrf=anonymous_token
    )
    assert response.status_code == 303
    assert response.headers["location"] == DASHBOARD
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/" in cookie
    session = ui.session()
    assert session["kind"] == "operator"
    assert session["uid"] == admin.user.id
    # A fresh session and token on sign-in: a token planted before login is worthless after.
    assert session["csrf"] != anonymous_token

    dashboard = await ui.get("/")
    assert dashboard.status_code == 200
    assert "<h1>Dashboard</h1>" in dashboard.text
    assert f"{admin.username} · admin" in dashboard.text
    assert await AuditEntry.filter(action="session.login", object_id=str(admin.user.id)).exists()


@pytest.mark.parametrize(
    ("username", "password"),
    [("admin1", "wrong password"), ("nobody", "correct horse battery"), ("admin1", "")],
)
async def test_a_wrong_login_shows_an_error_and_signs_nobody_in(
    ui: Ui, make_user: Any, username: str, password: str
) -> None:
    await make_user(Role.ADMIN, username="admin1")
    response = await ui.sign_in(username, password)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("text/html")
    assert '<p class="form-error" role="alert" id="login-error">' in response.text
    assert "Wrong username or password" in response.text
    assert 'aria-describedby="login-error"' in response.text
    assert f'value="{username}"' in response.text, "the username is kept for another try"
    assert "uid" not in ui.session()
    assert (await ui.get("/")).status_code == 303


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
async def test_login_without_the_right_csrf_token_is_rejected(
    ui: Ui, make_user: Any, token: str | None
) -> None:
    admin = await make_user(Role.ADMIN)
    await ui.get("/login")  # the session holds a token; the form does not echo it
    response = await ui.post(
        "/login", {"username": admin.username, "password": admin.password}, csrf=token
    )
    assert response.status_code == 403
    assert "session expired" in response.text
    assert "uid" not in ui.session()
    assert (await ui.get("/")).status_code == 303


async def test_login_with_no_session_at_all_is_rejected(ui: Ui, make_user: Any) -> None:
    """A cross-site POST carries no cookie; it must not sign in whatever token it invents."""
    admin = await make_user(Role.ADMIN)
    response = await ui.post(
        "/login", {"username": admin.username, "password": admin.password}, csrf="forged"
    )
    assert response.status_code == 403
    assert "uid" not in ui.session()


async def test_login_is_throttled_after_repeated_failures(ui: Ui, make_user: Any) -> None:
    admin = await make_user(Role.ADMIN)  # settings: login_max_failures=3
    for _ in range(3):
        assert (await ui.sign_in(admin.username, "not the password")).status_code == 401
    blocked = await ui.sign_in(admin.username, admin.password)
    assert blocked.status_code == 429
    assert "Too many failed logins" in blocked.text
    assert "uid" not in ui.session()


async def test_a_success_resets_the_failure_count(ui: Ui, make_user: Any) -> None:
    admin = await make_user(Role.ADMIN)
    for _ in range(2):
        assert (await ui.sign_in(admin.username, "not the password")).status_code == 401
    assert (await ui.sign_in(admin.username, admin.password)).status_code == 303
    ui.client.cookies.clear()
    for _ in range(2):
        assert (await ui.sign_in(admin.username, "not the password")).status_code == 401
    assert (await ui.sign_in(admin.username, admin.password)).status_code == 303


async def test_logout_ends_the_session(ui: Ui, signed_in: Any) -> None:
    await signed_in(Role.ADMIN)
    response = await ui.submit("/", "/logout")
    assert response.status_code == 303
    assert location(response)[0] == "/login"
    assert "uid" not in ui.session()
    login = await ui.get("/login")
    assert "You are signed out." in login.text

    home = await ui.get("/")
    assert home.status_code == 303
    assert location(home) == ("/login", {"next": ["/"]})


async def test_pages_redirect_to_login_and_come_back_after_sign_in(ui: Ui, make_user: Any) -> None:
    admin = await make_user(Role.ADMIN)
    first = await ui.get("/customers")
    assert first.status_code == 303
    assert location(first) == ("/login", {"next": ["/customers"]})
    login = await ui.get(first.headers["location"])
    assert '<input type="hidden" name="next" value="/customers">' in login.text
    response = await ui.post(
        "/login",
        {"username": admin.username, "password": admin.password, "next": "/customers"},
        csrf=csrf_of(login.text),
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/customers"
    assert (await ui.get("/customers")).status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/path",
        "https://evil.example",
        "https://evil.example/",
        "http:evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
async def test_next_cannot_leave_the_site(ui: Ui, make_user: Any, target: str) -> None:
    admin = await make_user(Role.ADMIN)
    page = await ui.get("/login", params={"next": target})
    assert f'<input type="hidden" name="next" value="{DASHBOARD}">' in page.text
    response = await ui.post(
        "/login",
        {"username": admin.username, "password": admin.password, "next": target},
        csrf=csrf_of(page.text),
    )
    assert response.status_code == 303
    assert response.headers["location"] == DASHBOARD
    # Already signed in, the login page itself redirects: also only on-site.
    again = await ui.get("/login", params={"next": target})
    assert again.status_code == 303
    assert again.headers["location"] == DASHBOARD


async def test_password_change_signs_the_user_out_everywhere(new_ui: Any, make_user: Any) -> None:
    admin = await make_user(Role.ADMIN)
    target = await make_user(Role.SUPPORT)
    theirs, mine = await new_ui(), await new_ui()
    assert (await theirs.sign_in(target.username, target.password)).status_code == 303
    assert (await theirs.get("/")).status_code == 200
    assert (await mine.sign_in(admin.username, admin.password)).status_code == 303

    page = f"/users/{target.user.id}"
    response = await mine.submit(
        page, page, {"role": "support", "is_active": "on", "password": "a brand new password"}
    )
    assert response.status_code == 303, response.text

    kicked = await theirs.get("/")
    assert kicked.status_code == 303
    assert location(kicked)[0] == "/login"
    assert "uid" not in theirs.session(), "the stale session is dropped, not just refused"
    assert (await mine.get("/")).status_code == 200, "the admin's own session is untouched"
    assert (await theirs.sign_in(target.username, "a brand new password")).status_code == 303


async def test_deactivation_signs_the_user_out(new_ui: Any, make_user: Any) -> None:
    target = await make_user(Role.DEVELOPER)
    theirs = await new_ui()
    assert (await theirs.sign_in(target.username, target.password)).status_code == 303
    await users.update_user(SYSTEM, target.user.id, {"is_active": False})
    assert (await theirs.get("/apps")).status_code == 303
    assert (await theirs.sign_in(target.username, target.password)).status_code == 401


async def test_other_changes_keep_the_session(new_ui: Any, make_user: Any) -> None:
    target = await make_user(Role.DEVELOPER)
    theirs = await new_ui()
    assert (await theirs.sign_in(target.username, target.password)).status_code == 303
    await users.update_user(SYSTEM, target.user.id, {"full_name": "Dev Eloper"})
    assert (await theirs.get("/apps")).status_code == 200


@pytest.fixture
async def contact(db: str) -> tuple[str, str, str]:
    """A customer with a portal login: ``(customer name, email, password)``."""
    customer = await customers.create_customer(SYSTEM, "Acme Telecom", "EUR")
    await customers.add_contact(
        SYSTEM, customer.id, "Ops@Acme.example", "portal password 1", "Olga Ops"
    )
    return customer.name, "ops@acme.example", "portal password 1"


async def test_portal_sign_in_shows_the_customer(ui: Ui, contact: tuple[str, str, str]) -> None:
    name, email, password = contact
    page = await ui.get("/portal/login")
    assert page.status_code == 200
    assert '<label for="email">Email</label>' in page.text
    response = await ui.portal_sign_in(email, password)
    assert response.status_code == 303
    assert location(response)[0] == "/portal"
    assert ui.session()["kind"] == "customer"
    home = await ui.get("/portal")
    assert home.status_code == 200
    assert name in home.text
    assert "Welcome, Olga Ops" in home.text
    assert 'id="site-nav"' not in home.text, "no operator navigation in the portal"


async def test_portal_wrong_password(ui: Ui, contact: tuple[str, str, str]) -> None:
    _, email, _ = contact
    response = await ui.portal_sign_in(email, "not the password")
    assert response.status_code == 401
    assert "Wrong username or password" in response.text
    assert (await ui.get("/portal")).status_code == 303


async def test_portal_session_cannot_open_operator_pages(
    ui: Ui, contact: tuple[str, str, str]
) -> None:
    _, email, password = contact
    assert (await ui.portal_sign_in(email, password)).status_code == 303
    for path in ("/", "/customers", "/users", "/account/api-keys", "/audit"):
        response = await ui.get(path)
        assert response.status_code == 303, path
        assert location(response)[0] == "/login", path
    # Nor the operator API, through the same cookie.
    assert (await ui.get("/api/v1/customers")).status_code in {401, 403}
    # The operator login form does not treat the portal session as signed in.
    assert (await ui.get("/login")).status_code == 200


async def test_operator_session_cannot_open_the_portal(
    ui: Ui, signed_in: Any, contact: tuple[str, str, str]
) -> None:
    await signed_in(Role.ADMIN)
    response = await ui.get("/portal")
    assert response.status_code == 303
    assert location(response) == ("/portal/login", {"next": ["/portal"]})


async def test_portal_logout(ui: Ui, contact: tuple[str, str, str]) -> None:
    _, email, password = contact
    assert (await ui.portal_sign_in(email, password)).status_code == 303
    response = await ui.submit("/portal", "/portal/logout")
    assert response.status_code == 303
    assert location(response)[0] == "/portal/login"
    assert (await ui.get("/portal")).status_code == 303

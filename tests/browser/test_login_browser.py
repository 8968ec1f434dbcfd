"""End to end: the real ``trunkline`` server, driven by Debian's Chromium through Playwright.

One server (SQLite file in a temporary data dir; fixtures in ``conftest.py``) serves the
whole module; the last test stops it with SIGTERM and checks it shuts down cleanly.
"""

from __future__ import annotations

import re
import signal

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from tests.browser.conftest import ADMIN_PASSWORD, Server, _stop, sign_in

pytestmark = pytest.mark.browser

ADMIN_NAV = [
    "Dashboard",
    "IDE",
    "Apps",
    "App Store",
    "Data",
    "Pages",
    "Script runs",
    "Voice apps",
    "IVR menus",
    "DIDs",
    "SIP users",
    "Ring groups",
    "Queues",
    "Conference rooms",
    "Voicemail",
    "Audio files",
    "Carriers",
    "Rate cards",
    "Routes",
    "Explain a call",
    "Numbering plan",
    "Exchange rates",
    "Customers",
    "Users",
    "API keys",
    "Audit log",
    "API reference",
]


def test_sign_in_through_the_form(page: Page, server: Server) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)$"))
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_label("Password").press("Enter")

    expect(page).to_have_url(f"{server.url}/")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page).to_have_title("Dashboard · Trunkline")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link")).to_have_text(ADMIN_NAV)
    expect(nav.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("admin · admin")).to_be_visible()

    cookie = next(c for c in page.context.cookies() if c["name"] == "trunkline_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert "trunkline_session" not in page.evaluate("document.cookie"), "scripts cannot read it"

    nav.get_by_role("link", name="Customers", exact=True).click()
    expect(page.get_by_role("heading", name="Customers", level=1)).to_be_visible()


def test_a_wrong_password_is_announced(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password")
    expect(page.get_by_label("Username")).to_have_value("admin")
    expect(page.get_by_label("Username")).to_have_attribute("aria-describedby", "login-error")


def test_the_login_form_works_from_the_keyboard(page: Page) -> None:
    page.goto("/login")
    # The form is the page's only content, so focus starts in it (autofocus): no skip link
    # is needed to bypass anything.
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(ADMIN_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def test_the_skip_link_comes_first_and_jumps_to_the_content(page: Page) -> None:
    sign_in(page)
    page.reload()  # focus back at the start of the document
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # off-screen until focused, then shown
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside the content, past the header and navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_users_search_updates_the_table_through_htmx(page: Page, server: Server) -> None:
    sign_in(page)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Users", exact=True
    ).click()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)  # admin and carol
    page.evaluate("window.__sameDocument = true")  # gone if the page were reloaded

    def htmx_search(response: Response) -> bool:
        hx = response.request.headers.get("hx-request")
        return "/users?" in response.url and hx == "true"

    with page.expect_response(htmx_search) as answer:
        page.get_by_label("Search", exact=True).press_sequentially("car", delay=30)
    assert answer.value.status == 200
    assert "<html" not in answer.value.text()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("carol")
    expect(rows.first).to_contain_text("support")
    assert page.evaluate("window.__sameDocument") is True
    expect(page).to_have_url(f"{server.url}/users")

    page.get_by_label("Search", exact=True).fill("nobody-like-this")
    expect(rows).to_have_text(["No users match."])
    page.get_by_label("Search", exact=True).fill("")
    expect(rows).to_have_count(2)


def test_sign_out(page: Page) -> None:
    sign_in(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Trunkline")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto("/users")
    expect(page).to_have_url(re.compile(r"/login\?next=(/users|%2Fusers)$"))


def test_sigterm_shuts_the_server_down_cleanly(browser: Browser, server: Server) -> None:
    """Last: SIGTERM with a browser still connected; uvicorn drains, lifespan closes the DB."""
    context = browser.new_context(base_url=server.url)
    try:
        tab = context.new_page()
        tab.goto("/login")  # leaves a keep-alive connection open
        returncode = _stop(server.process)
    finally:
        context.close()
    output = server.output()
    # uvicorn re-raises the SIGTERM it caught once shutdown is complete, so the status says
    # "terminated by SIGTERM" (what systemd and Kubernetes expect) rather than 0.
    assert returncode in {0, -signal.SIGTERM}, output
    assert "Application shutdown complete" in output
    assert "Trunkline stopped" in output, "the lifespan closed the database"
    assert "Traceback" not in output
    assert " ERROR " not in output

"""End to end: the real ``trunkline`` server, driven by Debian's Chromium through Playwright.

One server (SQLite file in a temporary data dir) serves the whole module; the last test
stops it with SIGTERM and checks it shuts down cleanly.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Response,
    expect,
    sync_playwright,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TRUNKLINE = str(Path(sys.executable).with_name("trunkline"))
ADMIN_PASSWORD = "browser admin password"
ADMIN_NAV = [
    "Dashboard",
    "Apps",
    "Data",
    "Script runs",
    "Customers",
    "Users",
    "API keys",
    "Audit log",
    "API reference",
]
STARTUP_TIMEOUT = 60.0


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str] = field(repr=False)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(env: dict[str, str], cwd: Path, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [TRUNKLINE, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"trunkline {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx.Client(base_url=server.url, timeout=2, trust_env=False) as http:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                pytest.fail(f"the server exited at start-up:\n{server.output()}")
            try:
                if http.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    pytest.fail(f"no healthy /healthz within {STARTUP_TIMEOUT:.0f}s:\n{server.output()}")


def _stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    return int(process.returncode)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("browser-server")
    # Only the data dir: no database URL (a SQLite file there), a generated secret key.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    env["TRUNKLINE_DATA_DIR"] = str(data)
    out = _cli(env, data, "init", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert "created admin user: admin" in out
    carol = ("user", "create", "carol", "--role", "support", "--password-stdin")
    _cli(env, data, *carol, stdin="carol's password\n")
    port = _free_port()
    log = data / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [TRUNKLINE, "run", "--port", str(port)],
            env=env,
            cwd=data,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    running = Server(f"http://127.0.0.1:{port}", process, log, env)
    try:
        _wait_healthy(running)
        yield running
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.geteuid() != 0:
            pytest.skip(f"{CHROMIUM} is missing and we are not root to install it (apt chromium)")
        pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A fresh browser profile on the server; fails the test on script errors, CSP
    violations (``script-src 'self'``) and failed assets or htmx requests."""
    context = browser.new_context(base_url=server.url)
    context.set_default_timeout(10_000)
    errors: list[str] = []
    tab = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        # Error statuses are checked below, per request; a 401 page is no script error.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text}")

    def on_response(response: Response) -> None:
        request = response.request
        if (
            response.status >= 400
            and request.resource_type != "document"
            and not response.url.endswith("/favicon.ico")  # asked for by Chromium itself
        ):
            errors.append(f"{request.method} {response.url}: {response.status}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    tab.on("response", on_response)
    tab.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    try:
        yield tab
    finally:
        context.close()
    assert errors == []


def sign_in(page: Page, username: str = "admin", password: str = ADMIN_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


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

    nav.get_by_role("link", name="Customers").click()
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
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
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

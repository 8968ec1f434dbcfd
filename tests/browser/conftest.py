"""Browser tests: the real ``trunkline`` server, driven by Debian's Chromium through Playwright.

Each test module gets its own server (SQLite file in a temporary data dir, an admin and a
support user); a module can run more CLI commands before the server starts by overriding
the ``server_commands`` fixture (``[("demo",)]`` seeds the demo content).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Response,
    expect,
    sync_playwright,
)

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
def server_commands() -> Sequence[Sequence[str]]:
    """CLI commands run (in order) after ``init`` and before the server starts."""
    return ()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, server_commands: Sequence[Sequence[str]]
) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("browser-server")
    # Only the data dir: no database URL (a SQLite file there), a generated secret key.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    env["TRUNKLINE_DATA_DIR"] = str(data)
    out = _cli(env, data, "init", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert "created admin user: admin" in out
    carol = ("user", "create", "carol", "--role", "support", "--password-stdin")
    _cli(env, data, *carol, stdin="carol's password\n")
    for command in server_commands:
        _cli(env, data, *command)
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
def expected_errors() -> list[re.Pattern[str]]:
    """Patterns of ``"METHOD url: status"`` a test expects (an API refusal it shows)."""
    return []


@pytest.fixture
def page(
    browser: Browser, server: Server, expected_errors: list[re.Pattern[str]]
) -> Iterator[Page]:
    """A fresh browser profile on the server; fails the test on script errors, CSP
    violations (``script-src 'self'``) and failed assets or htmx requests (except those
    matching ``expected_errors``: ``"METHOD url: status"``, ``"console: text"`` or
    ``"failed: url"``)."""
    context = browser.new_context(base_url=server.url)
    context.set_default_timeout(10_000)
    errors: list[str] = []
    tab = context.new_page()

    def expected(error: str) -> bool:
        return any(pattern.search(error) for pattern in expected_errors)

    def on_console(message: ConsoleMessage) -> None:
        # Error statuses are checked below, per request; a 401 page is no script error.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            error = f"console: {message.text}"
            if not expected(error):
                errors.append(error)

    closing = False

    def on_request_failed(request: Request) -> None:
        # A request still in flight when the page navigates away or the test's context
        # closes is aborted by the browser, not failed by the server.
        if closing or (request.failure or "") == "net::ERR_ABORTED":
            return
        error = f"failed: {request.url}"
        if not expected(error):
            errors.append(error)

    def on_response(response: Response) -> None:
        request = response.request
        if (
            response.status >= 400
            and request.resource_type != "document"
            and not response.url.endswith("/favicon.ico")  # asked for by Chromium itself
        ):
            error = f"{request.method} {response.url}: {response.status}"
            if not expected(error):
                errors.append(error)

    tab.on("console", on_console)
    tab.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    tab.on("response", on_response)
    tab.on("requestfailed", on_request_failed)
    try:
        yield tab
    finally:
        closing = True
        context.close()
    assert errors == []


def sign_in(page: Page, username: str = "admin", password: str = ADMIN_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


@contextmanager
def admin_api(server: Server, timeout: float = 10) -> Iterator[httpx.Client]:
    """A client of the server's REST API with a new admin API key (for a test's set-up)."""
    data_dir = Path(server.env["TRUNKLINE_DATA_DIR"])
    out = _cli(server.env, data_dir, "apikey", "create", "--user", "admin")
    key = out.strip().splitlines()[-1]
    with httpx.Client(
        base_url=f"{server.url}/api/v1",
        headers={"x-api-key": key},
        timeout=timeout,
        trust_env=False,
    ) as client:
        yield client

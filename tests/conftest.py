"""Shared fixtures.

Every database test takes ``db`` (directly or through ``client``) and so runs twice: on
SQLite and on PostgreSQL. PostgreSQL tests skip, with the reason shown, when no server is
reachable, unless ``TRUNKLINE_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) makes that a failure.
The server is found at ``TRUNKLINE_TEST_POSTGRES_URL`` (default
``postgres://postgres@127.0.0.1:5432/test``); the suite creates and drops its own database.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from runtime import db as database
from runtime.app import create_app
from runtime.auth.principal import SYSTEM
from runtime.models import Role, User
from runtime.security import passwords
from runtime.settings import Settings

POSTGRES_URL = os.environ.get(
    "TRUNKLINE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("TRUNKLINE_REQUIRE_POSTGRES") == "1"
SECRET = "test-secret-key-that-is-long-enough-0123456789"
PASSWORD = "correct horse battery"

# Real argon2id, cheap parameters: the suite hashes hundreds of passwords.
passwords.configure(time_cost=1, memory_cost=1024)


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


async def _create_pg_database() -> str:
    name = f"trunkline_test_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(POSTGRES_URL, timeout=5)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = _with_database(POSTGRES_URL, name)
    await database.migrate(url)
    return url


async def _drop_pg_database(url: str) -> None:
    name = url.rpartition("/")[2]
    conn = await asyncpg.connect(POSTGRES_URL, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database for the whole session."""
    try:
        url = asyncio.run(_create_pg_database())
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        reason = f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{reason} (TRUNKLINE_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    yield url
    asyncio.run(_drop_pg_database(url))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test works on a copy."""
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    asyncio.run(database.migrate(f"sqlite://{path}"))
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        copy = tmp_path / "trunkline.sqlite3"
        shutil.copyfile(template, copy)
        return f"sqlite://{copy}"
    return str(request.getfixturevalue("postgres_url"))


async def _truncate_postgres() -> None:
    conn = database.connection()
    # Datasets live in per-app schemas; app ids restart at 1, so their tables must go too.
    schemas = await conn.execute_query_dict(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'app\\_%'"
    )
    for row in schemas:
        await conn.execute_script(f'DROP SCHEMA "{row["nspname"]}" CASCADE')
    rows = await conn.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'aerich'"
    )
    if rows:
        tables = ", ".join(f'"{r["tablename"]}"' for r in rows)
        await conn.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[str]:
    """The models bound to an empty, migrated database; yields the dialect name."""
    from telephony.rating import plan
    from telephony.rating.index import registry
    from telephony.routing import engine
    from telephony.routing.cache import cache
    from telephony.routing.state import state

    # In-memory state of an earlier test's database: rate-card indexes, the numbering plan,
    # the routing cache, round-robin positions and counters.
    registry().forget()
    plan.forget()
    cache().forget()
    engine.forget()
    state().clear()
    async with database.open_database(db_url, shared=False):
        dialect = database.dialect_of(db_url)
        if dialect == "postgres":
            await _truncate_postgres()
        yield dialect


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url,
        secret_key=SECRET,
        data_dir=tmp_path,
        login_max_failures=3,
        login_window=60,
    )


@pytest.fixture
async def app(settings: Settings, db: str) -> AsyncIterator[Any]:
    application = create_app(settings, manage_database=False)
    yield application
    # Areas may have started services lazily (the ScriptForge sandbox pool).
    pool = getattr(application.state, "sandbox", None)
    if pool is not None:
        await pool.aclose()
    imports = getattr(application.state, "import_runner", None)
    if imports is not None:
        await imports.aclose()
    builds = getattr(application.state, "build_jobs", None)
    if builds is not None:  # rate-card builds a test started and did not wait for
        await builds.aclose()


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@dataclass
class Account:
    user: User
    password: str

    @property
    def username(self) -> str:
        return self.user.username


@pytest.fixture
def make_user(db: str) -> Any:
    """``await make_user(Role.ADMIN)`` creates an operator with :data:`PASSWORD`."""
    from runtime.services import users

    counter = {"n": 0}

    async def make(role: Role = Role.ADMIN, username: str | None = None) -> Account:
        counter["n"] += 1
        name = username or f"{role.value}{counter['n']}"
        user = await users.create_user(SYSTEM, name, PASSWORD, role)
        return Account(user, PASSWORD)

    return make


async def bearer(client: httpx.AsyncClient, account: Account) -> dict[str, str]:
    """Headers carrying a fresh access token for ``account``."""
    response = await client.post(
        "/api/v1/auth/token", json={"username": account.username, "password": account.password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def auth_headers(client: httpx.AsyncClient, make_user: Any) -> Any:
    """``await auth_headers(Role.SUPPORT)``: a new user of that role, as bearer headers."""

    async def make(role: Role = Role.ADMIN) -> dict[str, str]:
        return await bearer(client, await make_user(role))

    return make

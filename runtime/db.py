"""The database: tortoise-orm configuration, start/stop, and migrations.

A fresh database is built by the migrations kept in ``runtime/migrations/<dialect>/models``
(aerich writes dialect-specific SQL and cannot alter SQLite columns, so each dialect has its
own tree). ``generate_schemas`` is never used outside the test that checks the migrations
against the models.

Developers change a model, then run ``trunkline db makemigrations NAME`` once per dialect
(``TRUNKLINE_DATABASE_URL`` pointing at a scratch PostgreSQL database for the second run).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aerich import Command
from tortoise import BaseDBAsyncClient, connections
from tortoise.backends.sqlite import SqliteClient
from tortoise.context import TortoiseContext
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

log = logging.getLogger(__name__)

#: Modules holding the core's tortoise models; areas add theirs (``runtime.areas``).
CORE_MODELS: tuple[str, ...] = ("runtime.models",)


def model_modules() -> list[str]:
    from runtime.areas import installed_areas

    return [*CORE_MODELS, *(m for area in installed_areas() for m in area.models)]


APP_LABEL = "models"
MIGRATIONS_ROOT = Path(__file__).parent / "migrations"


def _tuned(url: str) -> str:
    """SQLite in WAL mode (tortoise's default) with ``synchronous=NORMAL``: a commit no
    longer waits for fsync (durable at checkpoints; never corrupt), which multiplies write
    throughput. An explicit ``synchronous`` in the URL wins."""
    if url.startswith("sqlite://") and url != "sqlite://:memory:" and "synchronous=" not in url:
        return url + ("&" if "?" in url else "?") + "synchronous=NORMAL"
    return url


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The tortoise/aerich configuration for one database URL.

    The connection is named after its dialect: tortoise caches compiled statements per
    connection name, so one process (the test suite) can use both dialects in turn.
    """
    name = dialect_of(database_url)
    return {
        "connections": {name: _tuned(database_url)},
        "apps": {
            APP_LABEL: {
                "models": [*model_modules(), "aerich.models"],
                "default_connection": name,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def dialect_of(database_url: str) -> str:
    return "postgres" if database_url.startswith(("postgres://", "postgresql://")) else "sqlite"


def migration_number(filename: str) -> int:
    """The order of a migration file: ``12_20261125_add_x.py`` → 12."""
    return int(filename.split("_", 1)[0])


def migrations_dir(dialect: str) -> Path:
    return MIGRATIONS_ROOT / dialect


def _ensure_sqlite_dir(url: str) -> None:
    if url.startswith("sqlite://") and url != "sqlite://:memory:":
        Path(url[len("sqlite://") :]).parent.mkdir(parents=True, exist_ok=True)


@asynccontextmanager
async def open_database(database_url: str, *, shared: bool = True) -> AsyncIterator[None]:
    """Bind the models to ``database_url`` for the duration of the block.

    Tortoise keeps its state in a context variable; ``shared`` also publishes it to other
    tasks (the ASGI server runs the lifespan and the requests in different tasks).
    Connections open lazily and are closed when the block ends.
    """
    url = database_url.replace("postgresql://", "postgres://", 1)
    _ensure_sqlite_dir(url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url), _enable_global_fallback=shared)
        yield


def _command(database_url: str) -> Command:
    location = migrations_dir(dialect_of(database_url))
    return Command(tortoise_config(database_url), app=APP_LABEL, location=str(location))


async def migrate(database_url: str) -> list[str]:
    """Apply every pending migration; return the names of those applied."""
    url = database_url.replace("postgresql://", "postgres://", 1)
    _ensure_sqlite_dir(url)
    # aerich initialises tortoise itself; give it a context of its own.
    async with TortoiseContext():
        command = _command(url)
        await command.init()
        applied = await command.upgrade(run_in_transaction=True)
    for name in applied:
        log.info("applied migration %s", name)
    return applied


async def make_migrations(database_url: str, name: str) -> str | None:
    """Write a new migration for the dialect of ``database_url`` (a developer tool).

    The database must be at the current head of that dialect's tree; with no tree yet, the
    initial migration is written from the models.
    """
    url = database_url.replace("postgresql://", "postgres://", 1)
    tree = migrations_dir(dialect_of(url)) / APP_LABEL
    if not tree.exists() or not any(tree.glob("*.py")):
        async with TortoiseContext():
            await _command(url).init_db(safe=True)
        return str(next(tree.glob("*.py")).name)
    # aerich reads its state from the database: bring it to the head of the tree first.
    await migrate(url)
    async with TortoiseContext():
        command = _command(url)
        await command.init()
        return await command.migrate(name=name, no_input=True)


def dialect_of_connection() -> str:
    """``sqlite`` or ``postgres``: the dialect of the open connection."""
    return "postgres" if next(iter(connections.db_config)) == "postgres" else "sqlite"


@asynccontextmanager
async def bulk_transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """A write transaction for long bulk work (imports).

    Tortoise runs everything on one SQLite connection and a transaction holds it, so a
    minute-long import would stall every other request. On a SQLite file the transaction
    gets a connection of its own instead: other requests keep reading (WAL) while it runs;
    their writes wait for it (SQLite has one writer) up to the busy timeout. PostgreSQL's
    pool gives each transaction its own connection anyway.
    """
    main = connection()
    if not isinstance(main, SqliteClient) or main.filename == ":memory:":
        async with in_transaction() as conn:
            yield conn
        return
    # Same name: inside the transaction's task, ORM calls use the transaction.
    own = SqliteClient(main.filename, connection_name=main.connection_name, **main.pragmas)
    try:
        async with own._in_transaction() as conn:
            yield conn
    finally:
        await own.close()


async def schema_changed() -> None:
    """After a table's columns change type: PostgreSQL connections cache prepared
    statements by their text, with the old parameter types; replace the pool's connections
    so the next statements are prepared afresh."""
    pool = getattr(connection(), "_pool", None)
    if pool is not None:
        await pool.expire_connections()


def connection() -> BaseDBAsyncClient:
    """The connection of the core models (for raw SQL and explicit transactions)."""
    return connections.get(next(iter(connections.db_config)))


async def ping() -> None:
    """Run a trivial query; raises when the database is unreachable."""
    await connection().execute_query("SELECT 1")


async def pending_migrations(database_url: str) -> list[str]:
    """Migrations in the tree that this database has not applied yet."""
    url = database_url.replace("postgresql://", "postgres://", 1)
    _ensure_sqlite_dir(url)
    async with TortoiseContext():
        command = _command(url)
        await command.init()
        try:
            return await command.heads()
        except OperationalError:  # no aerich table yet: a fresh database, nothing applied
            tree = migrations_dir(dialect_of(url)) / APP_LABEL
            return sorted((p.name for p in tree.glob("[0-9]*_*.py")), key=migration_number)

"""The ``trunkline`` command.

Every command loads the settings first; a bad setting or a failed operation prints one
line (``trunkline: error: ...``) and exits non-zero.
"""

from __future__ import annotations

import asyncio
import functools
import secrets
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import click

from runtime import db
from runtime.auth.principal import SYSTEM
from runtime.errors import TrunklineError
from runtime.models import Role, User
from runtime.settings import Settings, SettingsError, load_settings

T = TypeVar("T")


def fail(message: str) -> None:
    click.echo(f"trunkline: error: {message}", err=True)
    sys.exit(1)


def settings_or_exit(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        fail(str(exc))
        raise  # unreachable; keeps type checkers informed


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    try:
        return asyncio.run(coro)
    except TrunklineError as exc:
        fail(exc.message)
    except (OSError, ConnectionError) as exc:
        fail(f"database unreachable: {exc}")
    raise AssertionError("unreachable")


def with_database(func: Callable[..., Coroutine[Any, Any, T]]) -> Callable[..., T]:
    """Run an async command body with the models bound to the configured database."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        settings = settings_or_exit()

        async def body() -> T:
            async with db.open_database(settings.resolved_database_url, shared=False):
                return await func(settings, *args, **kwargs)

        return run_async(body())

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="trunkline")
def main() -> None:
    """Trunkline: apps, programmable voice and the Class 4 core for voice operators."""


@main.command()
@click.option("--host", default=None, help="Address to listen on (TRUNKLINE_HOST).")
@click.option("--port", type=int, default=None, help="Port to listen on (TRUNKLINE_PORT).")
@click.option(
    "--no-workers", is_flag=True, help="Web only: no job worker or scheduler in this process."
)
def run(host: str | None, port: int | None, no_workers: bool) -> None:
    """Serve the UI and the API (and, unless --no-workers, run jobs and schedules)."""
    import uvicorn

    from runtime.app import create_app
    from runtime.logs import configure_logging

    settings = settings_or_exit(host=host, port=port)
    configure_logging(settings)
    pending = run_async(db.pending_migrations(settings.resolved_database_url))
    if pending:
        fail(f"the database is missing {len(pending)} migration(s); run 'trunkline init' first")
    config = uvicorn.Config(
        create_app(settings, background=not no_workers),
        host=settings.host,
        port=settings.port,
        log_config=None,
        proxy_headers=True,
        timeout_graceful_shutdown=10,
        server_header=False,
    )
    click.echo(f"Trunkline serving on http://{settings.host}:{settings.port}", err=True)
    uvicorn.Server(config).run()


@main.command()
@click.option(
    "--admin", "admin_name", default="admin", show_default=True, help="Username of the first admin."
)
@click.option("--password-stdin", is_flag=True, help="Read the admin password from stdin.")
def init(admin_name: str, password_stdin: bool) -> None:
    """Migrate the database and create the first admin (safe to run again)."""
    settings = settings_or_exit()
    applied = run_async(db.migrate(settings.resolved_database_url))
    click.echo(f"database ready ({settings.dialect}); {len(applied)} migration(s) applied")
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    run_async(_first_admin(settings, admin_name, password))


async def _first_admin(settings: Settings, name: str, password: str | None) -> None:
    from runtime.security import passwords
    from runtime.services import users

    note = settings.data_dir / "initial-admin.txt"
    async with db.open_database(settings.resolved_database_url, shared=False):
        admin = await User.filter(role=Role.ADMIN).order_by("id").first()
        if admin is None:
            password = password or secrets.token_urlsafe(12)
            admin = await users.create_user(
                SYSTEM, name, password, Role.ADMIN, full_name="Administrator"
            )
            if not settings.database_url or settings.dialect == "sqlite":
                note.parent.mkdir(parents=True, exist_ok=True)
                note.write_text(f"{admin.username}\n{password}\n")
                note.chmod(0o600)
            click.echo(f"created admin user: {admin.username} / {password}")
            return
        if note.exists():
            saved_name, _, saved_pw = note.read_text().partition("\n")
            saved_pw = saved_pw.strip()
            if saved_name == admin.username and passwords.verify_password(
                admin.password_hash, saved_pw
            ):
                click.echo(f"admin login: {admin.username} / {saved_pw}")
                return
        click.echo(f"admin user: {admin.username} (password already set)")


@main.group()
def user() -> None:
    """Operator users."""


@user.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--email", default=None)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
def user_create(name: str, role: str, email: str | None, password_stdin: bool) -> None:
    """Create an operator user NAME with ROLE."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    _user_create(name, Role(role), email, password)
    click.echo(f"created {role} user {name}")


@with_database
async def _user_create(
    settings: Settings, name: str, role: Role, email: str | None, password: str
) -> None:
    from runtime.services import users

    await users.create_user(SYSTEM, name, password, role, email=email)


@main.group()
def apikey() -> None:
    """API keys."""


@apikey.command("create")
@click.option("--user", "username", required=True, help="Owner of the key.")
@click.option("--name", default="cli", show_default=True, help="A label for the key.")
def apikey_create(username: str, name: str) -> None:
    """Create an API key and print it (shown only this once)."""
    click.echo(_apikey_create(username, name))


@with_database
async def _apikey_create(settings: Settings, username: str, name: str) -> str:
    from runtime.errors import NotFound
    from runtime.services import apikeys

    owner = await User.get_or_none(username=username.lower())
    if owner is None:
        raise NotFound(f"no user named {username!r}")
    _, secret = await apikeys.create_key(SYSTEM, owner, name)
    return secret


@main.command()
def demo() -> None:
    """Seed demo customers, apps and more (safe to run again)."""
    _demo()


@with_database
async def _demo(settings: Settings) -> None:
    from runtime.demo import seed

    created: list[str] = []
    await seed(created.append)
    for line in created:
        click.echo(f"demo: {line}")
    click.echo("demo data ready" + ("" if created else " (nothing new to add)"))


@main.group("app")
def app_group() -> None:
    """Apps as bundles: export one to a zip of readable files, import one."""


@app_group.command("export")
@click.argument("app")
@click.option("--version", "version", default="draft", show_default=True, help="Which version.")
@click.option("--with-data", is_flag=True, help="Include the datasets' rows.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def app_export(app: str, version: str, with_data: bool, output: str) -> None:
    """Export APP (by name, id or uuid) as a bundle: manifest, scripts, datasets, queries,
    pages, templates and env-var names (values only of unprotected, unlocked ones)."""
    data = _app_export(app, version, with_data)
    Path(output).write_bytes(data)
    click.echo(f"wrote {output} ({len(data):,} bytes)")


@with_database
async def _app_export(settings: Settings, ref: str, version: str, with_data: bool) -> bytes:
    from runtime.bundles import export_app
    from runtime.services import apps

    app = await apps.get_app(ref)
    if version != "draft":
        from runtime.versions import get_version

        if with_data:
            fail("--with-data exports the draft's rows; a published version holds no rows")
        return bytes((await get_version(app, version)).bundle)
    return (await export_app(app, with_data=with_data, version=version)).to_zip()


@app_group.command("import")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", default=None, help="Import under this name instead of the bundle's.")
@click.option("--without-data", is_flag=True, help="Skip the datasets' rows in the bundle.")
def app_import(bundle: str, name: str | None, without_data: bool) -> None:
    """Create an app from a bundle made by `trunkline app export`."""
    for line in _app_import(Path(bundle).read_bytes(), name, not without_data):
        click.echo(line)


@with_database
async def _app_import(
    settings: Settings, data: bytes, name: str | None, with_data: bool
) -> list[str]:
    from runtime.bundles import import_app, read_zip

    app, notes = await import_app(SYSTEM, read_zip(data), name=name, with_data=with_data)
    return [f"imported app {app.name} (id {app.id})", *(f"note: {n}" for n in notes)]


@main.group("db")
def db_group() -> None:
    """Database migrations."""


@db_group.command("migrate")
def db_migrate() -> None:
    """Apply pending migrations."""
    settings = settings_or_exit()
    applied = run_async(db.migrate(settings.resolved_database_url))
    click.echo("\n".join(applied) or "nothing to apply")


@db_group.command("makemigrations")
@click.argument("name")
def db_makemigrations(name: str) -> None:
    """Write a migration NAME for the configured database's dialect (developers).

    Run it once with a SQLite URL and once with a PostgreSQL URL; both trees must change
    together.
    """
    settings = settings_or_exit()
    written = run_async(db.make_migrations(settings.resolved_database_url, name))
    where = (
        Path(db.migrations_dir(settings.dialect)).relative_to(Path.cwd())
        if Path.cwd() in Path(db.migrations_dir(settings.dialect)).parents
        else ""
    )
    click.echo(f"{written or 'no changes'} {where}".strip())


def _add_area_commands() -> None:
    from runtime.areas import installed_areas

    for area in installed_areas():
        for command in area.commands:
            main.add_command(command)


_add_area_commands()


if __name__ == "__main__":  # pragma: no cover
    main()

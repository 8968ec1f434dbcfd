"""The ``trunkline`` command, run as a real process against both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from querybuilder import datasets, rows
from querybuilder.scope import customer_scope
from runtime.models import ApiKey, App, Customer, Role, User

TRUNKLINE = [sys.executable, "-m", "runtime"]


@pytest.fixture
def cli(db: str, db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    env.update(TRUNKLINE_DATABASE_URL=db_url, TRUNKLINE_DATA_DIR=str(tmp_path / "data"))

    def run(*args: str, stdin: str = "", extra_env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return subprocess.run(
            [*TRUNKLINE, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            env={**env, **(extra_env or {})},
            check=False,
        )

    return run


async def test_init_creates_the_first_admin_once(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("init", "--password-stdin", stdin="first-admin-pass\n")
    assert first.returncode == 0, first.stderr
    assert "created admin user: admin / first-admin-pass" in first.stdout
    again = cli("init")
    assert again.returncode == 0, again.stderr
    assert "0 migration(s) applied" in again.stdout
    assert "created admin" not in again.stdout
    admins = await User.filter(role=Role.ADMIN).values_list("username", flat=True)
    assert admins == ["admin"]


async def test_user_and_apikey_commands(cli) -> None:  # type: ignore[no-untyped-def]
    made = cli(
        "user", "create", "carol", "--role", "support", "--password-stdin", stdin="carol-password\n"
    )
    assert made.returncode == 0, made.stderr
    carol = await User.get(username="carol")
    assert carol.role is Role.SUPPORT

    dup = cli(
        "user", "create", "carol", "--role", "admin", "--password-stdin", stdin="another-password\n"
    )
    assert dup.returncode == 1
    assert dup.stderr.strip() == "trunkline: error: A user named 'carol' already exists"

    short = cli("user", "create", "dave", "--role", "admin", "--password-stdin", stdin="x\n")
    assert short.returncode == 1
    assert "password: must be at least 8 characters" in short.stderr

    key = cli("apikey", "create", "--user", "carol", "--name", "exports")
    assert key.returncode == 0, key.stderr
    secret = key.stdout.strip()
    assert secret.startswith("tk_")
    stored = await ApiKey.get(user=carol)
    assert stored.name == "exports"
    assert secret not in {stored.key_hash, stored.prefix}

    nobody = cli("apikey", "create", "--user", "nobody")
    assert nobody.returncode == 1
    assert nobody.stderr.strip() == "trunkline: error: no user named 'nobody'"


async def test_demo_is_idempotent(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("demo")
    assert first.returncode == 0, first.stderr
    assert "demo: customer Acme Telecom" in first.stdout
    assert "demo: support-desk offered to Acme Telecom in the customer portal" in first.stdout
    # The portal's per-customer tickets: Acme's users see Acme's only.
    desk = await App.get(name="support-desk")
    tickets = await datasets.get_dataset(desk, "tickets")
    acme = await Customer.get(name="Acme Telecom")
    with customer_scope(acme.id):
        seen = (await rows.list_rows(tickets)).rows
    assert len(seen) == 2 and {r["customer_id"] for r in seen} == {acme.id}
    assert (await rows.list_rows(tickets)).total == 3
    counts = (await Customer.all().count(), await App.all().count())
    second = cli("demo")
    assert second.returncode == 0, second.stderr
    assert "nothing new to add" in second.stdout
    assert (await Customer.all().count(), await App.all().count()) == counts


async def test_bad_settings_fail_with_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("demo", extra_env={"TRUNKLINE_PORT": "nope"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("trunkline: error: invalid setting TRUNKLINE_PORT")


def test_every_command_has_help() -> None:
    commands = [
        [],
        ["run"],
        ["init"],
        ["user"],
        ["user", "create"],
        ["apikey"],
        ["apikey", "create"],
        ["demo"],
        ["db"],
        ["db", "migrate"],
        ["db", "makemigrations"],
    ]
    for command in commands:
        result = subprocess.run(
            [*TRUNKLINE, *command, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, (command, result.stderr)
        assert "Usage:" in result.stdout

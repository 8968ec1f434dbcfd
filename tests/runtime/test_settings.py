"""Settings: environment, TOML file, defaults; one clear line for anything wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.settings import LogFormat, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for key in list(os.environ):
        if key.startswith("TRUNKLINE_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRUNKLINE_DATA_DIR", str(tmp_path / "data"))


def test_defaults_use_a_sqlite_file_in_the_data_dir_and_generate_a_secret(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.dialect == "sqlite"
    assert settings.resolved_database_url == f"sqlite://{tmp_path / 'data' / 'trunkline.sqlite3'}"
    assert (settings.host, settings.port, settings.log_format) == (
        "127.0.0.1",
        8000,
        LogFormat.TEXT,
    )
    key_file = tmp_path / "data" / "secret.key"
    assert key_file.read_text().strip() == settings.secret_key
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert load_settings().secret_key == settings.secret_key, "the generated key persists"


def test_environment_overrides_the_toml_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "trunkline.toml").write_text(
        '[trunkline]\nport = 9000\nlog_format = "json"\nhost = "0.0.0.0"\n'
    )
    monkeypatch.setenv("TRUNKLINE_PORT", "9100")
    monkeypatch.setenv("TRUNKLINE_DATABASE_URL", "postgresql://u:p@db:5432/tl")
    settings = load_settings()
    assert settings.port == 9100
    assert settings.log_format is LogFormat.JSON
    assert settings.host == "0.0.0.0"
    assert settings.dialect == "postgres"
    assert settings.resolved_database_url == "postgres://u:p@db:5432/tl"


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("TRUNKLINE_PORT", "eighty", "invalid setting TRUNKLINE_PORT:"),
        ("TRUNKLINE_PORT", "70000", "invalid setting TRUNKLINE_PORT:"),
        ("TRUNKLINE_DATABASE_URL", "mysql://x/y", "must start with sqlite:// or postgres://"),
        ("TRUNKLINE_SECRET_KEY", "short", "at least 32 characters"),
        ("TRUNKLINE_LOG_FORMAT", "xml", "invalid setting TRUNKLINE_LOG_FORMAT:"),
        ("TRUNKLINE_LOG_LEVEL", "LOUD", "invalid setting TRUNKLINE_LOG_LEVEL:"),
        ("TRUNKLINE_CONFIG", "/nonexistent/trunkline.toml", "no such file"),
    ],
)
def test_invalid_settings_stop_with_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, message: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_unknown_and_malformed_file_settings_are_refused(tmp_path: Path) -> None:
    (tmp_path / "trunkline.toml").write_text("[trunkline]\nprot = 1\n")
    with pytest.raises(SettingsError, match="unknown setting 'prot'"):
        load_settings()
    (tmp_path / "trunkline.toml").write_text("[trunkline\n")
    with pytest.raises(SettingsError, match="invalid setting file"):
        load_settings()

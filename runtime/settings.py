"""Typed settings, read once at start-up.

Sources, highest priority first: ``TRUNKLINE_*`` environment variables, then an optional
TOML file (``trunkline.toml`` in the working directory, or the path in
``TRUNKLINE_CONFIG``), then defaults. A missing or invalid value raises
:class:`SettingsError` whose message is one line naming the setting and the reason.

>>> Settings(database_url="sqlite://:memory:", secret_key="x" * 32).dialect
'sqlite'
"""

from __future__ import annotations

import os
import secrets
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_LENGTH = 32


class SettingsError(Exception):
    """A setting is missing or invalid; the message is one line meant for the operator."""


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Settings(BaseSettings):
    """Everything Trunkline reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="TRUNKLINE_", extra="forbid", frozen=True)

    database_url: str = Field(
        default="",
        description="sqlite://path or postgres://user:pass@host:port/db; "
        "default: SQLite file trunkline.sqlite3 in the data dir",
    )
    secret_key: str = Field(
        default="",
        description="signs sessions and tokens; default: generated once into <data_dir>/secret.key",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    data_dir: Path = Path("var")
    log_format: LogFormat = LogFormat.TEXT
    log_level: str = "INFO"
    redis_url: str = Field(default="", description="redis://host:port/db for shared counters")
    https_only_cookies: bool = False
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_upload_bytes: int = Field(
        default=512 * 1024 * 1024, ge=1024, description="bodies of bulk imports (…/import)"
    )
    access_token_ttl: int = Field(default=900, ge=60, description="seconds")
    refresh_token_ttl: int = Field(default=14 * 24 * 3600, ge=300, description="seconds")
    session_ttl: int = Field(default=12 * 3600, ge=300, description="seconds")
    login_max_failures: int = Field(default=5, ge=1)
    login_window: int = Field(default=300, ge=1, description="seconds")
    smtp_host: str = Field(default="", description="SMTP server for cxSend.email; empty: off")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = "trunkline@localhost"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    sms_webhook_url: str = Field(
        default="", description="cxSend.sms POSTs {to, text} as JSON here; empty: off"
    )
    sip_realm: str = Field(
        default="trunkline",
        pattern=r"^[A-Za-z0-9_.:-]{1,128}$",
        description="digest realm of SIP users' passwords (a change needs new passwords)",
    )
    sandbox_workers: int = Field(
        default=0, ge=0, le=64, description="ScriptForge worker processes; 0: one per core"
    )

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite://", "postgres://", "postgresql://")):
            raise ValueError("must start with sqlite:// or postgres://")
        return value

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value) < MIN_SECRET_LENGTH:
            raise ValueError(f"must be at least {MIN_SECRET_LENGTH} characters")
        return value

    @field_validator("log_level")
    @classmethod
    def _level_name(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgres``, from the database URL."""
        return "postgres" if self.resolved_database_url.startswith("postgres") else "sqlite"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url.replace("postgresql://", "postgres://", 1)
        return f"sqlite://{self.data_dir / 'trunkline.sqlite3'}"


def _toml_values(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"invalid setting file {path}: {exc}") from exc
    section = data.get("trunkline", data)
    if not isinstance(section, dict):
        raise SettingsError(f"invalid setting file {path}: [trunkline] must be a table")
    return section


def _one_line(exc: ValidationError) -> str:
    first = exc.errors()[0]
    name = ".".join(str(p) for p in first["loc"]) or "settings"
    if first["type"] == "extra_forbidden":
        return f"unknown setting {name!r}"
    return f"invalid setting TRUNKLINE_{name.upper()}: {first['msg']}"


def load_settings(**overrides: Any) -> Settings:
    """Read the settings from the environment and ``trunkline.toml``.

    Keyword overrides win over both (the CLI uses them for ``--host``/``--port``).
    """
    config_path = Path(os.environ.get("TRUNKLINE_CONFIG", "trunkline.toml"))
    file_values: dict[str, Any] = {}
    if config_path.is_file():
        file_values = _toml_values(config_path)
    elif "TRUNKLINE_CONFIG" in os.environ:
        raise SettingsError(f"invalid setting TRUNKLINE_CONFIG: no such file {config_path}")
    env_names = {k[len("TRUNKLINE_") :].lower() for k in os.environ if k.startswith("TRUNKLINE_")}
    # Environment variables outrank the file: drop file keys the environment also sets.
    values = {k: v for k, v in file_values.items() if k not in env_names}
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        settings = Settings(**values)
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None
    return _with_secret_key(settings)


def _with_secret_key(settings: Settings) -> Settings:
    """Fill in a persisted, generated secret key when none is configured."""
    if settings.secret_key:
        return settings
    key_file = settings.data_dir / "secret.key"
    try:
        if key_file.exists():
            key = key_file.read_text().strip()
        else:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            key = secrets.token_urlsafe(48)
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(key + "\n")
    except OSError as exc:
        raise SettingsError(f"invalid setting TRUNKLINE_DATA_DIR: {exc.strerror}") from None
    if len(key) < MIN_SECRET_LENGTH:
        raise SettingsError(f"invalid secret key in {key_file}: too short")
    return settings.model_copy(update={"secret_key": key})

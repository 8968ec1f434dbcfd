"""App environment variables (``process.env`` in scripts).

A *protected* value is write-only: responses and audit entries show ``"***"`` in its place,
and it can only be unprotected together with a new value. A *locked* variable refuses
every change and its deletion until someone with apps:write unlocks it explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import SYSTEM, Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.models import App
from runtime.services import audit
from runtime.services.common import unique
from scriptforge.cache import invalidate
from scriptforge.models import ENV_KEY_PATTERN, EnvVar

ENV_KEY = re.compile(ENV_KEY_PATTERN)
MASK = "***"
MAX_VALUE_BYTES = 64 * 1024
FLAGS = ("protected", "private", "locked", "is_default")


def shown_value(var: EnvVar) -> str:
    """The value as the API and UI may show it."""
    return MASK if var.protected else var.value


def snapshot(var: EnvVar) -> dict[str, Any]:
    """The audited view: protected values masked, secret-looking keys masked as well.

    Flags are a list rather than booleans under their names: the audit log masks keys that
    look like secrets, and ``private`` is one of them.
    """
    value = MASK if var.protected else audit.redact({var.key: var.value})[var.key]
    return {
        "id": var.id,
        "app_id": var.app_id,  # type: ignore[attr-defined]
        "key": var.key,
        "value": value,
        "flags": [flag for flag in FLAGS if getattr(var, flag)],
    }


def check_key(key: str) -> str:
    if not ENV_KEY.match(key):
        raise ValidationFailed.field(
            "key", "1-128 characters: a letter or _, then letters, digits or _"
        )
    return key


def check_value(value: str) -> str:
    if len(value.encode()) > MAX_VALUE_BYTES:
        raise ValidationFailed.field("value", f"is larger than {MAX_VALUE_BYTES} bytes")
    return value


async def get_env_var(app: App, key: str) -> EnvVar:
    var = await EnvVar.get_or_none(app_id=app.id, key=key)
    if var is None:
        raise NotFound(f"App {app.name!r} has no environment variable {key!r}")
    return var


async def env_for_scripts(app_id: int) -> dict[str, str]:
    """Every variable of an app, private ones included, protected values in clear.

    For the sandbox's ``process.env`` only: never return this to a client.
    """
    rows = await EnvVar.filter(app_id=app_id).values_list("key", "value")
    return {str(k): str(v) for k, v in rows}


async def env_for_pages(app_id: int) -> dict[str, str]:
    """The variables pages and templates may read: neither protected nor private ones."""
    rows = await EnvVar.filter(app_id=app_id, private=False, protected=False).values_list(
        "key", "value"
    )
    return {str(k): str(v) for k, v in rows}


async def create_env_var(
    actor: Principal,
    app: App,
    key: str,
    value: str = "",
    *,
    protected: bool = False,
    private: bool = False,
    locked: bool = False,
    is_default: bool = False,
) -> EnvVar:
    check_key(key)
    check_value(value)
    taken = f"App {app.name!r} already has an environment variable {key!r}"
    async with unique("key", taken), in_transaction() as conn:
        var = await EnvVar.create(
            app_id=app.id,
            key=key,
            value=value,
            protected=protected,
            private=private,
            locked=locked,
            is_default=is_default,
            updated_by=actor.name[:128],
            using_db=conn,
        )
        await _audit(actor, "env.create", var, conn, after=snapshot(var))
    return var


async def update_env_var(
    actor: Principal, app: App, key: str, changes: Mapping[str, Any]
) -> EnvVar:
    """Apply ``changes`` (``value`` and flags); a locked variable only accepts unlocking."""
    unknown = set(changes) - {"value", *FLAGS}
    if unknown:
        raise TypeError(f"unknown environment variable fields: {sorted(unknown)}")
    found = await get_env_var(app, key)
    if changes.get("value") is not None:
        check_value(changes["value"])
    async with in_transaction() as conn:
        var = await EnvVar.select_for_update().using_db(conn).get(id=found.id)
        others = sorted(k for k in changes if k != "locked")
        if var.locked and others:
            raise Conflict(
                f"{key} is locked; unlock it first (PATCH {{'locked': false}})",
                [{"path": path, "message": "the variable is locked"} for path in others],
            )
        if var.protected and changes.get("protected") is False and changes.get("value") is None:
            raise ValidationFailed.field(
                "protected", "give a new value to unprotect a variable (the old one stays hidden)"
            )
        before = snapshot(var)
        for field, new in changes.items():
            if new is not None:
                setattr(var, field, new)
        var.updated_by = actor.name[:128]
        await var.save(using_db=conn)
        await _audit(actor, "env.update", var, conn, before=before, after=snapshot(var))
    return var


async def delete_env_var(actor: Principal, app: App, key: str) -> None:
    var = await get_env_var(app, key)
    if var.locked:
        raise Conflict(f"{key} is locked; unlock it before deleting it")
    async with in_transaction() as conn:
        before = snapshot(var)
        await var.delete(using_db=conn)
        await _audit(actor, "env.delete", var, conn, before=before)


async def set_env_from_script(
    app_id: int, key: str, value: str, actor: Principal = SYSTEM
) -> EnvVar:
    """``setEnvVar(key, value)`` inside a script: create or change an unlocked variable."""
    app = await App.get(id=app_id)
    if await EnvVar.exists(app_id=app_id, key=key):
        return await update_env_var(actor, app, key, {"value": value})
    try:
        return await create_env_var(actor, app, key, value)
    except Conflict:  # created meanwhile by another run
        return await update_env_var(actor, app, key, {"value": value})


async def _audit(
    actor: Principal,
    action: str,
    var: EnvVar,
    conn: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    # Every change passes here: running scripts must see it (scriptforge.cache).
    invalidate(var.app_id)  # type: ignore[attr-defined]
    await audit.record(
        actor, action, "env_var", var.id, var.key, before=before, after=after, using_db=conn
    )

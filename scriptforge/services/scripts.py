"""Scripts and their version history.

Every save that changes the code adds a :class:`ScriptVersion`, so the history can be
listed, compared (unified diff) and restored (a restore is itself a new version).
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Mapping
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.models import App
from runtime.services import audit
from runtime.services.common import unique
from scriptforge.cache import invalidate
from scriptforge.models import (
    CPU_MS,
    LOG_KB,
    MEMORY_MB,
    RATE_LIMIT_PER_MINUTE,
    RESULT_KB,
    SCRIPT_NAME_PATTERN,
    STACK_KB,
    WALL_MS,
    RoutingPriority,
    Script,
    ScriptAccess,
    ScriptType,
    ScriptVersion,
)
from scriptforge.services.common import resolve_app

SCRIPT_NAME = re.compile(SCRIPT_NAME_PATTERN)
#: Largest script source accepted, in bytes.
MAX_CODE_BYTES = 1024 * 1024

#: Numeric settings and their (default, minimum, maximum).
LIMITS: dict[str, tuple[int, int, int]] = {
    "cpu_ms": CPU_MS,
    "memory_mb": MEMORY_MB,
    "wall_ms": WALL_MS,
    "stack_kb": STACK_KB,
    "result_kb": RESULT_KB,
    "log_kb": LOG_KB,
    "rate_limit_per_minute": RATE_LIMIT_PER_MINUTE,
}
CHOICES: dict[str, type[Any]] = {
    "type": ScriptType,
    "access": ScriptAccess,
    "routing_priority": RoutingPriority,
}
SETTINGS = ("description", *LIMITS, *CHOICES)


def snapshot(script: Script) -> dict[str, Any]:
    """The audited view of a script (the code itself lives in its versions)."""
    return {
        "id": script.id,
        "uuid": str(script.uuid),
        "app_id": script.app_id,  # type: ignore[attr-defined]
        "name": script.name,
        "type": script.type,
        "description": script.description,
        "cpu_ms": script.cpu_ms,
        "memory_mb": script.memory_mb,
        "wall_ms": script.wall_ms,
        "stack_kb": script.stack_kb,
        "result_kb": script.result_kb,
        "log_kb": script.log_kb,
        "access": script.access,
        "rate_limit_per_minute": script.rate_limit_per_minute,
        "routing_priority": script.routing_priority,
        "version": script.version,
    }


def check_name(name: str) -> str:
    if not SCRIPT_NAME.match(name):
        raise ValidationFailed.field(
            "name", "1-100 characters: letters, digits, _ . - (not starting with . or -)"
        )
    return name


def check_code(code: str) -> str:
    if len(code.encode()) > MAX_CODE_BYTES:
        raise ValidationFailed.field("code", f"is larger than {MAX_CODE_BYTES} bytes")
    return code


def check_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the settings present in ``values``; report every bad one at once."""
    problems = []
    clean: dict[str, Any] = {}
    for field, (_, low, high) in LIMITS.items():
        if values.get(field) is None:
            continue
        value = values[field]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.append({"path": field, "message": f"must be an integer from {low} to {high}"})
        else:
            clean[field] = value
    for field, enum in CHOICES.items():
        if values.get(field) is None:
            continue
        try:
            clean[field] = enum(values[field])
        except ValueError:
            choices = ", ".join(e.value for e in enum)
            problems.append({"path": field, "message": f"must be one of {choices}"})
    if values.get("description") is not None:
        clean["description"] = str(values["description"])
    if problems:
        first = problems[0]
        raise ValidationFailed(f"{first['path']}: {first['message']}", problems)
    return clean


async def get_script(ref: str | int) -> Script:
    """A script by numeric id or uuid."""
    text = str(ref)
    script: Script | None = None
    if text.isdigit():
        script = await Script.get_or_none(id=int(text))
    else:
        try:
            script = await Script.get_or_none(uuid=uuid.UUID(text))
        except ValueError:
            script = None
    if script is None:
        raise NotFound(f"No script {text!r}")
    return script


async def resolve_script(ref: str | int, path: str = "script") -> Script:
    """A script named by a field of the caller's input; unknown ones are that field's error."""
    try:
        return await get_script(ref)
    except NotFound:
        raise ValidationFailed.field(path, f"no script {str(ref)!r}") from None


async def get_script_by_app_and_name(app: App | int | str, name: str) -> Script:
    """The script ``name`` of an app (given as an App, its id, name or uuid)."""
    app_id = app.id if isinstance(app, App) else (await resolve_app(app)).id
    script = await Script.get_or_none(app_id=app_id, name=name)
    if script is None:
        raise NotFound(f"No script {name!r} in app {app_id}")
    return script


async def app_scripts(app_id: int) -> dict[str, str]:
    """Every script of an app as ``{name: code}`` (the module loader's view)."""
    rows = await Script.filter(app_id=app_id).values_list("name", "code")
    return {str(name): str(code) for name, code in rows}


async def create_script(
    actor: Principal,
    app: App | int | str,
    name: str,
    code: str = "",
    *,
    message: str = "",
    **settings: Any,
) -> Script:
    """Create a script (version 1) in ``app``; ``settings`` are the fields of :data:`SETTINGS`."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise TypeError(f"unknown script settings: {sorted(unknown)}")
    owner = await resolve_app(app)
    check_name(name)
    check_code(code)
    clean = check_settings(settings)
    taken = f"App {owner.name!r} already has a script named {name!r}"
    async with unique("name", taken), in_transaction() as conn:
        script = await Script.create(
            uuid=uuid.uuid4(),
            app_id=owner.id,
            name=name,
            code=code,
            version=1,
            updated_by=actor.name[:128],
            using_db=conn,
            **clean,
        )
        await _add_version(script, actor, message or "Created", conn)
        await _audit(actor, "script.create", script, conn, after=snapshot(script))
    return script


async def update_script(
    actor: Principal,
    ref: str | int,
    changes: Mapping[str, Any],
    *,
    base_version: int | None = None,
    message: str = "",
) -> Script:
    """Change a script's name, code or settings; a new code adds a version.

    ``base_version`` (the version the editor loaded) turns a save over someone else's newer
    version into a conflict instead of silently replacing it.
    """
    found = await get_script(ref)
    unknown = set(changes) - {"name", "code", *SETTINGS}
    if unknown:
        raise TypeError(f"unknown script fields: {sorted(unknown)}")
    name = check_name(changes["name"]) if changes.get("name") is not None else found.name
    code = check_code(changes["code"]) if changes.get("code") is not None else None
    clean = check_settings(changes)
    taken = f"This app already has a script named {name!r}"
    async with unique("name", taken), in_transaction() as conn:
        # Lock the row: two saves must not both become version N+1.
        script = await Script.select_for_update().using_db(conn).get(id=found.id)
        if base_version is not None and base_version != script.version:
            raise Conflict(
                f"The script is at version {script.version}, not {base_version}; "
                "reload it and apply your change again",
                [{"path": "base_version", "message": f"latest is {script.version}"}],
            )
        before = snapshot(script)
        script.name = name
        for field, value in clean.items():
            setattr(script, field, value)
        new_code = code is not None and code != script.code
        if code is not None and new_code:
            script.code = code
            script.version += 1
        script.updated_by = actor.name[:128]
        await script.save(using_db=conn)
        if new_code:
            await _add_version(script, actor, message, conn)
        await _audit(actor, "script.update", script, conn, before=before, after=snapshot(script))
    return script


async def delete_script(actor: Principal, ref: str | int) -> None:
    """Delete a script with its versions, jobs and schedules (its runs stay, unlinked)."""
    script = await get_script(ref)
    async with in_transaction() as conn:
        before = snapshot(script)
        await script.delete(using_db=conn)
        await _audit(actor, "script.delete", script, conn, before=before)


async def get_version(script: Script, version: int) -> ScriptVersion:
    found = await ScriptVersion.get_or_none(script_id=script.id, version=version)
    if found is None:
        raise NotFound(f"Script {script.name!r} has no version {version}")
    return found


async def diff_versions(script: Script, version: int, against: int | None = None) -> str:
    """A unified diff from version ``against`` (default: the one before) to ``version``."""
    target = await get_version(script, version)
    base = against if against is not None else version - 1
    if base < 1 and against is None:  # version 1 against nothing: all of it is new
        base_code, base_label = "", "/dev/null"
    else:
        base_code, base_label = (await get_version(script, base)).code, f"{script.name}@v{base}"
    lines = difflib.unified_diff(
        base_code.splitlines(keepends=True),
        target.code.splitlines(keepends=True),
        fromfile=base_label,
        tofile=f"{script.name}@v{version}",
    )
    # A last line without a newline would run into the next line of the diff.
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


async def restore_version(actor: Principal, ref: str | int, version: int) -> Script:
    """Make the code of an old version the newest version again (history is kept)."""
    script = await get_script(ref)
    old = await get_version(script, version)
    async with in_transaction() as conn:
        locked = await Script.select_for_update().using_db(conn).get(id=script.id)
        before = snapshot(locked)
        locked.code = old.code
        locked.version += 1
        locked.updated_by = actor.name[:128]
        await locked.save(using_db=conn)
        await _add_version(locked, actor, f"Restored version {version}", conn)
        after = {**snapshot(locked), "restored_from": version}
        await _audit(actor, "script.restore", locked, conn, before=before, after=after)
    return locked


async def _add_version(script: Script, actor: Principal, message: str, conn: Any) -> None:
    await ScriptVersion.create(
        script_id=script.id,
        version=script.version,
        code=script.code,
        author=actor.name[:128],
        message=message[:255],
        using_db=conn,
    )


async def _audit(
    actor: Principal,
    action: str,
    script: Script,
    conn: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    # Every change passes here: running scripts must see it (scriptforge.cache).
    invalidate(script.app_id)  # type: ignore[attr-defined]
    await audit.record(
        actor, action, "script", script.id, script.name, before=before, after=after, using_db=conn
    )

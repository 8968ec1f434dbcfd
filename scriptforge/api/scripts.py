"""``/api/v1/scripts``: scripts (by numeric id or uuid) and their version history."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from tortoise.expressions import Q

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
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
from scriptforge.services import scripts
from scriptforge.services.common import resolve_app

api = Api()

AppRef = int | str


class ScriptSummary(BaseModel):
    id: int
    uuid: UUID
    app_id: int
    name: str
    type: ScriptType
    description: str
    cpu_ms: int
    memory_mb: int
    wall_ms: int
    stack_kb: int
    result_kb: int
    log_kb: int
    access: ScriptAccess
    rate_limit_per_minute: int
    routing_priority: RoutingPriority
    version: int
    created_at: datetime
    updated_at: datetime
    updated_by: str

    @classmethod
    def fields_of(cls, s: Script) -> dict[str, object]:
        return {
            "id": s.id,
            "uuid": s.uuid,
            "app_id": s.app_id,  # type: ignore[attr-defined]
            "name": s.name,
            "type": s.type,
            "description": s.description,
            "cpu_ms": s.cpu_ms,
            "memory_mb": s.memory_mb,
            "wall_ms": s.wall_ms,
            "stack_kb": s.stack_kb,
            "result_kb": s.result_kb,
            "log_kb": s.log_kb,
            "access": s.access,
            "rate_limit_per_minute": s.rate_limit_per_minute,
            "routing_priority": s.routing_priority,
            "version": s.version,
            "created_at": s.created_at,
            "updated_at": s.updated_at,
            "updated_by": s.updated_by,
        }

    @classmethod
    def of(cls, s: Script) -> ScriptSummary:
        return cls.model_validate(cls.fields_of(s))


class ScriptOut(ScriptSummary):
    code: str

    @classmethod
    def of(cls, s: Script) -> ScriptOut:
        return cls.model_validate({**cls.fields_of(s), "code": s.code})


class ScriptSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str | None = Field(None, max_length=10_000)
    type: ScriptType | None = None
    cpu_ms: int | None = Field(
        None, ge=CPU_MS[1], le=CPU_MS[2], description=f"CPU ms per call (default {CPU_MS[0]})"
    )
    memory_mb: int | None = Field(
        None, ge=MEMORY_MB[1], le=MEMORY_MB[2], description=f"MB (default {MEMORY_MB[0]})"
    )
    wall_ms: int | None = Field(
        None, ge=WALL_MS[1], le=WALL_MS[2], description=f"wall ms per call (default {WALL_MS[0]})"
    )
    stack_kb: int | None = Field(
        None, ge=STACK_KB[1], le=STACK_KB[2], description=f"KB of stack (default {STACK_KB[0]})"
    )
    result_kb: int | None = Field(
        None,
        ge=RESULT_KB[1],
        le=RESULT_KB[2],
        description=f"largest return value, KB (default {RESULT_KB[0]})",
    )
    log_kb: int | None = Field(
        None,
        ge=LOG_KB[1],
        le=LOG_KB[2],
        description=f"console output kept per call, KB (default {LOG_KB[0]})",
    )
    access: ScriptAccess | None = Field(None, description="who may call it over HTTP")
    rate_limit_per_minute: int | None = Field(
        None,
        ge=RATE_LIMIT_PER_MINUTE[1],
        le=RATE_LIMIT_PER_MINUTE[2],
        description=f"HTTP calls per minute (default {RATE_LIMIT_PER_MINUTE[0]})",
    )
    routing_priority: RoutingPriority | None = Field(
        None, description="run for every call, first or last"
    )


class ScriptCreate(ScriptSettings):
    app: AppRef = Field(description="the app: numeric id, name or uuid")
    name: str = Field(min_length=1, max_length=100, pattern=SCRIPT_NAME_PATTERN)
    code: str = ""
    message: str = Field("", max_length=255, description="note for version 1")


class ScriptUpdate(ScriptSettings):
    name: str | None = Field(None, min_length=1, max_length=100, pattern=SCRIPT_NAME_PATTERN)
    code: str | None = None
    message: str = Field("", max_length=255, description="note for the new version")
    base_version: int | None = Field(
        None, ge=1, description="the version this edit started from; 409 if it is stale"
    )


class ScriptListQuery(ListQuery):
    app: str | None = Field(None, max_length=64, description="numeric id, name or uuid")
    q: str | None = Field(None, max_length=100, description="part of the name or description")
    type: ScriptType | None = None


class VersionSummary(BaseModel):
    version: int
    author: str
    message: str
    created_at: datetime
    size: int = Field(description="bytes of code")

    @classmethod
    def of(cls, v: ScriptVersion) -> VersionSummary:
        return cls(
            version=v.version,
            author=v.author,
            message=v.message,
            created_at=v.created_at,
            size=len(v.code.encode()),
        )


class VersionOut(VersionSummary):
    script_id: int
    code: str

    @classmethod
    def of(cls, v: ScriptVersion) -> VersionOut:
        return cls(
            **VersionSummary.of(v).model_dump(),
            script_id=v.script_id,  # type: ignore[attr-defined]
            code=v.code,
        )


class DiffQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    against: int | None = Field(None, ge=1, description="the older version (default: previous)")


class DiffOut(BaseModel):
    script_id: int
    version: int
    against: int | None = Field(description="null when diffing version 1 against nothing")
    diff: str = Field(description="unified diff")


@api.route(
    "GET",
    "/scripts",
    name="scripts.list",
    permission=Permission.APPS_READ,
    query=ScriptListQuery,
    response=Page[ScriptSummary],
    tag="scripts",
)
async def list_scripts(call: Call) -> Page[ScriptSummary]:
    """List scripts (without their code)."""
    q: ScriptListQuery = call.query
    qs = Script.all()
    if q.app:
        qs = qs.filter(app_id=(await resolve_app(q.app)).id)
    if q.q:
        qs = qs.filter(Q(name__icontains=q.q) | Q(description__icontains=q.q))
    if q.type:
        qs = qs.filter(type=q.type)
    return await paginate(
        qs,
        q,
        sortable=("id", "name", "type", "created_at", "updated_at"),
        default_sort=("name", "id"),
        item=ScriptSummary.of,
    )


@api.route(
    "POST",
    "/scripts",
    name="scripts.create",
    permission=Permission.APPS_WRITE,
    body=ScriptCreate,
    response=ScriptOut,
    status=201,
    tag="scripts",
    errors=(409,),
)
async def create_script(call: Call) -> ScriptOut:
    """Create a script in an app (its version 1)."""
    b: ScriptCreate = call.body
    settings = b.model_dump(exclude={"app", "name", "code", "message"}, exclude_none=True)
    script = await scripts.create_script(
        call.actor, b.app, b.name, b.code, message=b.message, **settings
    )
    return ScriptOut.of(script)


@api.route(
    "GET",
    "/scripts/{script}",
    name="scripts.get",
    permission=Permission.APPS_READ,
    response=ScriptOut,
    tag="scripts",
    errors=(404,),
)
async def get_script(call: Call) -> ScriptOut:
    """One script with its code, by numeric id or uuid."""
    return ScriptOut.of(await scripts.get_script(call.path["script"]))


@api.route(
    "PATCH",
    "/scripts/{script}",
    name="scripts.update",
    permission=Permission.APPS_WRITE,
    body=ScriptUpdate,
    response=ScriptOut,
    tag="scripts",
    errors=(404, 409),
)
async def update_script(call: Call) -> ScriptOut:
    """Rename a script, change its settings, or save new code (a new version)."""
    b: ScriptUpdate = call.body
    changes = b.model_dump(exclude_unset=True, exclude={"message", "base_version"})
    script = await scripts.update_script(
        call.actor,
        call.path["script"],
        {k: v for k, v in changes.items() if v is not None},
        base_version=b.base_version,
        message=b.message,
    )
    return ScriptOut.of(script)


@api.route(
    "DELETE",
    "/scripts/{script}",
    name="scripts.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="scripts",
    errors=(404,),
)
async def delete_script(call: Call) -> None:
    """Delete a script with its versions, jobs and schedules."""
    await scripts.delete_script(call.actor, call.path["script"])


@api.route(
    "GET",
    "/scripts/{script}/versions",
    name="scripts.versions.list",
    permission=Permission.APPS_READ,
    query=ListQuery,
    response=Page[VersionSummary],
    tag="scripts",
    errors=(404,),
)
async def list_versions(call: Call) -> Page[VersionSummary]:
    """A script's saved versions, newest first."""
    script = await scripts.get_script(call.path["script"])
    return await paginate(
        ScriptVersion.filter(script_id=script.id),
        call.query,
        sortable=("version", "created_at"),
        default_sort=("-version",),
        item=VersionSummary.of,
    )


@api.route(
    "GET",
    "/scripts/{script}/versions/{version:int}",
    name="scripts.versions.get",
    permission=Permission.APPS_READ,
    response=VersionOut,
    tag="scripts",
    errors=(404,),
)
async def get_version(call: Call) -> VersionOut:
    """One saved version with its code."""
    script = await scripts.get_script(call.path["script"])
    return VersionOut.of(await scripts.get_version(script, call.path["version"]))


@api.route(
    "GET",
    "/scripts/{script}/versions/{version:int}/diff",
    name="scripts.versions.diff",
    permission=Permission.APPS_READ,
    query=DiffQuery,
    response=DiffOut,
    tag="scripts",
    errors=(404,),
)
async def diff_version(call: Call) -> DiffOut:
    """A unified diff of a version against an older one (default: the one before it)."""
    script = await scripts.get_script(call.path["script"])
    version: int = call.path["version"]
    against = call.query.against
    text = await scripts.diff_versions(script, version, against)
    base = against if against is not None else (version - 1 if version > 1 else None)
    return DiffOut(script_id=script.id, version=version, against=base, diff=text)


@api.route(
    "POST",
    "/scripts/{script}/versions/{version:int}/restore",
    name="scripts.versions.restore",
    permission=Permission.APPS_WRITE,
    response=ScriptOut,
    tag="scripts",
    errors=(404,),
)
async def restore_version(call: Call) -> ScriptOut:
    """Save the code of an old version as a new version."""
    script = await scripts.restore_version(call.actor, call.path["script"], call.path["version"])
    return ScriptOut.of(script)

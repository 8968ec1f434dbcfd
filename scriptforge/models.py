"""ScriptForge's tortoise models: scripts and their history, runs, jobs, schedules, and the
per-app key-value store and environment variables.

Everything belongs to an app (``models.App``) and goes when the app goes, except runs: they
are the log of what happened and keep the app id and script name they ran under.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

#: A script's name is also its module name (``require('name')``, ``import './name'``).
SCRIPT_NAME_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$"
#: An exported function (a JavaScript identifier).
FUNCTION_NAME_PATTERN = r"^[A-Za-z_$][A-Za-z0-9_$]{0,99}$"
ENV_KEY_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,127}$"
KV_KEY_MAX = 512

#: (default, minimum, maximum) of the per-script limits.
CPU_MS = (1000, 1, 30_000)
MEMORY_MB = (64, 8, 512)
WALL_MS = (10_000, 100, 600_000)
STACK_KB = (512, 64, 8192)
RESULT_KB = (1024, 1, 65_536)
LOG_KB = (64, 0, 16_384)
RATE_LIMIT_PER_MINUTE = (600, 1, 1_000_000)


class JSONValueField(fields.JSONField):
    """A JSON column that stores any JSON value as given.

    tortoise's JSONField takes a ``str`` for already-encoded JSON, so a script returning
    ``"42"`` would be saved as the number 42 (and ``"hi"`` refused). Here a string written
    by ``save()`` or ``update()`` is a JSON string like every other value. A model
    *constructor* (``create(...)``) still decodes strings it is given: pass values through
    :func:`json_arg` there.
    """

    def to_db_value(self, value: Any, instance: Any) -> str | None:
        self.validate(value)
        return None if value is None else self.encoder(value)


def json_arg(value: Any) -> Any:
    """``value`` ready for a model constructor's JSON column (strings encoded once).

    >>> json_arg("42"), json_arg(42)
    ('"42"', 42)
    """
    return json.dumps(value) if isinstance(value, str) else value


class ScriptType(StrEnum):
    """ConnexCS file types: App (async, libraries), Script (plain, synchronous), Driver
    (DID/alert integrations), Voice (Class 5 call scripts, living for the call)."""

    APP = "app"
    SCRIPT = "script"
    DRIVER = "driver"
    VOICE = "voice"


class ScriptAccess(StrEnum):
    """Who may invoke the script over HTTP (``/scriptforge/<uuid>``)."""

    APIKEY = "apikey"
    PUBLIC = "public"
    SESSION = "session"


class RoutingPriority(StrEnum):
    """Global routing priority: run for every call, before or after route-level scripts."""

    DISABLED = "disabled"
    FIRST = "first"
    LAST = "last"


class RunStatus(StrEnum):
    OK = "ok"
    REJECTED = "rejected"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CANCELLED = "cancelled"


class RunTrigger(StrEnum):
    HTTP = "http"
    API = "api"
    JOB = "job"
    CRON = "cron"
    ROUTING = "routing"
    VOICE = "voice"
    CLI = "cli"
    PAGE = "page"


class JobState(StrEnum):
    WAITING = "waiting"
    DELAYED = "delayed"
    ACTIVE = "active"
    COMPLETED = "completed"
    FAILED = "failed"


class KVKind(StrEnum):
    """``kv.set`` stores strings; ``ko.set`` stores objects (as JSON text)."""

    STRING = "string"
    OBJECT = "object"


class Script(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="scripts", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    type = fields.CharEnumField(ScriptType, max_length=16, default=ScriptType.APP)
    code = fields.TextField(default="")
    description = fields.TextField(default="")
    cpu_ms = fields.IntField(default=CPU_MS[0])
    memory_mb = fields.IntField(default=MEMORY_MB[0])
    wall_ms = fields.IntField(default=WALL_MS[0])
    stack_kb = fields.IntField(default=STACK_KB[0])
    result_kb = fields.IntField(default=RESULT_KB[0])
    log_kb = fields.IntField(default=LOG_KB[0])
    access = fields.CharEnumField(ScriptAccess, max_length=16, default=ScriptAccess.APIKEY)
    rate_limit_per_minute = fields.IntField(default=RATE_LIMIT_PER_MINUTE[0])
    routing_priority = fields.CharEnumField(
        RoutingPriority, max_length=16, default=RoutingPriority.DISABLED
    )
    #: The number of the latest :class:`ScriptVersion`; bumped by every change of ``code``.
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    updated_by = fields.CharField(max_length=128, default="")

    versions: fields.ReverseRelation[ScriptVersion]

    class Meta:
        table = "scripts"
        unique_together = (("app", "name"),)

    def __str__(self) -> str:
        return self.name


class ScriptVersion(Model):
    """The code of one saved version; every create or code change of a script adds one."""

    id = fields.IntField(primary_key=True)
    script: fields.ForeignKeyRelation[Script] = fields.ForeignKeyField(
        "models.Script", related_name="versions", on_delete=fields.CASCADE
    )
    version = fields.IntField()
    code = fields.TextField()
    author = fields.CharField(max_length=128, default="")
    message = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "script_versions"
        unique_together = (("script", "version"),)


class Run(Model):
    """One invocation of a script function: outcome, cost, captured console output."""

    id = fields.BigIntField(primary_key=True)
    script: fields.ForeignKeyNullableRelation[Script] = fields.ForeignKeyField(
        "models.Script", related_name="runs", null=True, on_delete=fields.SET_NULL
    )
    #: Null for runs outside any app (``trunkline script run FILE``).
    app_id = fields.IntField(null=True, db_index=True)
    script_name = fields.CharField(max_length=100)
    function = fields.CharField(max_length=100, default="main")
    status = fields.CharEnumField(RunStatus, max_length=16)
    trigger = fields.CharEnumField(RunTrigger, max_length=16)
    #: What fired it: a job id, a schedule id, a route...
    trigger_ref = fields.CharField(max_length=64, default="")
    #: Who fired it: a user, an API key, "system".
    caller = fields.CharField(max_length=128, default="")
    request_id = fields.CharField(max_length=64, default="")
    started_at = fields.DatetimeField(db_index=True)
    duration_ms = fields.FloatField(default=0.0)
    cpu_ms = fields.FloatField(default=0.0)
    memory_peak = fields.IntField(default=0)
    #: ``[{"level", "message", "at"}]``
    logs: Any = JSONValueField(default=list)
    result: Any = JSONValueField(null=True)
    #: ``{"message", "stack"?, "code"?, "reason"?}`` or null.
    error: Any = JSONValueField(null=True)

    class Meta:
        table = "script_runs"


class Job(Model):
    """A queued call of a script function, persisted so it survives a restart."""

    id = fields.BigIntField(primary_key=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="jobs", on_delete=fields.CASCADE
    )
    script: fields.ForeignKeyRelation[Script] = fields.ForeignKeyField(
        "models.Script", related_name="jobs", on_delete=fields.CASCADE
    )
    function = fields.CharField(max_length=100, default="main")
    data: Any = JSONValueField(null=True)
    state = fields.CharEnumField(JobState, max_length=16, default=JobState.WAITING)
    #: Attempts started so far (a claim counts as one, even if the worker dies).
    attempts_made = fields.IntField(default=0)
    max_attempts = fields.IntField(default=1)
    #: ``{"type": "fixed" | "exponential", "delay_ms": int}`` or null (retry at once).
    backoff: Any = JSONValueField(null=True)
    #: When the job may start (now for waiting jobs; later for delayed ones).
    run_at = fields.DatetimeField(db_index=True)
    progress: Any = JSONValueField(null=True)
    result: Any = JSONValueField(null=True)
    error: Any = JSONValueField(null=True)
    locked_by = fields.CharField(max_length=128, default="")
    locked_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "script_jobs"
        indexes = (("state", "run_at"),)


class Schedule(Model):
    """Run a script function on a cron expression, read in a time zone."""

    id = fields.IntField(primary_key=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="schedules", on_delete=fields.CASCADE
    )
    script: fields.ForeignKeyRelation[Script] = fields.ForeignKeyField(
        "models.Script", related_name="schedules", on_delete=fields.CASCADE
    )
    function = fields.CharField(max_length=100, default="main")
    cron = fields.CharField(max_length=128)
    timezone = fields.CharField(max_length=64, default="UTC")
    data: Any = JSONValueField(null=True)
    enabled = fields.BooleanField(default=True)
    #: UTC; null while disabled.
    next_run_at = fields.DatetimeField(null=True, db_index=True)
    last_run_at = fields.DatetimeField(null=True)
    last_status = fields.CharField(max_length=16, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "script_schedules"


class KVEntry(Model):
    """One key of an app's key-value store (cxKV); expired entries are invisible."""

    id = fields.BigIntField(primary_key=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="kv_entries", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=KV_KEY_MAX)
    value = fields.TextField()
    kind = fields.CharEnumField(KVKind, max_length=8, default=KVKind.STRING)
    expires_at = fields.DatetimeField(null=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "kv_entries"
        unique_together = (("app", "key"),)


class EnvVar(Model):
    """An app environment variable (``process.env`` in scripts).

    Flags, as in ConnexCS: *protected* values are never shown again after they are set;
    *private* ones reach scripts only (not pages or templates); *locked* ones cannot be
    changed or deleted until unlocked; *default* ones are install-time defaults that an
    upgrade never overwrites.
    """

    id = fields.IntField(primary_key=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="env_vars", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=128)
    value = fields.TextField(default="")
    protected = fields.BooleanField(default=False)
    private = fields.BooleanField(default=False)
    locked = fields.BooleanField(default=False)
    is_default = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    updated_by = fields.CharField(max_length=128, default="")

    class Meta:
        table = "env_vars"
        unique_together = (("app", "key"),)

    def __str__(self) -> str:
        return self.key

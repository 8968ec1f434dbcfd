"""``/api/v1/apps/{app}/env``: an app's environment variables.

A protected variable's value is accepted but never sent back: responses carry ``"***"``
and ``has_value`` instead.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.services import apps
from scriptforge.models import ENV_KEY_PATTERN, EnvVar
from scriptforge.services import env

api = Api()


class EnvVarOut(BaseModel):
    id: int
    app_id: int
    key: str
    value: str = Field(description='"***" when the variable is protected')
    has_value: bool
    protected: bool = Field(description="the value is never shown again")
    private: bool = Field(description="scripts only, not pages or templates")
    locked: bool = Field(description="no change or deletion until unlocked")
    is_default: bool = Field(description="install-time default; upgrades keep the stored value")
    created_at: datetime
    updated_at: datetime
    updated_by: str

    @classmethod
    def of(cls, v: EnvVar) -> EnvVarOut:
        return cls(
            id=v.id,
            app_id=v.app_id,  # type: ignore[attr-defined]
            key=v.key,
            value=env.shown_value(v),
            has_value=v.value != "",
            protected=v.protected,
            private=v.private,
            locked=v.locked,
            is_default=v.is_default,
            created_at=v.created_at,
            updated_at=v.updated_at,
            updated_by=v.updated_by,
        )


class EnvVarCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str = Field(min_length=1, max_length=128, pattern=ENV_KEY_PATTERN)
    value: str = Field("", max_length=env.MAX_VALUE_BYTES)
    protected: bool = False
    private: bool = False
    locked: bool = False
    is_default: bool = False


class EnvVarUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str | None = Field(None, max_length=env.MAX_VALUE_BYTES)
    protected: bool | None = None
    private: bool | None = None
    locked: bool | None = Field(None, description="false unlocks it")
    is_default: bool | None = None


class EnvListQuery(ListQuery):
    q: str | None = Field(None, max_length=128, description="part of the key")


@api.route(
    "GET",
    "/apps/{app}/env",
    name="env.list",
    permission=Permission.APPS_READ,
    query=EnvListQuery,
    response=Page[EnvVarOut],
    tag="env",
    errors=(404,),
)
async def list_env(call: Call) -> Page[EnvVarOut]:
    """An app's environment variables (protected values masked)."""
    app = await apps.get_app(call.path["app"])
    q: EnvListQuery = call.query
    qs = EnvVar.filter(app_id=app.id)
    if q.q:
        qs = qs.filter(key__icontains=q.q)
    return await paginate(
        qs,
        q,
        sortable=("id", "key", "created_at", "updated_at"),
        default_sort=("key",),
        item=EnvVarOut.of,
    )


@api.route(
    "POST",
    "/apps/{app}/env",
    name="env.create",
    permission=Permission.APPS_WRITE,
    body=EnvVarCreate,
    response=EnvVarOut,
    status=201,
    tag="env",
    errors=(404, 409),
)
async def create_env(call: Call) -> EnvVarOut:
    """Add an environment variable to an app."""
    app = await apps.get_app(call.path["app"])
    b: EnvVarCreate = call.body
    var = await env.create_env_var(
        call.actor,
        app,
        b.key,
        b.value,
        protected=b.protected,
        private=b.private,
        locked=b.locked,
        is_default=b.is_default,
    )
    return EnvVarOut.of(var)


@api.route(
    "GET",
    "/apps/{app}/env/{key}",
    name="env.get",
    permission=Permission.APPS_READ,
    response=EnvVarOut,
    tag="env",
    errors=(404,),
)
async def get_env(call: Call) -> EnvVarOut:
    """One environment variable (a protected value stays masked)."""
    app = await apps.get_app(call.path["app"])
    return EnvVarOut.of(await env.get_env_var(app, call.path["key"]))


@api.route(
    "PATCH",
    "/apps/{app}/env/{key}",
    name="env.update",
    permission=Permission.APPS_WRITE,
    body=EnvVarUpdate,
    response=EnvVarOut,
    tag="env",
    errors=(404, 409),
)
async def update_env(call: Call) -> EnvVarOut:
    """Change a variable's value or flags; ``{"locked": false}`` unlocks it."""
    app = await apps.get_app(call.path["app"])
    changes = call.body.model_dump(exclude_unset=True)
    return EnvVarOut.of(await env.update_env_var(call.actor, app, call.path["key"], changes))


@api.route(
    "DELETE",
    "/apps/{app}/env/{key}",
    name="env.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="env",
    errors=(404, 409),
)
async def delete_env(call: Call) -> None:
    """Delete an unlocked environment variable."""
    app = await apps.get_app(call.path["app"])
    await env.delete_env_var(call.actor, app, call.path["key"])

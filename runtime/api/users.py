"""``/api/v1/users``: operator accounts (admins only)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.models import Role, User
from runtime.services import users

api = Api()


class UserOut(BaseModel):
    id: int
    username: str
    email: str | None
    full_name: str
    role: Role
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            username=user.username,
            email=user.email,
            full_name=user.full_name,
            role=user.role,
            is_active=user.is_active,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        )


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=2, max_length=64)
    password: str = Field(min_length=8, max_length=1024)
    role: Role = Role.READONLY
    email: EmailStr | None = None
    full_name: str = Field("", max_length=128)


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: str | None = Field(None, min_length=8, max_length=1024)
    role: Role | None = None
    email: EmailStr | None = None
    full_name: str | None = Field(None, max_length=128)
    is_active: bool | None = None


class UserListQuery(ListQuery):
    role: Role | None = None
    is_active: bool | None = None
    q: str | None = Field(None, max_length=64, description="part of username, name or email")


@api.route(
    "GET",
    "/users",
    name="users.list",
    permission=Permission.USERS_READ,
    query=UserListQuery,
    response=Page[UserOut],
    tag="users",
)
async def list_users(call: Call) -> Page[UserOut]:
    """List operator users."""
    q: UserListQuery = call.query
    qs = User.all()
    if q.role:
        qs = qs.filter(role=q.role)
    if q.is_active is not None:
        qs = qs.filter(is_active=q.is_active)
    if q.q:
        from tortoise.expressions import Q

        qs = qs.filter(
            Q(username__icontains=q.q) | Q(full_name__icontains=q.q) | Q(email__icontains=q.q)
        )
    return await paginate(
        qs,
        q,
        sortable=("id", "username", "role", "created_at", "last_login_at"),
        default_sort=("username",),
        item=UserOut.of,
    )


@api.route(
    "POST",
    "/users",
    name="users.create",
    permission=Permission.USERS_WRITE,
    body=UserCreate,
    response=UserOut,
    status=201,
    tag="users",
    errors=(409,),
)
async def create_user(call: Call) -> UserOut:
    """Create an operator user."""
    b: UserCreate = call.body
    user = await users.create_user(
        call.actor, b.username, b.password, b.role, email=b.email, full_name=b.full_name
    )
    return UserOut.of(user)


@api.route(
    "GET",
    "/users/{user_id:int}",
    name="users.get",
    permission=Permission.USERS_READ,
    response=UserOut,
    tag="users",
    errors=(404,),
)
async def get_user(call: Call) -> UserOut:
    """One operator user."""
    return UserOut.of(await users.get_user(call.path["user_id"]))


@api.route(
    "PATCH",
    "/users/{user_id:int}",
    name="users.update",
    permission=Permission.USERS_WRITE,
    body=UserUpdate,
    response=UserOut,
    tag="users",
    errors=(404, 409),
)
async def update_user(call: Call) -> UserOut:
    """Change role, profile, password or active state. Password changes and deactivation
    sign the user out everywhere."""
    changes = call.body.model_dump(exclude_unset=True)
    return UserOut.of(await users.update_user(call.actor, call.path["user_id"], changes))


@api.route(
    "DELETE",
    "/users/{user_id:int}",
    name="users.delete",
    permission=Permission.USERS_WRITE,
    status=204,
    tag="users",
    errors=(404, 409),
)
async def delete_user(call: Call) -> None:
    """Delete an operator user (their API keys go with them)."""
    await users.delete_user(call.actor, call.path["user_id"])

"""Operator users: create, change, deactivate, delete, authenticate."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.models import PrincipalType, RefreshToken, Role, User
from runtime.security import passwords
from runtime.services import audit
from runtime.services.common import unique

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


def snapshot(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "is_active": user.is_active,
    }


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not 2 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise ValidationFailed.field(
            "username", "2-64 characters: lowercase letters, digits, and . _ - @"
        )
    return name


def check_password(password: str, path: str = "password") -> None:
    if problem := passwords.password_problem(password):
        raise ValidationFailed.field(path, problem)


async def get_user(user_id: int) -> User:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound(f"No user with id {user_id}")
    return user


async def create_user(
    actor: Principal,
    username: str,
    password: str,
    role: Role,
    *,
    email: str | None = None,
    full_name: str = "",
) -> User:
    name = check_username(username)
    check_password(password)
    async with (
        unique("username", f"A user named {name!r} already exists"),
        in_transaction() as conn,
    ):
        user = await User.create(
            username=name,
            password_hash=passwords.hash_password(password),
            role=role,
            email=email,
            full_name=full_name,
            using_db=conn,
        )
        await audit.record(
            actor,
            "user.create",
            "user",
            user.id,
            user.username,
            after=snapshot(user),
            using_db=conn,
        )
    return user


async def update_user(actor: Principal, user_id: int, changes: dict[str, Any]) -> User:
    """Apply ``changes`` (any of email, full_name, role, is_active, password)."""
    async with in_transaction() as conn:
        user = await User.select_for_update().using_db(conn).get_or_none(id=user_id)
        if user is None:
            raise NotFound(f"No user with id {user_id}")
        before = snapshot(user)
        after_extra: dict[str, Any] = {}
        for field in ("email", "full_name", "role", "is_active"):
            if field in changes and changes[field] is not None:
                setattr(user, field, changes[field])
        if changes.get("password"):
            check_password(changes["password"])
            user.password_hash = passwords.hash_password(changes["password"])
            after_extra["password"] = "changed"
        if (before["is_active"] and not user.is_active) or after_extra:
            user.session_version += 1  # sign out everywhere: sessions...
            await (  # ...and API logins (refresh-token families)
                RefreshToken.filter(
                    principal_type=PrincipalType.OPERATOR, principal_id=user.id, revoked_at=None
                )
                .using_db(conn)
                .update(revoked_at=datetime.now(UTC))
            )
        if user.id == actor.id and actor.is_operator and before["role"] != user.role:
            raise ValidationFailed.field("role", "you cannot change your own role")
        if user.id == actor.id and actor.is_operator and not user.is_active:
            raise ValidationFailed.field("is_active", "you cannot deactivate yourself")
        await _keep_an_admin(user, before, conn)
        await user.save(using_db=conn)
        await audit.record(
            actor,
            "user.update",
            "user",
            user.id,
            user.username,
            before=before,
            after=snapshot(user) | after_extra,
            using_db=conn,
        )
    return user


async def _keep_an_admin(user: User, before: dict[str, Any], conn: Any) -> None:
    was_admin = before["role"] == Role.ADMIN and before["is_active"]
    still_admin = user.role == Role.ADMIN and user.is_active
    if was_admin and not still_admin:
        others = (
            await User.filter(role=Role.ADMIN, is_active=True)
            .exclude(id=user.id)
            .using_db(conn)
            .count()
        )
        if not others:
            raise Conflict("This is the last active admin; make another admin first")


async def delete_user(actor: Principal, user_id: int) -> None:
    async with in_transaction() as conn:
        user = await User.filter(id=user_id).using_db(conn).first()
        if user is None:
            raise NotFound(f"No user with id {user_id}")
        if actor.is_operator and user.id == actor.id:
            raise Conflict("You cannot delete yourself")
        before = snapshot(user)
        user.is_active = False
        await _keep_an_admin(user, before, conn)
        await user.delete(using_db=conn)
        await audit.record(
            actor,
            "user.delete",
            "user",
            before["id"],
            before["username"],
            before=before,
            using_db=conn,
        )


async def authenticate(username: str, password: str) -> User | None:
    """The active user with this username and password, or ``None``."""
    user = await User.get_or_none(username=username.strip().lower())
    if user is None:
        passwords.burn_verify(password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.is_active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = datetime.now(UTC)
    await user.save(update_fields=["password_hash", "last_login_at"])
    return user

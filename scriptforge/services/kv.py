"""The per-app key-value store behind cxKV, with the semantics of ConnexCS's library.

``kv.get(key)`` → string or null; ``kv.set(key, value, ttl=0)``; ``ko.get/ko.set`` for
objects (stored as JSON, kind ``object``); ``incr(key, by=1, expire=0)`` → the new integer,
atomic; ``keys()``; ``usage()`` → ``{keys, bytes}``. A TTL of 0 means no expiry; an expired
entry reads as absent everywhere and is purged later by :func:`purge_expired`.

Every write locks the row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite runs one
transaction at a time) and retries when a concurrent writer created the key first.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from pypika_tortoise.functions import Substring
from pypika_tortoise.terms import LiteralValue
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Function, Q
from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.models import App
from runtime.services import audit
from scriptforge.models import KV_KEY_MAX, KVEntry, KVKind
from scriptforge.services.common import utcnow

MAX_VALUE_BYTES = 1024 * 1024
#: About a century: far enough to mean "keep", near enough for any datetime.
MAX_TTL_SECONDS = 36_500 * 86_400
_WRITE_ATTEMPTS = 3

#: Given the live entry (or None) and the time, the new (value, kind, expires_at).
Change = Callable[[KVEntry | None, datetime], tuple[str, KVKind, datetime | None]]
#: Called inside the write's transaction with the audited view before, the row, the connection.
OnWrite = Callable[[dict[str, Any] | None, KVEntry, Any], Awaitable[None]]


class _KeyHead(Function):
    """``SUBSTRING(key, 1, n)``: the first n characters of the key."""

    database_func = Substring


def live(now: datetime) -> Q:
    """Entries that have not expired at ``now``."""
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now)


def check_key(key: str) -> str:
    if not isinstance(key, str) or not 1 <= len(key) <= KV_KEY_MAX:
        raise ValidationFailed.field("key", f"must be 1-{KV_KEY_MAX} characters")
    if any(ord(c) < 32 for c in key):
        raise ValidationFailed.field("key", "must not contain control characters")
    return key


def check_value(value: str) -> str:
    if len(value.encode()) > MAX_VALUE_BYTES:
        raise ValidationFailed.field("value", f"is larger than {MAX_VALUE_BYTES} bytes")
    return value


def expiry(ttl_seconds: float, now: datetime, path: str = "ttl_seconds") -> datetime | None:
    if isinstance(ttl_seconds, bool) or not 0 <= ttl_seconds <= MAX_TTL_SECONDS:
        raise ValidationFailed.field(path, f"must be from 0 (no expiry) to {MAX_TTL_SECONDS}")
    return now + timedelta(seconds=ttl_seconds) if ttl_seconds else None


def encode_object(obj: Any) -> str:
    try:
        return json.dumps(obj, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        raise ValidationFailed.field("value", "must be JSON") from None


def decoded(entry: KVEntry) -> Any:
    """The entry's value as a script sees it through ``ko.get``."""
    if entry.kind is KVKind.STRING:
        return entry.value
    try:
        return json.loads(entry.value)
    except ValueError:  # pragma: no cover - written only through encode_object
        return entry.value


def value_bytes(entry: KVEntry) -> int:
    return len(entry.key.encode()) + len(entry.value.encode())


async def kv_entry(app_id: int, key: str) -> KVEntry | None:
    """The live entry under ``key``, or None."""
    return await KVEntry.filter(live(utcnow()), app_id=app_id, key=key).first()


async def kv_get(app_id: int, key: str) -> str | None:
    """``kv.get(key)``: the stored string (objects as their JSON text), or None."""
    entry = await kv_entry(app_id, key)
    return entry.value if entry is not None else None


async def ko_get(app_id: int, key: str) -> Any:
    """``ko.get(key)``: the stored object (a string entry comes back as the string)."""
    entry = await kv_entry(app_id, key)
    return decoded(entry) if entry is not None else None


async def kv_set(
    app_id: int, key: str, value: str, ttl_seconds: float = 0, *, kind: KVKind = KVKind.STRING
) -> KVEntry:
    """``kv.set(key, value, ttl)``: store a string; a TTL of 0 keeps it until deleted."""
    check_key(key)
    check_value(value)
    expires = expiry(ttl_seconds, utcnow())
    return await _write(app_id, key, lambda current, now: (value, kind, expires))


async def ko_set(app_id: int, key: str, obj: Any, ttl_seconds: float = 0) -> KVEntry:
    """``ko.set(key, obj, ttl)``: store a JSON value."""
    return await kv_set(app_id, key, encode_object(obj), ttl_seconds, kind=KVKind.OBJECT)


async def kv_incr(app_id: int, key: str, by: int = 1, expire_seconds: float = 0) -> int:
    """``incr(key, by, expire)``: add ``by`` atomically and return the new value.

    A missing or expired key counts from 0. ``expire_seconds`` starts a window when the
    counter is created (or has no expiry yet); later increments keep that window, so
    ``incr(key, 1, 120)`` counts events per 120-second window.
    """
    check_key(key)
    if isinstance(by, bool) or not isinstance(by, int):
        raise ValidationFailed.field("by", "must be an integer")
    expiry(expire_seconds, utcnow(), path="expire_seconds")
    window = timedelta(seconds=expire_seconds) if expire_seconds else None

    def change(current: KVEntry | None, now: datetime) -> tuple[str, KVKind, datetime | None]:
        total = by
        expires = current.expires_at if current is not None else None
        if current is not None:
            try:
                total += int(current.value.strip())
            except ValueError:
                raise Conflict(f"KV key {key!r} does not hold an integer") from None
        if expires is None and window is not None:
            expires = now + window
        return str(total), KVKind.STRING, expires

    return int((await _write(app_id, key, change)).value)


async def kv_delete(app_id: int, key: str) -> bool:
    """Delete a key; True when a live entry was removed."""
    now = utcnow()
    removed = await KVEntry.filter(live(now), app_id=app_id, key=key).delete()
    await KVEntry.filter(app_id=app_id, key=key, expires_at__lte=now).delete()
    return bool(removed)


async def kv_keys(app_id: int, prefix: str = "") -> list[str]:
    """``keys()``: the live keys of an app, sorted, optionally those starting with ``prefix``."""
    rows = await with_prefix(KVEntry.filter(live(utcnow()), app_id=app_id), prefix).values_list(
        "key", flat=True
    )
    return sorted(str(k) for k in rows)


async def kv_usage(app_id: int) -> dict[str, int]:
    """``usage()``: how many live keys an app has and their size (keys + values, UTF-8)."""
    rows = await KVEntry.filter(live(utcnow()), app_id=app_id).values_list("key", "value")
    return {
        "keys": len(rows),
        "bytes": sum(len(str(k).encode()) + len(str(v).encode()) for k, v in rows),
    }


def with_prefix(queryset: Any, prefix: str) -> Any:
    """Filter on a key prefix, case-sensitively on both databases.

    ``startswith`` is a LIKE (and can use the index); SQLite's LIKE ignores ASCII case, so
    the rows it finds are checked again with an exact comparison of the first characters.
    """
    if not prefix:
        return queryset
    # Literal integers: as parameters PostgreSQL would read SUBSTRING's arguments as text
    # (its regular-expression form).
    head = _KeyHead("key", LiteralValue("1"), LiteralValue(str(len(prefix))))
    return queryset.filter(key__startswith=prefix).annotate(key_head=head).filter(key_head=prefix)


async def purge_expired(now: datetime | None = None) -> int:
    """Delete entries that have expired (housekeeping; they are invisible already)."""
    return await KVEntry.filter(expires_at__lte=now or utcnow()).delete()


async def put_entry(
    actor: Principal,
    app: App,
    key: str,
    value: Any,
    *,
    ttl_seconds: float = 0,
    kind: KVKind | None = None,
) -> KVEntry:
    """Store a value through the API: strings as strings, anything else as an object."""
    check_key(key)
    if kind is None:
        kind = KVKind.STRING if isinstance(value, str) else KVKind.OBJECT
    if kind is KVKind.STRING and not isinstance(value, str):
        raise ValidationFailed.field("value", "must be a string when kind is string")
    text = check_value(value if kind is KVKind.STRING else encode_object(value))
    expires = expiry(ttl_seconds, utcnow())

    async def record(before: dict[str, Any] | None, after: KVEntry, conn: Any) -> None:
        await audit.record(
            actor,
            "kv.update" if before is not None else "kv.create",
            "kv_entry",
            after.id,
            key,
            before=before,
            after=snapshot(after),
            using_db=conn,
        )

    return await _write(app.id, key, lambda current, now: (text, kind, expires), on_write=record)


async def delete_entry(actor: Principal, app: App, key: str) -> None:
    async with in_transaction() as conn:
        entry = await KVEntry.filter(live(utcnow()), app_id=app.id, key=key).using_db(conn).first()
        if entry is None:
            raise NotFound(f"App {app.name!r} has no KV key {key!r}")
        before = snapshot(entry)
        await entry.delete(using_db=conn)
        await audit.record(
            actor, "kv.delete", "kv_entry", entry.id, key, before=before, using_db=conn
        )


def snapshot(entry: KVEntry) -> dict[str, Any]:
    """The audited view: the key, kind, size and expiry, never the value (PINs live here)."""
    return {
        "app_id": entry.app_id,  # type: ignore[attr-defined]
        "key": entry.key,
        "kind": entry.kind,
        "bytes": len(entry.value.encode()),
        "expires_at": entry.expires_at,
    }


async def _write(
    app_id: int, key: str, change: Change, *, on_write: OnWrite | None = None
) -> KVEntry:
    for attempt in range(_WRITE_ATTEMPTS):
        try:
            async with in_transaction() as conn:
                row = (
                    await KVEntry.filter(app_id=app_id, key=key)
                    .select_for_update()
                    .using_db(conn)
                    .first()
                )
                now = utcnow()
                current = row if row is not None and _alive(row, now) else None
                before = snapshot(current) if current is not None else None
                value, kind, expires_at = change(current, now)
                if row is None:
                    row = await KVEntry.create(
                        app_id=app_id,
                        key=key,
                        value=value,
                        kind=kind,
                        expires_at=expires_at,
                        using_db=conn,
                    )
                else:
                    row.value, row.kind, row.expires_at = value, kind, expires_at
                    await row.save(using_db=conn)
                if on_write is not None:
                    await on_write(before, row, conn)
                return row
        except IntegrityError:
            # Another writer created the key between our read and insert: lock it and retry.
            if attempt == _WRITE_ATTEMPTS - 1:
                raise Conflict(f"KV key {key!r} is being written concurrently; retry") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _alive(entry: KVEntry, now: datetime) -> bool:
    return entry.expires_at is None or entry.expires_at > now

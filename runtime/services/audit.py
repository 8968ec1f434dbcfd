"""Recording and reading the audit log.

Call :func:`record` inside the same transaction as the change it describes. Values under
secret-looking keys are replaced by ``"***"`` before they are stored.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from runtime import context
from runtime.auth.principal import Principal
from runtime.models import AuditEntry

REDACTED = "***"
_SECRET_KEY = re.compile(
    r"pass(word)?|secret|token|api_?key|key_hash|private|credential", re.IGNORECASE
)


def redact(value: Any) -> Any:
    """Copy ``value`` into plain JSON types with secrets masked.

    >>> redact({"name": "a", "password": "x", "nested": [{"api_key": "k"}]})
    {'name': 'a', 'password': '***', 'nested': [{'api_key': '***'}]}
    """
    if isinstance(value, dict):
        return {
            str(k): (REDACTED if _SECRET_KEY.search(str(k)) and v not in (None, "") else redact(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set):
        return [redact(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


async def record(
    actor: Principal,
    action: str,
    object_type: str,
    object_id: Any = "",
    object_repr: str = "",
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    using_db: BaseDBAsyncClient | None = None,
) -> AuditEntry:
    return await AuditEntry.create(
        actor_type=actor.type.value,
        actor_id=actor.id or None,
        actor_name=actor.name[:128],
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_repr=str(object_repr)[:255],
        before=redact(before) if before is not None else None,
        after=redact(after) if after is not None else None,
        request_id=context.request_id.get()[:64],
        ip=context.client_ip.get()[:64],
        using_db=using_db,
    )

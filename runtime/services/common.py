"""Small pieces every service uses."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from runtime.errors import Conflict, NotFound

M = TypeVar("M", bound=Model)


@asynccontextmanager
async def unique(path: str, message: str) -> AsyncIterator[None]:
    """Turn a unique-constraint violation in the block into :class:`Conflict` on ``path``.

    Put it outside the transaction (``async with unique(...), in_transaction() as conn``)
    so the transaction has rolled back before the error is reported.
    """
    try:
        yield
    except IntegrityError:
        raise Conflict(message, [{"path": path, "message": "already taken"}]) from None


async def find_by_ref(
    model: type[M], ref: str | int, what: str, where: str = "", **scope: Any
) -> M:
    """A row by numeric id, uuid or name (within ``scope``, e.g. ``app_id=3``), else
    :class:`NotFound`: "No {what} '{ref}'{where}"."""
    text = str(ref)
    found: M | None
    if text.isdigit():
        found = await model.get_or_none(id=int(text), **scope)
    else:
        try:
            found = await model.get_or_none(uuid=uuid.UUID(text), **scope)
        except ValueError:
            found = await model.get_or_none(name=text, **scope)
    if found is None:
        raise NotFound(f"No {what} {text!r}{where}")
    return found

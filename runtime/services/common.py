"""Small pieces every service uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise.exceptions import IntegrityError

from runtime.errors import Conflict


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

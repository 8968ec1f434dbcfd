"""List conventions: ``limit``/``offset``, ``sort=field,-other``, keyset cursors.

Every list returns ``{"items", "total", "limit", "offset", "next"}``; ``next`` is a cursor
for lists that grow without bound (the audit log) and ``null`` elsewhere.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from tortoise.queryset import QuerySet

from runtime.errors import ValidationFailed

T = TypeVar("T")

MAX_LIMIT = 500


class ListQuery(BaseModel):
    """Query parameters every list endpoint takes."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="page size")
    offset: int = Field(0, ge=0, description="rows to skip")
    sort: str | None = Field(None, description="comma-separated fields, '-' for descending")


class CursorQuery(ListQuery):
    cursor: str | None = Field(None, description="the 'next' value of the previous page")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None = None


def sort_fields(sort: str | None, allowed: Sequence[str], default: Sequence[str]) -> list[str]:
    """Validate ``sort`` against ``allowed`` and return tortoise ordering terms.

    >>> sort_fields("name,-id", ["name", "id"], ["id"])
    ['name', '-id']
    """
    if not sort:
        return list(default)
    terms = []
    for raw in sort.split(","):
        term = raw.strip()
        name = term.lstrip("-")
        if name not in allowed:
            raise ValidationFailed.field(
                "sort", f"cannot sort by {name!r}; choose from {', '.join(allowed)}"
            )
        terms.append(term)
    return terms


async def paginate(
    queryset: QuerySet[Any],
    query: ListQuery,
    *,
    sortable: Sequence[str],
    default_sort: Sequence[str] = ("id",),
    item: Callable[[Any], Any],
) -> Page[Any]:
    ordering = sort_fields(query.sort, sortable, default_sort)
    total = await queryset.count()
    rows = await queryset.order_by(*ordering).offset(query.offset).limit(query.limit)
    return Page(items=[item(r) for r in rows], total=total, limit=query.limit, offset=query.offset)


def encode_cursor(value: int) -> str:
    return base64.urlsafe_b64encode(f"id:{value}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, _, value = raw.partition(":")
        if tag != "id":
            raise ValueError(tag)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed.field("cursor", "not a cursor returned by this API") from None


async def paginate_keyset(
    queryset: QuerySet[Any], query: CursorQuery, *, item: Callable[[Any], Any]
) -> Page[Any]:
    """Newest first by id; a cursor page costs the same wherever it is in the table."""
    if query.sort not in (None, "-id"):
        raise ValidationFailed.field("sort", "this list is ordered by -id only")
    total = await queryset.count()
    page_qs = queryset
    if query.cursor:
        page_qs = page_qs.filter(id__lt=decode_cursor(query.cursor))
    else:
        page_qs = page_qs.offset(query.offset)
    rows = await page_qs.order_by("-id").limit(query.limit + 1)
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    return Page(
        items=[item(r) for r in rows],
        total=total,
        limit=query.limit,
        offset=query.offset,
        next=encode_cursor(rows[-1].id) if more and rows else None,
    )

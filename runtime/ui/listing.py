"""Offset pagination for UI tables (the API has its own, with cursors where needed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from tortoise.queryset import QuerySet

PAGE_SIZE = 25


@dataclass
class Listing:
    rows: list[Any]
    total: int
    offset: int
    limit: int

    @property
    def prev_offset(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset > 0 else None

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None

    @property
    def first(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.offset + self.limit, self.total)


async def listing(request: Request, qs: QuerySet[Any], limit: int = PAGE_SIZE) -> Listing:
    try:
        offset = max(0, int(request.query_params.get("offset", "0")))
    except ValueError:
        offset = 0
    total = await qs.count()
    rows = await qs.offset(offset).limit(limit)
    return Listing(rows=list(rows), total=total, offset=offset, limit=limit)

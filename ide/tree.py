"""The IDE's file tree of an app, and search across apps.

Each kind of file is one :class:`Shelf` in :data:`SHELVES`, in the order the tree shows them:
the model, the field that names an item, whether it has a uuid, and what its detail line
says. The app's domain is the last group (one item when it is set).

>>> [s.kind for s in SHELVES]
['page', 'script', 'dataset', 'query', 'template', 'env', 'button', 'kv']
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from pagebuilder.models import AppTemplate, Button, Page
from querybuilder.models import Dataset, SavedQuery
from runtime.models import App
from scriptforge.models import EnvVar, KVEntry, Script
from scriptforge.services.common import utcnow
from scriptforge.services.env import FLAGS
from scriptforge.services.kv import live

#: Items per group at most (the key-value store of a busy app can be large).
GROUP_LIMIT = 500
SEARCH_LIMIT = 50
_HEX = re.compile(r"^[0-9a-fA-F-]{4,36}$")


def _flags(var: EnvVar) -> str:
    # Flags only: a protected value is never shown, and private ones need not be.
    return ", ".join(flag.replace("is_", "") for flag in FLAGS if getattr(var, flag))


def _columns(dataset: Dataset) -> str:
    count = len(dataset.columns or [])
    return f"{count} column{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class Shelf:
    """One kind of an app's files, as the tree and search show it."""

    kind: str
    label: str
    model: type[Model]
    name_field: str = "name"
    has_uuid: bool = True
    detail: Callable[[Any], str] = lambda row: ""

    def rows(self, **filters: Any) -> QuerySet[Any]:
        qs = self.model.filter(**filters)
        if self.model is KVEntry:
            qs = qs.filter(live(utcnow()))
        return qs

    def item(self, row: Any) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": row.id,
            "uuid": str(row.uuid) if self.has_uuid else None,
            "name": getattr(row, self.name_field),
            "detail": self.detail(row),
        }


SHELVES: tuple[Shelf, ...] = (
    Shelf("page", "Pages", Page, detail=lambda p: p.title),
    Shelf("script", "ScriptForge", Script, detail=lambda s: f"{s.type} · v{s.version}"),
    Shelf("dataset", "Databases", Dataset, detail=_columns),
    Shelf("query", "Queries", SavedQuery, detail=lambda q: "spec" if q.spec else "SQL"),
    Shelf("template", "Templates", AppTemplate, detail=lambda t: t.subject),
    Shelf("env", "Environment variables", EnvVar, "key", False, _flags),
    Shelf("button", "Buttons", Button, "label", detail=lambda b: str(b.area)),
    Shelf("kv", "Key-value store", KVEntry, "key", False, lambda e: str(e.kind)),
)


def app_summary(app: App) -> dict[str, Any]:
    return {
        "id": app.id,
        "uuid": str(app.uuid),
        "name": app.name,
        "title": app.title,
        "domain": app.domain,
        "live_version": app.live_version_id,
    }


async def app_tree(app: App) -> dict[str, Any]:
    """The app and its files, grouped by kind in :data:`SHELVES` order, then the domain."""
    groups = []
    for shelf in SHELVES:
        rows = await shelf.rows(app_id=app.id).order_by(shelf.name_field, "id").limit(GROUP_LIMIT)
        groups.append(
            {"kind": shelf.kind, "label": shelf.label, "items": [shelf.item(r) for r in rows]}
        )
    domain = (
        [{"kind": "domain", "id": app.id, "uuid": None, "name": app.domain, "detail": ""}]
        if app.domain
        else []
    )
    groups.append({"kind": "domain", "label": "Domain", "items": domain})
    return {"app": app_summary(app), "groups": groups}


def _matching(shelf: Shelf, q: str) -> Q:
    """Name contains ``q`` (any case), id is ``q``, uuid is ``q`` or starts with it."""
    where = Q(**{f"{shelf.name_field}__icontains": q})
    if q.isdigit():
        where |= Q(id=int(q))
    bounds = _uuid_bounds(q) if shelf.has_uuid else None
    if bounds is not None:
        where |= Q(uuid__gte=bounds[0], uuid__lte=bounds[1])
    return where


def _uuid_bounds(q: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    """The uuids starting with ``q`` as a range (the same on SQLite's text and PostgreSQL's
    uuid type), or ``None`` when ``q`` cannot begin a uuid.

    >>> _uuid_bounds("0a1b")[1]
    UUID('0a1bffff-ffff-ffff-ffff-ffffffffffff')
    """
    if not _HEX.match(q):
        return None
    digits = q.replace("-", "").lower()
    if len(digits) > 32:
        return None
    low = uuid.UUID(digits.ljust(32, "0"))
    if not str(low).startswith(q.lower()):  # dashes where a uuid has none
        return None
    return low, uuid.UUID(digits.ljust(32, "f"))


def _rank(item: dict[str, Any], q: str) -> tuple[int, int, str]:
    exact = str(item["id"]) == q or (item["uuid"] or "").startswith(q.lower())
    kinds = [s.kind for s in SHELVES]
    return (0 if exact else 1, kinds.index(item["kind"]), str(item["name"]).lower())


async def search(q: str, app: App | None = None) -> list[dict[str, Any]]:
    """Files of every app (or of ``app``) matching ``q``: exact id/uuid matches first, then
    by kind and name; at most :data:`SEARCH_LIMIT`."""
    q = q.strip()
    if not q:
        return []
    scope = {"app_id": app.id} if app is not None else {}
    names = {app.id: app.name} if app is not None else {}
    found: list[tuple[int, dict[str, Any]]] = []
    for shelf in SHELVES:
        rows = await shelf.rows(**scope).filter(_matching(shelf, q)).limit(SEARCH_LIMIT)
        found.extend((row.app_id, shelf.item(row)) for row in rows)
    missing = {app_id for app_id, _ in found} - set(names)
    if missing:
        names.update(await App.filter(id__in=missing).values_list("id", "name"))
    items = [
        {"app": names[app_id], **{k: item[k] for k in ("kind", "id", "uuid", "name")}}
        for app_id, item in found
    ]
    items.sort(key=lambda item: _rank(item, q))
    return items[:SEARCH_LIMIT]

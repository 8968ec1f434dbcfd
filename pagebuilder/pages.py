"""Pages of apps: create, change, find and delete, every document checked first."""

from __future__ import annotations

import json
import re
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from pagebuilder.document import PageDocument, parse_document
from pagebuilder.models import PAGE_NAME_PATTERN, Page, PageAccess
from runtime.auth.principal import Principal
from runtime.errors import NotFound, ValidationFailed
from runtime.models import App, Role
from runtime.services import audit, revisions
from runtime.services.common import find_by_ref, unique

PAGE_NAME = re.compile(PAGE_NAME_PATTERN)
#: The page an app's own address opens.
INDEX = "index"


def snapshot(page: Page) -> dict[str, Any]:
    return {
        "id": page.id,
        "name": page.name,
        "title": page.title,
        "access": page.access,
        "roles": page.roles,
        "document": page.document,
    }


def _check_name(name: str) -> str:
    if not PAGE_NAME.match(name):
        raise ValidationFailed.field(
            "name", "lowercase letters, digits, - and _, starting with a letter or digit"
        )
    return name


def _check_roles(roles: list[str]) -> list[str]:
    known = {r.value for r in Role}
    for index, role in enumerate(roles):
        if role not in known:
            raise ValidationFailed.field(f"roles.{index}", f"unknown role {role!r}")
    return roles


def _document(name: str, title: str, document: dict[str, Any] | None) -> dict[str, Any]:
    """The document checked, with the page's name and title in it."""
    data = dict(document or {})
    data["name"] = name
    data.setdefault("title", title)
    return parse_document(data).model_dump(mode="json", by_alias=True, exclude_defaults=False)


async def create_page(
    actor: Principal,
    app: App,
    name: str,
    *,
    title: str = "",
    document: dict[str, Any] | None = None,
    access: PageAccess = PageAccess.OPERATORS,
    roles: list[str] | None = None,
) -> Page:
    _check_name(name)
    checked = _document(name, title, document)
    async with (
        unique("name", f"The app already has a page named {name!r}"),
        in_transaction() as conn,
    ):
        page = await Page.create(
            uuid=uuid.uuid4(),
            app=app,
            name=name,
            title=title or checked.get("title", ""),
            document=checked,
            access=access,
            roles=_check_roles(roles or []),
            created_by=actor.name[:128],
            using_db=conn,
        )
        await audit.record(
            actor,
            "page.create",
            "page",
            page.id,
            f"{app.name}/{name}",
            after=snapshot(page),
            using_db=conn,
        )
        await _revision(actor, app, page, conn)
    return page


async def _revision(actor: Principal, app: App, page: Page, conn: Any) -> None:
    """The page's history for the IDE (a no-op when the document did not change)."""
    text = revisions.page_text(page.document)
    await revisions.record(actor, app.id, "page", page.id, text, using_db=conn)


async def get_page(app: App, ref: str | int) -> Page:
    return await find_by_ref(Page, ref, "page", f" in app {app.name!r}", app_id=app.id)


async def update_page(actor: Principal, app: App, ref: str | int, changes: dict[str, Any]) -> Page:
    page = await get_page(app, ref)
    before = snapshot(page)
    if changes.get("name") is not None:
        page.name = _check_name(changes["name"])
    if changes.get("title") is not None:
        page.title = changes["title"]
    if changes.get("access") is not None:
        page.access = PageAccess(changes["access"])
    if changes.get("roles") is not None:
        page.roles = _check_roles(changes["roles"])
    document = changes.get("document")
    page.document = _document(
        page.name, page.title, document if document is not None else page.document
    )
    async with (
        unique("name", f"The app already has a page named {page.name!r}"),
        in_transaction() as conn,
    ):
        await page.save(using_db=conn)
        await audit.record(
            actor,
            "page.update",
            "page",
            page.id,
            f"{app.name}/{page.name}",
            before=before,
            after=snapshot(page),
            using_db=conn,
        )
        await _revision(actor, app, page, conn)
    return page


async def delete_page(actor: Principal, app: App, ref: str | int) -> None:
    page = await get_page(app, ref)
    async with in_transaction() as conn:
        before = snapshot(page)
        await page.delete(using_db=conn)
        await audit.record(
            actor,
            "page.delete",
            "page",
            before["id"],
            f"{app.name}/{before['name']}",
            before=before,
            using_db=conn,
        )


_documents: OrderedDict[tuple[Any, ...], PageDocument] = OrderedDict()
DOCUMENT_CACHE = 256


def _cached(key: tuple[Any, ...], raw: Any) -> PageDocument:
    """Documents parsed once per saved state (a page row's update time, a version)."""
    found = _documents.get(key)
    if found is None:
        found = _documents[key] = PageDocument.model_validate(raw)
        while len(_documents) > DOCUMENT_CACHE:
            _documents.popitem(last=False)
    else:
        _documents.move_to_end(key)
    return found


def document_of(page: Page) -> PageDocument:
    """The page's stored document (checked when it was saved)."""
    return _cached(("draft", str(page.uuid), page.updated_at), page.document)


@dataclass(frozen=True)
class ServedPage:
    """A page as it is served: from the app's live version, or from the draft."""

    name: str
    title: str
    access: PageAccess
    roles: list[str]
    document: PageDocument
    #: Served from the draft (the app has no live version, or an editor asked for it).
    draft: bool


async def resolve_page(app: App, name: str, *, draft: bool = False) -> ServedPage:
    """The page ``name`` of the app's live version (its draft when asked, or when the app
    was never published)."""
    from runtime.versions import live_files

    files = None if draft else await live_files(app)
    if files is not None:
        raw = files.get(f"pages/{name}.json")
        if raw is None:
            raise NotFound(f"No page {name!r} in app {app.name!r}")
        meta = json.loads(raw)
        return ServedPage(
            name=name,
            title=str(meta.get("title", "")),
            access=PageAccess(meta.get("access", PageAccess.OPERATORS)),
            roles=list(meta.get("roles") or []),
            document=_cached(("live", str(app.uuid), app.live_version_id, name), meta["document"]),
            draft=False,
        )
    page = await Page.get_or_none(app_id=app.id, name=name)
    if page is None:
        raise NotFound(f"No page {name!r} in app {app.name!r}")
    return ServedPage(
        name=page.name,
        title=page.title,
        access=page.access,
        roles=list(page.roles or []),
        document=document_of(page),
        draft=True,
    )

"""File history: the saved states of an app's files (pages, templates, saved queries), for the
IDE's history, diff and restore. Scripts keep their own versions (``ScriptVersion``).

A revision holds the file's text as the IDE shows it; the service that saves the file calls
:func:`record` inside the saving transaction, with the text made by one of the ``*_text``
functions below, so every saved state has exactly one form:

- page: its JSON document, pretty-printed (``indent=2``, keys sorted);
- template: ``{"html", "sms", "subject"}`` as JSON, pretty-printed, keys sorted;
- query: the SQL text, or the visual spec as pretty-printed JSON (keys sorted).

A save that leaves the text as it was adds no revision (renames and settings are not content).
"""

from __future__ import annotations

import json
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from runtime.auth.principal import Principal
from runtime.errors import NotFound
from runtime.models import FileRevision

#: The kinds of files that keep their history here.
KINDS = ("page", "template", "query")


def json_text(value: Any) -> str:
    """The one text form of a JSON value in a revision.

    >>> print(json_text({"b": 1, "a": [2]}))
    {
      "a": [
        2
      ],
      "b": 1
    }
    """
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def page_text(document: Any) -> str:
    return json_text(document)


def template_text(subject: str, html: str, sms: str) -> str:
    return json_text({"subject": subject, "html": html, "sms": sms})


def query_text(sql: str, spec: Any) -> str:
    """SQL text as it is; a visual spec as JSON (a SELECT is never a JSON object)."""
    return json_text(spec) if spec is not None else sql


async def latest(kind: str, object_id: int) -> FileRevision | None:
    return await FileRevision.filter(kind=kind, object_id=object_id).order_by("-id").first()


async def record(
    actor: Principal,
    app_id: int,
    kind: str,
    object_id: int,
    content: str,
    *,
    force: bool = False,
    using_db: BaseDBAsyncClient | None = None,
) -> FileRevision | None:
    """Add a revision of a file unless its text is the newest revision's (``force``: always).

    Call it inside the transaction that saves the file."""
    if kind not in KINDS:
        raise ValueError(f"unknown file kind {kind!r}")
    if not force:
        rows = FileRevision.filter(kind=kind, object_id=object_id)
        if using_db is not None:
            rows = rows.using_db(using_db)
        newest = await rows.order_by("-id").first()
        if newest is not None and newest.content == content:
            return None
    return await FileRevision.create(
        app_id=app_id,
        kind=kind,
        object_id=object_id,
        content=content,
        author=actor.name[:128],
        using_db=using_db,
    )


async def list_revisions(kind: str, object_id: int, limit: int = 200) -> list[FileRevision]:
    """A file's revisions, newest first (at most ``limit``)."""
    return await FileRevision.filter(kind=kind, object_id=object_id).order_by("-id").limit(limit)


async def get_revision(kind: str, object_id: int, revision_id: int) -> FileRevision:
    found = await FileRevision.get_or_none(id=revision_id, kind=kind, object_id=object_id)
    if found is None:
        raise NotFound(f"No revision {revision_id} of this {kind}")
    return found

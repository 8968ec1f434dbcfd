"""The IDE's JSON API under ``/api/v1/ide``: an app's file tree, search across apps, lint,
live runs (started here, followed at ``/ide/runs/{key}/events``) and file history.

File history covers pages, templates and saved queries (:mod:`runtime.services.revisions`,
recorded by their services on every save that changes their text) and scripts (their own
``ScriptVersion``: a revision's id is the version number). Each kind is one
:class:`History` in :data:`HISTORIES`. A restore goes through the kind's service as a normal
save does — validated (a page document that no longer validates is a 422 naming the JSON
path), audited — and adds a revision.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ide import lint as linting
from ide import runs, tree
from pagebuilder import app_templates, pages
from pagebuilder.models import AppTemplate, Page
from querybuilder import queries
from querybuilder.models import SavedQuery
from runtime.api.framework import Api, Call
from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.errors import NotFound, ValidationFailed
from runtime.models import App, FileRevision
from runtime.services import apps, revisions
from runtime.services.common import find_by_ref
from scriptforge.models import Script, ScriptVersion
from scriptforge.services import scripts
from scriptforge.services.common import resolve_app

api = Api()
TAG = "ide"
AppRef = int | str

# -- tree and search -----------------------------------------------------------------------


class TreeApp(BaseModel):
    id: int
    uuid: UUID
    name: str
    title: str
    domain: str | None
    live_version: int | None = Field(description="the live version's id; null: the draft runs")


class TreeItem(BaseModel):
    kind: str
    id: int
    uuid: UUID | None = Field(description="null for kinds without one (env, kv, domain)")
    name: str
    detail: str


class TreeGroup(BaseModel):
    kind: str
    label: str
    items: list[TreeItem]


class TreeOut(BaseModel):
    app: TreeApp
    groups: list[TreeGroup] = Field(
        description="page, script, dataset, query, template, env, button, kv, domain; in order"
    )


@api.route(
    "GET",
    "/ide/apps/{app}/tree",
    name="ide.tree",
    permission=Permission.APPS_READ,
    response=TreeOut,
    tag=TAG,
    errors=(404,),
)
async def get_tree(call: Call) -> TreeOut:
    """An app's files grouped by kind, as the IDE's explorer shows them."""
    return TreeOut.model_validate(await tree.app_tree(await apps.get_app(call.path["app"])))


class SearchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    q: str = Field(
        "", max_length=200, description="part of a name, an id or a uuid (empty: no items)"
    )
    app: str | None = Field(None, max_length=64, description="only this app (id, name or uuid)")


class SearchItem(BaseModel):
    app: str = Field(description="the app's name")
    kind: str
    id: int
    uuid: UUID | None
    name: str


class SearchOut(BaseModel):
    items: list[SearchItem]


@api.route(
    "GET",
    "/ide/search",
    name="ide.search",
    permission=Permission.APPS_READ,
    query=SearchQuery,
    response=SearchOut,
    tag=TAG,
)
async def search(call: Call) -> SearchOut:
    """Files of every app (or one) whose name contains ``q``, or whose id or uuid is ``q``
    (a uuid may be given by its beginning); at most 50, exact id/uuid matches first."""
    q: SearchQuery = call.query
    app = await resolve_app(q.app) if q.app else None
    return SearchOut.model_validate({"items": await tree.search(q.q, app)})


# -- lint ----------------------------------------------------------------------------------


class LintIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: Literal["javascript", "json", "sql", "xml", "handlebars"]
    code: str = Field(max_length=1_048_576)
    app: AppRef | None = Field(None, description="SQL is checked against this app's datasets")


class LintProblem(BaseModel):
    line: int = Field(description="1-based")
    column: int = Field(description="1-based, in characters")
    end_line: int
    end_column: int = Field(description="exclusive: the column just after the problem")
    message: str
    severity: str


class LintOut(BaseModel):
    problems: list[LintProblem]


@api.route(
    "POST",
    "/ide/lint",
    name="ide.lint",
    permission=Permission.APPS_READ,
    body=LintIn,
    response=LintOut,
    tag=TAG,
)
async def lint(call: Call) -> LintOut:
    """Every problem of a text in one of the IDE's languages, with its position."""
    b: LintIn = call.body
    app = await resolve_app(b.app) if b.app is not None else None
    problems = await linting.lint(b.language, b.code, app)
    return LintOut.model_validate({"problems": [p.as_dict() for p in problems]})


# -- live runs -----------------------------------------------------------------------------

Scalar = str | int | float | bool | None


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["script", "query", "template"]
    app: AppRef = Field(description="numeric id, name or uuid")
    ref: AppRef = Field(description="the script, saved query or template: id, uuid or name")
    function: str | None = Field(
        None, pattern=r"^[A-Za-z_$][A-Za-z0-9_$]{0,99}$", description="scripts: default main"
    )
    data: Any = Field(None, description="scripts: the input; templates: the variables")
    vars: dict[str, Scalar] = Field(
        default_factory=dict,
        description="scripts: environment overrides (as text); queries: parameter values",
    )


class RunStarted(BaseModel):
    run: str = Field(description="the run's key")
    events: str = Field(description="path of its server-sent event stream")


@api.route(
    "POST",
    "/ide/runs",
    name="ide.runs.start",
    permission=Permission.APPS_WRITE,
    body=RunIn,
    response=RunStarted,
    status=202,
    tag=TAG,
    errors=(429,),
)
async def start_run(call: Call) -> RunStarted:
    """Start a script, saved query or template run and follow it at ``events``
    (``event: log`` while it runs, then one ``event: done``)."""
    b: RunIn = call.body
    start = runs.Start(
        asgi=call.request.app,
        app=await resolve_app(b.app),
        actor=call.actor,
        function=b.function,
        data=b.data,
        vars=dict(b.vars),
    )
    run = await runs.start_run(start, b.kind, b.ref)
    events = call.request.app.url_path_for("ide:run_events", key=run.key)
    return RunStarted(run=run.key, events=str(events))


class CancelOut(BaseModel):
    cancelled: bool = Field(description="false when the run had already finished")


@api.route(
    "POST",
    "/ide/runs/{key}/cancel",
    name="ide.runs.cancel",
    permission=Permission.APPS_WRITE,
    response=CancelOut,
    tag=TAG,
    errors=(404,),
)
async def cancel_run(call: Call) -> CancelOut:
    """Stop one of your runs; its stream ends with status ``cancelled``."""
    registry = runs.registry(call.request.app)
    return CancelOut(cancelled=registry.cancel(call.path["key"], runs.owner_of(call.actor)))


# -- file history --------------------------------------------------------------------------


class History(ABC):
    """One kind of file with a history."""

    kind = ""
    model: Any = None

    async def find(self, app: App, ref: str) -> Any:
        return await find_by_ref(self.model, ref, self.kind, f" in app {app.name!r}", app_id=app.id)

    @abstractmethod
    async def list(self, obj: Any) -> list[dict[str, Any]]: ...

    @abstractmethod
    async def get(self, obj: Any, rev: int) -> dict[str, Any]: ...

    @abstractmethod
    async def restore(self, actor: Principal, app: App, obj: Any, rev: int) -> dict[str, Any]: ...

    def state(self, obj: Any, content: str, revision: int) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": obj.id,
            "uuid": str(obj.uuid),
            "name": obj.name,
            "content": content,
            "revision": revision,
        }


class RevisionHistory(History):
    """Files whose saves record :class:`FileRevision` rows."""

    @abstractmethod
    def text(self, obj: Any) -> str: ...

    @abstractmethod
    async def save(self, actor: Principal, app: App, obj: Any, content: str) -> Any:
        """Save ``content`` (a revision's text) through the kind's service."""

    async def list(self, obj: Any) -> list[dict[str, Any]]:
        found = await revisions.list_revisions(self.kind, obj.id)
        return [_summary(r.id, r.created_at, r.author, r.content) for r in found]

    async def get(self, obj: Any, rev: int) -> dict[str, Any]:
        r = await revisions.get_revision(self.kind, obj.id, rev)
        return {"id": r.id, "created_at": r.created_at, "author": r.author, "content": r.content}

    async def restore(self, actor: Principal, app: App, obj: Any, rev: int) -> dict[str, Any]:
        old = await revisions.get_revision(self.kind, obj.id, rev)
        before = await revisions.latest(self.kind, obj.id)
        saved = await self.save(actor, app, obj, old.content)
        text = self.text(saved)
        newest: FileRevision | None = await revisions.latest(self.kind, obj.id)
        if newest is None or (before is not None and newest.id == before.id):
            # The text was already the newest revision's: a restore still leaves its mark.
            newest = await revisions.record(actor, app.id, self.kind, obj.id, text, force=True)
        assert newest is not None
        return self.state(saved, text, newest.id)


def _content_json(content: str) -> Any:
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        raise ValidationFailed.field("content", f"not JSON: {exc}") from None


class PageHistory(RevisionHistory):
    kind = "page"
    model = Page

    def text(self, obj: Any) -> str:
        return revisions.page_text(obj.document)

    async def save(self, actor: Principal, app: App, obj: Any, content: str) -> Any:
        document = _content_json(content)
        if not isinstance(document, dict):
            raise ValidationFailed.field("document", "must be an object")
        return await pages.update_page(actor, app, obj.id, {"document": document})


class TemplateHistory(RevisionHistory):
    kind = "template"
    model = AppTemplate

    def text(self, obj: Any) -> str:
        return revisions.template_text(obj.subject, obj.html, obj.sms)

    async def save(self, actor: Principal, app: App, obj: Any, content: str) -> Any:
        texts = _content_json(content)
        if not isinstance(texts, dict):
            raise ValidationFailed.field("content", "must be an object of subject, html and sms")
        changes = {f: str(texts.get(f) or "") for f, _ in app_templates.TEXTS}
        return await app_templates.update_template(actor, app, obj.id, changes)


class QueryHistory(RevisionHistory):
    kind = "query"
    model = SavedQuery

    def text(self, obj: Any) -> str:
        return revisions.query_text(obj.sql, obj.spec)

    async def save(self, actor: Principal, app: App, obj: Any, content: str) -> Any:
        # SQL is never a JSON object; a spec always is (revisions.query_text).
        try:
            spec = json.loads(content)
        except json.JSONDecodeError:
            spec = None
        changes = {"spec": spec} if isinstance(spec, dict) else {"sql": content}
        return await queries.update_query(actor, app, obj.id, changes)


class ScriptHistory(History):
    """Scripts' own versions: revision id = version number; restoring adds a version."""

    kind = "script"
    model = Script

    async def list(self, obj: Any) -> list[dict[str, Any]]:
        found = await ScriptVersion.filter(script_id=obj.id).order_by("-version").limit(200)
        return [_summary(v.version, v.created_at, v.author, v.code) for v in found]

    async def get(self, obj: Any, rev: int) -> dict[str, Any]:
        v = await scripts.get_version(obj, rev)
        return {"id": v.version, "created_at": v.created_at, "author": v.author, "content": v.code}

    async def restore(self, actor: Principal, app: App, obj: Any, rev: int) -> dict[str, Any]:
        script = await scripts.restore_version(actor, obj.id, rev)
        return self.state(script, script.code, script.version)


def _summary(rev: int, created_at: datetime, author: str, content: str) -> dict[str, Any]:
    return {"id": rev, "created_at": created_at, "author": author, "size": len(content.encode())}


HISTORIES: dict[str, History] = {
    h.kind: h for h in (PageHistory(), TemplateHistory(), QueryHistory(), ScriptHistory())
}


async def _file(call: Call) -> tuple[App, History, Any]:
    history = HISTORIES.get(call.path["kind"])
    if history is None:
        raise NotFound(f"No history for files of kind {call.path['kind']!r}")
    app = await apps.get_app(call.path["app"])
    return app, history, await history.find(app, call.path["ref"])


class RevisionSummary(BaseModel):
    id: int = Field(description="the revision (scripts: the version number)")
    created_at: datetime
    author: str
    size: int = Field(description="bytes of content")


class RevisionList(BaseModel):
    items: list[RevisionSummary] = Field(description="newest first")


class RevisionOut(BaseModel):
    id: int
    created_at: datetime
    author: str
    content: str = Field(
        description="pages: the JSON document; templates: JSON of subject, html and sms; "
        "queries: the SQL, or the spec as JSON; scripts: the code"
    )


class FileState(BaseModel):
    kind: str
    id: int
    uuid: UUID
    name: str
    content: str = Field(description="the file's text now, as its revisions hold it")
    revision: int = Field(description="the revision (scripts: version) the restore added")


FILE_PATH = "/ide/apps/{app}/files/{kind}/{ref}/revisions"


@api.route(
    "GET",
    FILE_PATH,
    name="ide.revisions.list",
    permission=Permission.APPS_READ,
    response=RevisionList,
    tag=TAG,
    errors=(404,),
)
async def list_revisions(call: Call) -> RevisionList:
    """A page's, template's, saved query's or script's saved states, newest first."""
    _, history, obj = await _file(call)
    return RevisionList.model_validate({"items": await history.list(obj)})


@api.route(
    "GET",
    FILE_PATH + "/{rev:int}",
    name="ide.revisions.get",
    permission=Permission.APPS_READ,
    response=RevisionOut,
    tag=TAG,
    errors=(404,),
)
async def get_revision(call: Call) -> RevisionOut:
    """One saved state with its text."""
    _, history, obj = await _file(call)
    return RevisionOut.model_validate(await history.get(obj, call.path["rev"]))


@api.route(
    "POST",
    FILE_PATH + "/{rev:int}/restore",
    name="ide.revisions.restore",
    permission=Permission.APPS_WRITE,
    response=FileState,
    tag=TAG,
    errors=(404, 409, 422),
)
async def restore_revision(call: Call) -> FileState:
    """Save an old state again (validated and audited like any save; a new revision)."""
    app, history, obj = await _file(call)
    return FileState.model_validate(await history.restore(call.actor, app, obj, call.path["rev"]))

"""Running a page's data sources, its form submission and its granted calls, on the server.

Everything here is reached with a page token (:mod:`pagebuilder.tokens`) and acts only on
what the page document names: its data sources, its submit target and its ``grants``.

- ``query``: the app's saved query, the source's ``vars`` overlaid with the request's, paged
  with ``offset``/``limit`` (grids page through large results).
- ``database``: the named dataset, one operation: list (keyset pages, sort, equality
  filters), read, create, update or delete.
- ``scriptforge``: the app's script (its ``function``, else ``main``) with the request's data.
- ``external``: an HTTP request made by the server, only to hosts on the app's allow-list
  (the ``SCRIPTFORGE_FETCH_ALLOW`` variable, as for scripts), with the source's headers
  (never sent to the browser).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from pagebuilder.document import DataSource, PageDocument, SubmitTarget
from runtime.errors import BadRequest, Forbidden, NotFound, ValidationFailed
from runtime.models import App

MAX_PAGE = 500
EXTERNAL_TIMEOUT = 10.0
MAX_EXTERNAL_BYTES = 5 * 1024 * 1024


def source_of(document: PageDocument, name: str) -> DataSource:
    for source in document.data_sources:
        if source.name == name:
            return source
    raise NotFound(f"The page has no data source {name!r}")


async def run_source(
    web: Any,
    app: App,
    document: PageDocument,
    name: str,
    args: dict[str, Any],
    viewer: str,
    *,
    draft: bool = False,
) -> Any:
    source = source_of(document, name)
    if source.type == "query":
        return await _query(web, app, source, args)
    if source.type == "database":
        return await dataset_call(app, source.dataset or "", source.operation, args)
    if source.type == "scriptforge":
        return await script_call(
            web, app, source.script or "", source.function, args, viewer, draft=draft
        )
    return await _external(app, source, args)


async def _query(web: Any, app: App, source: DataSource, args: dict[str, Any]) -> Any:
    from querybuilder import queries

    query = await queries.get_query(app, source.query or "")
    limit = min(int(args.get("limit") or MAX_PAGE), MAX_PAGE)
    offset = max(int(args.get("offset") or 0), 0)
    values = {**source.vars, **(args.get("vars") or {})}
    result = await queries.run_query(
        app,
        query,
        values,
        database_url=web.state.settings.resolved_database_url,
        max_rows=limit,
        offset=offset,
        sort=str(args["sort"]) if args.get("sort") else None,
    )
    return {
        "columns": result.columns,
        "rows": [
            dict(zip([c["name"] for c in result.columns], r, strict=True)) for r in result.rows
        ],
        "offset": offset,
        "next_offset": offset + len(result.rows) if result.truncated else None,
    }


async def dataset_call(app: App, dataset_name: str, operation: str, args: dict[str, Any]) -> Any:
    from querybuilder import rows
    from querybuilder.datasets import get_dataset

    dataset = await get_dataset(app, dataset_name)
    if operation == "list":
        page = await rows.list_rows(
            dataset,
            sort=str(args.get("sort") or "id"),
            limit=min(int(args.get("limit") or 50), MAX_PAGE),
            cursor=args.get("cursor") or None,
            equals={str(k): v for k, v in (args.get("filters") or {}).items()},
        )
        return {
            "rows": page.rows,
            "next": page.next,
            "total": page.total,
            "total_estimated": page.estimated,
        }
    if operation == "read":
        return await rows.get_row(dataset, _row_id(args))
    if operation == "create":
        return await rows.insert_row(dataset, _values(args))
    if operation == "update":
        return await rows.update_row(dataset, _row_id(args), _values(args))
    if operation == "delete":
        await rows.delete_row(dataset, _row_id(args))
        return {"deleted": True}
    raise BadRequest(f"unknown operation {operation!r}")


def _row_id(args: dict[str, Any]) -> int:
    try:
        return int(args["id"])
    except (KeyError, TypeError, ValueError):
        raise ValidationFailed.field("id", "the row's id is needed") from None


def _values(args: dict[str, Any]) -> dict[str, Any]:
    values = args.get("row", args.get("values"))
    if not isinstance(values, dict):
        raise ValidationFailed.field("row", "give the row's values as an object")
    return values


async def script_call(
    web: Any,
    app: App,
    script_name: str,
    function: str | None,
    data: Any,
    viewer: str,
    *,
    draft: bool = False,
) -> Any:
    """Run a script of the app: its live version's code (its draft's for a draft page)."""
    from scriptforge.invoke import invoke, raise_for_outcome
    from scriptforge.models import RunTrigger
    from scriptforge.services.scripts import get_script_by_app_and_name

    script = await get_script_by_app_and_name(app, script_name)
    outcome, _ = await invoke(
        web,
        script,
        function=function,
        data=data,
        trigger=RunTrigger.PAGE,
        caller=viewer,
        draft=draft,
    )
    raise_for_outcome(outcome)
    return outcome.result


async def _allowed_hosts(app: App) -> tuple[str, ...]:
    """The app's fetch allow-list, as scripts' ``fetch`` reads it."""
    from scriptforge.host import FETCH_ALLOW_VAR
    from scriptforge.models import EnvVar

    found = await EnvVar.get_or_none(app_id=app.id, key=FETCH_ALLOW_VAR)
    return tuple(p.strip() for p in (found.value if found else "").split(",") if p.strip())


async def _external(app: App, source: DataSource, args: dict[str, Any]) -> Any:
    url = source.url or ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise BadRequest("an external data source needs an http(s) URL")
    from scriptforge.host import host_allowed  # the same rule as scripts' fetch

    if not host_allowed(host, await _allowed_hosts(app)):
        raise Forbidden(
            f"{host} is not on the app's allow-list (environment variable SCRIPTFORGE_FETCH_ALLOW)"
        )
    params = {**source.params, **(args.get("params") or {})}
    body = args.get("data")
    async with httpx.AsyncClient(timeout=EXTERNAL_TIMEOUT, follow_redirects=False) as client:
        response = await client.request(
            source.method, url, params=params, headers=source.headers, json=body
        )
    if len(response.content) > MAX_EXTERNAL_BYTES:
        raise BadRequest("the external reply is too large")
    try:
        data: Any = response.json()
    except ValueError:
        data = response.text
    return {"status": response.status_code, "data": data}


async def submit(
    web: Any,
    app: App,
    target: SubmitTarget,
    values: dict[str, Any],
    viewer: str,
    *,
    draft: bool = False,
) -> Any:
    """Send checked form values where the page's form goes."""
    if target.type == "scriptforge":
        return await script_call(
            web, app, target.script or "", target.function, values, viewer, draft=draft
        )
    row: dict[str, Any] = {}
    for key, value in values.items():
        column = target.columns.get(key, key)
        if column is not None:
            row[column] = value
    if target.operation == "update":
        id_column = target.columns.get(target.id_field or "", target.id_field) or ""
        row_id = row.pop(id_column, None)
        return await dataset_call(app, target.dataset or "", "update", {"id": row_id, "row": row})
    return await dataset_call(app, target.dataset or "", "create", {"row": row})

"""``/api/v1/apps/{app}/datasets``: an app's datasets and their rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from querybuilder import datasets, rows
from querybuilder.models import DATASET_NAME_PATTERN, Dataset, DatasetPreset
from runtime.api.framework import Api, Call, parse_json_body
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.services import apps, audit

api = Api()


class DatasetOut(BaseModel):
    id: int
    uuid: UUID
    app_id: int
    customer_id: int | None
    per_customer: bool
    name: str
    description: str
    preset: DatasetPreset
    columns: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, d: Dataset) -> DatasetOut:
        return cls(
            id=d.id,
            uuid=d.uuid,
            app_id=d.app_id,  # type: ignore[attr-defined]
            customer_id=d.customer_id,  # type: ignore[attr-defined]
            per_customer=d.per_customer,
            name=d.name,
            description=d.description,
            preset=d.preset,
            columns=d.columns,
            created_at=d.created_at,
            updated_at=d.updated_at,
        )


class DatasetCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=63, pattern=DATASET_NAME_PATTERN)
    preset: DatasetPreset = DatasetPreset.CUSTOM
    columns: list[dict[str, Any]] = Field(
        default_factory=list,
        description="extra columns: {name, type, nullable, default, unique, indexed}; types "
        "string, text, integer, bigint, decimal(p,s), float, boolean, date, datetime, json",
    )
    customer_id: int | None = Field(None, description="a customer-scoped dataset")
    per_customer: bool = Field(
        False,
        description="rows belong to customers (a customer_id column): portal users' pages "
        "and the scripts they start see and write only their customer's rows",
    )
    description: str = Field("", max_length=10_000)


class RowListQuery(BaseModel):
    """Paging and sorting; any other parameter filters on a column (``status=new``)."""

    model_config = ConfigDict(extra="allow")
    limit: int = Field(50, ge=1, le=rows.MAX_PAGE)
    sort: str = Field("id", description="a column, '-' for descending; id breaks ties")
    cursor: str | None = Field(None, description="the 'next' of the previous page")


class RowPageOut(BaseModel):
    items: list[dict[str, Any]]
    total: int
    total_estimated: bool = Field(
        False, description="true when total is an estimate (large unfiltered tables)"
    )
    limit: int
    offset: int = 0
    next: str | None = None


async def _dataset(call: Call) -> Dataset:
    app = await apps.get_app(call.path["app"])
    return await datasets.get_dataset(app, call.path["name"])


@api.route(
    "GET",
    "/apps/{app}/datasets",
    name="datasets.list",
    permission=Permission.APPS_READ,
    query=ListQuery,
    response=Page[DatasetOut],
    tag="datasets",
    errors=(404,),
)
async def list_datasets(call: Call) -> Page[DatasetOut]:
    """The app's datasets."""
    app = await apps.get_app(call.path["app"])
    return await paginate(
        Dataset.filter(app_id=app.id),
        call.query,
        sortable=("id", "name", "created_at"),
        default_sort=("name",),
        item=DatasetOut.of,
    )


@api.route(
    "POST",
    "/apps/{app}/datasets",
    name="datasets.create",
    permission=Permission.APPS_WRITE,
    body=DatasetCreate,
    response=DatasetOut,
    status=201,
    tag="datasets",
    errors=(404, 409),
)
async def create_dataset(call: Call) -> DatasetOut:
    """Create a dataset: a real table with the preset's and your columns."""
    b: DatasetCreate = call.body
    app = await apps.get_app(call.path["app"])
    return DatasetOut.of(
        await datasets.create_dataset(
            call.actor,
            app,
            b.name,
            preset=b.preset,
            columns=b.columns,
            customer_id=b.customer_id,
            description=b.description,
            per_customer=b.per_customer,
        )
    )


@api.route(
    "GET",
    "/apps/{app}/datasets/{name}",
    name="datasets.get",
    permission=Permission.APPS_READ,
    response=DatasetOut,
    tag="datasets",
    errors=(404,),
)
async def get_dataset(call: Call) -> DatasetOut:
    """One dataset and its columns."""
    return DatasetOut.of(await _dataset(call))


@api.route(
    "DELETE",
    "/apps/{app}/datasets/{name}",
    name="datasets.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="datasets",
    errors=(404,),
)
async def delete_dataset(call: Call) -> None:
    """Drop a dataset and its table, with every row."""
    app = await apps.get_app(call.path["app"])
    await datasets.drop_dataset(call.actor, app, call.path["name"])


@api.route(
    "GET",
    "/apps/{app}/datasets/{name}/rows",
    name="rows.list",
    permission=Permission.APPS_READ,
    query=RowListQuery,
    response=RowPageOut,
    tag="datasets",
    errors=(404,),
)
async def list_rows(call: Call) -> RowPageOut:
    """Rows, keyset-paged: follow ``next``; page 10,000 costs what page 1 costs."""
    q: RowListQuery = call.query
    filters = dict(q.model_extra or {})
    page = await rows.list_rows(
        await _dataset(call), sort=q.sort, limit=q.limit, cursor=q.cursor, equals=filters
    )
    return RowPageOut(
        items=page.rows,
        total=page.total,
        total_estimated=page.estimated,
        limit=q.limit,
        next=page.next,
    )


@api.route(
    "POST",
    "/apps/{app}/datasets/{name}/rows",
    name="rows.create",
    permission=Permission.APPS_WRITE,
    body=None,
    response=None,
    status=201,
    tag="datasets",
    errors=(400, 404, 409, 422),
)
async def create_row(call: Call) -> dict[str, Any]:
    """Add a row; every value is checked against its column."""
    dataset = await _dataset(call)
    row = await rows.insert_row(dataset, await _json_object(call))
    await audit.record(
        call.actor,
        "row.create",
        f"dataset:{dataset.name}",
        row["id"],
        f"{dataset.name}#{row['id']}",
        after=row,
    )
    return row


@api.route(
    "GET",
    "/apps/{app}/datasets/{name}/rows/{row_id:int}",
    name="rows.get",
    permission=Permission.APPS_READ,
    tag="datasets",
    errors=(404,),
)
async def get_row(call: Call) -> dict[str, Any]:
    """One row."""
    return await rows.get_row(await _dataset(call), call.path["row_id"])


@api.route(
    "PATCH",
    "/apps/{app}/datasets/{name}/rows/{row_id:int}",
    name="rows.update",
    permission=Permission.APPS_WRITE,
    tag="datasets",
    errors=(400, 404, 409, 422),
)
async def update_row(call: Call) -> dict[str, Any]:
    """Change some values of a row."""
    dataset = await _dataset(call)
    before = await rows.get_row(dataset, call.path["row_id"])
    after = await rows.update_row(dataset, call.path["row_id"], await _json_object(call))
    await audit.record(
        call.actor,
        "row.update",
        f"dataset:{dataset.name}",
        after["id"],
        f"{dataset.name}#{after['id']}",
        before=before,
        after=after,
    )
    return after


@api.route(
    "DELETE",
    "/apps/{app}/datasets/{name}/rows/{row_id:int}",
    name="rows.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="datasets",
    errors=(404,),
)
async def delete_row(call: Call) -> None:
    """Delete a row."""
    dataset = await _dataset(call)
    before = await rows.get_row(dataset, call.path["row_id"])
    await rows.delete_row(dataset, call.path["row_id"])
    await audit.record(
        call.actor,
        "row.delete",
        f"dataset:{dataset.name}",
        before["id"],
        f"{dataset.name}#{before['id']}",
        before=before,
    )


class _RowValues(BaseModel):
    """A row's values: any column names (rows have no fixed schema to declare)."""

    model_config = ConfigDict(extra="allow")


async def _json_object(call: Call) -> dict[str, Any]:
    body = await parse_json_body(call.request, _RowValues)
    return dict(body.model_extra or {})


class QueryRunInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sql: str | None = Field(
        None,
        min_length=1,
        max_length=100_000,
        description="one read-only SELECT over the app's datasets, by name",
    )
    spec: dict[str, Any] | None = Field(None, description="a visual query spec instead of SQL")
    vars: dict[str, Any] = Field(default_factory=dict, description="values for :name")
    limit: int = Field(1000, ge=1, le=10_000, description="row cap")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="page on: skip this many rows")

    @model_validator(mode="after")
    def _one_of(self) -> QueryRunInput:
        if (self.sql is None) == (self.spec is None):
            raise ValueError("give either 'sql' or 'spec'")
        return self


class QueryResultOut(BaseModel):
    columns: list[dict[str, str]]
    rows: list[list[Any]]
    truncated: bool
    elapsed_ms: float
    sql: str = Field(description="the SQL that ran, after validation and rewriting")
    offset: int = Field(0, description="the rows skipped before these")
    next_offset: int | None = Field(
        None, description="the offset of the next page when there are more rows"
    )

    @classmethod
    def of(cls, result: Any, offset: int = 0) -> QueryResultOut:
        return cls(
            columns=result.columns,
            rows=result.rows,
            truncated=result.truncated,
            elapsed_ms=result.elapsed_ms,
            sql=result.sql,
            offset=offset,
            next_offset=offset + len(result.rows) if result.truncated else None,
        )


@api.route(
    "POST",
    "/apps/{app}/queries/run",
    name="queries.run_sql",
    permission=Permission.APPS_READ,
    body=QueryRunInput,
    response=QueryResultOut,
    tag="queries",
    errors=(404,),
)
async def run_query(call: Call) -> QueryResultOut:
    """Run an unsaved SQL query over the app's datasets (read-only, validated, capped)."""
    from querybuilder.executor import run_sql

    b: QueryRunInput = call.body
    app = await apps.get_app(call.path["app"])
    url = call.request.app.state.settings.resolved_database_url
    if b.spec is not None:
        from querybuilder.spec import run_spec

        result = await run_spec(
            app.id, b.spec, b.vars, database_url=url, max_rows=b.limit, offset=b.offset
        )
    else:
        result = await run_sql(
            app.id, b.sql or "", b.vars, max_rows=b.limit, database_url=url, offset=b.offset
        )
    return QueryResultOut.of(result, b.offset)


class SavedQueryOut(BaseModel):
    id: int
    uuid: UUID
    app_id: int
    name: str
    description: str
    sql: str = Field(description="the SQL text; empty for a visual-spec query")
    spec: dict[str, Any] | None = Field(description="the visual spec, or null for SQL text")
    vars: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, q: Any) -> SavedQueryOut:
        return cls(
            id=q.id,
            uuid=q.uuid,
            app_id=q.app_id,
            name=q.name,
            description=q.description,
            sql=q.sql,
            spec=q.spec,
            vars=q.vars or {},
            created_at=q.created_at,
            updated_at=q.updated_at,
        )


class SavedQueryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    sql: str | None = Field(None, min_length=1, max_length=100_000)
    spec: dict[str, Any] | None = Field(None, description="a visual spec instead of SQL")
    vars: dict[str, Any] = Field(default_factory=dict, description="defaults for :name")
    description: str = Field("", max_length=10_000)

    @model_validator(mode="after")
    def _one_of(self) -> SavedQueryCreate:
        if (self.sql is None) == (self.spec is None):
            raise ValueError("give either 'sql' or 'spec'")
        return self


class SavedQueryUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=100)
    sql: str | None = Field(None, min_length=1, max_length=100_000)
    spec: dict[str, Any] | None = Field(None, description="switch to (or change) a visual spec")
    vars: dict[str, Any] | None = None
    description: str | None = Field(None, max_length=10_000)

    @model_validator(mode="after")
    def _not_both(self) -> SavedQueryUpdate:
        if self.sql is not None and self.spec is not None:
            raise ValueError("give 'sql' or 'spec', not both")
        return self


class SavedQueryRun(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vars: dict[str, Any] = Field(default_factory=dict)
    limit: int = Field(1000, ge=1, le=10_000)
    offset: int = Field(0, ge=0, le=1_000_000_000, description="page on: skip this many rows")


@api.route(
    "GET",
    "/apps/{app}/queries",
    name="queries.list",
    permission=Permission.APPS_READ,
    query=ListQuery,
    response=Page[SavedQueryOut],
    tag="queries",
    errors=(404,),
)
async def list_queries(call: Call) -> Page[SavedQueryOut]:
    """The app's saved queries."""
    from querybuilder.models import SavedQuery

    app = await apps.get_app(call.path["app"])
    return await paginate(
        SavedQuery.filter(app_id=app.id),
        call.query,
        sortable=("id", "name", "updated_at"),
        default_sort=("name",),
        item=SavedQueryOut.of,
    )


@api.route(
    "POST",
    "/apps/{app}/queries",
    name="queries.create",
    permission=Permission.APPS_WRITE,
    body=SavedQueryCreate,
    response=SavedQueryOut,
    status=201,
    tag="queries",
    errors=(404, 409),
)
async def create_saved_query(call: Call) -> SavedQueryOut:
    """Save a query, SQL text or a visual spec (checked now, and again at every run)."""
    from querybuilder import queries

    b: SavedQueryCreate = call.body
    app = await apps.get_app(call.path["app"])
    return SavedQueryOut.of(
        await queries.create_query(
            call.actor, app, b.name, b.sql, spec=b.spec, vars=b.vars, description=b.description
        )
    )


@api.route(
    "GET",
    "/apps/{app}/queries/{query}",
    name="queries.get",
    permission=Permission.APPS_READ,
    response=SavedQueryOut,
    tag="queries",
    errors=(404,),
)
async def get_saved_query(call: Call) -> SavedQueryOut:
    """One saved query, by numeric id, uuid or name."""
    from querybuilder import queries

    app = await apps.get_app(call.path["app"])
    return SavedQueryOut.of(await queries.get_query(app, call.path["query"]))


@api.route(
    "PATCH",
    "/apps/{app}/queries/{query}",
    name="queries.update",
    permission=Permission.APPS_WRITE,
    body=SavedQueryUpdate,
    response=SavedQueryOut,
    tag="queries",
    errors=(404, 409),
)
async def update_saved_query(call: Call) -> SavedQueryOut:
    """Change a saved query."""
    from querybuilder import queries

    app = await apps.get_app(call.path["app"])
    return SavedQueryOut.of(
        await queries.update_query(
            call.actor, app, call.path["query"], call.body.model_dump(exclude_unset=True)
        )
    )


@api.route(
    "DELETE",
    "/apps/{app}/queries/{query}",
    name="queries.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="queries",
    errors=(404,),
)
async def delete_saved_query(call: Call) -> None:
    """Delete a saved query."""
    from querybuilder import queries

    app = await apps.get_app(call.path["app"])
    await queries.delete_query(call.actor, app, call.path["query"])


@api.route(
    "POST",
    "/apps/{app}/queries/{query}/run",
    name="queries.run",
    permission=Permission.APPS_READ,
    body=SavedQueryRun,
    response=QueryResultOut,
    tag="queries",
    errors=(404,),
)
async def run_saved_query(call: Call) -> QueryResultOut:
    """Run a saved query with ``vars`` (its defaults fill the gaps)."""
    from querybuilder import queries

    b: SavedQueryRun = call.body
    app = await apps.get_app(call.path["app"])
    query = await queries.get_query(app, call.path["query"])
    result = await queries.run_query(
        app,
        query,
        b.vars,
        max_rows=b.limit,
        offset=b.offset,
        database_url=call.request.app.state.settings.resolved_database_url,
    )
    return QueryResultOut.of(result, b.offset)


class SpecCompileInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    spec: dict[str, Any] = Field(description="a visual query spec (see querybuilder.spec)")


class SpecCompileOut(BaseModel):
    sql: str = Field(description="the validated SQL for the live database")
    params: list[str] = Field(description="the parameters it binds, in placeholder order")


@api.route(
    "POST",
    "/apps/{app}/queries/compile",
    name="queries.compile",
    permission=Permission.APPS_READ,
    body=SpecCompileInput,
    response=SpecCompileOut,
    tag="queries",
    errors=(404,),
)
async def compile_query(call: Call) -> SpecCompileOut:
    """Show the SQL a visual spec compiles to (validated like SQL text; nothing runs)."""
    from querybuilder.spec import compile_for_app

    b: SpecCompileInput = call.body
    app = await apps.get_app(call.path["app"])
    compiled, _ = await compile_for_app(app.id, b.spec)
    return SpecCompileOut(sql=compiled.sql, params=list(compiled.params))


class ImportQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str = Field("csv", pattern="^(csv|jsonl)$")
    skip_bad_rows: bool = Field(False, description="import the good rows, report the bad")
    header: bool | None = Field(None, description="CSV has a header row; default: detect")


class ImportOut(BaseModel):
    rows_read: int
    rows_imported: int
    committed: bool
    errors: list[dict[str, Any]]
    errors_total: int
    errors_truncated: bool
    unknown_fields: list[str]
    elapsed_ms: int


@api.route(
    "POST",
    "/apps/{app}/datasets/{name}/import",
    name="rows.import",
    permission=Permission.APPS_WRITE,
    query=ImportQuery,
    response=ImportOut,
    tag="datasets",
    errors=(404, 413),
)
async def import_rows(call: Call) -> ImportOut:
    """Import the request body (CSV or JSON lines), streamed. All-or-nothing by default:
    one bad row leaves the table unchanged; the report lists every bad line."""
    from querybuilder.transfer import import_rows as run_import

    q: ImportQuery = call.query
    dataset = await _dataset(call)
    report = await run_import(
        dataset,
        call.request.stream(),
        format=q.format,  # type: ignore[arg-type]
        skip_bad_rows=q.skip_bad_rows,
        header=q.header,
    )
    await audit.record(
        call.actor,
        "rows.import",
        f"dataset:{dataset.name}",
        dataset.id,
        dataset.name,
        after={
            "rows_imported": report.rows_imported,
            "committed": report.committed,
            "errors_total": report.errors_total,
        },
    )
    return ImportOut(**report.to_json())


class ExportQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str = Field("csv", pattern="^(csv|jsonl)$")


@api.route(
    "GET",
    "/apps/{app}/datasets/{name}/export",
    name="rows.export",
    permission=Permission.APPS_READ,
    query=ExportQuery,
    tag="datasets",
    errors=(404,),
)
async def export_rows(call: Call) -> Any:
    """Every row, streamed as CSV (cells that could start a spreadsheet formula are escaped
    with a leading ') or JSON lines."""
    from starlette.responses import StreamingResponse

    from querybuilder.transfer import export_rows as run_export

    q: ExportQuery = call.query
    dataset = await _dataset(call)
    media = "text/csv" if q.format == "csv" else "application/x-ndjson"
    filename = f"{dataset.name}.{'csv' if q.format == 'csv' else 'jsonl'}"
    return StreamingResponse(
        run_export(dataset, format=q.format),  # type: ignore[arg-type]
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

"""``/api/v1/apps/{app}/datasets/{name}/imports``: background imports with progress.

Upload the file (``POST .../imports``; started at once unless ``start=false``), read its
preview, start it with a mapping, poll its status, cancel it. The synchronous
``POST .../import`` stays for small files and scripts.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from querybuilder import imports
from querybuilder.api import _dataset, api
from querybuilder.models import ImportJob, ImportStatus
from runtime.api.framework import Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.errors import ValidationFailed


class ImportJobOut(BaseModel):
    id: int
    uuid: UUID
    dataset: str
    status: ImportStatus
    format: str
    filename: str
    skip_bad_rows: bool
    header: bool | None
    mapping: dict[str, str | None]
    bytes_total: int
    bytes_read: int
    percent: float = Field(description="bytes of the file read so far, 0-100")
    rows_read: int
    rows_imported: int
    message: str
    report: dict[str, Any] | None = Field(
        description="once finished: rows, committed, and every bad line with its reasons"
    )
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, job: ImportJob, runner: imports.ImportRunner, dataset: str) -> ImportJobOut:
        live = runner.progress(job)
        done = job.status == ImportStatus.SUCCEEDED
        total = job.bytes_total or 1
        return cls(
            id=job.id,
            uuid=job.uuid,
            dataset=dataset,
            status=job.status,
            format=job.format,
            filename=job.filename,
            skip_bad_rows=job.skip_bad_rows,
            header=job.header,
            mapping=job.mapping or {},
            bytes_total=job.bytes_total,
            bytes_read=live["bytes_read"],
            percent=100.0 if done else round(min(100.0, 100 * live["bytes_read"] / total), 1),
            rows_read=live["rows_read"],
            rows_imported=live["rows_imported"],
            message=job.message,
            report=job.report,
            created_by=job.created_by,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )


class ImportUploadQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str = Field("csv", pattern="^(csv|jsonl)$")
    filename: str = Field("", max_length=255)
    start: bool = Field(True, description="start at once; false: upload only, start later")
    skip_bad_rows: bool = Field(False, description="import the good rows, report the bad")
    header: bool | None = Field(None, description="CSV has a header row; default: detect")
    mapping: str | None = Field(
        None, description='JSON object: source field -> column or null, e.g. {"Tel": "phone"}'
    )


class ImportStart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mapping: dict[str, str | None] = Field(
        default_factory=dict, description="source field (header name or cell number) -> column"
    )
    header: bool | None = None
    skip_bad_rows: bool = False


class ImportPreviewOut(BaseModel):
    fields: list[str] = Field(description="header names, or cell numbers when there is none")
    rows: list[list[Any]]
    header: bool = Field(description="whether the first row looks like a header")
    columns: list[str] = Field(description="the dataset's columns")
    mapping: dict[str, str | None] = Field(description="a suggested mapping")


def _runner(call: Call) -> imports.ImportRunner:
    return imports.import_runner(call.request.app)


async def _job(call: Call) -> tuple[Any, ImportJob]:
    dataset = await _dataset(call)
    return dataset, await imports.get_job(dataset, str(call.path["job"]))


def _mapping(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ValidationFailed.field("mapping", f"not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ValidationFailed.field("mapping", "must be a JSON object")
    return value


@api.route(
    "POST",
    "/apps/{app}/datasets/{name}/imports",
    name="imports.create",
    permission=Permission.APPS_WRITE,
    query=ImportUploadQuery,
    response=ImportJobOut,
    status=202,
    tag="datasets",
    errors=(404, 413),
)
async def create_import(call: Call) -> ImportJobOut:
    """Upload a file (the request body, streamed to disk) as a background import; poll
    ``GET .../imports/{job}`` for its progress and report."""
    q: ImportUploadQuery = call.query
    dataset = await _dataset(call)
    mapping = _mapping(q.mapping)
    settings = call.request.app.state.settings
    job = await imports.create_job(
        call.actor,
        dataset,
        call.request.stream(),
        data_dir=settings.data_dir,
        max_bytes=settings.max_upload_bytes,
        format=q.format,
        filename=q.filename,
    )
    runner = _runner(call)
    if q.start:
        job = await imports.start_job(
            call.actor,
            runner,
            dataset,
            job,
            mapping=mapping,
            header=q.header,
            skip_bad_rows=q.skip_bad_rows,
        )
    return ImportJobOut.of(job, runner, dataset.name)


@api.route(
    "GET",
    "/apps/{app}/datasets/{name}/imports",
    name="imports.list",
    permission=Permission.APPS_READ,
    query=ListQuery,
    response=Page[ImportJobOut],
    tag="datasets",
    errors=(404,),
)
async def list_imports(call: Call) -> Page[ImportJobOut]:
    """The dataset's imports, newest first."""
    dataset = await _dataset(call)
    runner = _runner(call)
    return await paginate(
        ImportJob.filter(dataset_id=dataset.id),
        call.query,
        sortable=("id", "created_at", "status"),
        default_sort=("-id",),
        item=lambda job: ImportJobOut.of(job, runner, dataset.name),
    )


@api.route(
    "GET",
    "/apps/{app}/datasets/{name}/imports/{job}",
    name="imports.get",
    permission=Permission.APPS_READ,
    response=ImportJobOut,
    tag="datasets",
    errors=(404,),
)
async def get_import(call: Call) -> ImportJobOut:
    """An import's status and progress (live while it runs) and, once finished, its report."""
    dataset, job = await _job(call)
    return ImportJobOut.of(job, _runner(call), dataset.name)


@api.route(
    "GET",
    "/apps/{app}/datasets/{name}/imports/{job}/preview",
    name="imports.preview",
    permission=Permission.APPS_READ,
    response=ImportPreviewOut,
    tag="datasets",
    errors=(404, 409),
)
async def preview_import(call: Call) -> ImportPreviewOut:
    """The first rows of the uploaded file, whether it has a header, a suggested mapping."""
    dataset, job = await _job(call)
    settings = call.request.app.state.settings
    return ImportPreviewOut(**imports.preview(job, dataset, settings.data_dir))


@api.route(
    "POST",
    "/apps/{app}/datasets/{name}/imports/{job}/start",
    name="imports.start",
    permission=Permission.APPS_WRITE,
    body=ImportStart,
    response=ImportJobOut,
    status=202,
    tag="datasets",
    errors=(404, 409),
)
async def start_import(call: Call) -> ImportJobOut:
    """Start an uploaded (or failed, or cancelled) import with a mapping and a mode."""
    b: ImportStart = call.body
    dataset, job = await _job(call)
    runner = _runner(call)
    job = await imports.start_job(
        call.actor,
        runner,
        dataset,
        job,
        mapping=b.mapping,
        header=b.header,
        skip_bad_rows=b.skip_bad_rows,
    )
    return ImportJobOut.of(job, runner, dataset.name)


@api.route(
    "POST",
    "/apps/{app}/datasets/{name}/imports/{job}/cancel",
    name="imports.cancel",
    permission=Permission.APPS_WRITE,
    response=ImportJobOut,
    tag="datasets",
    errors=(404, 409),
)
async def cancel_import(call: Call) -> ImportJobOut:
    """Cancel a running import: its transaction rolls back, nothing is imported."""
    dataset, job = await _job(call)
    runner = _runner(call)
    job = await imports.cancel_job(call.actor, runner, dataset, job)
    return ImportJobOut.of(job, runner, dataset.name)


@api.route(
    "DELETE",
    "/apps/{app}/datasets/{name}/imports/{job}",
    name="imports.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="datasets",
    errors=(404, 409),
)
async def delete_import(call: Call) -> None:
    """Forget a finished import and delete its uploaded file."""
    dataset, job = await _job(call)
    await imports.delete_job(call.actor, dataset, job, call.request.app.state.settings.data_dir)

"""Background imports: upload a file, look at it, choose the mapping, then watch it load.

An :class:`~querybuilder.models.ImportJob` goes through these states::

    uploaded --start--> queued --> running --> succeeded | failed
        ^                                  \\--cancel--> cancelled
        '------------- start again (failed or cancelled, file still kept) ----'

- **Upload** streams the request body into ``<data_dir>/imports/<uuid>`` (never whole in
  memory), counting bytes against a limit. The file stays until the job succeeds or is
  deleted, so a failed import can be fixed (mapping, mode) and started again.
- **Preview** reads the first records of the stored file: the cells, whether the first row
  looks like a header, and a suggested mapping (header names matched to columns).
- **Run** happens in the server process as an asyncio task (:class:`ImportRunner`). It
  streams the stored file through :func:`querybuilder.transfer.import_rows`. Live progress
  (bytes read of the total, rows read, rows written) is kept by the runner, in memory: the
  import holds a write transaction, and on SQLite no other connection may write while it
  runs, so progress is not written to the job row until the end. The API and the UI's
  progress bar read it from the runner (:meth:`ImportRunner.progress`).
- **Cancel** cancels the task; the import's transaction rolls back, the table is unchanged.
- **Restart** of the server: jobs that were queued or running are marked failed
  ("interrupted") at start-up; their file is kept, so they can be started again.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from querybuilder.datasets import columns_of
from querybuilder.models import Dataset, ImportJob, ImportStatus
from querybuilder.rows import PLATFORM
from querybuilder.transfer import import_rows
from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, PayloadTooLarge, ValidationFailed
from runtime.services import audit

log = logging.getLogger(__name__)

#: Bytes read per chunk from the stored upload.
CHUNK = 256 * 1024
#: Bytes of the file the preview looks at, and records it shows.
PREVIEW_BYTES = 64 * 1024
PREVIEW_ROWS = 10
ACTIVE = (ImportStatus.QUEUED, ImportStatus.RUNNING)
STARTABLE = (ImportStatus.UPLOADED, ImportStatus.FAILED, ImportStatus.CANCELLED)
FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.FAILED, ImportStatus.CANCELLED)


def upload_dir(data_dir: Path) -> Path:
    return data_dir / "imports"


def upload_path(data_dir: Path, job: ImportJob) -> Path:
    return upload_dir(data_dir) / f"{job.uuid}.upload"


def _now() -> datetime:
    return datetime.now(UTC)


# -- upload ---------------------------------------------------------------------------------


async def create_job(
    actor: Principal,
    dataset: Dataset,
    body: AsyncIterable[bytes],
    *,
    data_dir: Path,
    max_bytes: int,
    format: str = "csv",
    filename: str = "",
) -> ImportJob:
    """Store the uploaded file and make an ``uploaded`` job for it."""
    if format not in ("csv", "jsonl"):
        raise ValidationFailed.field("format", "must be csv or jsonl")
    job = ImportJob(
        uuid=uuid.uuid4(),
        app_id=dataset.app_id,  # type: ignore[attr-defined]
        dataset=dataset,
        format=format,
        filename=Path(filename).name[:255],
        created_by=actor.name[:128],
    )
    target = upload_path(data_dir, job)
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with target.open("wb") as sink:
            async for chunk in body:
                size += len(chunk)
                if size > max_bytes:
                    raise PayloadTooLarge(f"The upload is larger than {max_bytes:,} bytes")
                await asyncio.to_thread(sink.write, chunk)
        if size == 0:
            raise ValidationFailed.field("file", "the file is empty")
        job.bytes_total = size
        await job.save()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    await audit.record(
        actor,
        "dataset.import.upload",
        "dataset",
        dataset.id,
        dataset.name,
        after={"job": str(job.uuid), "bytes": size, "filename": job.filename},
    )
    return job


async def get_job(dataset: Dataset, ref: str) -> ImportJob:
    job: ImportJob | None
    if ref.isdigit():
        job = await ImportJob.get_or_none(dataset_id=dataset.id, id=int(ref))
    else:
        try:
            job = await ImportJob.get_or_none(dataset_id=dataset.id, uuid=uuid.UUID(ref))
        except ValueError:
            job = None
    if job is None:
        raise NotFound(f"No import {ref!r} for dataset {dataset.name!r}")
    return job


# -- preview --------------------------------------------------------------------------------


def preview(job: ImportJob, dataset: Dataset, data_dir: Path) -> dict[str, Any]:
    """The first records of the stored file, a header guess and a suggested mapping."""
    path = upload_path(data_dir, job)
    if not path.exists():
        raise Conflict("The uploaded file is gone (the import finished or was deleted)")
    with path.open("rb") as source:
        head = source.read(PREVIEW_BYTES)
    complete = len(head) < PREVIEW_BYTES
    text = head.decode("utf-8-sig", errors="replace")
    if not complete:  # drop the last, probably cut, line
        text = text[: text.rfind("\n") + 1] if "\n" in text else ""
    names = [c.name for c in columns_of(dataset)]
    if job.format == "jsonl":
        records = [_json_cells(line) for line in text.splitlines() if line.strip()]
        keys = list(dict.fromkeys(k for r in records for k in r))
        return {
            "fields": keys,
            "rows": [[r.get(k) for k in keys] for r in records[:PREVIEW_ROWS]],
            "header": True,
            "columns": names,
            "mapping": _suggest(keys, names),
        }
    rows = list(csv.reader(io.StringIO(text)))[: PREVIEW_ROWS + 1]
    first = rows[0] if rows else []
    lowered = {n.lower() for n in names} | set(PLATFORM)
    header = bool(first) and (
        all(cell.strip().lower() in lowered for cell in first if cell.strip())
        or _sniffed_header(text)
    )
    if header:
        fields, body = first, rows[1:]
    else:
        fields, body = [str(n) for n in range(1, len(first) + 1)], rows[:PREVIEW_ROWS]
    mapping = (
        _suggest(fields, names)
        if header
        else {str(i + 1): (names[i] if i < len(names) else None) for i in range(len(fields))}
    )
    return {"fields": fields, "rows": body, "header": header, "columns": names, "mapping": mapping}


def _sniffed_header(text: str) -> bool:
    """The csv module's guess: the first row differs in kind from the rows below it."""
    try:
        return csv.Sniffer().has_header(text[:PREVIEW_BYTES])
    except csv.Error:
        return False


def _json_cells(line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _suggest(fields: list[str], columns: list[str]) -> dict[str, str | None]:
    by_lower = {c.lower(): c for c in columns}
    return {f: by_lower.get(f.strip().lower()) for f in fields}


# -- start, cancel, delete --------------------------------------------------------------------


def _check_mapping(mapping: Mapping[str, Any], dataset: Dataset) -> dict[str, str | None]:
    names = {c.name for c in columns_of(dataset)}
    problems = []
    for source, target in mapping.items():
        if target is not None and target not in names:
            problems.append(
                {"path": f"mapping.{source}", "message": f"no column {target!r} in the dataset"}
            )
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)
    return dict(mapping)


async def start_job(
    actor: Principal,
    runner: ImportRunner,
    dataset: Dataset,
    job: ImportJob,
    *,
    mapping: Mapping[str, Any] | None = None,
    header: bool | None = None,
    skip_bad_rows: bool = False,
) -> ImportJob:
    if job.status not in STARTABLE:
        raise Conflict(
            f"The import is {job.status}; only an uploaded, failed or cancelled one starts"
        )
    if not upload_path(runner.data_dir, job).exists():
        raise Conflict("The uploaded file is gone; upload it again")
    job.mapping = _check_mapping(mapping or {}, dataset)
    job.header = header
    job.skip_bad_rows = skip_bad_rows
    job.status = ImportStatus.QUEUED
    job.rows_read = job.rows_imported = job.bytes_read = 0
    job.report, job.message, job.started_at, job.finished_at = None, "", None, None
    await job.save()
    await audit.record(
        actor,
        "dataset.import.start",
        "dataset",
        dataset.id,
        dataset.name,
        after={"job": str(job.uuid), "skip_bad_rows": skip_bad_rows, "mapping": job.mapping},
    )
    runner.spawn(job.id)
    return job


async def cancel_job(
    actor: Principal, runner: ImportRunner, dataset: Dataset, job: ImportJob
) -> ImportJob:
    if job.status not in ACTIVE:
        raise Conflict(f"The import is {job.status}, not running")
    if not runner.cancel(job.id):
        # Not ours (another process, or lost in a restart): mark it so it can be started again.
        await ImportJob.filter(id=job.id).update(
            status=ImportStatus.CANCELLED, finished_at=_now(), message="cancelled"
        )
    else:
        await runner.wait(job.id)
    await audit.record(
        actor,
        "dataset.import.cancel",
        "dataset",
        dataset.id,
        dataset.name,
        after={"job": str(job.uuid)},
    )
    await job.refresh_from_db()
    return job


async def delete_job(actor: Principal, dataset: Dataset, job: ImportJob, data_dir: Path) -> None:
    if job.status in ACTIVE:
        raise Conflict("The import is running; cancel it first")
    upload_path(data_dir, job).unlink(missing_ok=True)
    await job.delete()
    await audit.record(
        actor,
        "dataset.import.delete",
        "dataset",
        dataset.id,
        dataset.name,
        before={"job": str(job.uuid)},
    )


async def interrupt_orphans() -> int:
    """At start-up: jobs left queued or running by a previous process are failed."""
    return await ImportJob.filter(status__in=list(ACTIVE)).update(
        status=ImportStatus.FAILED,
        finished_at=_now(),
        message="interrupted by a server restart; nothing was imported - start it again",
    )


# -- running --------------------------------------------------------------------------------


class ImportRunner:
    """The server's running imports, one asyncio task each."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._progress: dict[int, _Tracker] = {}

    def spawn(self, job_id: int) -> None:
        task = asyncio.create_task(self._run(job_id), name=f"import-{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda _: self._forget(job_id))

    def _forget(self, job_id: int) -> None:
        self._tasks.pop(job_id, None)
        self._progress.pop(job_id, None)

    def progress(self, job: ImportJob) -> dict[str, int]:
        """Live figures of a job running here, else those stored on the job."""
        tracker = self._progress.get(job.id)
        if tracker is None:
            return {
                "bytes_read": job.bytes_read,
                "rows_read": job.rows_read,
                "rows_imported": job.rows_imported,
            }
        return {
            "bytes_read": tracker.bytes_read,
            "rows_read": tracker.rows_read,
            "rows_imported": tracker.rows_written,
        }

    def cancel(self, job_id: int) -> bool:
        task = self._tasks.get(job_id)
        if task is None:
            return False
        task.cancel()
        return True

    async def wait(self, job_id: int) -> None:
        task = self._tasks.get(job_id)
        if task is not None:
            await asyncio.wait([task])

    async def aclose(self) -> None:
        for task in list(self._tasks.values()):
            task.cancel()
        if self._tasks:
            await asyncio.wait(list(self._tasks.values()))

    async def _run(self, job_id: int) -> None:
        job = await ImportJob.get(id=job_id).prefetch_related("dataset")
        path = upload_path(self.data_dir, job)
        tracker = self._progress[job_id] = _Tracker()
        await ImportJob.filter(id=job_id).update(status=ImportStatus.RUNNING, started_at=_now())
        try:
            report = await import_rows(
                job.dataset,
                _file_chunks(path, tracker),
                format=job.format,  # type: ignore[arg-type]
                mapping=job.mapping or None,
                header=job.header,
                skip_bad_rows=job.skip_bad_rows,
                progress=tracker.progress,
            )
        except asyncio.CancelledError:
            await _finish(job_id, ImportStatus.CANCELLED, message="cancelled; nothing was imported")
            raise
        except ValidationFailed as exc:
            await _finish(job_id, ImportStatus.FAILED, message=exc.message)
            return
        except Exception as exc:  # the job records why; the server keeps serving
            log.exception("import %s failed", job.uuid)
            await _finish(job_id, ImportStatus.FAILED, message=f"the import failed: {exc}")
            return
        status = ImportStatus.SUCCEEDED if report.committed else ImportStatus.FAILED
        message = (
            f"{report.rows_imported:,} rows imported"
            + (f", {report.errors_total:,} bad rows skipped" if report.errors_total else "")
            if report.committed
            else f"nothing imported: {report.errors_total:,} bad rows (all-or-nothing)"
        )
        await _finish(
            job_id,
            status,
            message=message,
            report=report.to_json(),
            rows_read=report.rows_read,
            rows_imported=report.rows_imported,
            bytes_read=tracker.bytes_read,
        )
        if report.committed:
            path.unlink(missing_ok=True)


async def _finish(job_id: int, status: ImportStatus, **fields: Any) -> None:
    await asyncio.shield(
        ImportJob.filter(id=job_id).update(status=status, finished_at=_now(), **fields)
    )


class _Tracker:
    """A running import's figures: bytes of the file read, rows read and written."""

    def __init__(self) -> None:
        self.bytes_read = self.rows_read = self.rows_written = 0

    def progress(self, rows_read: int, rows_written: int) -> None:
        self.rows_read, self.rows_written = rows_read, rows_written


async def _file_chunks(path: Path, tracker: _Tracker) -> AsyncIterator[bytes]:
    with path.open("rb") as source:
        while chunk := await asyncio.to_thread(source.read, CHUNK):
            tracker.bytes_read += len(chunk)
            yield chunk


def import_runner(app: Any) -> ImportRunner:
    """The application's import runner, created on first use."""
    runner = getattr(app.state, "import_runner", None)
    if runner is None:
        runner = app.state.import_runner = ImportRunner(app.state.settings.data_dir)
    return runner

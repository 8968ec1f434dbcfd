"""Pages that change data: create a dataset, edit its columns, and the import wizard.

- ``/data/{app}/datasets/new``: a new dataset (name, preset, description, extra columns).
- ``/data/{app}/datasets/{name}/schema``: the columns, each editable in place (rename,
  retype, nullable, default, unique, indexed) or dropped; a form adds one; the dataset can
  be deleted. Refused changes re-render the page with the reason next to the column.
- ``/data/{app}/datasets/{name}/import``: upload a CSV or JSON-lines file (multipart; the
  path ends in ``/import`` so the bigger upload limit applies), then
  ``.../imports/{job}``: preview and mapping, start, a progress bar that refreshes itself
  (htmx polling of the same URL), and the report of every bad line.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from querybuilder import imports, schema
from querybuilder.columns import TYPES, Column
from querybuilder.datasets import PRESETS, columns_of, create_dataset, drop_dataset, get_dataset
from querybuilder.models import Dataset, DatasetPreset, ImportJob, ImportStatus
from runtime.auth.permissions import Permission
from runtime.auth.session import CSRF_FIELD, CSRF_HEADER, check_csrf
from runtime.errors import Conflict, TrunklineError, ValidationFailed
from runtime.models import App
from runtime.services.apps import get_app
from runtime.ui.support import MAX_FORM_FIELDS, field, flash, read_form, redirect, render, require

#: Bytes read at a time from an uploaded file on its way to the import's store.
UPLOAD_CHUNK = 256 * 1024
#: Imports listed on the schema and upload pages.
RECENT_IMPORTS = 10
_ROWS_PATH = re.compile(r"^rows\.(\d+)$")
_COLUMNS_PATH = re.compile(r"^columns\.(\d+)\.(.+)$")


# -- helpers --------------------------------------------------------------------------------


async def _dataset(request: Request) -> tuple[App, Dataset]:
    app = await get_app(request.path_params["app"])
    return app, await get_dataset(app, request.path_params["name"])


def _default_text(value: Any) -> str:
    """A column default as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    return str(value)


def _column_row(column: Column) -> dict[str, Any]:
    return {
        "name": column.name,
        "new_name": column.name,
        "type": column.type,
        "type_label": column.type_label,
        "precision": column.precision or "",
        "scale": column.scale if column.type == "decimal" else "",
        "nullable": column.nullable,
        "default": _default_text(column.to_json()["default"]),
        "unique": column.unique,
        "indexed": column.indexed,
    }


def _type_of(form: FormData) -> str:
    """The type the form chose: ``decimal(p,s)`` from the precision and scale fields."""
    kind = field(form, "type")
    if kind != "decimal":
        return kind
    precision, scale = field(form, "precision") or "18", field(form, "scale") or "2"
    return f"decimal({precision},{scale})"


def _values(form: FormData) -> dict[str, Any]:
    """A column form as submitted, for showing it again after a refusal."""
    return {
        "new_name": field(form, "name"),
        "type": field(form, "type"),
        "precision": field(form, "precision"),
        "scale": field(form, "scale"),
        "nullable": "nullable" in form,
        "default": field(form, "default"),
        "unique": "unique" in form,
        "indexed": "indexed" in form,
    }


def _problems(exc: TrunklineError) -> list[dict[str, str]]:
    """The error's details as lines to show (rows of a refused type change as "row N")."""
    found = []
    for item in exc.details if isinstance(exc.details, list) else []:
        if not isinstance(item, dict):
            continue
        path, message = str(item.get("path", "")), str(item.get("message", ""))
        if match := _ROWS_PATH.match(path):
            path = f"row {match.group(1)}"
        found.append({"where": path, "message": message})
    return found


async def _recent_imports(dataset: Dataset) -> list[ImportJob]:
    return await ImportJob.filter(dataset_id=dataset.id).order_by("-id").limit(RECENT_IMPORTS)


# -- new dataset ----------------------------------------------------------------------------


def _parse_column_lines(text: str) -> list[dict[str, Any]]:
    """``name type [required] [unique] [indexed]`` per line, blank lines ignored."""
    specs = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split()
        if not words:
            continue
        if len(words) < 2:
            raise ValidationFailed.field(f"line {number}", "write a name and a type")
        flags = {w.lower() for w in words[2:]}
        unknown = flags - {"required", "unique", "indexed"}
        if unknown:
            raise ValidationFailed.field(
                f"line {number}", f"unknown flag {sorted(unknown)[0]!r} (required, unique, indexed)"
            )
        specs.append(
            {
                "name": words[0],
                "type": words[1],
                "nullable": "required" not in flags,
                "unique": "unique" in flags,
                "indexed": "indexed" in flags,
            }
        )
    return specs


def _line_message(message: str, preset: str) -> str:
    """``columns.N.field: ...`` told as the Nth column of the list (preset columns come first)."""
    where, _, rest = message.partition(":")
    match = _COLUMNS_PATH.match(where)
    known = {p.value: p for p in DatasetPreset}
    offset = len(PRESETS[known[preset]]) if preset in known else 0
    if not match or int(match.group(1)) < offset:
        return message
    return f"column {int(match.group(1)) - offset + 1} of the list ({match.group(2)}):{rest}"


async def dataset_new(request: Request) -> Response:
    principal = await require(request, Permission.APPS_READ)
    app = await get_app(request.path_params["app"])
    context: dict[str, Any] = {
        "app": app,
        "presets": [p.value for p in DatasetPreset],
        "form": {"preset": DatasetPreset.CUSTOM.value},
        "can_write": principal.can(Permission.APPS_WRITE),
    }
    if request.method == "GET":
        return render(request, "querybuilder/dataset_new.html", context)
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    values: dict[str, Any] = {
        k: field(form, k) for k in ("name", "preset", "description", "columns")
    }
    values["per_customer"] = bool(field(form, "per_customer"))
    context["form"] = values
    try:
        try:
            preset = DatasetPreset(values["preset"] or "custom")
        except ValueError:
            raise ValidationFailed.field("preset", "choose custom, key_value or lead_set") from None
        specs = _parse_column_lines(values["columns"])
        dataset = await create_dataset(
            actor,
            app,
            values["name"],
            preset=preset,
            columns=specs,
            description=values["description"],
            per_customer=values["per_customer"],
        )
    except TrunklineError as exc:
        context["form_error"] = _line_message(exc.message, values["preset"])
        return render(
            request, "querybuilder/dataset_new.html", context, status_code=exc.status_code
        )
    flash(request, f"Dataset {dataset.name} created.")
    return redirect(request, "querybuilder:schema", app=app.name, name=dataset.name)


# -- schema editor --------------------------------------------------------------------------


async def _schema_page(
    request: Request,
    app: App,
    dataset: Dataset,
    *,
    error: TrunklineError | None = None,
    error_for: str | None = None,
    submitted: dict[str, Any] | None = None,
) -> Response:
    principal = await require(request, Permission.APPS_READ)
    rows = [_column_row(c) for c in columns_of(dataset)]
    add_form: dict[str, Any] = {"type": "string", "nullable": True}
    if submitted is not None:
        if error_for is None:
            add_form = submitted
        else:
            rows = [{**r, **submitted} if r["name"] == error_for else r for r in rows]
    return render(
        request,
        "querybuilder/schema.html",
        {
            "app": app,
            "dataset": dataset,
            "columns": rows,
            "types": TYPES,
            "add_form": add_form,
            "form_error": error.message if error else None,
            "problems": _problems(error) if error else [],
            "error_for": error_for,
            "imports": await _recent_imports(dataset),
            "can_write": principal.can(Permission.APPS_WRITE),
        },
        status_code=error.status_code if error else 200,
    )


async def schema_page(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    app, dataset = await _dataset(request)
    return await _schema_page(request, app, dataset)


async def column_add(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app, dataset = await _dataset(request)
    spec = {
        "name": field(form, "name"),
        "type": _type_of(form),
        "nullable": "nullable" in form,
        "default": field(form, "default") or None,
        "unique": "unique" in form,
        "indexed": "indexed" in form,
    }
    try:
        await schema.add_column(actor, app, dataset.name, spec)
    except TrunklineError as exc:
        return await _schema_page(request, app, dataset, error=exc, submitted=_values(form))
    flash(request, f"Column {spec['name']} added.")
    return redirect(request, "querybuilder:schema", app=app.name, name=dataset.name)


async def column_change(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app, dataset = await _dataset(request)
    name = request.path_params["column"]
    current = next((c for c in columns_of(dataset) if c.name == name), None)
    if current is None:
        flash(request, f"There is no column {name} any more.", "error")
        return redirect(request, "querybuilder:schema", app=app.name, name=dataset.name)
    shown = _column_row(current)
    changes: dict[str, Any] = {}
    if field(form, "name") and field(form, "name") != current.name:
        changes["name"] = field(form, "name")
    new_type = _type_of(form)
    if new_type and new_type != current.type_label:
        changes["type"] = new_type
    for flag in ("nullable", "unique", "indexed"):
        if (flag in form) != getattr(current, flag):
            changes[flag] = flag in form
    default = field(form, "default")
    if default != shown["default"] or "type" in changes:
        changes["default"] = default or None  # what the form shows is what the column gets
    if not changes:
        flash(request, f"Column {name}: nothing changed.", "info")
        return redirect(request, "querybuilder:schema", app=app.name, name=dataset.name)
    try:
        await schema.change_column(actor, app, dataset.name, name, changes)
    except TrunklineError as exc:
        dataset = await get_dataset(app, dataset.name)
        return await _schema_page(
            request, app, dataset, error=exc, error_for=name, submitted=_values(form)
        )
    flash(request, f"Column {changes.get('name', name)} saved.")
    return redirect(request, "querybuilder:schema", app=app.name, name=dataset.name)


async def column_drop(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    await read_form(request)
    app, dataset = await _dataset(request)
    name = request.path_params["column"]
    try:
        await schema.drop_column(actor, app, dataset.name, name)
    except TrunklineError as exc:
        return await _schema_page(request, app, dataset, error=exc, error_for=name)
    flash(request, f"Column {name} dropped.")
    return redirect(request, "querybuilder:schema", app=app.name, name=dataset.name)


async def dataset_delete(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    await read_form(request)
    app, dataset = await _dataset(request)
    await drop_dataset(actor, app, dataset.name)
    flash(request, f"Dataset {dataset.name} deleted.")
    return redirect(request, "querybuilder:data")


# -- import: upload -------------------------------------------------------------------------


async def _upload_page(
    request: Request, app: App, dataset: Dataset, *, error: str | None = None, status: int = 200
) -> Response:
    principal = await require(request, Permission.APPS_READ)
    return render(
        request,
        "querybuilder/import_upload.html",
        {
            "app": app,
            "dataset": dataset,
            "imports": await _recent_imports(dataset),
            "form_error": error,
            "can_write": principal.can(Permission.APPS_WRITE),
            "max_bytes": request.app.state.settings.max_upload_bytes,
        },
        status_code=status,
    )


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(UPLOAD_CHUNK):
        yield chunk


async def import_upload(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    app, dataset = await _dataset(request)
    if request.method == "GET":
        return await _upload_page(request, app, dataset)
    actor = await require(request, Permission.APPS_WRITE)
    form = await request.form(max_files=1, max_fields=MAX_FORM_FIELDS)
    try:
        token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
        check_csrf(request, token if isinstance(token, str) else None)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return await _upload_page(
                request, app, dataset, error="Choose a file to upload.", status=422
            )
        settings = request.app.state.settings
        try:
            job = await imports.create_job(
                actor,
                dataset,
                _chunks(upload),
                data_dir=settings.data_dir,
                max_bytes=settings.max_upload_bytes,
                format=field(form, "format") or "csv",
                filename=upload.filename,
            )
        except TrunklineError as exc:
            return await _upload_page(
                request, app, dataset, error=exc.message, status=exc.status_code
            )
    finally:
        await form.close()
    flash(request, f"Uploaded {job.filename or 'the file'}: choose how to import it.")
    return redirect(request, "querybuilder:import_job", app=app.name, name=dataset.name, job=job.id)


# -- import: mapping, progress, report --------------------------------------------------------


def _preview(request: Request, job: ImportJob, dataset: Dataset) -> dict[str, Any] | None:
    """The preview with the raw first row (so the mapping works with or without header)."""
    try:
        found = imports.preview(job, dataset, request.app.state.settings.data_dir)
    except Conflict:
        return None
    if job.format == "jsonl" or found["header"]:
        found["first_row"] = list(found["fields"])
    else:
        found["first_row"] = [str(c) for c in (found["rows"][0] if found["rows"] else [])]
    return found


def _mapping_rows(job: ImportJob, found: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per source field: its label, a sample value, the column preselected."""
    rows = []
    previous = {str(k).strip().lower(): v for k, v in (job.mapping or {}).items()}
    data_rows = found["rows"]
    for i, source in enumerate(found["fields"]):
        header_name = found["first_row"][i] if i < len(found["first_row"]) else source
        chosen = found["mapping"].get(source)
        if previous:
            for key in (str(header_name).strip().lower(), str(i + 1)):
                if key in previous:
                    chosen = previous[key]
                    break
        sample = next(
            (r[i] for r in data_rows if i < len(r) and r[i] not in (None, "")),
            None,
        )
        header = found["header"] if job.header is None or job.format == "jsonl" else job.header
        label = str(header_name) if header else f"cell {i + 1} ({header_name})"
        rows.append(
            {
                "index": i,
                "label": label,
                "field": source,
                "sample": "" if sample is None else _default_text(sample),
                "chosen": chosen,
            }
        )
    return rows


async def _job_page(
    request: Request,
    app: App,
    dataset: Dataset,
    job: ImportJob,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    principal = await require(request, Permission.APPS_READ)
    runner = imports.import_runner(request.app)
    live = runner.progress(job)
    total = job.bytes_total or 1
    percent = (
        100.0
        if job.status == ImportStatus.SUCCEEDED
        else round(min(100.0, 100 * live["bytes_read"] / total), 1)
    )
    found = _preview(request, job, dataset) if job.status in imports.STARTABLE else None
    report = job.report or {}
    problems = [
        {"line": bad["line"], "field": e.get("field"), "message": e.get("message", "")}
        for bad in report.get("errors", [])
        for e in bad.get("errors", []) or [{"field": None, "message": ""}]
    ]
    shown_lines = len(report.get("errors", []))
    return render(
        request,
        "querybuilder/import_job.html",
        {
            "app": app,
            "dataset": dataset,
            "job": job,
            "active": job.status in imports.ACTIVE,
            "finished": job.status in imports.FINISHED,
            "progress": live,
            "percent": percent,
            "preview": found,
            "mapping_rows": _mapping_rows(job, found) if found else [],
            "columns": [c.name for c in columns_of(dataset)],
            "report": report,
            "problems": problems,
            "more_lines": max(0, int(report.get("errors_total", 0)) - shown_lines),
            "form_error": error,
            "can_write": principal.can(Permission.APPS_WRITE),
        },
        block="job",
        status_code=status,
    )


async def _job(request: Request) -> tuple[App, Dataset, ImportJob]:
    app, dataset = await _dataset(request)
    return app, dataset, await imports.get_job(dataset, str(request.path_params["job"]))


async def import_job(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    app, dataset, job = await _job(request)
    return await _job_page(request, app, dataset, job)


async def import_start(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app, dataset, job = await _job(request)
    found = _preview(request, job, dataset) if job.status in imports.STARTABLE else None
    header: bool | None = None
    mapping: dict[str, str | None] = {}
    if found is not None:
        header = True if job.format == "jsonl" else "header" in form
        for i, source in enumerate(found["first_row"]):
            key = source if header else str(i + 1)
            target = field(form, f"map_{i}")
            mapping[str(key)] = target or None
    try:
        job = await imports.start_job(
            actor,
            imports.import_runner(request.app),
            dataset,
            job,
            mapping=mapping,
            header=None if job.format == "jsonl" else header,
            skip_bad_rows=field(form, "mode") == "skip",
        )
    except TrunklineError as exc:
        await job.refresh_from_db()
        return await _job_page(
            request, app, dataset, job, error=exc.message, status=exc.status_code
        )
    return redirect(request, "querybuilder:import_job", app=app.name, name=dataset.name, job=job.id)


async def import_cancel(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    await read_form(request)
    app, dataset, job = await _job(request)
    try:
        await imports.cancel_job(actor, imports.import_runner(request.app), dataset, job)
    except TrunklineError as exc:
        flash(request, exc.message, "error")
    else:
        flash(request, "Import cancelled; nothing was imported.")
    return redirect(request, "querybuilder:import_job", app=app.name, name=dataset.name, job=job.id)


def routes() -> list[Route]:
    base = "/data/{app}/datasets/{name}"
    post = ["POST"]
    return [
        Route(
            "/data/{app}/datasets/new",
            dataset_new,
            methods=["GET", "POST"],
            name="querybuilder:dataset_new",
        ),
        Route(f"{base}/schema", schema_page, name="querybuilder:schema"),
        Route(f"{base}/schema/columns", column_add, methods=post, name="querybuilder:column_add"),
        Route(
            f"{base}/schema/columns/{{column}}",
            column_change,
            methods=post,
            name="querybuilder:column_change",
        ),
        Route(
            f"{base}/schema/columns/{{column}}/drop",
            column_drop,
            methods=post,
            name="querybuilder:column_drop",
        ),
        Route(f"{base}/delete", dataset_delete, methods=post, name="querybuilder:dataset_delete"),
        Route(f"{base}/import", import_upload, methods=["GET", "POST"], name="querybuilder:import"),
        Route(f"{base}/imports/{{job}}", import_job, name="querybuilder:import_job"),
        Route(
            f"{base}/imports/{{job}}/start",
            import_start,
            methods=post,
            name="querybuilder:import_start",
        ),
        Route(
            f"{base}/imports/{{job}}/cancel",
            import_cancel,
            methods=post,
            name="querybuilder:import_cancel",
        ),
    ]

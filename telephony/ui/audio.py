"""Audio file pages under ``/voice/audio``: the uploaded files (search, customer filter, a
player each, delete), the upload form (WAV or MP3, stored as 8 kHz mono WAV) and the
built-in ``ivr/`` prompts with their players.

Players stream through the API (``/api/v1/audio-files/{id}/audio``, and
``/api/v1/audio-files/builtin/{name}/audio`` which makes a missing prompt on first play).
Uploads and deletes go through :mod:`telephony.media.files`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from runtime.auth.permissions import Permission
from runtime.auth.session import CSRF_FIELD, CSRF_HEADER, check_csrf
from runtime.errors import PayloadTooLarge, TrunklineError, ValidationFailed
from runtime.models import Customer
from runtime.ui.listing import listing
from runtime.ui.nav import NavItem
from runtime.ui.support import field, flash, read_form, redirect, render, require
from telephony.class5.models import AudioFile
from telephony.media import files, prompts
from telephony.media.audio import MAX_BYTES, MAX_SECONDS

NAV: tuple[NavItem, ...] = (
    NavItem("Audio files", "ui:voice_audio", Permission.VOICE_READ, "Voice", 70),
)

#: The customer filter's value for files of no customer (system-wide).
SYSTEM = "system"
TEMPLATE = "telephony/audio.html"


async def _context(request: Request, **extra: Any) -> dict[str, Any]:
    q = request.query_params.get("q", "").strip()
    customer = request.query_params.get("customer", "")
    qs = AudioFile.all().prefetch_related("customer")
    if q:
        qs = qs.filter(name__icontains=q)
    if customer == SYSTEM:
        qs = qs.filter(customer_id=None)
    elif customer.isdigit():
        qs = qs.filter(customer_id=int(customer))
    return {
        "page": await listing(request, qs.order_by("name", "id")),
        "q": q,
        "customer": customer,
        "customers": await Customer.all().order_by("name"),
        "builtin": list(prompts.PROMPTS.values()),
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_seconds": MAX_SECONDS,
        "form": {},
        **extra,
    }


async def audio_list(request: Request) -> Response:
    principal = await require(request, Permission.VOICE_READ)
    context = await _context(request, can_write=principal.can(Permission.VOICE_WRITE))
    return render(request, TEMPLATE, context, block="results")


async def audio_upload(request: Request) -> Response:
    actor = await require(request, Permission.VOICE_WRITE)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BYTES + 64 * 1024:
        raise PayloadTooLarge(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    async with request.form(max_fields=10, max_files=1) as form:  # closes the upload
        token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
        check_csrf(request, token if isinstance(token, str) else None)
        upload = form.get("file")
        data = await upload.read(MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
        filename = (upload.filename or "") if isinstance(upload, UploadFile) else ""
        values = {"name": field(form, "name"), "customer": field(form, "customer")}
    name = values["name"] or filename.rsplit("/", 1)[-1]
    customer = int(values["customer"]) if values["customer"].isdigit() else None
    data_dir = Path(request.app.state.settings.data_dir)
    try:
        if not data:
            raise ValidationFailed.field("file", "choose a WAV or MP3 file to upload")
        audio = await files.upload_file(actor, data_dir, customer, name, data)
    except TrunklineError as exc:
        context = await _context(request, can_write=True, form=values, form_error=exc.message)
        return render(request, TEMPLATE, context, status_code=exc.status_code)
    flash(request, f"Uploaded user/{audio.name} ({audio.seconds:.1f} s).")
    return redirect(request, "ui:voice_audio")


async def audio_delete(request: Request) -> Response:
    actor = await require(request, Permission.VOICE_WRITE)
    await read_form(request)
    data_dir = Path(request.app.state.settings.data_dir)
    try:
        audio = await files.get_file(request.path_params["audio_id"])
        await files.delete_file(actor, data_dir, audio)
    except TrunklineError as exc:
        flash(request, f"Not deleted: {exc.message}", "error")
        return redirect(request, "ui:voice_audio")
    flash(request, f"Deleted user/{audio.name}.")
    return redirect(request, "ui:voice_audio")


def routes() -> list[BaseRoute]:
    get, post = ["GET"], ["POST"]
    return [
        Route("/voice/audio", audio_list, methods=get, name="ui:voice_audio"),
        Route("/voice/audio", audio_upload, methods=post, name="ui:voice_audio_upload"),
        Route(
            "/voice/audio/{audio_id:int}/delete",
            audio_delete,
            methods=post,
            name="ui:voice_audio_delete",
        ),
    ]

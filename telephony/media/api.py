"""``/api/v1/audio-files``: the customers' uploaded audio and the built-in prompts.

- ``GET /audio-files`` (``customer``, ``q`` on the name, ``limit``/``offset``/``sort``);
- ``POST /audio-files``: ``multipart/form-data`` with ``file`` (WAV or MP3, at most 20 MB
  and 600 s), ``name`` (default: the file's name) and ``customer`` (empty: system-wide);
  stored as 8 kHz mono WAV, 201 with its ``seconds``;
- ``GET``/``PATCH`` (rename: ``{"name": ...}``)/``DELETE /audio-files/{id}``; renaming or
  deleting a file that anything still plays is 409, naming what;
- ``GET /audio-files/{id}/audio``: the WAV itself;
- ``GET /audio-files/builtin`` and ``GET /audio-files/builtin/{name}/audio``: the ``ivr/``
  prompts every document may play (made on this server the first time they are asked for).

``voice:read`` reads, ``voice:write`` changes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile
from starlette.responses import FileResponse
from tortoise.queryset import QuerySet

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.errors import BadRequest, NotFound, PayloadTooLarge, ValidationFailed
from telephony.class5.models import AudioFile
from telephony.media import files, prompts
from telephony.media.audio import MAX_BYTES, wav_seconds

__all__ = ["build_api"]

READ, WRITE = Permission.VOICE_READ, Permission.VOICE_WRITE
#: Room for the multipart envelope and the form's other fields around the file.
_ENVELOPE = 64 * 1024


class AudioQuery(ListQuery):
    customer: int | None = Field(None, description="only this customer's files")
    system: bool | None = Field(None, description="true: only system-wide files")
    q: str | None = Field(None, max_length=100, description="part of the name")


class AudioFileOut(BaseModel):
    id: int
    uuid: str
    name: str
    #: What documents and Class 5 objects write: ``user/<name>``.
    source: str
    customer: int | None
    seconds: float
    size_bytes: int
    created_by: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, audio: AudioFile) -> AudioFileOut:
        return cls(
            id=audio.id,
            uuid=str(audio.uuid),
            name=audio.name,
            source=f"user/{audio.name}",
            customer=audio.customer_id,  # type: ignore[attr-defined]
            seconds=audio.seconds,
            size_bytes=audio.size_bytes,
            created_by=audio.created_by,
            created_at=audio.created_at,
            updated_at=audio.updated_at,
        )


class AudioRename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200)


class BuiltinOut(BaseModel):
    name: str
    source: str
    description: str
    #: What it says (empty for tones and music).
    text: str
    seconds: float | None


class BuiltinList(BaseModel):
    items: list[BuiltinOut]


def data_dir_of(call: Call[Any]) -> Path:
    return Path(call.request.app.state.settings.data_dir)


def _where(qs: QuerySet[AudioFile], q: AudioQuery) -> QuerySet[AudioFile]:
    if q.customer is not None:
        qs = qs.filter(customer_id=q.customer)
    if q.system is not None:
        qs = qs.filter(customer_id__isnull=q.system)
    if q.q:
        qs = qs.filter(name__icontains=q.q)
    return qs


async def list_files(call: Call[Any]) -> Page[AudioFileOut]:
    """List uploaded audio files."""
    return await paginate(
        _where(AudioFile.all(), call.query),
        call.query,
        sortable=("id", "name", "seconds", "size_bytes", "created_at", "updated_at"),
        default_sort=("name", "id"),
        item=AudioFileOut.of,
    )


def _customer(raw: Any) -> int | None:
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None
    if not text.isdigit():
        raise ValidationFailed.field("customer", "the customer's id (empty: system-wide)")
    return int(text)


async def upload(call: Call[Any]) -> AudioFileOut:
    """Upload a WAV or MP3 (multipart ``file``, ``name``, ``customer``); stored as 8 kHz
    mono WAV."""
    request = call.request
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        raise BadRequest("Content-Type must be multipart/form-data (fields file, name, customer)")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BYTES + _ENVELOPE:
        raise PayloadTooLarge(f"file: larger than {MAX_BYTES // (1024 * 1024)} MB")
    async with request.form(max_files=1, max_fields=10) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationFailed.field("file", "choose a WAV or MP3 file to upload")
        if upload.size is not None and upload.size > MAX_BYTES:
            raise PayloadTooLarge(f"file: larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = await upload.read(MAX_BYTES + 1)
        raw_name = form.get("name")
        name = raw_name.strip() if isinstance(raw_name, str) else ""
        customer = _customer(form.get("customer"))
        name = name or (upload.filename or "").rsplit("/", 1)[-1]
    audio = await files.upload_file(call.actor, data_dir_of(call), customer, name, data)
    return AudioFileOut.of(audio)


async def get_file(call: Call[Any]) -> AudioFileOut:
    """One uploaded audio file."""
    return AudioFileOut.of(await files.get_file(call.path["audio_file_id"]))


async def rename(call: Call[Any]) -> AudioFileOut:
    """Rename an audio file (refused while anything plays it by its old name)."""
    audio = await files.get_file(call.path["audio_file_id"])
    return AudioFileOut.of(await files.rename_file(call.actor, audio, call.body.name))


async def delete(call: Call[Any]) -> None:
    """Delete an audio file that nothing plays."""
    audio = await files.get_file(call.path["audio_file_id"])
    await files.delete_file(call.actor, data_dir_of(call), audio)


def _wav(path: Path, name: str) -> FileResponse:
    if not path.is_file():
        raise NotFound(f"The audio of {name!r} is missing on this server")
    return FileResponse(
        path,
        media_type="audio/wav",
        filename=name,
        content_disposition_type="inline",
        headers={"Cache-Control": "private, max-age=60"},
    )


async def audio(call: Call[Any]) -> FileResponse:
    """The audio file's WAV (8 kHz mono)."""
    found = await files.get_file(call.path["audio_file_id"])
    return _wav(files.file_path(data_dir_of(call), found), found.name)


async def builtin_list(call: Call[Any]) -> BuiltinList:
    """The built-in ``ivr/`` prompts (made on this server if missing)."""
    data_dir = data_dir_of(call)
    await prompts.ensure_prompts(data_dir)
    items = []
    for prompt in prompts.PROMPTS.values():
        path = prompts.prompt_path(data_dir, prompt)
        items.append(
            BuiltinOut(
                name=prompt.name,
                source=prompt.source,
                description=prompt.description,
                text=prompt.text,
                seconds=round(wav_seconds(path), 3) if path.is_file() else None,
            )
        )
    return BuiltinList(items=items)


async def builtin_audio(call: Call[Any]) -> FileResponse:
    """A built-in prompt's WAV."""
    prompt = prompts.find(call.path["name"])
    if prompt is None:
        raise NotFound(f"No built-in prompt {call.path['name']!r}")
    data_dir = data_dir_of(call)
    await prompts.ensure_prompts(data_dir, [prompt.name])
    return _wav(prompts.prompt_path(data_dir, prompt), prompt.name)


def build_api() -> Api:
    """The audio file endpoints, for ``telephony.area``."""
    api = Api()
    tag: dict[str, Any] = {"tag": "audio-files"}
    item = "/audio-files/{audio_file_id:int}"
    api.route(
        "GET",
        "/audio-files",
        name="audio_files.list",
        permission=READ,
        query=AudioQuery,
        response=Page[AudioFileOut],
        **tag,
    )(list_files)
    api.route(
        "POST",
        "/audio-files",
        name="audio_files.create",
        permission=WRITE,
        response=AudioFileOut,
        status=201,
        errors=(400, 409, 413, 422),
        **tag,
    )(upload)
    api.route(
        "GET",
        "/audio-files/builtin",
        name="audio_files.builtin",
        permission=READ,
        response=BuiltinList,
        **tag,
    )(builtin_list)
    api.route(
        "GET",
        "/audio-files/builtin/{name}/audio",
        name="audio_files.builtin_audio",
        permission=READ,
        errors=(404,),
        summary="A built-in prompt's WAV.",
        **tag,
    )(builtin_audio)
    api.route(
        "GET",
        item,
        name="audio_files.get",
        permission=READ,
        response=AudioFileOut,
        errors=(404,),
        **tag,
    )(get_file)
    api.route(
        "PATCH",
        item,
        name="audio_files.update",
        permission=WRITE,
        body=AudioRename,
        response=AudioFileOut,
        errors=(404, 409, 422),
        **tag,
    )(rename)
    api.route(
        "DELETE",
        item,
        name="audio_files.delete",
        permission=WRITE,
        status=204,
        errors=(404, 409),
        **tag,
    )(delete)
    api.route(
        "GET", f"{item}/audio", name="audio_files.audio", permission=READ, errors=(404,), **tag
    )(audio)
    return api

"""Uploaded audio files: upload (converted to 8 kHz mono WAV), rename, delete.

A file belongs to a customer, or to none (system-wide: every customer's calls may play
it). Documents and Class 5 objects name it ``user/<name>``; the name always ends in ``.wav``
(``welcome`` and ``welcome.mp3`` are stored as ``welcome.wav``). The audio is stored as
``<data_dir>/audio/user/<customer id or "system">/<uuid>.wav``, so a name never becomes a
path. Renaming or deleting a file that queues, voicemail boxes, IVR menus or voice apps
still name is refused (409), listing them. Every change is in the audit log.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.models import Customer
from runtime.services import audit
from runtime.services.common import unique
from telephony.class5.models import AudioFile, CallQueue, IvrMenu, VoiceApp, VoicemailBox
from telephony.media.audio import convert

__all__ = [
    "clean_name",
    "delete_file",
    "file_path",
    "get_file",
    "references",
    "rename_file",
    "upload_file",
]

NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")
LONGEST = 100
NAME_RULE = (
    "letters, digits, '-', '_' and '.' (not first), at most 100 characters; no '/' and no '..'"
)


def clean_name(raw: str) -> str:
    """The stored name of ``raw`` (``user/`` dropped, ``.wav`` ensured); a
    :class:`ValidationFailed` on ``name`` for anything that could be a path.

    >>> clean_name("user/welcome-2026.mp3")
    'welcome-2026.wav'
    """
    name = raw.strip().removeprefix("user/")
    if not name:
        raise ValidationFailed.field("name", "required")
    if ".." in name or not NAME.match(name):
        raise ValidationFailed.field("name", NAME_RULE)
    stem, dot, ext = name.rpartition(".")
    if dot and ext.lower() in ("wav", "mp3"):
        name = stem
    name = f"{name}.wav"
    if len(name) > LONGEST:
        raise ValidationFailed.field("name", NAME_RULE)
    return name


def file_path(data_dir: Path, audio: AudioFile) -> Path:
    """The stored WAV of ``audio`` (never outside the data directory)."""
    base = data_dir.resolve()
    path = (base / audio.path).resolve()
    if not path.is_relative_to(base):  # pragma: no cover - paths are ours
        raise NotFound(f"The audio of {audio.name!r} is not stored here")
    return path


def snapshot(audio: AudioFile) -> dict[str, Any]:
    return {
        "id": audio.id,
        "name": audio.name,
        "customer": audio.customer_id,  # type: ignore[attr-defined]
        "seconds": audio.seconds,
        "size_bytes": audio.size_bytes,
    }


async def get_file(file_id: int) -> AudioFile:
    found = await AudioFile.get_or_none(id=file_id)
    if found is None:
        raise NotFound(f"No audio file with id {file_id}")
    return found


async def _refuse_clash(name: str, customer_id: int | None, existing: int | None = None) -> None:
    qs = AudioFile.filter(name=name, customer_id=customer_id)
    if existing is not None:
        qs = qs.exclude(id=existing)
    if await qs.exists():
        whose = "this customer" if customer_id else "the system-wide ones"
        raise Conflict(
            f"name: an audio file {name!r} exists among {whose}",
            [{"path": "name", "message": "already taken"}],
        )


async def upload_file(
    actor: Principal, data_dir: Path, customer_id: int | None, name: str, data: bytes
) -> AudioFile:
    """Convert and store an uploaded WAV or MP3 as ``user/<name>`` of the customer."""
    if customer_id is not None and not await Customer.exists(id=customer_id):
        raise ValidationFailed.field("customer", f"no customer with id {customer_id}")
    stored = clean_name(name)
    await _refuse_clash(stored, customer_id)
    relative = f"audio/user/{customer_id or 'system'}/{uuid.uuid4().hex}.wav"
    dest = data_dir / relative
    seconds = await convert(data, dest)
    try:
        async with (
            unique("name", f"Another request has just taken the name {stored!r}"),
            in_transaction() as conn,
        ):
            audio = await AudioFile.create(
                uuid=uuid.uuid4(),
                customer_id=customer_id,
                name=stored,
                path=relative,
                seconds=round(seconds, 3),
                size_bytes=dest.stat().st_size,
                created_by=actor.name[:128],
                using_db=conn,
            )
            await audit.record(
                actor,
                "audio_file.create",
                "audio_file",
                audio.id,
                audio.name,
                after=snapshot(audio),
                using_db=conn,
            )
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return audio


async def references(audio: AudioFile) -> list[str]:
    """What names ``user/<audio.name>``: ``["queue 'Support' (music)", ...]``. A system-wide
    file is named from every customer that has no file of that name of its own."""
    source = f"user/{audio.name}"
    owner = audio.customer_id  # type: ignore[attr-defined]
    scope: dict[str, Any] = {} if owner is None else {"customer_id": owner}
    shadowed: set[Any] = set()
    if owner is None:
        others = AudioFile.filter(name=audio.name, customer_id__isnull=False)
        shadowed = {row for row in await others.values_list("customer_id", flat=True)}

    def mine(holder: Any) -> bool:
        return holder.customer_id not in shadowed

    found = [
        f"queue {str(q)!r} (music)"
        for q in await CallQueue.filter(music=source, **scope).order_by("id")
        if mine(q)
    ]
    found += [
        f"voicemail box {box.mailbox} (greeting)"
        for box in await VoicemailBox.filter(greeting=source, **scope).order_by("id")
        if mine(box)
    ]
    for menu in await IvrMenu.filter(**scope).order_by("id"):
        for where in ("prompt", "invalid_prompt"):
            played = getattr(menu, where) or {}
            if isinstance(played, dict) and played.get("play") == source and mine(menu):
                found.append(f"IVR menu {str(menu)!r} ({where})")
    # A document names it in <Play>; one that builds the name at run time is not seen.
    word = re.compile(re.escape(source) + r"(?![A-Za-z0-9_.-])")
    for app in await VoiceApp.filter(document__contains=source, **scope).order_by("id"):
        if word.search(app.document) and mine(app):
            found.append(f"voice app {str(app)!r} (document)")
    return found


async def _refuse_if_used(audio: AudioFile, doing: str) -> None:
    holders = await references(audio)
    if holders:
        shown = ", ".join(holders[:5]) + (
            f" and {len(holders) - 5} more" if len(holders) > 5 else ""
        )
        raise Conflict(
            f"The audio file {audio.name!r} is used by {shown}; {doing}",
            [{"path": "$", "message": f"used by {h}"} for h in holders],
        )


async def rename_file(actor: Principal, audio: AudioFile, name: str) -> AudioFile:
    """Rename ``audio`` (refused while anything names it by its old name)."""
    stored = clean_name(name)
    if stored == audio.name:
        return audio
    await _refuse_if_used(audio, "point them at another file before renaming it")
    await _refuse_clash(stored, audio.customer_id, existing=audio.id)  # type: ignore[attr-defined]
    before = snapshot(audio)
    audio.name = stored
    async with (
        unique("name", f"Another request has just taken the name {stored!r}"),
        in_transaction() as conn,
    ):
        await audio.save(using_db=conn)
        await audit.record(
            actor,
            "audio_file.update",
            "audio_file",
            audio.id,
            audio.name,
            before=before,
            after=snapshot(audio),
            using_db=conn,
        )
    return audio


async def delete_file(actor: Principal, data_dir: Path, audio: AudioFile) -> None:
    """Delete ``audio`` and its WAV (refused while anything names it)."""
    await _refuse_if_used(audio, "point them at another file first")
    before = snapshot(audio)
    path = file_path(data_dir, audio)
    async with in_transaction() as conn:
        await audio.delete(using_db=conn)
        await audit.record(
            actor,
            "audio_file.delete",
            "audio_file",
            before["id"],
            before["name"],
            before=before,
            using_db=conn,
        )
    path.unlink(missing_ok=True)

"""What the Class 4 pages share: permissions, form text to service values, a refusal as
per-field messages, and the multipart form of an upload (CSRF-checked like any form).

The pages check nothing themselves: text goes to the services as typed (``"abc"`` for a
number stays ``"abc"``, so the service names the field and says what it must be).

>>> whole("42"), whole("4x"), whole("")
(42, '4x', None)
>>> lines("44\\n\\n 33 \\n")
['44', '33']
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from runtime.auth.permissions import Permission
from runtime.auth.session import CSRF_FIELD, CSRF_HEADER, check_csrf
from runtime.errors import TrunklineError, ValidationFailed
from runtime.ui.support import MAX_FORM_FIELDS
from telephony.rating.services.common import MAX_UPLOAD, upload_text
from telephony.ui.pages_forms import INTEGER, field_errors

__all__ = [
    "READ",
    "WRITE",
    "Refusal",
    "checked",
    "form_state",
    "lines",
    "pairs",
    "read_upload",
    "refusal",
    "when",
    "whole",
]

READ, WRITE = Permission.RATING_READ, Permission.RATING_WRITE
#: An uploaded rate file may be large; the import streams it from Starlette's spool.
MAX_UPLOAD_FILES = 1

Refusal = tuple[dict[str, str], str, int]


def whole(text: str) -> int | str | None:
    """An integer when the text is one, None when empty, else the text as typed."""
    if not text:
        return None
    return int(text) if INTEGER.match(text) else text


def pairs(enum: Any) -> list[tuple[str, str]]:
    """An enum's values as a select's ``(value, text)`` options."""
    return [(str(member.value), str(member.value).replace("_", " ")) for member in enum]


def checked(form: FormData, name: str) -> bool:
    return form.get(name) == "on"


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def when(path: str, text: str) -> datetime | None:
    """An ISO 8601 time (UTC when no zone is given); None when empty."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed.field(
            path, f"not a date and time: {text!r} (2026-12-01T10:00)"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def refusal(exc: TrunklineError) -> Refusal:
    """``(errors by field, message, status)`` to re-show a form after a refusal."""
    return field_errors(exc), exc.message, exc.status_code


async def read_upload(request: Request) -> FormData:
    """A multipart form with one file, after its CSRF token was checked (the token is
    checked before the file is looked at)."""
    form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=MAX_UPLOAD_FILES)
    token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    check_csrf(request, token if isinstance(token, str) else None)
    return form


async def csv_text(form: FormData) -> str:
    """The text of the form's uploaded ``file`` (see
    :func:`telephony.rating.services.common.upload_text`)."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationFailed.field("file", "choose a CSV file to upload")
    return upload_text(await upload.read(MAX_UPLOAD + 1))


def line_errors(exc: TrunklineError) -> list[dict[str, str]]:
    """Every ``line N`` problem of a refused import, in file order (a line may have more
    than one).

    >>> line_errors(ValidationFailed("2 problem(s)", [{"path": "line 3", "message": "bad"},
    ...     {"path": "file", "message": "empty"}]))
    [{'path': 'line 3', 'message': 'bad'}]
    """
    details = exc.details if isinstance(exc.details, list) else []
    return [
        {"path": str(d["path"]), "message": str(d["message"])}
        for d in details
        if isinstance(d, dict) and str(d.get("path", "")).startswith("line ")
    ]


def form_state(form: FormData, names: tuple[str, ...]) -> dict[str, Any]:
    """The typed text of ``names`` (re-shown after a refusal)."""
    values: dict[str, Any] = {}
    for name in names:
        value = form.get(name, "")
        values[name] = value.strip() if isinstance(value, str) else ""
    return values

"""Small pieces the ScriptForge services share: the clock, app references, JSON checks."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from runtime.errors import NotFound, ValidationFailed
from runtime.models import App
from runtime.services import apps
from scriptforge.models import FUNCTION_NAME_PATTERN

FUNCTION_NAME = re.compile(FUNCTION_NAME_PATTERN)
#: Largest JSON document stored for job data, results and schedule data.
MAX_JSON_BYTES = 1024 * 1024


def utcnow() -> datetime:
    return datetime.now(UTC)


async def resolve_app(ref: App | int | str, path: str = "app") -> App:
    """An app named by a field of the caller's input; unknown apps are that field's error.

    (An app named in the URL path is looked up with :func:`runtime.services.apps.get_app`,
    which answers 404 instead.)
    """
    if isinstance(ref, App):
        return ref
    try:
        return await apps.get_app(ref)
    except NotFound:
        raise ValidationFailed.field(path, f"no app {str(ref)!r}") from None


def check_function(name: str, path: str = "function") -> str:
    if not FUNCTION_NAME.match(name):
        raise ValidationFailed.field(path, "must be the name of an exported function")
    return name


def check_json(value: Any, path: str, limit: int = MAX_JSON_BYTES) -> Any:
    """``value`` if it is JSON of at most ``limit`` bytes."""
    try:
        size = len(json.dumps(value, separators=(",", ":"), allow_nan=False).encode())
    except (TypeError, ValueError):
        raise ValidationFailed.field(path, "must be JSON") from None
    if size > limit:
        raise ValidationFailed.field(path, f"is {size} bytes of JSON; the limit is {limit}")
    return value

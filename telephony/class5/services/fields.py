"""Field checks shared by the Class 5 kinds; each notes its problem and returns the value."""

from __future__ import annotations

import re
from typing import Any

from tortoise.expressions import Q

from telephony.class5.destinations import Problems
from telephony.class5.models import AudioFile

PIN = re.compile(r"^[0-9]{0,16}$")
EXTENSION = re.compile(r"^[0-9]{2,10}$")
AUDIO_NAME = re.compile(r"^[A-Za-z0-9_.-][A-Za-z0-9_./-]{0,200}$")


def text(
    problems: Problems, values: dict[str, Any], name: str, longest: int, *, required: bool = False
) -> str:
    value = values.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(name, "must be text")
        return ""
    value = value.strip()
    if required and not value:
        problems.add(name, "required")
    elif len(value) > longest:
        problems.add(name, f"at most {longest} characters")
    return value


def integer(problems: Problems, values: dict[str, Any], name: str, low: int, high: int) -> int:
    value = values.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(name, "must be a whole number")
        return 0
    if not low <= value <= high:
        problems.add(name, f"must be between {low} and {high}")
    return value


def extension(problems: Problems, values: dict[str, Any], name: str = "extension") -> str | None:
    value = values.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not EXTENSION.match(value):
        problems.add(name, "2 to 10 digits")
        return None
    return value


async def audio_source(problems: Problems, value: Any, path: str, customer_id: int | None) -> str:
    """``user/<name>`` (an uploaded file of the customer or a system-wide one), a built-in
    ``ivr/<name>`` prompt, or an http(s) URL."""
    if not isinstance(value, str) or not value.strip():
        problems.add(path, "an audio source: user/<name>, ivr/<name> or an http(s) URL")
        return ""
    source = value.strip()
    if source.startswith(("http://", "https://")):
        if len(source) > 255 or " " in source:
            problems.add(path, "a URL without spaces, at most 255 characters")
        return source
    prefix, _, name = source.partition("/")
    if prefix not in ("user", "ivr") or not AUDIO_NAME.match(name) or ".." in name:
        problems.add(path, "an audio source: user/<name>, ivr/<name> or an http(s) URL")
        return source
    if prefix == "user":
        mine = (
            Q(customer_id=None) | Q(customer_id=customer_id) if customer_id else Q(customer_id=None)
        )
        if not await AudioFile.filter(mine, name=name).exists():
            problems.add(path, f"no uploaded audio file {name!r} for this customer")
    return source


async def prompt(
    problems: Problems, value: Any, path: str, customer_id: int | None, *, required: bool
) -> dict[str, str]:
    """``{"say": text}`` or ``{"play": audio source}`` (``{}`` when not required)."""
    if value in (None, {}) and not required:
        return {}
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in ("say", "play"):
        problems.add(path, 'exactly one of {"say": text} or {"play": audio source}')
        return {}
    ((verb, content),) = value.items()
    if verb == "say":
        if not isinstance(content, str) or not content.strip():
            problems.add(f"{path}.say", "the text to speak")
            return {}
        if len(content) > 2000:
            problems.add(f"{path}.say", "at most 2000 characters")
        return {"say": content.strip()}
    return {"play": await audio_source(problems, content, f"{path}.play", customer_id)}

"""Where a call goes: checking destinations, and finding who points at an object.

A destination is ``{"type": <DestinationType>, "target": ...}``. Users may name a target by
numeric id (a JSON number), uuid or name (a string; SIP users also by username or extension,
groups, queues and rooms by extension, voicemail boxes by mailbox); it is **stored as the
object's id**, so renaming an object never breaks what points at it. ``external`` targets
are phone numbers, stored as E.164 digits; ``uri`` targets are ``sip:``/``sips:`` URIs.

Every object target must belong to the customer of whatever points at it; ConneXML apps
and voice scripts may also be system-wide (no customer).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tortoise.models import Model

from runtime.errors import Conflict, ValidationFailed
from telephony.class5.models import (
    CallQueue,
    ConferenceRoom,
    DestinationType,
    Did,
    IvrMenu,
    RingGroup,
    VoiceApp,
    VoiceAppKind,
    VoicemailBox,
)
from telephony.models import SipUser

PHONE = re.compile(r"^[0-9]{3,15}$")
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"(\[[0-9a-fA-F:.]+\]|{_LABEL}(\.{_LABEL})*)"
SIP_URI = re.compile(
    r"^sips?:([A-Za-z0-9_.!~*'()&=+$,;?/%-]+@)?" + _HOST + r"(:[0-9]{1,5})?(;[^\s;]+)*$"
)
DIGIT_KEYS = frozenset("0123456789*#")


@dataclass
class Problems:
    """Every problem of one request, each ``{"path", "message"}``, reported at once."""

    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, path: str, message: str, **where: int) -> None:
        """Note a problem; ``where`` may add ``line`` and ``column`` (in documents)."""
        self.items.append({"path": path, "message": message, **where})

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            more = f" (and {len(self.items) - 1} more)" if len(self.items) > 1 else ""
            raise ValidationFailed(f"{first['path']}: {first['message']}{more}", self.items)


def normalise_number(raw: str) -> str:
    """E.164 digits: spaces, dots, dashes, brackets and a leading ``+`` dropped.

    >>> normalise_number("+44 (20) 7946-0000")
    '442079460000'
    """
    text = _PHONE_PUNCTUATION.sub("", raw.strip())
    return text[1:] if text.startswith("+") else text


@dataclass(frozen=True)
class _Target:
    model: type[Model]
    label: str
    #: String fields a target may be named by, besides uuid.
    names: tuple[str, ...]
    kind: VoiceAppKind | None = None


TARGETS: dict[DestinationType, _Target] = {
    DestinationType.CONNEXML_APP: _Target(
        VoiceApp, "ConneXML app", ("name",), VoiceAppKind.CONNEXML
    ),
    DestinationType.VOICE_SCRIPT: _Target(VoiceApp, "voice script", ("name",), VoiceAppKind.SCRIPT),
    DestinationType.IVR_MENU: _Target(IvrMenu, "IVR menu", ("name",)),
    DestinationType.EXTENSION: _Target(SipUser, "SIP user", ("extension", "username")),
    DestinationType.GROUP: _Target(RingGroup, "ring group", ("extension", "name")),
    DestinationType.QUEUE: _Target(CallQueue, "queue", ("extension", "name")),
    DestinationType.CONFERENCE: _Target(ConferenceRoom, "conference room", ("extension", "name")),
    DestinationType.VOICEMAIL: _Target(VoicemailBox, "voicemail box", ("mailbox", "name")),
}


async def _find(spec: _Target, ref: Any, customer_id: int | None) -> Model | None:
    scopes: list[dict[str, Any]] = [{"customer_id": customer_id}] if customer_id else []
    if spec.model is VoiceApp:
        scopes.append({"customer_id": None})
    for scope in scopes:
        if spec.kind is not None:
            scope = {**scope, "kind": spec.kind}
        if isinstance(ref, int):
            found = await spec.model.get_or_none(id=ref, **scope)
        else:
            try:
                found = await spec.model.get_or_none(uuid=uuid.UUID(ref), **scope)
            except ValueError:
                found = None
            for name in spec.names:
                if found is None:
                    found = await spec.model.filter(**{name: ref}, **scope).first()
        if found is not None:
            return found
    return None


async def check_destination(
    value: Any,
    customer_id: int | None,
    path: str,
    problems: Problems,
    allowed: frozenset[DestinationType] | None = None,
) -> dict[str, Any] | None:
    """The stored form of ``value`` (target as id, number or URI), or ``None`` after adding
    what is wrong to ``problems``."""
    if not isinstance(value, dict):
        problems.add(path, 'must be an object {"type": ..., "target": ...}')
        return None
    for extra in sorted(set(value) - {"type", "target"}):
        problems.add(f"{path}.{extra}", "unknown field")
    try:
        kind = DestinationType(str(value.get("type")))
    except ValueError:
        problems.add(f"{path}.type", f"one of {', '.join(t.value for t in DestinationType)}")
        return None
    if allowed is not None and kind not in allowed:
        problems.add(
            f"{path}.type", f"must be {' or '.join(sorted(a.value for a in allowed))} here"
        )
        return None
    target = value.get("target")
    where = f"{path}.target"
    if kind is DestinationType.EXTERNAL:
        number = normalise_number(target) if isinstance(target, str) else ""
        if not PHONE.match(number):
            problems.add(where, "a phone number: 3 to 15 digits, '+' and spaces allowed")
            return None
        return {"type": kind.value, "target": number}
    if kind is DestinationType.URI:
        if not isinstance(target, str) or not SIP_URI.match(target.strip()):
            problems.add(where, "a SIP URI such as sip:1000@pbx.example.com")
            return None
        return {"type": kind.value, "target": target.strip()}
    spec = TARGETS[kind]
    if isinstance(target, bool) or not isinstance(target, int | str) or target == "":
        problems.add(where, f"the {spec.label}'s id, uuid or name")
        return None
    if spec.model is not VoiceApp and customer_id is None:
        problems.add(where, f"a number without a customer cannot reach a {spec.label}")
        return None
    found = await _find(spec, target, customer_id)
    if found is None:
        whose = "of this customer" + (" or system-wide" if spec.model is VoiceApp else "")
        problems.add(where, f"no {spec.label} {target!r} {whose}")
        return None
    return {"type": kind.value, "target": found.pk}


# -- who points at an object ------------------------------------------------------------------


def _destinations_of(holder: Model) -> Iterator[tuple[str, Any]]:
    """``(where, destination)`` for every destination an object holds."""
    if isinstance(holder, Did):
        yield "destination", holder.destination
        for i, alt in enumerate(holder.alternatives or []):
            yield f"alternative {i + 1}", (alt or {}).get("destination")
    elif isinstance(holder, IvrMenu):
        for digit, dest in sorted((holder.options or {}).items()):
            yield f"option {digit}", dest
        yield "fallback", holder.fallback
    elif isinstance(holder, RingGroup):
        for i, member in enumerate(holder.members or []):
            yield f"member {i + 1}", (member or {}).get("destination")
        yield "fallback", holder.fallback
    elif isinstance(holder, CallQueue):
        yield "overflow", holder.overflow
        for i, agent in enumerate(holder.agents or []):
            yield f"agent {i + 1}", agent


_HOLDERS: tuple[tuple[type[Model], str], ...] = (
    (Did, "DID"),
    (IvrMenu, "IVR menu"),
    (RingGroup, "ring group"),
    (CallQueue, "queue"),
)


async def pointers(
    kinds: frozenset[DestinationType], target_id: int, customer_id: int | None
) -> list[str]:
    """Who points at the object ``target_id`` reached as one of ``kinds``: ``["DID
    15551230000 (destination)", "IVR menu 'Main' (option 1)"]``. A system-wide object
    (``customer_id`` None) may be pointed at from every customer."""
    found: list[str] = []
    for model, label in _HOLDERS:
        qs = model.all() if customer_id is None else model.filter(customer_id=customer_id)
        for holder in await qs.order_by("id"):
            for where, dest in _destinations_of(holder):
                if (
                    isinstance(dest, dict)
                    and dest.get("type") in kinds
                    and dest.get("target") == target_id
                ):
                    name = holder.number if isinstance(holder, Did) else repr(str(holder))
                    found.append(f"{label} {name} ({where})")
    return found


async def refuse_if_pointed_at(
    kinds: frozenset[DestinationType], obj: Model, label: str, customer_id: int | None
) -> None:
    """:class:`Conflict` naming every holder when anything points at ``obj``."""
    holders = await pointers(kinds, obj.pk, customer_id)
    if holders:
        shown = ", ".join(holders[:5]) + (
            f" and {len(holders) - 5} more" if len(holders) > 5 else ""
        )
        raise Conflict(
            f"The {label} {str(obj)!r} is in use by {shown}; point them elsewhere first",
            [{"path": "$", "message": f"used by {h}"} for h in holders],
        )

"""IVR menus, ring groups, queues and conference rooms: the customer's call features."""

from __future__ import annotations

from typing import Any

from telephony.class5.destinations import DIGIT_KEYS, Problems, check_destination
from telephony.class5.models import (
    CallQueue,
    ConferenceRoom,
    DestinationType,
    GroupStrategy,
    IvrMenu,
    RingGroup,
)
from telephony.class5.services import base, fields

#: What a ring group rings, and what a queue offers callers to.
RINGABLE = frozenset({DestinationType.EXTENSION, DestinationType.EXTERNAL, DestinationType.URI})
AGENTS = frozenset({DestinationType.EXTENSION})
MAX_MEMBERS = 100


def _owned_snapshot(obj: Any, current: dict[str, Any]) -> dict[str, Any]:
    return {"id": obj.id, "uuid": str(obj.uuid), **current}


async def _fallback(
    problems: Problems, values: dict[str, Any], name: str, customer_id: int | None
) -> dict[str, Any] | None:
    if values.get(name) is None or customer_id is None:
        return None
    return await check_destination(values[name], customer_id, name, problems)


# -- IVR menus ---------------------------------------------------------------------------------


def ivr_current(menu: IvrMenu) -> dict[str, Any]:
    return {
        "name": menu.name,
        "customer": menu.customer_id,  # type: ignore[attr-defined]
        "prompt": menu.prompt,
        "options": menu.options,
        "timeout": menu.timeout,
        "tries": menu.tries,
        "invalid_prompt": menu.invalid_prompt,
        "fallback": menu.fallback,
    }


async def ivr_check(problems: Problems, values: dict[str, Any], existing: Any) -> dict[str, Any]:
    customer_id = await base.check_customer(problems, values.get("customer"))
    columns: dict[str, Any] = {
        "name": fields.text(problems, values, "name", 100, required=True),
        "customer_id": customer_id,
        "prompt": await fields.prompt(
            problems, values.get("prompt"), "prompt", customer_id, required=True
        ),
        "invalid_prompt": await fields.prompt(
            problems, values.get("invalid_prompt"), "invalid_prompt", customer_id, required=False
        ),
        "timeout": fields.integer(problems, values, "timeout", 1, 60),
        "tries": fields.integer(problems, values, "tries", 1, 10),
        "fallback": await _fallback(problems, values, "fallback", customer_id),
    }
    options = values.get("options")
    checked: dict[str, Any] = {}
    if not isinstance(options, dict) or not options:
        problems.add("options", 'at least one digit -> destination, e.g. {"1": {...}}')
    elif customer_id is not None:
        for digit, dest in options.items():
            if digit not in DIGIT_KEYS:
                problems.add(f"options.{digit}", "keys are single digits 0-9, * or #")
                continue
            if (
                existing is not None
                and isinstance(dest, dict)
                and dest.get("type") == DestinationType.IVR_MENU
                and dest.get("target") in (existing.id, str(existing.uuid), existing.name)
                and len(options) == 1
            ):
                problems.add(f"options.{digit}", "a menu whose only option is itself traps callers")
                continue
            found = await check_destination(dest, customer_id, f"options.{digit}", problems)
            if found is not None:
                checked[digit] = found
    columns["options"] = dict(sorted(checked.items()))
    return columns


async def ivr_clashes(columns: dict[str, Any], existing: Any) -> list[dict[str, str]]:
    return await base.name_clash(IVR_MENU, columns, existing)


IVR_MENU: base.Kind[IvrMenu] = base.Kind(
    model=IvrMenu,
    object_type="ivr_menu",
    label="IVR menu",
    defaults={
        "name": None,
        "customer": None,
        "prompt": None,
        "options": {},
        "timeout": 5,
        "tries": 3,
        "invalid_prompt": {},
        "fallback": None,
    },
    check=ivr_check,
    current=ivr_current,
    snapshot=lambda menu: _owned_snapshot(menu, ivr_current(menu)),
    clashes=ivr_clashes,
    reached_as=frozenset({DestinationType.IVR_MENU}),
)


# -- ring groups -------------------------------------------------------------------------------


def group_current(group: RingGroup) -> dict[str, Any]:
    return {
        "name": group.name,
        "customer": group.customer_id,  # type: ignore[attr-defined]
        "extension": group.extension,
        "strategy": GroupStrategy(group.strategy).value,
        "members": group.members,
        "fallback": group.fallback,
    }


async def _member(
    problems: Problems, member: Any, path: str, customer_id: int
) -> dict[str, Any] | None:
    if not isinstance(member, dict):
        problems.add(path, "an object {destination, ring_timeout, sort_index, weight}")
        return None
    for extra in sorted(set(member) - {"destination", "ring_timeout", "sort_index", "weight"}):
        problems.add(f"{path}.{extra}", "unknown field")
    values = {"ring_timeout": 20, "sort_index": 0, "weight": 1, **member}
    sub = Problems()
    checked = {
        "ring_timeout": fields.integer(sub, values, "ring_timeout", 5, 120),
        "sort_index": fields.integer(sub, values, "sort_index", 0, 1000),
        "weight": fields.integer(sub, values, "weight", 1, 1000),
    }
    for item in sub.items:
        problems.add(f"{path}.{item['path']}", item["message"])
    dest = await check_destination(
        member.get("destination"), customer_id, f"{path}.destination", problems, RINGABLE
    )
    return {"destination": dest, **checked}


async def group_check(problems: Problems, values: dict[str, Any], existing: Any) -> dict[str, Any]:
    customer_id = await base.check_customer(problems, values.get("customer"))
    try:
        strategy = GroupStrategy(str(values.get("strategy")))
    except ValueError:
        problems.add("strategy", f"one of {', '.join(s.value for s in GroupStrategy)}")
        strategy = GroupStrategy.SIMULTANEOUS
    columns: dict[str, Any] = {
        "name": fields.text(problems, values, "name", 100, required=True),
        "customer_id": customer_id,
        "extension": fields.extension(problems, values),
        "strategy": strategy,
        "fallback": await _fallback(problems, values, "fallback", customer_id),
    }
    members = values.get("members")
    checked = []
    if not isinstance(members, list) or not members:
        problems.add("members", "at least one member")
    elif len(members) > MAX_MEMBERS:
        problems.add("members", f"at most {MAX_MEMBERS}")
    elif customer_id is not None:
        for i, member in enumerate(members):
            found = await _member(problems, member, f"members.{i}", customer_id)
            if found is not None:
                checked.append(found)
        targets = [(m["destination"] or {}).get("target") for m in checked]
        for i, target in enumerate(targets):
            if target is not None and target in targets[:i]:
                problems.add(f"members.{i}.destination", "is already a member")
    columns["members"] = checked
    return columns


async def _extension_and_name(
    kind: base.Kind[Any], columns: dict[str, Any], existing: Any
) -> list[dict[str, str]]:
    return await base.name_clash(kind, columns, existing) + await base.extension_clash(
        columns, existing
    )


async def group_clashes(columns: dict[str, Any], existing: Any) -> list[dict[str, str]]:
    return await _extension_and_name(RING_GROUP, columns, existing)


RING_GROUP: base.Kind[RingGroup] = base.Kind(
    model=RingGroup,
    object_type="ring_group",
    label="ring group",
    defaults={
        "name": None,
        "customer": None,
        "extension": None,
        "strategy": GroupStrategy.SIMULTANEOUS.value,
        "members": [],
        "fallback": None,
    },
    check=group_check,
    current=group_current,
    snapshot=lambda group: _owned_snapshot(group, group_current(group)),
    clashes=group_clashes,
    reached_as=frozenset({DestinationType.GROUP}),
)


# -- queues ------------------------------------------------------------------------------------


def queue_current(queue: CallQueue) -> dict[str, Any]:
    return {
        "name": queue.name,
        "customer": queue.customer_id,  # type: ignore[attr-defined]
        "extension": queue.extension,
        "music": queue.music,
        "announce_every": queue.announce_every,
        "max_wait": queue.max_wait,
        "overflow": queue.overflow,
        "agents": queue.agents,
    }


async def queue_check(problems: Problems, values: dict[str, Any], existing: Any) -> dict[str, Any]:
    customer_id = await base.check_customer(problems, values.get("customer"))
    music = values.get("music") or ""
    columns: dict[str, Any] = {
        "name": fields.text(problems, values, "name", 100, required=True),
        "customer_id": customer_id,
        "extension": fields.extension(problems, values),
        "music": await fields.audio_source(problems, music, "music", customer_id) if music else "",
        "announce_every": fields.integer(problems, values, "announce_every", 0, 3600),
        "max_wait": fields.integer(problems, values, "max_wait", 10, 86_400),
        "overflow": await _fallback(problems, values, "overflow", customer_id),
    }
    agents = values.get("agents") or []
    checked: list[dict[str, Any]] = []
    if not isinstance(agents, list) or len(agents) > MAX_MEMBERS:
        problems.add("agents", f"a list of at most {MAX_MEMBERS} extensions")
    elif customer_id is not None:
        for i, agent in enumerate(agents):
            found = await check_destination(agent, customer_id, f"agents.{i}", problems, AGENTS)
            if found is None:
                continue
            if found in checked:
                problems.add(f"agents.{i}", "is already an agent")
            checked.append(found)
    columns["agents"] = checked
    return columns


async def queue_clashes(columns: dict[str, Any], existing: Any) -> list[dict[str, str]]:
    return await _extension_and_name(QUEUE, columns, existing)


QUEUE: base.Kind[CallQueue] = base.Kind(
    model=CallQueue,
    object_type="call_queue",
    label="queue",
    defaults={
        "name": None,
        "customer": None,
        "extension": None,
        "music": "",
        "announce_every": 30,
        "max_wait": 600,
        "overflow": None,
        "agents": [],
    },
    check=queue_check,
    current=queue_current,
    snapshot=lambda queue: _owned_snapshot(queue, queue_current(queue)),
    clashes=queue_clashes,
    reached_as=frozenset({DestinationType.QUEUE}),
)


# -- conference rooms --------------------------------------------------------------------------


def room_current(room: ConferenceRoom) -> dict[str, Any]:
    return {
        "name": room.name,
        "customer": room.customer_id,  # type: ignore[attr-defined]
        "extension": room.extension,
        "pin": room.pin,
        "moderator_pin": room.moderator_pin,
        "max_members": room.max_members,
    }


async def room_check(problems: Problems, values: dict[str, Any], existing: Any) -> dict[str, Any]:
    customer_id = await base.check_customer(problems, values.get("customer"))
    columns: dict[str, Any] = {
        "name": fields.text(problems, values, "name", 100, required=True),
        "customer_id": customer_id,
        "extension": fields.extension(problems, values),
        "max_members": fields.integer(problems, values, "max_members", 0, 10_000),
    }
    for name in ("pin", "moderator_pin"):
        value = values.get(name) or ""
        if not isinstance(value, str) or not fields.PIN.match(value):
            problems.add(name, "up to 16 digits (empty: none)")
            value = ""
        columns[name] = value
    if columns["moderator_pin"] and columns["moderator_pin"] == columns["pin"]:
        problems.add("moderator_pin", "must differ from pin, or moderators could not be told apart")
    return columns


async def room_clashes(columns: dict[str, Any], existing: Any) -> list[dict[str, str]]:
    return await _extension_and_name(CONFERENCE_ROOM, columns, existing)


CONFERENCE_ROOM: base.Kind[ConferenceRoom] = base.Kind(
    model=ConferenceRoom,
    object_type="conference_room",
    label="conference room",
    defaults={
        "name": None,
        "customer": None,
        "extension": None,
        "pin": "",
        "moderator_pin": "",
        "max_members": 0,
    },
    check=room_check,
    current=room_current,
    snapshot=lambda room: _owned_snapshot(room, room_current(room)),
    clashes=room_clashes,
    reached_as=frozenset({DestinationType.CONFERENCE}),
)

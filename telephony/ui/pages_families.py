"""The six Class 5 families as pages: for each, how its form reads, what it sends to the
service, how an object fills the form, and the list's columns."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from runtime.auth.principal import Principal
from runtime.ui.support import field
from telephony.class5.destinations import normalise_number
from telephony.class5.models import (
    DestinationType,
    GroupStrategy,
    MessageStatus,
    VoicemailMessage,
)
from telephony.class5.services import dids, features, sip_users, voicemail
from telephony.ui.pages_forms import (
    INTEGER,
    Choices,
    Column,
    Family,
    blank_dest,
    checked,
    customer_ref,
    dest_form,
    dest_value,
    is_blank_dest,
    put_int,
    read_dest,
    row_count,
    whole,
)


def _customer(obj: Any, choices: Choices) -> str:
    return choices.customer_names.get(obj.customer_id, "—")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _by_name(qs: QuerySet[Any], q: str) -> QuerySet[Any]:
    return qs.filter(name__icontains=q)


def _owned_form(obj: Any) -> dict[str, Any]:
    return {
        "name": obj.name,
        "customer": str(obj.customer_id),
        "extension": obj.extension or "",
    }


def _owned_read(form: FormData) -> dict[str, Any]:
    return {k: field(form, k) for k in ("name", "customer", "extension")}


def _owned_values(state: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": state["name"],
        "customer": customer_ref(state["customer"]),
        "extension": state["extension"] or None,
    }


# -- DIDs --------------------------------------------------------------------------------------

#: The time attributes a DID alternative's row has a field for; others go in "more".
WHEN_FIELDS = (("wday", "wday"), ("time_of_day", "time-of-day"), ("date_time", "date-time"))


def _blank_alternative() -> dict[str, Any]:
    return {
        "wday": "",
        "time_of_day": "",
        "date_time": "",
        "timezone": "",
        "more": "",
        "dest": blank_dest(),
    }


def _when_form(when: dict[str, Any]) -> dict[str, str]:
    row = {key: str(when.get(attr, "")) for key, attr in WHEN_FIELDS}
    row["timezone"] = str(when.get("timezone", ""))
    named = {attr for _, attr in WHEN_FIELDS} | {"timezone"}
    row["more"] = "; ".join(f"{k}={v}" for k, v in when.items() if k not in named)
    return row


def _when_value(row: dict[str, Any]) -> dict[str, str]:
    """The row's condition attributes; ``more`` holds ``name=value; name=value``."""
    when = {attr: row[key] for key, attr in WHEN_FIELDS if row[key]}
    if row["timezone"]:
        when["timezone"] = row["timezone"]
    for part in row["more"].split(";"):
        name, _, value = part.partition("=")
        if name.strip():
            when[name.strip()] = value.strip()
    return when


def did_read(form: FormData) -> dict[str, Any]:
    rows = []
    for i in range(row_count(form, "alt")):
        key = f"alt-{i}"
        texts = {
            name: field(form, f"{key}-{name}") for name in _blank_alternative() if name != "dest"
        }
        dest = read_dest(form, f"{key}-dest")
        row: dict[str, Any] = {**texts, "dest": dest}
        blank = is_blank_dest(dest) and not any(texts.values())
        if not blank and not checked(form, f"{key}-remove"):
            rows.append(row)
    return {
        "number": field(form, "number"),
        "customer": field(form, "customer"),
        "dest": read_dest(form, "dest"),
        "enabled": checked(form, "enabled"),
        "tags": field(form, "tags"),
        "alternatives": rows,
    }


def did_values(state: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": state["number"],
        "customer": customer_ref(state["customer"]),
        "destination": dest_value(state["dest"]),
        "enabled": state["enabled"],
        "tags": [t for t in state["tags"].replace(",", " ").split() if t],
        "alternatives": [
            {"when": _when_value(row), "destination": dest_value(row["dest"])}
            for row in state["alternatives"]
        ],
    }


def did_form(did: Any) -> dict[str, Any]:
    return {
        "number": did.number,
        "customer": str(did.customer_id or ""),
        "dest": dest_form(did.destination),
        "enabled": did.enabled,
        "tags": ", ".join(did.tags),
        "alternatives": [
            {**_when_form(alt.get("when") or {}), "dest": dest_form(alt.get("destination"))}
            for alt in did.alternatives
        ],
    }


def did_blank(customer: str) -> dict[str, Any]:
    return {
        "number": "",
        "customer": customer,
        "dest": blank_dest(),
        "enabled": True,
        "tags": "",
        "alternatives": [],
    }


def did_search(qs: QuerySet[Any], q: str) -> QuerySet[Any]:
    return qs.filter(number__contains=normalise_number(q))


DIDS = Family(
    slug="did",
    plural="dids",
    path="/voice/dids",
    title="DIDs",
    kind=dids.KIND,
    read=did_read,
    values=did_values,
    to_form=did_form,
    blank=did_blank,
    search=did_search,
    search_hint="number",
    order=("number",),
    rows="alternatives",
    blank_row=_blank_alternative,
    columns=(
        Column("Number", lambda d, c: "+" + d.number),
        Column("Customer", _customer),
        Column("Destination", lambda d, c: c.describe(d.destination)),
        Column("Time-based", lambda d, c: str(len(d.alternatives))),
        Column("Enabled", lambda d, c: _yes_no(d.enabled)),
    ),
)


# -- SIP users ---------------------------------------------------------------------------------


def sip_user_read(form: FormData) -> dict[str, Any]:
    state: dict[str, Any] = {
        k: field(form, k)
        for k in ("username", "customer", "extension", "display_name", "channels", "cps")
    }
    # Written, never shown again: the password is not part of what is re-shown.
    state["password"] = str(form.get("password", ""))
    state["ip_whitelist"] = field(form, "ip_whitelist")
    state["enabled"] = checked(form, "enabled")
    return state


def sip_user_values(state: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "username": state["username"],
        "customer": customer_ref(state["customer"]),
        "extension": state["extension"] or None,
        "display_name": state["display_name"],
        "ip_whitelist": state["ip_whitelist"].replace(",", " ").split(),
        "enabled": state["enabled"],
    }
    put_int(values, "channels", state["channels"])
    put_int(values, "cps", state["cps"])
    if state.get("password"):
        values["password"] = state["password"]
    return values


def sip_user_form(user: Any) -> dict[str, Any]:
    return {
        "username": user.username,
        "customer": str(user.customer_id),
        "extension": user.extension or "",
        "display_name": user.display_name,
        "channels": str(user.channels),
        "cps": str(user.cps),
        "ip_whitelist": "\n".join(user.ip_whitelist),
        "enabled": user.enabled,
    }


def sip_user_blank(customer: str) -> dict[str, Any]:
    return {
        "username": "",
        "customer": customer,
        "extension": "",
        "display_name": "",
        "channels": "2",
        "cps": "0",
        "ip_whitelist": "",
        "enabled": True,
    }


def _realm(request: Request) -> str:
    return str(request.app.state.settings.sip_realm)


async def _create_sip_user(request: Request, actor: Principal, values: dict[str, Any]) -> Any:
    return await sip_users.create_sip_user(actor, values, realm=_realm(request))


async def _update_sip_user(
    request: Request, actor: Principal, user: Any, values: dict[str, Any]
) -> Any:
    return await sip_users.update_sip_user(actor, user, values, realm=_realm(request))


SIP_USERS = Family(
    slug="sip_user",
    plural="sip_users",
    path="/voice/sip-users",
    title="SIP users",
    kind=sip_users.KIND,
    read=sip_user_read,
    values=sip_user_values,
    to_form=sip_user_form,
    blank=sip_user_blank,
    search=lambda qs, q: qs.filter(Q(username__icontains=q) | Q(extension__contains=q)),
    search_hint="username or extension",
    order=("username",),
    create=_create_sip_user,
    update=_update_sip_user,
    columns=(
        Column("Username", lambda u, c: u.username),
        Column("Customer", _customer),
        Column("Extension", lambda u, c: u.extension or "—"),
        Column("Display name", lambda u, c: u.display_name or "—"),
        Column("Enabled", lambda u, c: _yes_no(u.enabled)),
    ),
)


# -- ring groups -------------------------------------------------------------------------------


def _blank_member() -> dict[str, Any]:
    return {"dest": blank_dest(), "ring_timeout": "20", "weight": "1"}


def ring_group_read(form: FormData) -> dict[str, Any]:
    members = []
    for i in range(row_count(form, "member")):
        key = f"member-{i}"
        dest = read_dest(form, f"{key}-dest")
        if not is_blank_dest(dest) and not checked(form, f"{key}-remove"):
            members.append(
                {
                    "dest": dest,
                    "ring_timeout": field(form, f"{key}-ring_timeout"),
                    "weight": field(form, f"{key}-weight"),
                }
            )
    return {
        **_owned_read(form),
        "strategy": field(form, "strategy"),
        "members": members,
        "fallback": read_dest(form, "fallback"),
    }


def ring_group_values(state: dict[str, Any]) -> dict[str, Any]:
    members = []
    for i, row in enumerate(state["members"]):
        member: dict[str, Any] = {"destination": dest_value(row["dest"]), "sort_index": i}
        put_int(member, "ring_timeout", row["ring_timeout"])
        put_int(member, "weight", row["weight"])
        members.append(member)
    return {
        **_owned_values(state),
        "strategy": state["strategy"],
        "members": members,
        "fallback": dest_value(state["fallback"]),
    }


def ring_group_form(group: Any) -> dict[str, Any]:
    ordered = sorted(group.members, key=lambda m: m.get("sort_index", 0))
    return {
        **_owned_form(group),
        "strategy": str(group.strategy.value),
        "members": [
            {
                "dest": dest_form(m.get("destination")),
                "ring_timeout": str(m.get("ring_timeout", 20)),
                "weight": str(m.get("weight", 1)),
            }
            for m in ordered
        ],
        "fallback": dest_form(group.fallback),
    }


def ring_group_blank(customer: str) -> dict[str, Any]:
    return {
        "name": "",
        "customer": customer,
        "extension": "",
        "strategy": GroupStrategy.SIMULTANEOUS.value,
        "members": [],
        "fallback": blank_dest(),
    }


RING_GROUPS = Family(
    slug="ring_group",
    plural="ring_groups",
    path="/voice/ring-groups",
    title="Ring groups",
    kind=features.RING_GROUP,
    read=ring_group_read,
    values=ring_group_values,
    to_form=ring_group_form,
    blank=ring_group_blank,
    search=_by_name,
    order=("name", "id"),
    rows="members",
    blank_row=_blank_member,
    columns=(
        Column("Name", lambda g, c: g.name),
        Column("Customer", _customer),
        Column("Extension", lambda g, c: g.extension or "—"),
        Column("Strategy", lambda g, c: str(g.strategy.value).replace("_", " ")),
        Column("Members", lambda g, c: str(len(g.members))),
    ),
)


# -- queues ------------------------------------------------------------------------------------


def _blank_agent() -> dict[str, Any]:
    return {"agent": ""}


def queue_read(form: FormData) -> dict[str, Any]:
    agents = []
    for i in range(row_count(form, "agent")):
        agent = field(form, f"agent-{i}-agent")
        if agent and not checked(form, f"agent-{i}-remove"):
            agents.append({"agent": agent})
    return {
        **_owned_read(form),
        **{k: field(form, k) for k in ("music", "announce_every", "max_wait")},
        "overflow": read_dest(form, "overflow"),
        "agents": agents,
    }


def queue_values(state: dict[str, Any]) -> dict[str, Any]:
    values = {
        **_owned_values(state),
        "music": state["music"],
        "overflow": dest_value(state["overflow"]),
        "agents": [
            {
                "type": DestinationType.EXTENSION.value,
                "target": int(row["agent"]) if INTEGER.match(row["agent"]) else "",
            }
            for row in state["agents"]
        ],
    }
    put_int(values, "announce_every", state["announce_every"])
    put_int(values, "max_wait", state["max_wait"])
    return values


def queue_form(queue: Any) -> dict[str, Any]:
    return {
        **_owned_form(queue),
        "music": queue.music,
        "announce_every": str(queue.announce_every),
        "max_wait": str(queue.max_wait),
        "overflow": dest_form(queue.overflow),
        "agents": [{"agent": str(a.get("target", ""))} for a in queue.agents],
    }


def queue_blank(customer: str) -> dict[str, Any]:
    return {
        "name": "",
        "customer": customer,
        "extension": "",
        "music": "",
        "announce_every": "30",
        "max_wait": "600",
        "overflow": blank_dest(),
        "agents": [],
    }


QUEUES = Family(
    slug="queue",
    plural="queues",
    path="/voice/queues",
    title="Queues",
    kind=features.QUEUE,
    read=queue_read,
    values=queue_values,
    to_form=queue_form,
    blank=queue_blank,
    search=_by_name,
    order=("name", "id"),
    rows="agents",
    blank_row=_blank_agent,
    columns=(
        Column("Name", lambda q, c: q.name),
        Column("Customer", _customer),
        Column("Extension", lambda q, c: q.extension or "—"),
        Column("Agents", lambda q, c: str(len(q.agents))),
        Column("Max wait", lambda q, c: f"{q.max_wait} s"),
        Column("Overflow", lambda q, c: c.describe(q.overflow)),
    ),
)


# -- conference rooms --------------------------------------------------------------------------


def room_read(form: FormData) -> dict[str, Any]:
    return {
        **_owned_read(form),
        **{k: field(form, k) for k in ("pin", "moderator_pin", "max_members")},
    }


def room_values(state: dict[str, Any]) -> dict[str, Any]:
    values = {**_owned_values(state), "pin": state["pin"], "moderator_pin": state["moderator_pin"]}
    put_int(values, "max_members", state["max_members"])
    return values


def room_form(room: Any) -> dict[str, Any]:
    return {
        **_owned_form(room),
        "pin": room.pin,
        "moderator_pin": room.moderator_pin,
        "max_members": str(room.max_members),
    }


def room_blank(customer: str) -> dict[str, Any]:
    return {
        "name": "",
        "customer": customer,
        "extension": "",
        "pin": "",
        "moderator_pin": "",
        "max_members": "0",
    }


CONFERENCE_ROOMS = Family(
    slug="conference_room",
    plural="conference_rooms",
    path="/voice/conference-rooms",
    title="Conference rooms",
    kind=features.CONFERENCE_ROOM,
    read=room_read,
    values=room_values,
    to_form=room_form,
    blank=room_blank,
    search=_by_name,
    order=("name", "id"),
    columns=(
        Column("Name", lambda r, c: r.name),
        Column("Customer", _customer),
        Column("Extension", lambda r, c: r.extension or "—"),
        Column("PIN", lambda r, c: _yes_no(bool(r.pin))),
        Column("Max members", lambda r, c: str(r.max_members or "no limit")),
    ),
)


# -- voicemail boxes ---------------------------------------------------------------------------

_BOX_FIELDS = (
    "name",
    "customer",
    "mailbox",
    "email",
    "email_template",
    "greeting",
    "max_messages",
    "max_seconds",
    "sip_user",
)


def box_read(form: FormData) -> dict[str, Any]:
    state: dict[str, Any] = {k: field(form, k) for k in _BOX_FIELDS}
    state["pin"] = str(form.get("pin", ""))
    return state


def box_values(state: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: state[k] for k in ("name", "mailbox", "email", "email_template", "greeting")
    }
    values["customer"] = customer_ref(state["customer"])
    values["sip_user"] = whole(state["sip_user"]) if state["sip_user"] else None
    put_int(values, "max_messages", state["max_messages"])
    put_int(values, "max_seconds", state["max_seconds"])
    if state.get("pin"):
        values["pin"] = state["pin"]
    return values


def box_form(box: Any) -> dict[str, Any]:
    return {
        "name": box.name,
        "customer": str(box.customer_id),
        "mailbox": box.mailbox,
        "email": box.email,
        "email_template": box.email_template,
        "greeting": box.greeting,
        "max_messages": str(box.max_messages),
        "max_seconds": str(box.max_seconds),
        "sip_user": str(box.sip_user_id or ""),
    }


def box_blank(customer: str) -> dict[str, Any]:
    return {
        **dict.fromkeys(_BOX_FIELDS, ""),
        "customer": customer,
        "max_messages": "100",
        "max_seconds": "120",
    }


async def _create_box(request: Request, actor: Principal, values: dict[str, Any]) -> Any:
    return await voicemail.create_box(actor, values)


async def _update_box(request: Request, actor: Principal, box: Any, values: dict[str, Any]) -> Any:
    return await voicemail.update_box(actor, box, values)


async def _box_messages(box: Any) -> dict[str, Any]:
    messages = await VoicemailMessage.filter(box_id=box.id).order_by("-created_at", "-id")
    return {"messages": messages, "new_status": MessageStatus.NEW}


VOICEMAIL_BOXES = Family(
    slug="voicemail_box",
    plural="voicemail_boxes",
    path="/voice/voicemail",
    title="Voicemail boxes",
    kind=voicemail.KIND,
    read=box_read,
    values=box_values,
    to_form=box_form,
    blank=box_blank,
    search=lambda qs, q: qs.filter(Q(name__icontains=q) | Q(mailbox__contains=q)),
    search_hint="name or mailbox",
    order=("name", "id"),
    create=_create_box,
    update=_update_box,
    extra_context=_box_messages,
    columns=(
        Column("Name", lambda b, c: b.name),
        Column("Customer", _customer),
        Column("Mailbox", lambda b, c: b.mailbox),
        Column("E-mail", lambda b, c: b.email or "—"),
        Column("Limits", lambda b, c: f"{b.max_messages} messages, {b.max_seconds} s each"),
    ),
)

FAMILIES: tuple[Family, ...] = (
    DIDS,
    SIP_USERS,
    RING_GROUPS,
    QUEUES,
    CONFERENCE_ROOMS,
    VOICEMAIL_BOXES,
)

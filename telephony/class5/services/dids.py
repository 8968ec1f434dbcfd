"""DIDs: numbers callers dial, where their calls go, and time-based alternatives.

Numbers are kept as E.164 digits (``+``, spaces and punctuation dropped). A bulk create is
all or nothing: one bad row or one number that exists fails the whole batch, naming it.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict
from runtime.services import audit
from runtime.services.common import unique
from telephony.class5.destinations import Problems, check_destination, normalise_number
from telephony.class5.models import Did
from telephony.class5.services import base

NUMBER = re.compile(r"^[1-9][0-9]{5,14}$")
TAG = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
MAX_ALTERNATIVES = 20
MAX_TAGS = 20
MAX_BULK = 1000
#: Condition attributes that are not about the time: a DID picks an alternative by the clock.
NOT_TIME = frozenset({"field", "expression"})

DEFAULTS: dict[str, Any] = {
    "customer": None,
    "destination": None,
    "alternatives": [],
    "enabled": True,
    "tags": [],
}


def current(did: Did) -> dict[str, Any]:
    return {
        "number": did.number,
        "customer": did.customer_id,  # type: ignore[attr-defined]
        "destination": did.destination,
        "alternatives": did.alternatives,
        "enabled": did.enabled,
        "tags": list(did.tags),
    }


def snapshot(did: Did) -> dict[str, Any]:
    return {"id": did.id, "uuid": str(did.uuid), **current(did)}


def _condition_problems(when: dict[str, Any]) -> list[tuple[str, str]]:
    from telephony.connexml.conditions import validate_condition

    return validate_condition(when)


async def check_when(problems: Problems, value: Any, path: str) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        problems.add(
            path,
            'time-condition attributes, e.g. {"wday": "mon-fri", "time-of-day": "09:00-17:00"}',
        )
        return {}
    when: dict[str, str] = {}
    for name, raw in value.items():
        if name in NOT_TIME:
            problems.add(
                f"{path}.{name}",
                "a DID alternative is chosen by time; use a ConneXML app to match call variables",
            )
        elif not isinstance(raw, str | int) or isinstance(raw, bool):
            problems.add(f"{path}.{name}", "must be text")
        else:
            when[name] = str(raw)
    for name, message in _condition_problems(when):
        problems.add(f"{path}.{name}", message)
    return when


async def check(
    problems: Problems, values: dict[str, Any], existing: Did | None, *, path: str = ""
) -> dict[str, Any]:
    def at(name: str) -> str:
        return f"{path}{name}"

    raw = values.get("number")
    number = (
        normalise_number(str(raw))
        if isinstance(raw, str | int) and not isinstance(raw, bool)
        else ""
    )
    if not NUMBER.match(number):
        problems.add(
            at("number"),
            "an E.164 number: 6 to 15 digits, not starting with 0 ('+' and spaces allowed)",
        )
    sub = Problems()
    customer_id = await base.check_customer(sub, values.get("customer"), required=False)
    for item in sub.items:
        problems.add(at(item["path"]), item["message"])
    # An unknown customer is reported once; its destinations are not looked up.
    customer_ok = values.get("customer") is None or customer_id is not None
    columns: dict[str, Any] = {"number": number, "customer_id": customer_id}
    if customer_ok:
        columns["destination"] = await check_destination(
            values.get("destination"), customer_id, at("destination"), problems
        )
    alternatives = values.get("alternatives") or []
    checked: list[dict[str, Any]] = []
    if not isinstance(alternatives, list):
        problems.add(at("alternatives"), "a list of {when, destination}")
    elif len(alternatives) > MAX_ALTERNATIVES:
        problems.add(at("alternatives"), f"at most {MAX_ALTERNATIVES}")
    else:
        for i, alt in enumerate(alternatives):
            where = at(f"alternatives.{i}")
            if not isinstance(alt, dict):
                problems.add(where, "an object {when, destination}")
                continue
            for extra in sorted(set(alt) - {"when", "destination"}):
                problems.add(f"{where}.{extra}", "unknown field")
            when = await check_when(problems, alt.get("when"), f"{where}.when")
            dest = None
            if customer_ok:
                dest = await check_destination(
                    alt.get("destination"), customer_id, f"{where}.destination", problems
                )
            checked.append({"when": when, "destination": dest})
    columns["alternatives"] = checked
    tags = values.get("tags") or []
    if not isinstance(tags, list) or len(tags) > MAX_TAGS:
        problems.add(at("tags"), f"a list of at most {MAX_TAGS} tags")
        tags = []
    for i, tag in enumerate(tags):
        if not isinstance(tag, str) or not TAG.match(tag):
            problems.add(at(f"tags.{i}"), "1 to 64 letters, digits and _ . : -")
    columns["tags"] = sorted(set(t for t in tags if isinstance(t, str)))
    columns["enabled"] = values.get("enabled") is not False
    return columns


async def clashes(columns: dict[str, Any], existing: Did | None) -> list[dict[str, str]]:
    qs = Did.filter(number=columns["number"])
    if existing is not None:
        qs = qs.exclude(id=existing.id)
    if await qs.exists():
        return [{"path": "number", "message": f"the DID {columns['number']} exists"}]
    return []


KIND: base.Kind[Did] = base.Kind(
    model=Did,
    object_type="did",
    label="DID",
    defaults=DEFAULTS,
    check=check,
    current=current,
    snapshot=snapshot,
    clashes=clashes,
    unique_field="number",
    fixed=(),
)


async def bulk_create(actor: Principal, rows: list[dict[str, Any]]) -> list[Did]:
    """Create every DID of ``rows`` or none: problems are reported with paths
    ``dids.<i>.<field>`` (422), numbers that exist or repeat as a 409 naming them."""
    if not rows:
        Problems([{"path": "dids", "message": "give at least one DID"}]).raise_if_any()
    if len(rows) > MAX_BULK:
        Problems([{"path": "dids", "message": f"at most {MAX_BULK} per request"}]).raise_if_any()
    problems = Problems()
    prepared = []
    for i, row in enumerate(rows):
        prepared.append(await check(problems, {**DEFAULTS, **row}, None, path=f"dids.{i}."))
    problems.raise_if_any()
    clashing: list[dict[str, str]] = []
    taken: list[str] = []
    first_at: dict[str, int] = {}
    for i, columns in enumerate(prepared):
        number = columns["number"]
        if number in first_at:
            message = f"{number} is also row {first_at[number]}"
            clashing.append({"path": f"dids.{i}.number", "message": message})
            taken.append(number)
        first_at.setdefault(number, i)
    existing: list[str] = await Did.filter(number__in=list(first_at)).values_list(
        "number", flat=True
    )  # type: ignore[assignment]
    for number in sorted(existing):
        message = f"the DID {number} exists"
        clashing.append({"path": f"dids.{first_at[number]}.number", "message": message})
        taken.append(number)
    if clashing:
        names = ", ".join(sorted(set(taken)))
        raise Conflict(f"No DID was created: {names} exist or repeat", clashing)
    made = []
    async with (
        unique("dids", "No DID was created: a number was taken meanwhile"),
        in_transaction() as conn,
    ):
        for columns in prepared:
            did = await Did.create(
                uuid=uuid.uuid4(), created_by=actor.name[:128], **columns, using_db=conn
            )
            await audit.record(
                actor, "did.create", "did", did.id, did.number, after=snapshot(did), using_db=conn
            )
            made.append(did)
    return made

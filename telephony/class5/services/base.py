"""The one create / update / delete flow every Class 5 object goes through.

A :class:`Kind` describes an object type as data: its model, the fields its input has, how
those are checked (every problem at once, 422) and which clashes make a 409 (a taken name,
username, number or extension). The flow records each change in the audit log, in the
transaction that makes it, with write-only secrets left out of the snapshots.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tortoise.models import Model
from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound
from runtime.models import Customer
from runtime.services import audit
from runtime.services.common import unique
from telephony.class5.destinations import Problems, refuse_if_pointed_at
from telephony.class5.models import CallQueue, ConferenceRoom, DestinationType, RingGroup
from telephony.models import SipUser

M = TypeVar("M", bound=Model)

#: ``await check(problems, values, existing, **context)`` -> the model's column values.
Check = Callable[..., Awaitable[dict[str, Any]]]
#: ``await clashes(columns, existing)`` -> ``[{"path", "message"}]`` (409 when any).
Clashes = Callable[[dict[str, Any], Any], Awaitable[list[dict[str, str]]]]


async def _no_clashes(columns: dict[str, Any], existing: Any) -> list[dict[str, str]]:
    return []


@dataclass(frozen=True)
class Kind(Generic[M]):
    model: type[M]
    #: The audit log's object type (``ring_group``) and the word users read (``ring group``).
    object_type: str
    label: str
    #: The input fields (as the API names them) and their values when absent on create.
    defaults: Mapping[str, Any]
    check: Check
    #: Input-shaped values of an existing object (secrets excluded), to merge changes into.
    current: Callable[[M], dict[str, Any]]
    snapshot: Callable[[M], dict[str, Any]]
    clashes: Clashes = _no_clashes
    #: The destination types that reach this object (deleting it is refused while used).
    reached_as: frozenset[DestinationType] = frozenset()
    #: Input fields set only on create.
    fixed: tuple[str, ...] = ("customer",)
    #: The field a unique-constraint race is reported on (the checks catch the usual case).
    unique_field: str = "name"
    describe: Callable[[M], str] = field(default=str)


async def get(kind: Kind[M], object_id: int) -> M:
    found = await kind.model.get_or_none(id=object_id)
    if found is None:
        raise NotFound(f"No {kind.label} with id {object_id}")
    return found


async def check_customer(problems: Problems, ref: Any, *, required: bool = True) -> int | None:
    """The id of the customer ``ref`` (an id), or None after noting the problem."""
    if ref is None:
        if required:
            problems.add("customer", "required")
        return None
    if isinstance(ref, bool) or not isinstance(ref, int):
        problems.add("customer", "the customer's id")
        return None
    if not await Customer.exists(id=ref):
        problems.add("customer", f"no customer with id {ref}")
        return None
    return ref


def check_fixed(problems: Problems, kind: Kind[Any], values: dict[str, Any], existing: Any) -> None:
    if existing is None:
        return
    current = kind.current(existing)
    for name in kind.fixed:
        if name in values and values[name] != current.get(name):
            problems.add(name, f"is fixed once the {kind.label} exists; make a new one instead")


async def create(actor: Principal, kind: Kind[M], values: dict[str, Any], **context: Any) -> M:
    merged = {**kind.defaults, **values}
    problems = Problems()
    columns = await kind.check(problems, merged, None, **context)
    await check_number_block(problems, columns)
    problems.raise_if_any()
    await _raise_clashes(kind, columns, None)
    async with (
        unique(kind.unique_field, f"Another request has just taken this {kind.unique_field}"),
        in_transaction() as conn,
    ):
        extra: dict[str, Any] = {"uuid": uuid.uuid4()}
        if "created_by" in kind.model._meta.fields_map:
            extra["created_by"] = actor.name[:128]
        obj = await kind.model.create(**extra, **columns, using_db=conn)
        await audit.record(
            actor,
            f"{kind.object_type}.create",
            kind.object_type,
            obj.pk,
            kind.describe(obj),
            after=kind.snapshot(obj),
            using_db=conn,
        )
    return obj


async def update(
    actor: Principal, kind: Kind[M], obj: M, changes: dict[str, Any], **context: Any
) -> M:
    before = kind.snapshot(obj)
    problems = Problems()
    check_fixed(problems, kind, changes, obj)
    merged = {**kind.current(obj), **changes}
    columns = await kind.check(problems, merged, obj, **context)
    await check_number_block(problems, columns)
    problems.raise_if_any()
    await _raise_clashes(kind, columns, obj)
    for name, value in columns.items():
        setattr(obj, name, value)
    async with (
        unique(kind.unique_field, f"Another request has just taken this {kind.unique_field}"),
        in_transaction() as conn,
    ):
        await obj.save(using_db=conn)
        await audit.record(
            actor,
            f"{kind.object_type}.update",
            kind.object_type,
            obj.pk,
            kind.describe(obj),
            before=before,
            after=kind.snapshot(obj),
            using_db=conn,
        )
    return obj


async def delete(actor: Principal, kind: Kind[M], obj: M) -> None:
    if kind.reached_as:
        customer_id = getattr(obj, "customer_id", None)
        await refuse_if_pointed_at(kind.reached_as, obj, kind.label, customer_id)
    before = kind.snapshot(obj)
    async with in_transaction() as conn:
        await obj.delete(using_db=conn)
        await audit.record(
            actor,
            f"{kind.object_type}.delete",
            kind.object_type,
            before["id"],
            kind.describe(obj),
            before=before,
            using_db=conn,
        )


async def _raise_clashes(kind: Kind[Any], columns: dict[str, Any], existing: Any) -> None:
    found = await kind.clashes(columns, existing)
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise Conflict(f"{first['path']}: {first['message']}{more}", found)


async def name_clash(
    kind: Kind[Any], columns: dict[str, Any], existing: Any, **scope: Any
) -> list[dict[str, str]]:
    """A taken name among the customer's objects of this kind (system-wide ones among
    themselves), as a clash."""
    qs = kind.model.filter(name=columns["name"], customer_id=columns.get("customer_id"), **scope)
    if existing is not None:
        qs = qs.exclude(id=existing.pk)
    if await qs.exists():
        whose = "this customer" if columns.get("customer_id") else "the system-wide ones"
        return [
            {"path": "name", "message": f"{kind.label} {columns['name']!r} exists among {whose}"}
        ]
    return []


# -- one number, one thing: extensions within a customer ---------------------------------------

_EXTENSION_HOLDERS: tuple[tuple[type[Model], str], ...] = (
    (SipUser, "SIP user"),
    (RingGroup, "ring group"),
    (CallQueue, "queue"),
    (ConferenceRoom, "conference room"),
)


async def extension_holder(customer_id: int, extension: str, existing: Any) -> str | None:
    """What already answers on ``extension`` in the customer (``"SIP user 'alice'"``),
    ``existing`` itself excluded."""
    for model, label in _EXTENSION_HOLDERS:
        qs = model.filter(customer_id=customer_id, extension=extension)
        if existing is not None and isinstance(existing, model):
            qs = qs.exclude(id=existing.pk)
        holder = await qs.first()
        if holder is not None:
            return f"{label} {str(holder)!r}"
    return None


async def extensions_of(customer_id: int) -> list[tuple[str, str]]:
    """Every extension of the customer, as ``("SIP user 'alice'", "1001")``."""
    found: list[tuple[str, str]] = []
    for model, label in _EXTENSION_HOLDERS:
        rows: list[Any] = await model.filter(customer_id=customer_id, extension__isnull=False)
        found.extend((f"{label} {str(row)!r}", str(row.extension)) for row in rows)
    return found


async def check_number_block(problems: Problems, columns: dict[str, Any]) -> None:
    """An extension must come from the customer's number block, when it has one."""
    extension, customer_id = columns.get("extension"), columns.get("customer_id")
    if not extension or customer_id is None:
        return
    customer = await Customer.get_or_none(id=customer_id)
    start, size = (
        (customer.number_block_start, customer.number_block_size) if customer else (None, None)
    )
    if start is None or size is None:
        return
    if not start <= int(extension) < start + size:
        problems.add(
            "extension",
            f"must come from the customer's number block {start}-{start + size - 1}",
        )


async def extension_clash(columns: dict[str, Any], existing: Any) -> list[dict[str, str]]:
    extension = columns.get("extension")
    if not extension:
        return []
    holder = await extension_holder(columns["customer_id"], extension, existing)
    if holder:
        return [{"path": "extension", "message": f"extension {extension} is already {holder}"}]
    return []

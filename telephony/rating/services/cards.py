"""Rate cards: provider cards (a carrier's prices) and customer cards (ours, built from
provider cards, its parents).

A provider card's currency is its carrier's; a card's kind, carrier and currency are fixed
once it exists (its rows are priced in it). A customer card's parents are provider cards,
added and removed one at a time (:func:`add_parent`, :func:`remove_parent`; the pages and
the API share them) or replaced as a list (``parents`` of :func:`update_card`). Deleting a
card that is a parent, or that an ingress route uses, is a ``Conflict``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from tortoise import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.services import audit
from runtime.services.common import unique
from telephony.rating.models import (
    CardKind,
    CardParent,
    Compact,
    Direction,
    Rate,
    RateCard,
    RateRevision,
    Rounding,
    Strategy,
)
from telephony.rating.services import common
from telephony.rating.services.carriers import find_carrier

__all__ = [
    "DESTINATION_TYPES",
    "add_parent",
    "create_card",
    "delete_card",
    "find_card",
    "get_card",
    "parent_snapshot",
    "parents_of",
    "recipe_changed",
    "remove_parent",
    "set_parents",
    "snapshot",
    "update_card",
]

#: Destination types a card may block (spec §2.3): international numbering-plan types,
#: LRN line types and NANPA range types.
DESTINATION_TYPES = frozenset(
    {
        "FIXED", "MOBILE", "MOBILE/FIXED", "MOBILE/PAGING", "PAGING", "SATELLITE",
        "SUPPLEMENTARY SERVICES", "VOIP", "OTHER", "CAP", "CLEC", "GENERAL", "ICO", "IPES",
        "L RESELLER", "PCS", "RBOC", "ULEC", "UNKNOWN", "W RESELLER", "WIRELESS",
    }
)  # fmt: skip
PRESENTATIONS = ("single", "inter_intra")
#: Fields any card may change after creation.
_EDITABLE = (
    "name", "direction", "precision", "rounding", "duration_rounding", "tech_prefix",
    "capped_rate", "blocked_types", "presentation", "compact", "strategy", "notes",
)  # fmt: skip


def snapshot(card: RateCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "uuid": str(card.uuid),
        "name": card.name,
        "kind": card.kind,
        "carrier_id": card.carrier_id,  # type: ignore[attr-defined]
        "currency": card.currency,
        "direction": card.direction,
        "precision": card.precision,
        "rounding": card.rounding,
        "duration_rounding": card.duration_rounding,
        "tech_prefix": card.tech_prefix,
        "capped_rate": card.capped_rate,
        "blocked_types": list(card.blocked_types or []),
        "presentation": card.presentation,
        "compact": card.compact,
        "strategy": card.strategy,
        "stale": card.stale,
        "notes": card.notes,
    }


async def get_card(card_id: int) -> RateCard:
    card = await RateCard.get_or_none(id=card_id)
    if card is None:
        raise NotFound(f"No rate card with id {card_id}")
    return card


async def find_card(ref: str | int, kind: CardKind | None = None) -> RateCard:
    """A card by name, else by id (what the CLI's CARD arguments accept); ``kind`` also
    requires that kind."""
    text = str(ref).strip()
    found = await RateCard.get_or_none(name=text)
    if found is None and text.isdigit():
        found = await RateCard.get_or_none(id=int(text))
    if found is None:
        raise NotFound(f"No rate card {text!r}")
    if kind is not None and found.kind != kind:
        raise ValidationFailed.field("card", f"{found.name!r} is not a {kind.value} card")
    return found


def _blocked_types(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationFailed.field("blocked_types", "a list of destination types")
    chosen = sorted({v.strip().upper() for v in value})
    unknown = [v for v in chosen if v not in DESTINATION_TYPES]
    if unknown:
        raise ValidationFailed.field(
            "blocked_types",
            f"unknown {', '.join(unknown)}; choose from {', '.join(sorted(DESTINATION_TYPES))}",
        )
    return chosen


def _apply(card: RateCard, values: dict[str, Any]) -> None:
    checks: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: common.name("name", v),
        "direction": lambda v: common.choice("direction", v, Direction),
        "precision": lambda v: common.count("precision", v, 0, 8),
        "rounding": lambda v: common.choice("rounding", v, Rounding),
        "duration_rounding": lambda v: common.choice("duration_rounding", v, Rounding),
        "tech_prefix": lambda v: common.digits("tech_prefix", v),
        "blocked_types": _blocked_types,
        "compact": lambda v: common.choice("compact", v, Compact),
        "strategy": lambda v: common.choice("strategy", v, Strategy),
        "notes": str,
    }
    for field, check in checks.items():
        if values.get(field) is not None:
            setattr(card, field, check(values[field]))
    if "capped_rate" in values:
        card.capped_rate = common.money("capped_rate", values["capped_rate"], null=True)
    if values.get("presentation") is not None:
        if values["presentation"] not in PRESENTATIONS:
            raise ValidationFailed.field("presentation", f"one of {', '.join(PRESENTATIONS)}")
        card.presentation = values["presentation"]


async def _parents(parents: list[Any]) -> list[tuple[RateCard, int, int]]:
    """``[{"card": ref, "weight": 1, "position": 0} | ref, ...]`` as checked
    ``(parent, weight, position)``."""
    links: list[tuple[RateCard, int, int]] = []
    seen: set[int] = set()
    for i, item in enumerate(parents):
        spec = item if isinstance(item, dict) else {"card": item}
        path = f"parents.{i}"
        try:
            parent = await find_card(spec.get("card", ""))
        except NotFound as exc:
            raise ValidationFailed.field(f"{path}.card", exc.message) from None
        if parent.kind != CardKind.PROVIDER:
            raise ValidationFailed.field(f"{path}.card", f"{parent.name!r} is not a provider card")
        if parent.id in seen:
            raise ValidationFailed.field(f"{path}.card", f"{parent.name!r} is listed twice")
        seen.add(parent.id)
        weight = common.count(f"{path}.weight", spec.get("weight", 1), 0, 1000)
        position = common.count(f"{path}.position", spec.get("position", i), 0, 10_000)
        links.append((parent, weight, position))
    return links


async def _link(conn: Any, card: RateCard, links: list[tuple[RateCard, int, int]]) -> None:
    for parent, weight, position in links:
        await CardParent.create(
            card=card, parent=parent, weight=weight, position=position, using_db=conn
        )


async def parents_of(card: RateCard) -> list[CardParent]:
    """The card's parents in routing order, their cards loaded."""
    return (
        await CardParent.filter(card_id=card.id)
        .order_by("position", "id")
        .prefetch_related("parent")
    )


async def create_card(actor: Principal, values: dict[str, Any]) -> RateCard:
    """A provider card (``carrier`` required; currency the carrier's) or a customer card
    (``parents``: provider cards; ``currency`` default USD)."""
    kind = common.choice("kind", values.get("kind", CardKind.PROVIDER), CardKind)
    card = RateCard(name="", kind=kind, uuid=uuid.uuid4())
    if kind is CardKind.PROVIDER:
        if values.get("carrier") in (None, ""):
            raise ValidationFailed.field("carrier", "a provider card needs its carrier")
        if values.get("parents"):
            raise ValidationFailed.field("parents", "only customer cards have parents")
        try:
            carrier = await find_carrier(values["carrier"])
        except NotFound as exc:
            raise ValidationFailed.field("carrier", exc.message) from None
        card.carrier = carrier
        card.currency = carrier.currency
        if values.get("currency") not in (None, carrier.currency):
            raise ValidationFailed.field(
                "currency", f"a provider card is in its carrier's currency ({carrier.currency})"
            )
    else:
        if values.get("carrier") not in (None, ""):
            raise ValidationFailed.field("carrier", "only provider cards have a carrier")
        card.currency = common.currency("currency", values.get("currency") or "USD")
    _apply(card, {**values, "name": values.get("name", "")})
    links = await _parents(values.get("parents") or [])
    async with (
        unique("name", f"A rate card named {card.name!r} already exists"),
        in_transaction() as conn,
    ):
        await card.save(using_db=conn)
        await _link(conn, card, links)
        after = {**snapshot(card), "parents": [parent.id for parent, _, _ in links]}
        await audit.record(
            actor,
            "rate_card.create",
            "rate_card",
            card.id,
            card.name,
            after=after,
            using_db=conn,
        )
    return card


async def update_card(actor: Principal, card_id: int, values: dict[str, Any]) -> RateCard:
    card = await get_card(card_id)
    for fixed in ("kind", "currency"):
        if values.get(fixed) not in (None, getattr(card, fixed)):
            raise ValidationFailed.field(fixed, "is fixed once the card exists")
    if values.get("carrier") not in (None, card.carrier_id):  # type: ignore[attr-defined]
        raise ValidationFailed.field("carrier", "is fixed once the card exists")
    before = snapshot(card)
    _apply(card, {k: v for k, v in values.items() if k in _EDITABLE})
    links = None
    if values.get("parents") is not None:
        if card.kind != CardKind.CUSTOMER:
            raise ValidationFailed.field("parents", "only customer cards have parents")
        links = await _parents(values["parents"])
    async with (
        unique("name", f"A rate card named {card.name!r} already exists"),
        in_transaction() as conn,
    ):
        await card.save(using_db=conn)
        if links is not None:
            await CardParent.filter(card_id=card.id).using_db(conn).delete()
            await _link(conn, card, links)
            # New parents: the built rows no longer match them.
            card.stale = True
            await card.save(using_db=conn, update_fields=["stale"])
        await audit.record(
            actor,
            "rate_card.update",
            "rate_card",
            card.id,
            card.name,
            before=before,
            after=snapshot(card),
            using_db=conn,
        )
    return card


async def set_parents(actor: Principal, card_id: int, parents: list[Any]) -> RateCard:
    """Replace a customer card's parents (it becomes stale: rebuild it)."""
    return await update_card(actor, card_id, {"parents": parents})


def parent_snapshot(link: CardParent) -> dict[str, Any]:
    return {
        "card_id": link.card_id,  # type: ignore[attr-defined]
        "parent_id": link.parent_id,  # type: ignore[attr-defined]
        "weight": link.weight,
        "position": link.position,
    }


def _customer_only(card: RateCard) -> None:
    if card.kind != CardKind.CUSTOMER:
        raise Conflict(
            f"Rate card {card.name!r} is a provider card: only customer cards have parents",
            [{"path": "card_id", "message": "not a customer card"}],
        )


async def recipe_changed(
    conn: BaseDBAsyncClient,
    actor: Principal,
    card: RateCard,
    action: str,
    object_id: Any,
    text: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """A customer card's parents or profit rules changed (in ``conn``'s transaction): its
    built rows no longer match them, so it is stale; and the change is audited as
    ``action`` (``"card_parent.create"``...) on the object ``object_id``."""
    await RateCard.filter(id=card.id).using_db(conn).update(stale=True)
    kind = action.partition(".")[0]
    await audit.record(
        actor, action, kind, object_id, text, before=before, after=after, using_db=conn
    )


async def add_parent(
    actor: Principal, card_id: int, ref: Any, *, weight: Any = 1, position: Any = None
) -> CardParent:
    """Add provider card ``ref`` (id or name) to customer card ``card_id``'s parents, after
    the last one unless ``position`` is given; the card becomes stale (build it again).

    A provider card ``card_id``, a customer card ``ref`` or a parent already there is a
    ``Conflict``; an unknown ``ref`` or a bad number is refused by its field's name."""
    card = await get_card(card_id)
    _customer_only(card)
    if ref is None or str(ref).strip() == "":
        raise ValidationFailed.field("card", "choose a provider card (its id or name)")
    try:
        parent = await find_card(ref)
    except NotFound as exc:
        raise ValidationFailed.field("card", exc.message) from None
    if parent.kind != CardKind.PROVIDER:
        message = f"{parent.name!r} is a customer card; a parent must be a provider card"
        raise Conflict(message, [{"path": "card", "message": message}])
    weight = common.count("weight", weight, 0, 1000)
    links = await CardParent.filter(card_id=card.id).values_list("parent_id", "position")
    if position is None or position == "":
        position = max((p for _, p in links), default=-1) + 1
    position = common.count("position", position, 0, 10_000)
    taken = f"{parent.name!r} is already a parent of {card.name!r}"
    if any(parent_id == parent.id for parent_id, _ in links):
        raise Conflict(taken, [{"path": "card", "message": taken}])
    async with unique("card", taken), in_transaction() as conn:
        link = await CardParent.create(
            card=card, parent=parent, weight=weight, position=position, using_db=conn
        )
        await recipe_changed(
            conn,
            actor,
            card,
            "card_parent.create",
            link.id,
            f"{card.name} <- {parent.name}",
            after=parent_snapshot(link),
        )
    return link


async def remove_parent(actor: Principal, card_id: int, parent_id: int) -> None:
    """Take provider card ``parent_id`` out of customer card ``card_id``'s parents (the card
    becomes stale; its built rows keep their candidates until it is built again)."""
    card = await get_card(card_id)
    _customer_only(card)
    link = await CardParent.get_or_none(card_id=card.id, parent_id=parent_id).prefetch_related(
        "parent"
    )
    if link is None:
        raise NotFound(f"Rate card {parent_id} is not a parent of {card.name!r}")
    before = parent_snapshot(link)
    async with in_transaction() as conn:
        await link.delete(using_db=conn)
        await recipe_changed(
            conn,
            actor,
            card,
            "card_parent.delete",
            link.id,
            f"{card.name} <- {link.parent.name}",
            before=before,
        )


async def delete_card(actor: Principal, card_id: int) -> None:
    """Delete a card with its revisions and rows; refused while customer cards are built
    from it or routes use it."""
    from telephony.rating.index import registry
    from telephony.routing.models import Route

    card = await get_card(card_id)
    children = await CardParent.filter(parent_id=card.id).values_list("card__name", flat=True)
    if children:
        raise Conflict(
            f"Rate card {card.name!r} is a parent of {', '.join(sorted(map(str, children)))}",
            [{"path": "id", "message": "remove it from those cards first"}],
        )
    if await Route.filter(card_id=card.id).exists():
        raise Conflict(
            f"Rate card {card.name!r} is used by ingress routes",
            [{"path": "id", "message": "change those routes first"}],
        )
    before = snapshot(card)
    revisions = await RateRevision.filter(card_id=card.id).values_list("id", flat=True)
    async with in_transaction() as conn:
        # Rows keep no database constraint on their revision (see Rate.revision): they go
        # first, then the card takes its revisions with it.
        await Rate.filter(revision_id__in=list(revisions)).using_db(conn).delete()
        await card.delete(using_db=conn)
        await audit.record(
            actor,
            "rate_card.delete",
            "rate_card",
            before["id"],
            before["name"],
            before=before,
            using_db=conn,
        )
    registry().forget([before["id"]])

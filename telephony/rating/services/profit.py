"""Profit rules of a customer card: how its build prices the prefixes each rule matches.

Every field is checked by its name (:class:`~runtime.errors.ValidationFailed`; a provider
card, which has no rules, is a :class:`~runtime.errors.Conflict`), each change
is audited, and the card is marked stale, since its built rows no longer follow its rules.
The pages, ``trunkline rates build --profit`` and the demo all go through here.
"""

from __future__ import annotations

import re
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from telephony.rating.models import CardKind, ProfitKind, ProfitRule, RateCard
from telephony.rating.services import common
from telephony.rating.services.cards import recipe_changed

__all__ = ["add_rule", "delete_rule", "set_catch_all", "snapshot"]

DIGITS = re.compile(r"^[0-9]{1,20}$")


def snapshot(rule: ProfitRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "card_id": rule.card_id,  # type: ignore[attr-defined]
        "match": rule.match,
        "kind": rule.kind,
        "value": rule.value,
        "connection_fee": rule.connection_fee,
        "mcd": rule.mcd,
        "pulse": rule.pulse,
        "blocked": rule.blocked,
        "position": rule.position,
    }


def _match(text: Any) -> str:
    """Empty (every prefix), a prefix, or a ``^regex`` that compiles."""
    match = str(text or "").strip()
    if not match or DIGITS.match(match):
        return match
    if not match.startswith("^"):
        raise ValidationFailed.field("match", "a prefix (digits), ^regex, or empty for all")
    try:
        re.compile(match)
    except re.error as exc:
        raise ValidationFailed.field("match", f"not a regular expression: {exc}") from None
    return match


def _increment(path: str, value: Any, low: int) -> int | None:
    if value is None or value == "":
        return None
    return common.count(path, value, low, 3600)


def _value(kind: ProfitKind, value: Any) -> Any:
    """Relative rules may lower the cost (a negative value); the others may not."""
    text = str(value if value is not None else "").strip()
    if kind is ProfitKind.RELATIVE and text.startswith("-"):
        amount = common.money("value", text[1:])
        return -amount if amount is not None else None
    return common.money("value", text)


async def add_rule(actor: Principal, card: RateCard, values: dict[str, Any]) -> ProfitRule:
    """A profit rule for customer ``card`` from ``values`` (match, kind, value,
    connection_fee, mcd, pulse, blocked, position)."""
    if card.kind != CardKind.CUSTOMER:
        message = (
            f"Rate card {card.name!r} is a provider card: only customer cards have profit rules"
        )
        raise Conflict(message, [{"path": "card", "message": "not a customer card"}])
    kind = common.choice("kind", values.get("kind") or ProfitKind.PERCENT, ProfitKind)
    rule = ProfitRule(
        card=card,
        match=_match(values.get("match")),
        kind=kind,
        value=_value(kind, values.get("value")),
        connection_fee=common.money("connection_fee", values.get("connection_fee"), null=True),
        mcd=_increment("mcd", values.get("mcd"), 0),
        pulse=_increment("pulse", values.get("pulse"), 1),
        blocked=bool(values.get("blocked")),
    )
    position = values.get("position")
    rule.position = 0 if position in (None, "") else common.count("position", position, 0, 10_000)
    async with in_transaction() as conn:
        await rule.save(using_db=conn)
        await recipe_changed(
            conn,
            actor,
            card,
            "profit_rule.create",
            rule.id,
            f"{card.name} {rule.match or '*'}",
            after=snapshot(rule),
        )
    return rule


async def delete_rule(actor: Principal, card: RateCard, rule_id: int) -> None:
    rule = await ProfitRule.get_or_none(id=rule_id, card_id=card.id)
    if rule is None:
        raise NotFound(f"No profit rule {rule_id} on rate card {card.name}")
    before = snapshot(rule)
    async with in_transaction() as conn:
        await rule.delete(using_db=conn)
        await recipe_changed(
            conn,
            actor,
            card,
            "profit_rule.delete",
            before["id"],
            f"{card.name} {before['match'] or '*'}",
            before=before,
        )


async def set_catch_all(
    actor: Principal, card: RateCard, kind: ProfitKind | str, value: Any
) -> ProfitRule:
    """The rule every prefix falls back to (``match`` empty): changed when the card has
    one, else added."""
    existing = await ProfitRule.get_or_none(card_id=card.id, match="")
    if existing is not None:
        await delete_rule(actor, card, existing.id)
    return await add_rule(actor, card, {"match": "", "kind": kind, "value": value})

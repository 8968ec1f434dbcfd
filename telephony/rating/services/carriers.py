"""Carriers, their addresses and their reply management.

Decisions: a carrier's **currency is fixed** once it exists (its provider cards' rates are in
it; changing it would silently reprice every card), like a customer's. Its **credentials**
(what we send when we authenticate toward it: ``{"username", "password", "realm"...}``) are
write-only: sealed with :class:`runtime.security.secretbox.SecretBox` before they are
stored, never returned, never audited (the audit says only whether there are any).
Deleting a carrier that still has rate cards is a ``Conflict`` naming them.
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.security.secretbox import SecretBox
from runtime.services import audit
from runtime.services.common import unique
from telephony import addresses
from telephony.rating.models import (
    Carrier,
    CarrierIp,
    CarrierStatus,
    IpDirection,
    Protocol,
    RateCard,
    ReplyAction,
    ReplyRule,
)
from telephony.rating.services import common

__all__ = [
    "add_ip",
    "create_carrier",
    "credentials_of",
    "delete_carrier",
    "delete_ip",
    "delete_reply_rule",
    "find_carrier",
    "get_carrier",
    "set_reply_rule",
    "snapshot",
    "update_carrier",
    "update_ip",
]

#: Settable on create and update (besides name, currency and credentials).
_LIMITS = {
    "channels": (0, 1_000_000),
    "cps": (0, 100_000),
    "first_reply_timeout": (1, 60),
    "pdd_timeout": (1, 120),
    "ring_timeout": (1, 600),
}


def snapshot(carrier: Carrier) -> dict[str, Any]:
    return {
        "id": carrier.id,
        "name": carrier.name,
        "status": carrier.status,
        "currency": carrier.currency,
        "channels": carrier.channels,
        "cps": carrier.cps,
        "first_reply_timeout": carrier.first_reply_timeout,
        "pdd_timeout": carrier.pdd_timeout,
        "ring_timeout": carrier.ring_timeout,
        "has_credentials": bool(carrier.credentials_encrypted),
        "tags": list(carrier.tags or []),
        "notes": carrier.notes,
    }


async def get_carrier(carrier_id: int) -> Carrier:
    carrier = await Carrier.get_or_none(id=carrier_id)
    if carrier is None:
        raise NotFound(f"No carrier with id {carrier_id}")
    return carrier


async def find_carrier(ref: str | int) -> Carrier:
    """A carrier by name, else by id (the CLI's NAME arguments)."""
    text = str(ref).strip()
    found = await Carrier.get_or_none(name=text)
    if found is None and text.isdigit():
        found = await Carrier.get_or_none(id=int(text))
    if found is None:
        raise NotFound(f"No carrier {text!r}")
    return found


def _credentials(value: Any, box: SecretBox | None) -> str:
    """Sealed credentials; ``{}``/None clears them."""
    if not value:
        return ""
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValidationFailed.field("credentials", 'an object of strings: {"username": ...}')
    if box is None:
        raise ValueError("a SecretBox is needed to store credentials")
    return box.seal_json(value)


def credentials_of(carrier: Carrier, box: SecretBox) -> dict[str, str]:
    """The carrier's credentials in clear (for the SIP work that authenticates toward it)."""
    return box.open_json(carrier.credentials_encrypted) if carrier.credentials_encrypted else {}


def _apply(carrier: Carrier, values: dict[str, Any], box: SecretBox | None) -> None:
    if values.get("name") is not None:
        carrier.name = common.name("name", values["name"])
    if values.get("status") is not None:
        carrier.status = common.choice("status", values["status"], CarrierStatus)
    for field, (low, high) in _LIMITS.items():
        if values.get(field) is not None:
            setattr(carrier, field, common.count(field, values[field], low, high))
    if values.get("tags") is not None:
        tags = values["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
            raise ValidationFailed.field("tags", "a list of words")
        carrier.tags = sorted(set(tags))
    if values.get("notes") is not None:
        carrier.notes = str(values["notes"])
    if "credentials" in values:
        carrier.credentials_encrypted = _credentials(values["credentials"], box)


async def create_carrier(
    actor: Principal, values: dict[str, Any], box: SecretBox | None = None
) -> Carrier:
    """Create a carrier from ``values`` (name required; currency default USD)."""
    carrier = Carrier(name="", currency=common.currency("currency", values.get("currency", "USD")))
    _apply(carrier, {**values, "name": values.get("name", "")}, box)
    async with (
        unique("name", f"A carrier named {carrier.name!r} already exists"),
        in_transaction() as conn,
    ):
        await carrier.save(using_db=conn)
        await audit.record(
            actor,
            "carrier.create",
            "carrier",
            carrier.id,
            carrier.name,
            after=snapshot(carrier),
            using_db=conn,
        )
    return carrier


async def update_carrier(
    actor: Principal, carrier_id: int, values: dict[str, Any], box: SecretBox | None = None
) -> Carrier:
    carrier = await get_carrier(carrier_id)
    if values.get("currency") not in (None, carrier.currency):
        raise ValidationFailed.field("currency", "is fixed once the carrier exists")
    before = snapshot(carrier)
    _apply(carrier, values, box)
    async with (
        unique("name", f"A carrier named {carrier.name!r} already exists"),
        in_transaction() as conn,
    ):
        await carrier.save(using_db=conn)
        await audit.record(
            actor,
            "carrier.update",
            "carrier",
            carrier.id,
            carrier.name,
            before=before,
            after=snapshot(carrier),
            using_db=conn,
        )
    return carrier


async def delete_carrier(actor: Principal, carrier_id: int) -> None:
    carrier = await get_carrier(carrier_id)
    cards = await RateCard.filter(carrier_id=carrier.id).values_list("name", flat=True)
    if cards:
        raise Conflict(
            f"Carrier {carrier.name!r} still has rate cards: {', '.join(sorted(map(str, cards)))}",
            [{"path": "id", "message": "delete its rate cards first"}],
        )
    before = snapshot(carrier)
    async with in_transaction() as conn:
        await carrier.delete(using_db=conn)
        await audit.record(
            actor,
            "carrier.delete",
            "carrier",
            before["id"],
            before["name"],
            before=before,
            using_db=conn,
        )


# -- addresses ------------------------------------------------------------------------


def ip_snapshot(ip: CarrierIp) -> dict[str, Any]:
    return {
        "id": ip.id,
        "carrier_id": ip.carrier_id,  # type: ignore[attr-defined]
        "address": ip.address,
        "direction": ip.direction,
        "protocol": ip.protocol,
        "port": ip.port,
        "weight": ip.weight,
        "channels": ip.channels,
        "cps": ip.cps,
    }


def _apply_ip(ip: CarrierIp, values: dict[str, Any]) -> None:
    if values.get("direction") is not None:
        ip.direction = common.choice("direction", values["direction"], IpDirection)
    if values.get("protocol") is not None:
        ip.protocol = common.choice("protocol", values["protocol"], Protocol)
    if values.get("address") is not None or "direction" in values:
        ip.address = addresses.normalise(str(ip.direction), values.get("address", ip.address))
    if values.get("port") is not None:
        ip.port = common.count("port", values["port"], 1, 65535)
    elif "protocol" in values and ip.port == 5060 and ip.protocol is Protocol.TLS:
        ip.port = 5061
    if values.get("weight") is not None:
        ip.weight = common.count("weight", values["weight"], 0, 1000)
    for field in ("channels", "cps"):
        if values.get(field) is not None:
            setattr(ip, field, common.count(field, values[field]))


async def _ip(carrier_id: int, ip_id: int) -> CarrierIp:
    ip = await CarrierIp.get_or_none(id=ip_id, carrier_id=carrier_id)
    if ip is None:
        raise NotFound(f"No address {ip_id} for carrier {carrier_id}")
    return ip


async def add_ip(actor: Principal, carrier_id: int, values: dict[str, Any]) -> CarrierIp:
    carrier = await get_carrier(carrier_id)
    ip = CarrierIp(carrier=carrier, address="")
    _apply_ip(ip, {"direction": IpDirection.RECEIVES, **values})
    async with in_transaction() as conn:
        await ip.save(using_db=conn)
        await audit.record(
            actor,
            "carrier_ip.create",
            "carrier_ip",
            ip.id,
            f"{carrier.name} {ip.address}",
            after=ip_snapshot(ip),
            using_db=conn,
        )
    return ip


async def update_ip(
    actor: Principal, carrier_id: int, ip_id: int, values: dict[str, Any]
) -> CarrierIp:
    ip = await _ip(carrier_id, ip_id)
    before = ip_snapshot(ip)
    _apply_ip(ip, values)
    async with in_transaction() as conn:
        await ip.save(using_db=conn)
        await audit.record(
            actor,
            "carrier_ip.update",
            "carrier_ip",
            ip.id,
            ip.address,
            before=before,
            after=ip_snapshot(ip),
            using_db=conn,
        )
    return ip


async def delete_ip(actor: Principal, carrier_id: int, ip_id: int) -> None:
    ip = await _ip(carrier_id, ip_id)
    before = ip_snapshot(ip)
    async with in_transaction() as conn:
        await ip.delete(using_db=conn)
        await audit.record(
            actor,
            "carrier_ip.delete",
            "carrier_ip",
            before["id"],
            before["address"],
            before=before,
            using_db=conn,
        )


# -- reply management -----------------------------------------------------------------


def rule_snapshot(rule: ReplyRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "carrier_id": rule.carrier_id,  # type: ignore[attr-defined]
        "code": rule.code,
        "action": rule.action,
        "new_code": rule.new_code,
        "reason": rule.reason,
    }


async def set_reply_rule(
    actor: Principal,
    carrier_id: int,
    code: int,
    action: Any,
    new_code: int | None = None,
    reason: str = "",
) -> ReplyRule:
    """What SIP ``code`` from this carrier does (creates or replaces the code's rule)."""
    carrier = await get_carrier(carrier_id)
    code = common.count("code", code, 100, 699)
    chosen = common.choice("action", action, ReplyAction)
    if chosen is ReplyAction.REPLACE:
        if new_code is None:
            raise ValidationFailed.field("new_code", "required to replace a code")
        new_code = common.count("new_code", new_code, 100, 699)
    elif new_code is not None:
        raise ValidationFailed.field("new_code", "only for the replace action")
    if chosen is ReplyAction.FAILOVER and code < 300:
        raise ValidationFailed.field("action", "only a final failure (3xx-6xx) can fail over")
    if len(reason) > 128:
        raise ValidationFailed.field("reason", "at most 128 characters")
    rule = await ReplyRule.get_or_none(carrier_id=carrier.id, code=code)
    before = rule_snapshot(rule) if rule is not None else None
    if rule is None:
        rule = ReplyRule(carrier=carrier, code=code)
    rule.action, rule.new_code, rule.reason = chosen, new_code, reason
    async with in_transaction() as conn:
        await rule.save(using_db=conn)
        await audit.record(
            actor,
            "carrier_reply_rule.set",
            "carrier_reply_rule",
            rule.id,
            f"{carrier.name} {code}",
            before=before,
            after=rule_snapshot(rule),
            using_db=conn,
        )
    return rule


async def delete_reply_rule(actor: Principal, carrier_id: int, code: int) -> None:
    rule = await ReplyRule.get_or_none(carrier_id=carrier_id, code=code)
    if rule is None:
        raise NotFound(f"No reply rule for code {code} on carrier {carrier_id}")
    before = rule_snapshot(rule)
    async with in_transaction() as conn:
        await rule.delete(using_db=conn)
        await audit.record(
            actor,
            "carrier_reply_rule.delete",
            "carrier_reply_rule",
            before["id"],
            str(code),
            before=before,
            using_db=conn,
        )

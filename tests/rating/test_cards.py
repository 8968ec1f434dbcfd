"""Carriers, exchange rates, rate cards and revision activation (services)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from runtime.auth.principal import SYSTEM
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.models import AuditEntry
from runtime.security.secretbox import SecretBox, SecretUnreadable
from telephony.rating.imports import import_rates
from telephony.rating.index import registry
from telephony.rating.models import Carrier, Rate, RateCard, RateRevision, RevisionStatus
from telephony.rating.services import cards, carriers, exchange, revisions
from tests.conftest import SECRET
from tests.rating.support import provider_card

BOX = SecretBox(SECRET)
T0 = datetime(2026, 11, 1, tzinfo=UTC)


async def test_credentials_are_encrypted_and_never_shown(db: str) -> None:
    values = {"name": "Acme", "currency": "EUR", "credentials": {"password": "hunter22"}}
    carrier = await carriers.create_carrier(SYSTEM, values, BOX)
    stored = await Carrier.get(id=carrier.id)
    assert "hunter22" not in stored.credentials_encrypted
    assert carriers.credentials_of(stored, BOX) == {"password": "hunter22"}
    with pytest.raises(SecretUnreadable):
        carriers.credentials_of(stored, SecretBox("another-secret-key-0123456789"))
    assert carriers.snapshot(stored)["has_credentials"] is True
    audits = await AuditEntry.filter(object_type="carrier").values_list("after", flat=True)
    assert "hunter22" not in str(audits) and "credentials_encrypted" not in str(audits)
    await carriers.update_carrier(SYSTEM, carrier.id, {"credentials": {}}, BOX)
    assert (await Carrier.get(id=carrier.id)).credentials_encrypted == ""


async def test_carrier_rules(db: str) -> None:
    carrier = await carriers.create_carrier(SYSTEM, {"name": "Acme", "currency": "GBP"})
    with pytest.raises(ValidationFailed, match="currency"):
        await carriers.update_carrier(SYSTEM, carrier.id, {"currency": "USD"})
    with pytest.raises(Conflict):
        await carriers.create_carrier(SYSTEM, {"name": "Acme"})
    with pytest.raises(ValidationFailed, match="address"):
        await carriers.add_ip(SYSTEM, carrier.id, {"address": "nope!", "direction": "sends"})
    ip = await carriers.add_ip(SYSTEM, carrier.id, {"address": "sip.acme.example"})
    assert (ip.direction, ip.port) == ("receives", 5060)
    block = await carriers.add_ip(
        SYSTEM, carrier.id, {"address": "192.0.2.7/24", "direction": "sends"}
    )
    assert block.address == "192.0.2.0/24"
    with pytest.raises(ValidationFailed, match="new_code"):
        await carriers.set_reply_rule(SYSTEM, carrier.id, 183, "replace")
    rule = await carriers.set_reply_rule(SYSTEM, carrier.id, 183, "replace", 180, "Ringing")
    again = await carriers.set_reply_rule(SYSTEM, carrier.id, 183, "default")
    assert again.id == rule.id and again.new_code is None
    card = await cards.create_card(SYSTEM, {"name": "Acme A-Z", "carrier": "Acme"})
    assert card.currency == "GBP"
    with pytest.raises(Conflict, match="Acme A-Z"):
        await carriers.delete_carrier(SYSTEM, carrier.id)


async def test_exchange_rates_newest_at_a_time_and_inverse(db: str) -> None:
    await exchange.add_rate(SYSTEM, "EUR", "USD", "1.10", T0)
    await exchange.add_rate(SYSTEM, "EUR", "USD", "1.20", T0 + timedelta(days=2))
    assert await exchange.convert(Decimal(10), "EUR", "USD", T0 + timedelta(days=1)) == Decimal(
        "11.00"
    )
    assert await exchange.rate_at("EUR", "USD", T0 + timedelta(days=3)) == Decimal("1.2")
    assert await exchange.rate_at("USD", "EUR", T0 + timedelta(days=3)) == 1 / Decimal("1.2")
    # a newer inverse rate wins over an older direct one
    await exchange.add_rate(SYSTEM, "USD", "EUR", "0.5", T0 + timedelta(days=4))
    assert await exchange.rate_at("EUR", "USD", T0 + timedelta(days=5)) == Decimal(2)
    with pytest.raises(NotFound):
        await exchange.rate_at("EUR", "USD", T0 - timedelta(days=1))
    assert await exchange.convert(Decimal(3), "GBP", "GBP") == Decimal(3)
    with pytest.raises(ValidationFailed, match="rate"):
        await exchange.add_rate(SYSTEM, "EUR", "USD", "-1")


async def test_card_validation_and_find_card(db: str) -> None:
    card = await provider_card(precision=6, rounding="half_up", tech_prefix="0011")
    assert (card.precision, card.rounding, card.tech_prefix) == (6, "half_up", "0011")
    assert (await cards.find_card("Acme A-Z")).id == card.id
    assert (await cards.find_card(str(card.id))).id == card.id
    with pytest.raises(NotFound):
        await cards.find_card("nope")
    bad = [
        ({"precision": 9}, "precision"),
        ({"rounding": "sideways"}, "rounding"),
        ({"tech_prefix": "12a"}, "tech_prefix"),
        ({"capped_rate": "-1"}, "capped_rate"),
        ({"blocked_types": ["MOBILE", "SPACE"]}, "blocked_types"),
        ({"name": "123"}, "name"),
    ]
    for values, path in bad:
        with pytest.raises(ValidationFailed) as caught:
            await cards.update_card(SYSTEM, card.id, values)
        assert caught.value.details[0]["path"] == path
    with pytest.raises(ValidationFailed, match="carrier"):
        await cards.create_card(SYSTEM, {"name": "No carrier", "kind": "provider"})
    with pytest.raises(ValidationFailed, match="not a provider card"):
        customer = await cards.create_card(SYSTEM, {"name": "Retail", "kind": "customer"})
        await cards.create_card(
            SYSTEM, {"name": "Retail 2", "kind": "customer", "parents": [customer.id]}
        )


async def test_activation_archives_the_previous_and_marks_children_stale(db: str) -> None:
    a = await provider_card("A", carrier="Carrier A")
    b = await provider_card("B", carrier="Carrier B")
    retail = await cards.create_card(
        SYSTEM, {"name": "Retail", "kind": "customer", "parents": [a.id, {"card": "B"}]}
    )
    other = await cards.create_card(SYSTEM, {"name": "Other", "kind": "customer", "parents": ["B"]})
    first = await import_rates(SYSTEM, a, "prefix,rate\n44,0.01\n", activate=False)
    assert first.revision is not None and first.revision.status == RevisionStatus.PENDING
    assert not (await RateCard.get(id=retail.id)).stale
    await revisions.activate(SYSTEM, first.revision, T0)
    assert (await RateCard.get(id=retail.id)).stale
    assert not (await RateCard.get(id=other.id)).stale
    second = await import_rates(SYSTEM, a, "prefix,rate\n44,0.02\n")
    assert second.revision is not None
    statuses = [r.status for r in await a.revisions.all().order_by("number")]
    assert statuses == [RevisionStatus.ARCHIVED, RevisionStatus.ACTIVE]
    # back to the first: still kept, re-activated, served again
    await revisions.activate(SYSTEM, first.revision)
    index = await registry().index(a.id)
    assert index is not None and index.longest("4471").rate == Decimal("0.01")  # type: ignore[union-attr]
    with pytest.raises(Conflict, match="parent of Other, Retail"):
        await cards.delete_card(SYSTEM, b.id)
    await cards.delete_card(SYSTEM, retail.id)
    await cards.delete_card(SYSTEM, other.id)
    await cards.delete_card(SYSTEM, b.id)


async def test_deleting_a_card_deletes_its_revisions_rows(db: str) -> None:
    """Rows keep no database constraint on their revision (bulk COPY speed): the service
    deletes them with the card, and other cards' rows stay."""
    kept = await provider_card("Kept", carrier="Carrier K")
    gone = await provider_card("Gone", carrier="Carrier G")
    await import_rates(SYSTEM, kept, "prefix,rate\n44,0.01\n")
    await import_rates(SYSTEM, gone, "prefix,rate\n44,0.01\n33,0.02\n")
    await import_rates(SYSTEM, gone, "prefix,rate\n44,0.03\n")
    await cards.delete_card(SYSTEM, gone.id)
    assert not await RateRevision.filter(card_id=gone.id).exists()
    assert await Rate.all().values_list("prefix", flat=True) == ["44"]
    assert (await Rate.get()).revision_id == (await RateRevision.get(card_id=kept.id)).id  # type: ignore[attr-defined]

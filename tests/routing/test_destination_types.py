"""The numbering plan and cards that block destination types: the plan's import (checked
line by line, all or nothing), a customer card refusing a type with ``403 Destination
Blocked``, provider cards blocking a type dropped from the carriers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from runtime.auth.principal import SYSTEM
from runtime.errors import ValidationFailed
from runtime.models import AuditEntry
from telephony.rating import plan
from telephony.rating.models import DestinationType
from telephony.rating.services.plan import import_plan
from telephony.routing.engine import route
from telephony.routing.trace import Rejected, Routed
from tests.routing.support import customer, customer_card, names, offer, provider, rule

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
PLAN = """prefix,type,name
44,FIXED,UK
447,MOBILE,UK mobile
8816,SATELLITE,Iridium
"""


async def test_an_import_adds_or_replaces_ranges_and_the_plan_follows(db: str) -> None:
    summary = await import_plan(SYSTEM, PLAN)
    assert summary == {"imported": 3, "removed": 0, "total": 3}
    assert (await plan.plan()).type_of("447911123456") == ("447", "MOBILE", "UK mobile")
    again = await import_plan(SYSTEM, "prefix,type\n447,PAGING\n4478,mobile\n")
    assert again == {"imported": 2, "removed": 1, "total": 4}  # 447 replaced, 4478 added
    assert (await plan.plan()).type_of("447911123456") == ("447", "PAGING", "")
    assert (await plan.plan()).type_of("447811123456") == ("4478", "MOBILE", "")
    whole = await import_plan(SYSTEM, "type,prefix\nFIXED,33\n", replace=True)
    assert whole == {"imported": 1, "removed": 4, "total": 1}
    assert (await plan.plan()).type_of("447911123456") is None
    assert await AuditEntry.filter(action="destination_types.replace").count() == 1


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("prefix,name\n44,UK\n", [("line 1", "missing column(s): type")]),
        (
            "prefix,type\n44,FIXED\n4a,FIXED\n45,LANDLINE\n44,MOBILE\n",
            [
                ("line 3", "prefix '4a': digits only, 1 to 20"),
                ("line 4", "type 'LANDLINE': one of "),
                ("line 5", "prefix 44 is also on line 2"),
            ],
        ),
        ("prefix,type\n", [("file", "no ranges below the header")]),
    ],
)
async def test_bad_lines_are_reported_and_nothing_changes(
    db: str, text: str, found: list[tuple[str, str]]
) -> None:
    await import_plan(SYSTEM, "prefix,type\n1,FIXED\n")
    with pytest.raises(ValidationFailed) as raised:
        await import_plan(SYSTEM, text)
    details = [(d["path"], d["message"]) for d in raised.value.details]
    assert [path for path, _ in details] == [path for path, _ in found]
    assert all(m.startswith(want) for (_, m), (_, want) in zip(details, found, strict=True))
    assert await DestinationType.all().values_list("prefix", flat=True) == ["1"]


async def test_a_customer_card_refuses_a_blocked_type(db: str) -> None:
    await import_plan(SYSTEM, PLAN)
    carrier = await provider("c1", (("44", "0.01"),))
    card = await customer_card("Retail", [("44", "0.05", [offer(carrier, "0.01")])])
    card.blocked_types = ["MOBILE", "SATELLITE"]
    await card.save()
    owner = await customer()
    await rule(owner, card)
    mobile = await route(owner, "", "447911123456", NOW)
    assert isinstance(mobile, Rejected)
    assert (mobile.code, mobile.reason) == (403, "Destination Blocked")
    assert "Retail blocks destination type MOBILE (plan prefix 447 'UK mobile')" in (
        "\n".join(mobile.trace.lines())
    )
    fixed = await route(owner, "", "442071234567", NOW)
    assert isinstance(fixed, Routed)
    assert ("type", "destination type FIXED (plan prefix 44 'UK')") in [
        (step, message) for step, message, _ in fixed.trace.steps
    ]


async def test_provider_cards_blocking_the_type_are_dropped(db: str) -> None:
    await import_plan(SYSTEM, PLAN)
    no_mobiles = await provider("fixed-only", (("44", "0.008"),), blocked_types=["MOBILE"])
    anything = await provider("anything", (("44", "0.012"),))
    card = await customer_card(
        "Retail", [("44", "0.05", [offer(no_mobiles, "0.008"), offer(anything, "0.012")])]
    )
    owner = await customer()
    await rule(owner, card)
    # The same card row (44) for both numbers: the carriers differ by the number's type.
    assert names(await route(owner, "", "442071234567", NOW)) == ["fixed-only", "anything"]
    mobile = await route(owner, "", "447911123456", NOW)
    assert names(mobile) == ["anything"]
    assert [(d.card_name, d.reason) for d in mobile.dropped] == [
        ("fixed-only", "the card blocks destination type MOBILE")
    ]


async def test_without_a_plan_no_number_has_a_type(db: str) -> None:
    carrier = await provider("c1", (("44", "0.01"),), blocked_types=["MOBILE"])
    card = await customer_card("Retail", [("44", "0.05", [offer(carrier, "0.01")])])
    owner = await customer()
    await rule(owner, card)
    decision = await route(owner, "", "447911123456", NOW)
    assert names(decision) == ["c1"]
    assert "type" not in [step for step, _, _ in decision.trace.steps]


async def test_the_plan_follows_a_change_made_by_another_process(db: str) -> None:
    await import_plan(SYSTEM, PLAN)
    assert (await plan.plan()).type_of("8817") is None
    assert await plan.refresh() is False  # nothing changed
    await DestinationType.create(prefix="8817", type="SATELLITE", name="Globalstar")
    assert await plan.refresh() is True
    assert (await plan.plan()).type_of("88171234") == ("8817", "SATELLITE", "Globalstar")
    assert await plan.refresh() is False

"""The Class 4 rating model: carriers, exchange rates, rate cards, their revisions and rows.

A **rate card** is a provider card (what a carrier charges us; ``carrier`` set) or a customer
card (what we charge; built from provider cards, or uploaded). Every upload or edit makes a
**revision**; one revision per card is active at a time, and a revision may carry a future
``date_live`` and become active then (the earlier ones are kept, archived). Rows belong to a
revision. A customer card's rows carry their ordered ``candidates`` (the provider cards that
can carry the prefix, cheapest first, as its build found them), so a routing decision is one
lookup plus checks.

Money is ``Decimal`` (rates per minute, fees per call) in the card's currency; times are UTC.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

#: Rates per minute and fees: up to 10 integer digits and 8 decimals.
DIGITS, PLACES = 18, 8


class CarrierStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"  # carries no calls
    PENDING = "pending"  # pending approval: carries no calls yet


class IpDirection(StrEnum):
    SENDS = "sends"  # the carrier sends us calls from this address
    RECEIVES = "receives"  # we send calls to this address


class Protocol(StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class ReplyAction(StrEnum):
    DEFAULT = "default"  # the failover policy's own choice
    FAILOVER = "failover"  # try the next carrier
    REPLACE = "replace"  # pass on another code and reason (and stop)


class CardKind(StrEnum):
    PROVIDER = "provider"
    CUSTOMER = "customer"


class Direction(StrEnum):
    TERMINATION = "termination"
    ORIGINATION = "origination"


class Rounding(StrEnum):
    UP = "up"
    DOWN = "down"
    HALF_UP = "half_up"
    HALF_DOWN = "half_down"


class Compact(StrEnum):
    """How a built customer card turns several parents' costs for a prefix into one."""

    MIN = "min"
    MAX = "max"
    AVG = "avg"


class Strategy(StrEnum):
    LCR = "lcr"
    REVERSE_LCR = "reverse_lcr"
    PRIORITY = "priority"  # the order given (ConnexCS's Manual)
    WEIGHTED = "weighted"  # weighted random
    ROUND_ROBIN = "round_robin"
    TIER = "tier"
    LCR_PERFORMANCE = "lcr_performance"
    DROP = "drop"


class RevisionStatus(StrEnum):
    PENDING = "pending"  # uploaded or built, waiting for its date live (or never activated)
    ACTIVE = "active"
    ARCHIVED = "archived"  # was active once, replaced by a newer revision


class RateStatus(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"


class ProfitKind(StrEnum):
    ABSOLUTE = "absolute"  # the value is the sell rate
    RELATIVE = "relative"  # sell = cost + value
    PERCENT = "percent"  # sell = cost x (1 + value/100)


class Carrier(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    status = fields.CharEnumField(CarrierStatus, max_length=16, default=CarrierStatus.ACTIVE)
    #: ISO 4217; the currency of its provider cards.
    currency = fields.CharField(max_length=3, default="USD")
    #: Concurrent calls; 0 = no limit.
    channels = fields.IntField(default=0)
    #: Calls per second; 0 = no limit.
    cps = fields.IntField(default=0)
    #: Seconds: first reply (100 Trying), post-dial delay, ringing.
    first_reply_timeout = fields.IntField(default=3)
    pdd_timeout = fields.IntField(default=5)
    ring_timeout = fields.IntField(default=60)
    #: Our credentials toward the carrier (username, password...), encrypted with the
    #: settings' key (:mod:`runtime.security.secretbox`); never shown again.
    credentials_encrypted = fields.TextField(default="")
    tags: Any = fields.JSONField(default=list)
    notes = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "carriers"

    def __str__(self) -> str:
        return self.name


class CarrierIp(Model):
    """An address of a carrier: where we send calls, or where its calls come from."""

    id = fields.IntField(primary_key=True)
    carrier: fields.ForeignKeyRelation[Carrier] = fields.ForeignKeyField(
        "models.Carrier", related_name="ips", on_delete=fields.CASCADE
    )
    #: An IP address, a CIDR block (sends) or a host name (receives).
    address = fields.CharField(max_length=255)
    direction = fields.CharEnumField(IpDirection, max_length=16, default=IpDirection.RECEIVES)
    protocol = fields.CharEnumField(Protocol, max_length=8, default=Protocol.UDP)
    port = fields.IntField(default=5060)
    #: Share of calls among the carrier's addresses (10 vs 1: 10/11 of the calls).
    weight = fields.IntField(default=1)
    channels = fields.IntField(default=0)
    cps = fields.IntField(default=0)

    class Meta:
        table = "carrier_ips"


class ReplyRule(Model):
    """Reply management: what a SIP code from this carrier does."""

    id = fields.IntField(primary_key=True)
    carrier: fields.ForeignKeyRelation[Carrier] = fields.ForeignKeyField(
        "models.Carrier", related_name="reply_rules", on_delete=fields.CASCADE
    )
    code = fields.IntField()
    action = fields.CharEnumField(ReplyAction, max_length=16, default=ReplyAction.DEFAULT)
    #: For ``replace``: the code and reason passed on instead.
    new_code = fields.IntField(null=True)
    reason = fields.CharField(max_length=128, default="")

    class Meta:
        table = "carrier_reply_rules"
        unique_together = (("carrier", "code"),)


class ExchangeRate(Model):
    """``1 base = rate quote`` from ``as_of`` (manual entry or import); the newest row at a
    time is the one that applies."""

    id = fields.IntField(primary_key=True)
    base = fields.CharField(max_length=3)
    quote = fields.CharField(max_length=3)
    rate = fields.DecimalField(max_digits=20, decimal_places=10)
    as_of = fields.DatetimeField()
    source = fields.CharField(max_length=64, default="manual")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "exchange_rates"
        indexes = (("base", "quote", "as_of"),)


class DestinationType(Model):
    """The numbering plan: which kind of line a prefix reaches (``MOBILE``, ``FIXED``,
    ``SATELLITE``...; the types of ``telephony.rating.services.cards.DESTINATION_TYPES``).
    The longest prefix of a number gives its type; cards that block a type refuse it."""

    id = fields.IntField(primary_key=True)
    prefix = fields.CharField(max_length=20, unique=True)
    type = fields.CharField(max_length=32)
    #: What the range is, for people ("UK mobile", "Iridium").
    name = fields.CharField(max_length=100, default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "destination_types"


class RateCard(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    name = fields.CharField(max_length=100, unique=True)
    kind = fields.CharEnumField(CardKind, max_length=16)
    #: A provider card's carrier (None for customer cards).
    carrier: fields.ForeignKeyNullableRelation[Carrier] = fields.ForeignKeyField(
        "models.Carrier", related_name="cards", null=True, on_delete=fields.RESTRICT
    )
    currency = fields.CharField(max_length=3, default="USD")
    direction = fields.CharEnumField(Direction, max_length=16, default=Direction.TERMINATION)
    #: Decimal places of a call's cost, and how it is rounded to them.
    precision = fields.IntField(default=4)
    rounding = fields.CharEnumField(Rounding, max_length=16, default=Rounding.UP)
    #: How a call's duration is rounded to whole seconds before increments.
    duration_rounding = fields.CharEnumField(Rounding, max_length=16, default=Rounding.UP)
    #: Provider cards: digits put in front of the number sent to the carrier.
    tech_prefix = fields.CharField(max_length=20, default="")
    #: Rows priced above it are not routed (None: no cap).
    capped_rate = fields.DecimalField(max_digits=DIGITS, decimal_places=PLACES, null=True)
    #: Destination types refused with ``403 Destination Blocked``.
    blocked_types: Any = fields.JSONField(default=list)
    #: ``single`` or ``inter_intra`` (US interstate/intrastate columns).
    presentation = fields.CharField(max_length=16, default="single")
    #: Customer cards: how parents' costs merge, and the default routing strategy.
    compact = fields.CharEnumField(Compact, max_length=8, default=Compact.MIN)
    strategy = fields.CharEnumField(Strategy, max_length=20, default=Strategy.LCR)
    #: Customer cards built from parents: a parent's active revision changed since the build.
    stale = fields.BooleanField(default=False)
    notes = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "rate_cards"

    def __str__(self) -> str:
        return self.name


class CardParent(Model):
    """A provider card a customer card is built from (and routes to)."""

    id = fields.IntField(primary_key=True)
    card: fields.ForeignKeyRelation[RateCard] = fields.ForeignKeyField(
        "models.RateCard", related_name="parents", on_delete=fields.CASCADE
    )
    parent: fields.ForeignKeyRelation[RateCard] = fields.ForeignKeyField(
        "models.RateCard", related_name="children", on_delete=fields.RESTRICT
    )
    #: Routing weight (weighted random, tier) and position (priority order).
    weight = fields.IntField(default=1)
    position = fields.IntField(default=0)

    class Meta:
        table = "rate_card_parents"
        unique_together = (("card", "parent"),)


class ProfitRule(Model):
    """How a built customer card prices the prefixes ``match`` covers (a prefix, or a
    regular expression starting with ``^``); the most specific match wins."""

    id = fields.IntField(primary_key=True)
    card: fields.ForeignKeyRelation[RateCard] = fields.ForeignKeyField(
        "models.RateCard", related_name="profit_rules", on_delete=fields.CASCADE
    )
    match = fields.CharField(max_length=200, default="")
    kind = fields.CharEnumField(ProfitKind, max_length=16, default=ProfitKind.PERCENT)
    value = fields.DecimalField(max_digits=DIGITS, decimal_places=PLACES, default=0)
    #: The sell connection fee; None: the worst case among the parents.
    connection_fee = fields.DecimalField(max_digits=DIGITS, decimal_places=PLACES, null=True)
    #: Increment overrides; None: the worst case (largest) among the parents.
    mcd = fields.IntField(null=True)
    pulse = fields.IntField(null=True)
    #: The matched prefixes are not sold (a blocked row).
    blocked = fields.BooleanField(default=False)
    position = fields.IntField(default=0)

    class Meta:
        table = "profit_rules"


class RateRevision(Model):
    id = fields.IntField(primary_key=True)
    card: fields.ForeignKeyRelation[RateCard] = fields.ForeignKeyField(
        "models.RateCard", related_name="revisions", on_delete=fields.CASCADE
    )
    #: 1, 2, 3... per card.
    number = fields.IntField()
    status = fields.CharEnumField(RevisionStatus, max_length=16, default=RevisionStatus.PENDING)
    #: When it becomes active (None: at once, when it is activated).
    date_live = fields.DatetimeField(null=True)
    activated_at = fields.DatetimeField(null=True)
    #: ``upload``, ``edit``, ``build`` (customer cards) or ``import``.
    source = fields.CharField(max_length=16, default="upload")
    #: For a built revision: the parents' revision ids it was built from.
    built_from: Any = fields.JSONField(default=dict)
    row_count = fields.IntField(default=0)
    note = fields.TextField(default="")
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "rate_revisions"
        unique_together = (("card", "number"),)


class Rate(Model):
    """One row of a revision: a prefix, its per-minute rate and increments."""

    id = fields.BigIntField(primary_key=True)
    #: No constraint in the database (``db_constraint=False``): checking it row by row is most
    #: of PostgreSQL's time in a bulk COPY. Rows are only written by an import or a build, in
    #: the transaction that creates their revision, and deleted with their card
    #: (:func:`telephony.rating.services.cards.delete_card`).
    revision: fields.ForeignKeyRelation[RateRevision] = fields.ForeignKeyField(
        "models.RateRevision", related_name="rates", on_delete=fields.CASCADE, db_constraint=False
    )
    prefix = fields.CharField(max_length=20)
    name = fields.CharField(max_length=100, default="")
    rate = fields.DecimalField(max_digits=DIGITS, decimal_places=PLACES)
    connection_fee = fields.DecimalField(max_digits=DIGITS, decimal_places=PLACES, default=0)
    #: Minimum charged duration and billing increment, seconds (``MCD/Pulse``: 30/6).
    mcd = fields.IntField(default=1)
    pulse = fields.IntField(default=1)
    status = fields.CharEnumField(RateStatus, max_length=8, default=RateStatus.ACTIVE)
    #: US interstate / intrastate rates, when the card's presentation has them.
    inter = fields.DecimalField(max_digits=DIGITS, decimal_places=PLACES, null=True)
    intra = fields.DecimalField(max_digits=DIGITS, decimal_places=PLACES, null=True)
    #: Built customer cards: ``[{"card", "revision", "prefix", "rate", "fee", "mcd",
    #: "pulse"}]`` for every parent that can carry this prefix, cheapest first (rates as
    #: strings, in the parent's currency).
    candidates: Any = fields.JSONField(null=True)

    class Meta:
        table = "rates"
        unique_together = (("revision", "prefix"),)

"""``/api/v1`` for Class 4 rating: carriers, exchange rates, rate cards and revisions.

- ``/carriers`` (CRUD; ``credentials`` write-only, ``has_credentials`` says whether set),
  ``/carriers/{id}/ips`` (CRUD) and ``/carriers/{id}/reply-rules/{code}`` (``PUT``/``DELETE``);
- ``/exchange-rates`` (list, add: ``1 base = rate quote`` from ``as_of``);
- ``/rate-cards`` (CRUD; provider cards name a ``carrier``, customer cards ``parents``);
- a customer card's ``/rate-cards/{id}/parents`` (list, add ``{"card", "weight",
  "position"}``, ``DELETE .../parents/{parent card id}``) and ``/profit-rules`` (list, add
  ``{"match", "kind", "value", ...}``, ``DELETE .../profit-rules/{rule id}``); a provider
  card is refused with 409, and so is a parent that is not a provider card;
- ``POST /rate-cards/{id}/build`` (optional ``{"date_live"}``): 202 with the build job, which
  runs in the background (:mod:`telephony.rating.jobs`; 409 while one of the card runs);
  ``GET /rate-cards/{id}/build``: the card's latest job, its progress (``done``/``total``
  prefixes, ``percent``), then its ``report`` or its ``error``;
- ``/rate-cards/{id}/revisions`` (list, get, ``POST .../activate``), their ``/rates``
  (paginated, ``prefix`` filter: rows whose prefix starts with it) and ``/export.csv``;
- ``POST /rate-cards/{id}/imports``: ``multipart/form-data`` with ``file`` and optional
  ``format`` (``csv``, ``open-rate-card``), ``mapping`` (JSON ``{"column": "field"}``),
  ``start_row``, ``date_live`` (ISO 8601 with zone), ``activate`` (default true), ``note``,
  ``card`` (the open-rate-card card key); 201 ``{"revision", "report"}``, or 422 with the
  report (``details``: ``{"errors": [{"line", "column", "message"}], ...}``): nothing
  written.

Money is written as decimal strings. ``rating:read`` reads, ``rating:write`` changes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile
from starlette.responses import StreamingResponse

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.errors import BadRequest, ValidationFailed
from runtime.security.secretbox import SecretBox
from telephony.rating import imports
from telephony.rating.jobs import JobStatus, build_jobs
from telephony.rating.models import (
    CardKind,
    CardParent,
    Carrier,
    CarrierIp,
    CarrierStatus,
    ExchangeRate,
    ProfitKind,
    ProfitRule,
    Rate,
    RateCard,
    RateRevision,
    ReplyRule,
    RevisionStatus,
)
from telephony.rating.services import cards, carriers, exchange, profit, revisions
from telephony.rating.services.common import money_str

__all__ = ["build_api"]

READ, WRITE = Permission.RATING_READ, Permission.RATING_WRITE


def _box(call: Call[Any]) -> SecretBox:
    return SecretBox.for_settings(call.request.app.state.settings)


# -- shapes ---------------------------------------------------------------------------


class CarrierOut(BaseModel):
    id: int
    name: str
    status: CarrierStatus
    currency: str
    channels: int
    cps: int
    first_reply_timeout: int
    pdd_timeout: int
    ring_timeout: int
    has_credentials: bool
    tags: list[str]
    notes: str
    created_at: datetime

    @classmethod
    def of(cls, c: Carrier) -> CarrierOut:
        return cls(**carriers.snapshot(c), created_at=c.created_at)


class CarrierCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    currency: str = Field("USD", description="ISO 4217; fixed after creation")
    status: CarrierStatus | None = None
    channels: int | None = Field(None, description="concurrent calls, 0 = no limit")
    cps: int | None = Field(None, description="calls per second, 0 = no limit")
    first_reply_timeout: int | None = Field(None, description="seconds (default 3)")
    pdd_timeout: int | None = Field(None, description="seconds (default 5)")
    ring_timeout: int | None = Field(None, description="seconds (default 60)")
    credentials: dict[str, str] | None = Field(
        None, description="write-only: what we send toward the carrier, encrypted at rest"
    )
    tags: list[str] | None = None
    notes: str | None = None


class CarrierUpdate(CarrierCreate):
    name: str | None = Field(None, min_length=1, max_length=100)  # type: ignore[assignment]
    currency: str | None = Field(None, description="fixed: only the same value")  # type: ignore[assignment]


class IpOut(BaseModel):
    id: int
    carrier_id: int
    address: str
    direction: str
    protocol: str
    port: int
    weight: int
    channels: int
    cps: int

    @classmethod
    def of(cls, ip: CarrierIp) -> IpOut:
        return cls(**carriers.ip_snapshot(ip))


class IpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    address: str | None = Field(None, description="IP or CIDR (sends); IP or host (receives)")
    direction: str | None = Field(None, description="sends or receives (default)")
    protocol: str | None = Field(None, description="udp (default), tcp, tls")
    port: int | None = None
    weight: int | None = Field(None, description="share of calls among the addresses")
    channels: int | None = None
    cps: int | None = None


class ReplyRuleOut(BaseModel):
    id: int
    carrier_id: int
    code: int
    action: str
    new_code: int | None
    reason: str

    @classmethod
    def of(cls, rule: ReplyRule) -> ReplyRuleOut:
        return cls(**carriers.rule_snapshot(rule))


class ReplyRuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: str = Field(description="default, failover or replace")
    new_code: int | None = Field(None, description="replace: the code passed on")
    reason: str = Field("", max_length=128)


class RateListOut(BaseModel):
    items: list[Any]


class ExchangeRateOut(BaseModel):
    id: int
    base: str
    quote: str
    rate: str
    as_of: datetime
    source: str

    @classmethod
    def of(cls, row: ExchangeRate) -> ExchangeRateOut:
        return cls(
            id=row.id,
            base=row.base,
            quote=row.quote,
            rate=money_str(row.rate) or "0",
            as_of=row.as_of,
            source=row.source,
        )


class ExchangeRateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base: str
    quote: str
    rate: Decimal = Field(description="1 base = rate quote")
    as_of: datetime | None = Field(None, description="from when (default now)")
    source: str = Field("manual", max_length=64)


class ExchangeQuery(ListQuery):
    base: str | None = None
    quote: str | None = None


class ParentOut(BaseModel):
    card_id: int
    name: str
    weight: int
    position: int

    @classmethod
    def of(cls, link: CardParent) -> ParentOut:
        """A parent link, its provider card fetched."""
        parent = link.parent
        return cls(card_id=parent.id, name=parent.name, weight=link.weight, position=link.position)


class CardOut(BaseModel):
    id: int
    uuid: str
    name: str
    kind: CardKind
    carrier_id: int | None
    currency: str
    direction: str
    precision: int
    rounding: str
    duration_rounding: str
    tech_prefix: str
    capped_rate: str | None
    blocked_types: list[str]
    presentation: str
    compact: str
    strategy: str
    stale: bool
    notes: str
    parents: list[ParentOut]
    active_revision_id: int | None
    created_at: datetime

    @classmethod
    async def of(cls, card: RateCard) -> CardOut:
        data = cards.snapshot(card)
        data["capped_rate"] = money_str(card.capped_rate)
        links = await cards.parents_of(card)
        active = await RateRevision.filter(card_id=card.id, status=RevisionStatus.ACTIVE).first()
        return cls(
            **data,
            parents=[ParentOut.of(link) for link in links],
            active_revision_id=active.id if active else None,
            created_at=card.created_at,
        )


class ParentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    card: int | str = Field(description="a provider card's id or name")
    weight: int = Field(1, description="routing weight (weighted random, tier), 0-1000")
    position: int | None = Field(None, description="routing order; default: after the last")


class ProfitRuleOut(BaseModel):
    id: int
    card_id: int
    match: str
    kind: ProfitKind
    value: str
    connection_fee: str | None
    mcd: int | None
    pulse: int | None
    blocked: bool
    position: int

    @classmethod
    def of(cls, rule: ProfitRule) -> ProfitRuleOut:
        data = profit.snapshot(rule)
        data["value"] = money_str(rule.value) or "0"
        data["connection_fee"] = money_str(rule.connection_fee)
        return cls(**data)


class ProfitRuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    match: str = Field(
        "", max_length=200, description="a prefix (digits), a ^regex, or empty: every prefix"
    )
    kind: ProfitKind = Field(
        ProfitKind.PERCENT,
        description="absolute (value is the sell rate), relative (cost + value), "
        "percent (cost x (1 + value/100))",
    )
    value: Decimal = Field(description='a decimal string, e.g. "10" (relative may be < 0)')
    connection_fee: Decimal | None = Field(None, description="null: the parents' worst case")
    mcd: int | None = Field(None, description="seconds; null: the parents' worst case")
    pulse: int | None = Field(None, description="seconds; null: the parents' worst case")
    blocked: bool = Field(False, description="the matched prefixes are not sold")
    position: int | None = Field(None, description="breaks ties between equal matches")


class BuildIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date_live: datetime | None = Field(
        None, description="when the new revision goes live (UTC unless given); default: at once"
    )


class BuildJobOut(BaseModel):
    id: int = Field(description="the job's number in this server process")
    card: int
    status: JobStatus
    done: int = Field(description="prefixes written so far")
    total: int = Field(description="prefixes in all (0 until counted)")
    percent: float
    date_live: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    report: dict[str, Any] | None = Field(
        description="when done: revision, number, status, built_from, prefixes, blocked, "
        "skipped, warnings, seconds"
    )
    error: str | None = Field(description="when failed: why")


class CardIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=100)
    kind: CardKind | None = None
    carrier: int | str | None = Field(None, description="provider cards: id or name")
    currency: str | None = None
    direction: str | None = None
    precision: int | None = Field(None, description="decimals of a call's cost, 0-8")
    rounding: str | None = None
    duration_rounding: str | None = None
    tech_prefix: str | None = None
    capped_rate: Decimal | None = None
    blocked_types: list[str] | None = None
    presentation: str | None = None
    compact: str | None = None
    strategy: str | None = None
    notes: str | None = None
    parents: list[ParentIn] | None = Field(None, description="customer cards: provider cards")


class CardQuery(ListQuery):
    kind: CardKind | None = None
    carrier: int | None = None
    q: str | None = Field(None, max_length=64)


class RevisionOut(BaseModel):
    id: int
    card_id: int
    number: int
    status: RevisionStatus
    date_live: datetime | None
    activated_at: datetime | None
    source: str
    row_count: int
    note: str
    created_by: str
    created_at: datetime

    @classmethod
    def of(cls, r: RateRevision) -> RevisionOut:
        return cls(**revisions.snapshot(r), created_by=r.created_by, created_at=r.created_at)


class RateOut(BaseModel):
    prefix: str
    name: str
    rate: str
    connection_fee: str
    billing: str = Field(description="MCD/Pulse")
    mcd: int
    pulse: int
    status: str
    inter: str | None
    intra: str | None
    candidates: list[dict[str, Any]] | None

    @classmethod
    def of(cls, r: Rate) -> RateOut:
        return cls(
            prefix=r.prefix,
            name=r.name,
            rate=money_str(r.rate) or "0",
            connection_fee=money_str(r.connection_fee) or "0",
            billing=f"{r.mcd}/{r.pulse}",
            mcd=r.mcd,
            pulse=r.pulse,
            status=r.status,
            inter=money_str(r.inter),
            intra=money_str(r.intra),
            candidates=r.candidates,
        )


class RateQuery(ListQuery):
    prefix: str | None = Field(None, max_length=20, description="rows whose prefix starts so")


class ImportOut(BaseModel):
    revision: RevisionOut
    report: dict[str, Any]


# -- handlers -------------------------------------------------------------------------


def _values(call: Call[Any]) -> dict[str, Any]:
    values: dict[str, Any] = call.body.model_dump(exclude_unset=True)
    return values


async def list_carriers(call: Call[Any]) -> Page[CarrierOut]:
    """List carriers."""
    return await paginate(
        Carrier.all(),
        call.query,
        sortable=("id", "name", "status", "created_at"),
        default_sort=("name",),
        item=CarrierOut.of,
    )


async def create_carrier(call: Call[Any]) -> CarrierOut:
    """Create a carrier (its currency is fixed from then on)."""
    return CarrierOut.of(await carriers.create_carrier(call.actor, _values(call), _box(call)))


async def get_carrier(call: Call[Any]) -> CarrierOut:
    """One carrier (never its credentials)."""
    return CarrierOut.of(await carriers.get_carrier(call.path["carrier_id"]))


async def update_carrier(call: Call[Any]) -> CarrierOut:
    """Change a carrier; ``credentials: {}`` clears them."""
    carrier = await carriers.update_carrier(
        call.actor, call.path["carrier_id"], _values(call), _box(call)
    )
    return CarrierOut.of(carrier)


async def delete_carrier(call: Call[Any]) -> None:
    """Delete a carrier that has no rate cards."""
    await carriers.delete_carrier(call.actor, call.path["carrier_id"])


async def list_ips(call: Call[Any]) -> RateListOut:
    """A carrier's addresses."""
    carrier = await carriers.get_carrier(call.path["carrier_id"])
    ips = await CarrierIp.filter(carrier_id=carrier.id).order_by("id")
    return RateListOut(items=[IpOut.of(ip) for ip in ips])


async def add_ip(call: Call[Any]) -> IpOut:
    """Add an address to a carrier."""
    if not call.body.address:
        raise ValidationFailed.field("address", "required")
    return IpOut.of(await carriers.add_ip(call.actor, call.path["carrier_id"], _values(call)))


async def update_ip(call: Call[Any]) -> IpOut:
    """Change a carrier's address."""
    ip = await carriers.update_ip(
        call.actor, call.path["carrier_id"], call.path["ip_id"], _values(call)
    )
    return IpOut.of(ip)


async def delete_ip(call: Call[Any]) -> None:
    """Remove a carrier's address."""
    await carriers.delete_ip(call.actor, call.path["carrier_id"], call.path["ip_id"])


async def list_reply_rules(call: Call[Any]) -> RateListOut:
    """A carrier's reply management, by code."""
    carrier = await carriers.get_carrier(call.path["carrier_id"])
    rules = await ReplyRule.filter(carrier_id=carrier.id).order_by("code")
    return RateListOut(items=[ReplyRuleOut.of(rule) for rule in rules])


async def set_reply_rule(call: Call[Any]) -> ReplyRuleOut:
    """What a SIP code from this carrier does: default, failover, or replace."""
    b: ReplyRuleIn = call.body
    rule = await carriers.set_reply_rule(
        call.actor, call.path["carrier_id"], call.path["code"], b.action, b.new_code, b.reason
    )
    return ReplyRuleOut.of(rule)


async def delete_reply_rule(call: Call[Any]) -> None:
    """Back to the default for a code."""
    await carriers.delete_reply_rule(call.actor, call.path["carrier_id"], call.path["code"])


async def list_exchange_rates(call: Call[Any]) -> Page[ExchangeRateOut]:
    """Exchange rates, newest first."""
    q: ExchangeQuery = call.query
    qs = ExchangeRate.all()
    if q.base:
        qs = qs.filter(base=q.base.upper())
    if q.quote:
        qs = qs.filter(quote=q.quote.upper())
    return await paginate(
        qs, q, sortable=("id", "as_of"), default_sort=("-as_of", "-id"), item=ExchangeRateOut.of
    )


async def add_exchange_rate(call: Call[Any]) -> ExchangeRateOut:
    """Add an exchange rate (it applies from ``as_of`` until a newer one)."""
    b: ExchangeRateIn = call.body
    row = await exchange.add_rate(call.actor, b.base, b.quote, b.rate, b.as_of, b.source)
    return ExchangeRateOut.of(row)


async def list_cards(call: Call[Any]) -> Page[CardOut]:
    """List rate cards."""
    q: CardQuery = call.query
    qs = RateCard.all()
    if q.kind:
        qs = qs.filter(kind=q.kind)
    if q.carrier is not None:
        qs = qs.filter(carrier_id=q.carrier)
    if q.q:
        qs = qs.filter(name__icontains=q.q)
    page = await paginate(
        qs,
        q,
        sortable=("id", "name", "kind", "created_at"),
        default_sort=("name",),
        item=lambda c: c,
    )
    page.items = [await CardOut.of(card) for card in page.items]
    return page


def _card_values(call: Call[Any]) -> dict[str, Any]:
    values = _values(call)
    if call.body.parents is not None:
        values["parents"] = [p.model_dump(exclude_none=True) for p in call.body.parents]
    return values


async def create_card(call: Call[Any]) -> CardOut:
    """Create a provider card (``carrier``) or a customer card (``kind: customer``)."""
    if not call.body.name:
        raise ValidationFailed.field("name", "required")
    return await CardOut.of(await cards.create_card(call.actor, _card_values(call)))


async def get_card(call: Call[Any]) -> CardOut:
    """One rate card, its parents and its active revision."""
    return await CardOut.of(await cards.get_card(call.path["card_id"]))


async def update_card(call: Call[Any]) -> CardOut:
    """Change a card (kind, carrier and currency are fixed)."""
    card = await cards.update_card(call.actor, call.path["card_id"], _card_values(call))
    return await CardOut.of(card)


async def delete_card(call: Call[Any]) -> None:
    """Delete a card with its revisions (not while it is a parent or routed to)."""
    await cards.delete_card(call.actor, call.path["card_id"])


async def list_parents(call: Call[Any]) -> RateListOut:
    """A customer card's parents (provider cards), in routing order."""
    card = await cards.get_card(call.path["card_id"])
    links = await cards.parents_of(card)
    return RateListOut(items=[ParentOut.of(link) for link in links])


async def add_parent(call: Call[Any]) -> ParentOut:
    """Add a provider card to a customer card's parents (the card is stale until built)."""
    b: ParentIn = call.body
    link = await cards.add_parent(
        call.actor, call.path["card_id"], b.card, weight=b.weight, position=b.position
    )
    await link.fetch_related("parent")
    return ParentOut.of(link)


async def remove_parent(call: Call[Any]) -> None:
    """Remove a parent (by the provider card's id) from a customer card."""
    await cards.remove_parent(call.actor, call.path["card_id"], call.path["parent_id"])


async def list_profit_rules(call: Call[Any]) -> RateListOut:
    """A customer card's profit rules, by position."""
    card = await cards.get_card(call.path["card_id"])
    rules = await ProfitRule.filter(card_id=card.id).order_by("position", "id")
    return RateListOut(items=[ProfitRuleOut.of(rule) for rule in rules])


async def add_profit_rule(call: Call[Any]) -> ProfitRuleOut:
    """Add a profit rule to a customer card (the card is stale until built)."""
    card = await cards.get_card(call.path["card_id"])
    rule = await profit.add_rule(call.actor, card, call.body.model_dump())
    return ProfitRuleOut.of(rule)


async def delete_profit_rule(call: Call[Any]) -> None:
    """Remove a profit rule from a customer card."""
    card = await cards.get_card(call.path["card_id"])
    await profit.delete_rule(call.actor, card, call.path["rule_id"])


async def start_build(call: Call[Any]) -> BuildJobOut:
    """Build a customer card from its parents in the background; poll ``GET`` for its
    progress and report (409 while a build of the card runs)."""
    card = await cards.get_card(call.path["card_id"])
    date_live = call.body.date_live
    if date_live is not None and date_live.tzinfo is None:
        date_live = date_live.replace(tzinfo=UTC)
    job = await build_jobs(call.request.app).start(card, date_live=date_live)
    return BuildJobOut(**job.as_dict())


async def get_build(call: Call[Any]) -> BuildJobOut:
    """A card's latest build job (this server process's): progress, then report or error."""
    card = await cards.get_card(call.path["card_id"])
    return BuildJobOut(**build_jobs(call.request.app).get(card).as_dict())


async def list_revisions(call: Call[Any]) -> Page[RevisionOut]:
    """A card's revisions, newest first."""
    card = await cards.get_card(call.path["card_id"])
    return await paginate(
        RateRevision.filter(card_id=card.id),
        call.query,
        sortable=("id", "number", "created_at"),
        default_sort=("-number",),
        item=RevisionOut.of,
    )


async def get_revision(call: Call[Any]) -> RevisionOut:
    """One revision."""
    return RevisionOut.of(
        await revisions.get_revision(call.path["card_id"], call.path["revision_id"])
    )


async def activate_revision(call: Call[Any]) -> RevisionOut:
    """Make a revision the card's active one now (the previous one is archived)."""
    revision = await revisions.get_revision(call.path["card_id"], call.path["revision_id"])
    return RevisionOut.of(await revisions.activate(call.actor, revision))


async def list_rates(call: Call[Any]) -> Page[RateOut]:
    """A revision's rows by prefix (``prefix``: those starting with it)."""
    q: RateQuery = call.query
    revision = await revisions.get_revision(call.path["card_id"], call.path["revision_id"])
    qs = Rate.filter(revision_id=revision.id)
    if q.prefix:
        qs = qs.filter(prefix__startswith=q.prefix.lstrip("+"))
    return await paginate(
        qs, q, sortable=("prefix", "rate", "name"), default_sort=("prefix",), item=RateOut.of
    )


async def export_revision(call: Call[Any]) -> StreamingResponse:
    """A revision as CSV (``prefix,name,rate,connection_fee,billing``...)."""
    card = await cards.get_card(call.path["card_id"])
    revision = await revisions.get_revision(card.id, call.path["revision_id"])
    filename = f"{card.name}-r{revision.number}.csv".replace('"', "")
    return StreamingResponse(
        imports.export_csv(revision),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _form_text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _import_options(form: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"format": _form_text(form, "format") or "csv"}
    if raw := _form_text(form, "mapping"):
        try:
            mapping = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValidationFailed.field("mapping", f"not JSON: {exc.msg}") from None
        if not isinstance(mapping, dict):
            raise ValidationFailed.field("mapping", 'an object: {"column": "field"}')
        options["mapping"] = mapping
    if raw := _form_text(form, "start_row"):
        if not raw.isdigit():
            raise ValidationFailed.field("start_row", "a line number (1 = the first)")
        options["start_row"] = int(raw)
    if raw := _form_text(form, "date_live"):
        try:
            options["date_live"] = datetime.fromisoformat(raw)
        except ValueError:
            raise ValidationFailed.field(
                "date_live", "an ISO 8601 time, e.g. 2026-12-01T00:00Z"
            ) from None
    if raw := _form_text(form, "activate"):
        options["activate"] = raw.lower() not in ("false", "0", "no")
    options["note"] = _form_text(form, "note")
    if raw := _form_text(form, "card"):
        options["options"] = {"card": raw}
    return options


async def import_revision(call: Call[Any]) -> ImportOut:
    """Upload rates into a new revision (multipart ``file``, ``format``, ``mapping``,
    ``start_row``, ``date_live``, ``activate``)."""
    card = await cards.get_card(call.path["card_id"])
    request = call.request
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise BadRequest("Content-Type must be multipart/form-data (field file)")
    async with request.form(max_files=1, max_fields=20) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationFailed.field("file", "choose a CSV or open-rate-card JSON file")
        options = _import_options(form)
        upload.file.seek(0)
        result = await imports.import_rates(call.actor, card, upload.file, **options)
    if result.revision is None:
        raise imports.ImportFailed(result.report)
    return ImportOut(revision=RevisionOut.of(result.revision), report=result.report.as_dict())


_ROUTES: tuple[tuple[Any, ...], ...] = (
    # (method, path, name, permission, handler, extra)
    ("GET", "/carriers", "carriers.list", READ, list_carriers, {"query": ListQuery}),
    ("POST", "/carriers", "carriers.create", WRITE, create_carrier,
     {"body": CarrierCreate, "status": 201, "errors": (409,)}),
    ("GET", "/carriers/{carrier_id:int}", "carriers.get", READ, get_carrier, {}),
    ("PATCH", "/carriers/{carrier_id:int}", "carriers.update", WRITE, update_carrier,
     {"body": CarrierUpdate, "errors": (404, 409)}),
    ("DELETE", "/carriers/{carrier_id:int}", "carriers.delete", WRITE, delete_carrier,
     {"status": 204, "errors": (404, 409)}),
    ("GET", "/carriers/{carrier_id:int}/ips", "carriers.ips.list", READ, list_ips, {}),
    ("POST", "/carriers/{carrier_id:int}/ips", "carriers.ips.create", WRITE, add_ip,
     {"body": IpIn, "status": 201}),
    ("PATCH", "/carriers/{carrier_id:int}/ips/{ip_id:int}", "carriers.ips.update", WRITE,
     update_ip, {"body": IpIn}),
    ("DELETE", "/carriers/{carrier_id:int}/ips/{ip_id:int}", "carriers.ips.delete", WRITE,
     delete_ip, {"status": 204}),
    ("GET", "/carriers/{carrier_id:int}/reply-rules", "carriers.reply_rules.list", READ,
     list_reply_rules, {}),
    ("PUT", "/carriers/{carrier_id:int}/reply-rules/{code:int}", "carriers.reply_rules.set",
     WRITE, set_reply_rule, {"body": ReplyRuleIn}),
    ("DELETE", "/carriers/{carrier_id:int}/reply-rules/{code:int}",
     "carriers.reply_rules.delete", WRITE, delete_reply_rule, {"status": 204}),
    ("GET", "/exchange-rates", "exchange_rates.list", READ, list_exchange_rates,
     {"query": ExchangeQuery}),
    ("POST", "/exchange-rates", "exchange_rates.create", WRITE, add_exchange_rate,
     {"body": ExchangeRateIn, "status": 201}),
    ("GET", "/rate-cards", "rate_cards.list", READ, list_cards, {"query": CardQuery}),
    ("POST", "/rate-cards", "rate_cards.create", WRITE, create_card,
     {"body": CardIn, "status": 201, "errors": (409,)}),
    ("GET", "/rate-cards/{card_id:int}", "rate_cards.get", READ, get_card, {}),
    ("PATCH", "/rate-cards/{card_id:int}", "rate_cards.update", WRITE, update_card,
     {"body": CardIn, "errors": (404, 409)}),
    ("DELETE", "/rate-cards/{card_id:int}", "rate_cards.delete", WRITE, delete_card,
     {"status": 204, "errors": (404, 409)}),
    ("GET", "/rate-cards/{card_id:int}/parents", "rate_cards.parents.list", READ,
     list_parents, {}),
    ("POST", "/rate-cards/{card_id:int}/parents", "rate_cards.parents.create", WRITE,
     add_parent, {"body": ParentIn, "status": 201, "errors": (404, 409, 422)}),
    ("DELETE", "/rate-cards/{card_id:int}/parents/{parent_id:int}",
     "rate_cards.parents.delete", WRITE, remove_parent, {"status": 204, "errors": (404, 409)}),
    ("GET", "/rate-cards/{card_id:int}/profit-rules", "rate_cards.profit_rules.list", READ,
     list_profit_rules, {}),
    ("POST", "/rate-cards/{card_id:int}/profit-rules", "rate_cards.profit_rules.create",
     WRITE, add_profit_rule, {"body": ProfitRuleIn, "status": 201, "errors": (404, 409, 422)}),
    ("DELETE", "/rate-cards/{card_id:int}/profit-rules/{rule_id:int}",
     "rate_cards.profit_rules.delete", WRITE, delete_profit_rule, {"status": 204}),
    ("POST", "/rate-cards/{card_id:int}/build", "rate_cards.build.start", WRITE, start_build,
     {"body": BuildIn, "status": 202, "errors": (400, 404, 409)}),
    ("GET", "/rate-cards/{card_id:int}/build", "rate_cards.build.get", READ, get_build, {}),
    ("GET", "/rate-cards/{card_id:int}/revisions", "rate_cards.revisions.list", READ,
     list_revisions, {"query": ListQuery}),
    ("GET", "/rate-cards/{card_id:int}/revisions/{revision_id:int}",
     "rate_cards.revisions.get", READ, get_revision, {}),
    ("POST", "/rate-cards/{card_id:int}/revisions/{revision_id:int}/activate",
     "rate_cards.revisions.activate", WRITE, activate_revision, {}),
    ("GET", "/rate-cards/{card_id:int}/revisions/{revision_id:int}/rates",
     "rate_cards.revisions.rates", READ, list_rates, {"query": RateQuery}),
    ("GET", "/rate-cards/{card_id:int}/revisions/{revision_id:int}/export.csv",
     "rate_cards.revisions.export", READ, export_revision, {}),
    ("POST", "/rate-cards/{card_id:int}/imports", "rate_cards.import", WRITE,
     import_revision, {"status": 201, "response": ImportOut, "errors": (404, 422)}),
)  # fmt: skip


def build_api() -> Api:
    api = Api()
    for method, path, name, permission, handler, extra in _ROUTES:
        extra = {"errors": (404,), "tag": "rating", **extra}
        api.route(method, path, name=name, permission=permission, **extra)(handler)
    return api

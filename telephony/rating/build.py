"""Building a customer card from its parent provider cards (ConnexCS's "Build").

The build is a pipeline over plain Python values; only the first step reads the database
and only the last writes it:

1. **parents** — each :class:`CardParent`'s active revision, its rows in a marisa-trie, and
   the exchange rate from its currency into the customer card's (the newest
   :class:`ExchangeRate` with ``as_of <= now``, direct or inverse:
   :func:`~telephony.rating.services.exchange.rate_at`). A parent without an
   active revision or a rate is skipped, with a warning in the report.
2. **normalise** — the output prefixes are the union of every parent's prefixes; a parent's
   price for an output prefix is its own longest-prefix row (parent A's ``441`` is carried
   down to ``441481``, which only parent B has). A parent whose longest row is blocked, or
   that has no matching row, cannot carry the prefix.
3. **candidates** — per prefix, the parents that carry it, cheapest first in the customer's
   currency (ties: parent position, then card id), stored in ``Rate.candidates`` in the
   parent's own currency.
4. **sell** — the basis is the candidates' converted costs compacted by the card's
   ``compact`` (min / max / avg); the most specific :class:`ProfitRule` sets the sell rate.
   Specificity: the longest matching prefix rule; then any ``^regex`` rule; then a
   catch-all (empty ``match``); ties by position, then id. Absolute: the value *is* the rate;
   relative: basis + value; percent: basis x (1 + value/100). **No matching rule: sell =
   basis.** Connection fee, MCD and pulse: the rule's override, else the worst case (the
   largest) among the candidates. A blocked rule blocks the row; a prefix no parent can
   carry becomes a blocked row without candidates (so that a shorter row of the card does
   not catch its numbers).
5. **write** — one new revision (source ``build``, ``built_from`` = ``{parent card id:
   revision id}``) and its rows in one transaction through the driver's bulk path (COPY on
   PostgreSQL, ``executemany`` on SQLite); the revision becomes active at once
   (:func:`~telephony.rating.services.revisions.activate_in`, in the same transaction) or
   waits for its ``date_live`` (``activate_due``), and the card is no longer stale.

A rebuild is a plain coroutine with a progress callback (prefixes written, total; the merge
runs in a worker thread, chunk by chunk, while the chunks already merged are written, so
the event loop keeps serving): the
repository's background runners (ScriptForge's ``JobWorker``, the Query Builder's
``ImportRunner``) are tied to their own job models, so an API can run :func:`build` in a task
and poll the callback's figures.
"""

from __future__ import annotations

import asyncio
import gc
import json
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

import aiosqlite
import asyncpg
import marisa_trie
from sqlglot import exp
from tortoise import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from runtime import db as database
from runtime.errors import BadRequest, Conflict, NotFound
from telephony.rating.index import PrefixIndex, registry
from telephony.rating.lookup import money
from telephony.rating.models import (
    PLACES,
    CardKind,
    CardParent,
    Compact,
    ProfitKind,
    ProfitRule,
    Rate,
    RateCard,
    RateRevision,
    RevisionStatus,
)
from telephony.rating.services.exchange import rate_at
from telephony.rating.services.revisions import activate_in, next_number

__all__ = ["BuildReport", "Progress", "build", "build_card", "merge", "merge_chunks", "write_rows"]

#: ``progress(done, total)``: prefixes written so far, and how many there are.
Progress = Callable[[int, int], None]

#: Rows merged and written at a time (progress is reported after each).
CHUNK = 20_000
QUANTUM = Decimal(1).scaleb(-PLACES)
ZERO = Decimal(0)
_MISSING: Any = object()
T = TypeVar("T")
_COLUMNS = (
    "revision_id",
    "prefix",
    "name",
    "rate",
    "connection_fee",
    "mcd",
    "pulse",
    "status",
    "candidates",
)


@dataclass
class BuildReport:
    """What a build did."""

    revision: RateRevision
    prefixes: int = 0
    blocked: int = 0
    #: ``[{"card", "name", "reason"}]``: parents left out of the build.
    skipped: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "card": self.revision.card_id,  # type: ignore[attr-defined]
            "revision": self.revision.id,
            "number": self.revision.number,
            "status": str(self.revision.status),
            "built_from": self.revision.built_from,
            "prefixes": self.prefixes,
            "blocked": self.blocked,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
        }


@dataclass(slots=True)
class _Parent:
    """One parent's active revision as the build reads it."""

    card: RateCard
    revision_id: int
    position: int
    #: Multiplies the parent's money into the customer card's currency.
    fx: Decimal
    trie: marisa_trie.Trie
    #: By prefix: ``(name, rate, fee, mcd, pulse, blocked)``.
    rows: dict[str, tuple[str, Decimal, Decimal, int, int, bool]]
    #: By prefix: what the row offers (see :func:`_offers`).
    offers: dict[str, _Offer | None] = field(default_factory=dict)


#: ``(converted cost, position, card id, converted fee, mcd, pulse, candidate, its JSON,
#: prefix length, name)``: a parent's row as a candidate of output prefixes. Every output
#: prefix the row covers shares the one tuple (a card's rows repeat few values).
_Offer = tuple[Decimal, int, int, Decimal, int, int, dict[str, Any], str, int, str]


@dataclass(frozen=True, slots=True)
class _Rule:
    rank: tuple[int, int]
    position: tuple[int, int]
    prefix: str | None
    pattern: re.Pattern[str] | None
    rule: ProfitRule


def _select_rows() -> str:
    postgres = database.dialect_of_connection() == "postgres"
    revision = exp.Parameter(this=exp.Literal.number(1)) if postgres else exp.Placeholder()
    # Money as text: a card repeats few values, each parsed once (asyncpg would make a
    # Decimal per row).
    money_text = [exp.cast(exp.column(c), "text") for c in ("rate", "connection_fee")]
    query = (
        exp.select("prefix", "name", *money_text, "mcd", "pulse", "status")
        .from_(exp.to_identifier(Rate._meta.db_table, quoted=True))
        .where(exp.column("revision_id").eq(revision))
    )
    return query.sql("postgres" if postgres else "sqlite")


async def _rows(revision_id: int) -> dict[str, tuple[str, Decimal, Decimal, int, int, bool]]:
    """A revision's rows by prefix, read without model objects (a parent has 200,000)."""
    _, found = await database.connection().execute_query(_select_rows(), [revision_id])
    decimals: dict[Any, Decimal] = {}

    def decimal(value: Any) -> Decimal:
        if value is None:
            return Decimal(0)
        known = decimals.get(value)
        if known is None:
            known = decimals[value] = value if isinstance(value, Decimal) else Decimal(value)
        return known

    return {
        row[0]: (row[1], decimal(row[2]), decimal(row[3]), row[4], row[5], row[6] == "blocked")
        for row in found
    }


async def _parents(card: RateCard, now: datetime, skipped: list[dict[str, Any]]) -> list[_Parent]:
    links = await CardParent.filter(card_id=card.id).select_related("parent")
    out = []
    for link in sorted(links, key=lambda p: (p.position, p.parent_id)):  # type: ignore[attr-defined]
        parent = link.parent
        active = await RateRevision.filter(card_id=parent.id, status=RevisionStatus.ACTIVE).first()
        if active is None:
            skipped.append({"card": parent.id, "name": parent.name, "reason": "no active revision"})
            continue
        try:
            fx = await rate_at(parent.currency, card.currency, now)
        except NotFound:
            reason = f"no exchange rate {parent.currency}->{card.currency}"
            skipped.append({"card": parent.id, "name": parent.name, "reason": reason})
            continue
        rows = await _rows(active.id)
        out.append(_Parent(parent, active.id, link.position, fx, marisa_trie.Trie(rows), rows))
    return out


def _offers(parent: _Parent, text: dict[Decimal, str]) -> dict[str, _Offer | None]:
    """What each row of ``parent`` offers (None: blocked), by prefix. ``text`` remembers
    money as text (a card repeats few values)."""
    card_id, revision_id, position, fx = (
        parent.card.id,
        parent.revision_id,
        parent.position,
        parent.fx,
    )
    converted = fx != 1
    # json.dumps of the candidate, several times faster; only a prefix could need escaping.
    head = f'{{"card": {card_id:d}, "revision": {revision_id:d}, "prefix": '
    out: dict[str, _Offer | None] = {}
    for prefix, (name, rate, fee, mcd, pulse, blocked) in parent.rows.items():
        if blocked:
            out[prefix] = None
            continue
        rate_text = text.get(rate)
        if rate_text is None:
            rate_text = text[rate] = money(rate)
        fee_text = text.get(fee)
        if fee_text is None:
            fee_text = text[fee] = money(fee)
        candidate = {
            "card": card_id,
            "revision": revision_id,
            "prefix": prefix,
            "rate": rate_text,
            "fee": fee_text,
            "mcd": mcd,
            "pulse": pulse,
        }
        quoted = f'"{prefix}"' if prefix.isdigit() else json.dumps(prefix)
        encoded = (
            f'{head}{quoted}, "rate": "{rate_text}", "fee": "{fee_text}", '
            f'"mcd": {mcd:d}, "pulse": {pulse:d}}}'
        )
        out[prefix] = (
            rate * fx if converted else rate,
            position,
            card_id,
            fee * fx if converted else fee,
            mcd,
            pulse,
            candidate,
            encoded,
            len(prefix),
            name,
        )
    return out


def _rules(rules: Sequence[ProfitRule]) -> list[_Rule]:
    """The rules, most specific first."""
    out = []
    for rule in rules:
        match = rule.match.strip()
        if not match:
            out.append(_Rule((0, 0), (rule.position, rule.id), "", None, rule))
        elif match.startswith("^"):
            try:
                pattern = re.compile(match)
            except re.error as exc:
                raise BadRequest(f"profit rule {match!r}: bad regular expression: {exc}") from exc
            out.append(_Rule((1, 0), (rule.position, rule.id), None, pattern, rule))
        else:
            out.append(_Rule((2, len(match)), (rule.position, rule.id), match, None, rule))
    return sorted(out, key=lambda r: ((-r.rank[0], -r.rank[1]), r.position))


def _rule_for(prefix: str, rules: list[_Rule]) -> ProfitRule | None:
    for candidate in rules:
        if candidate.pattern is not None:
            if candidate.pattern.search(prefix):
                return candidate.rule
        elif prefix.startswith(candidate.prefix or ""):
            return candidate.rule
    return None


def _sell(basis: Decimal, rule: ProfitRule | None) -> Decimal:
    if rule is None:
        return basis
    value = Decimal(rule.value)
    if rule.kind == ProfitKind.ABSOLUTE:
        return value
    if rule.kind == ProfitKind.RELATIVE:
        return basis + value
    return basis * (1 + value / 100)


def _q(value: Decimal) -> Decimal:
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP)


#: ``(prefix, name, rate, fee, mcd, pulse, blocked, candidates)``, as the index takes them.
_Out = tuple[str, str, Decimal, Decimal, int, int, bool, list[dict[str, Any]]]


@dataclass(slots=True)
class _Built:
    rows: list[_Out]
    #: ``rows[i]``'s candidates as JSON text.
    candidates: list[str]


def merge_chunks(
    parents: Sequence[_Parent],
    rules: Sequence[ProfitRule],
    compact: Compact,
    size: int = CHUNK,
) -> Iterator[tuple[_Built, int]]:
    """The built rows in prefix order, ``size`` at a time, each chunk with the number of
    prefixes in all (steps 2-4; no I/O)."""
    text: dict[Decimal, str] = {}
    for parent in parents:  # every row is its own prefix's offer at least
        parent.offers = _offers(parent, text)
    prefixes = sorted({p for parent in parents for p in parent.rows})
    ordered = _rules(rules)
    total = len(prefixes)
    built = _Built([], [])
    rows, candidates = built.rows, built.candidates
    sells: dict[tuple[Decimal, int | None], Decimal] = {}
    fees: dict[Decimal, Decimal] = {}
    sources = [(parent.offers, parent.trie.prefixes, parent) for parent in parents]
    for prefix in prefixes:
        if len(rows) >= size:
            yield built, total
            built = _Built([], [])
            rows, candidates = built.rows, built.candidates
        carried: list[_Offer] = []
        blocked_name = ""
        for offers, prefixes_of, parent in sources:
            offer = offers.get(prefix, _MISSING)
            if offer is _MISSING:
                found = prefixes_of(prefix)
                if not found:
                    continue
                offer = offers[found[-1]]
            if offer is None:
                blocked_name = blocked_name or parent.rows[_longest(parent, prefix)][0]
            else:
                carried.append(offer)
        rule = _rule_for(prefix, ordered) if ordered else None
        if not carried:
            rows.append((prefix, blocked_name, ZERO, ZERO, 1, 1, True, []))
            candidates.append("[]")
            continue
        first = carried[0]
        if len(carried) == 1:
            basis, fee, mcd, pulse, name = first[0], first[3], first[4], first[5], first[9]
            encoded = "[" + first[7] + "]"
        else:
            # By cost, position, card id: the card id is unique, so the comparison never
            # reaches the candidate dict (a sort key would cost a call per offer).
            carried.sort()
            first = carried[0]
            fee, mcd, pulse, name, longest = first[3], first[4], first[5], first[9], first[8]
            for other in carried:  # the worst case of each term
                if other[3] > fee:
                    fee = other[3]
                if other[4] > mcd:
                    mcd = other[4]
                if other[5] > pulse:
                    pulse = other[5]
                if other[8] > longest:  # the most specific parent row names the prefix
                    name, longest = other[9], other[8]
            if compact is Compact.MIN:
                basis = carried[0][0]
            elif compact is Compact.MAX:
                basis = carried[-1][0]
            else:
                basis = sum((c[0] for c in carried), ZERO) / len(carried)
            encoded = "[" + ", ".join(c[7] for c in carried) + "]"
        key = (basis, rule.id if rule is not None else None)
        sell = sells.get(key)
        if sell is None:
            sell = sells[key] = _q(_sell(basis, rule))
        if rule is not None:
            fee = Decimal(rule.connection_fee) if rule.connection_fee is not None else fee
            mcd = rule.mcd if rule.mcd is not None else mcd
            pulse = rule.pulse if rule.pulse is not None else pulse
        quantized = fees.get(fee)
        if quantized is None:
            quantized = fees[fee] = _q(fee)
        blocked = rule is not None and rule.blocked
        rows.append((prefix, name, sell, quantized, mcd, pulse, blocked, [c[6] for c in carried]))
        candidates.append(encoded)
    yield built, total


def merge(
    parents: Sequence[_Parent],
    rules: Sequence[ProfitRule],
    compact: Compact,
) -> _Built:
    """All the built rows at once (see :func:`merge_chunks`)."""
    out = _Built([], [])
    for chunk, _ in merge_chunks(parents, rules, compact):
        out.rows += chunk.rows
        out.candidates += chunk.candidates
    return out


async def _merge_into(
    conn: BaseDBAsyncClient,
    revision_id: int,
    parents: Sequence[_Parent],
    merging: tuple[Sequence[ProfitRule], Compact],
    progress: Progress | None,
) -> _Built:
    """Merge in a worker thread while the chunks merged so far are written: the database
    (its own process, or SQLite without the GIL) works while Python merges."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[_Built, int] | None] = asyncio.Queue()
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in merge_chunks(parents, *merging):
                if stop.is_set():  # the writer failed: nothing more is wanted
                    return
                loop.call_soon_threadsafe(queue.put_nowait, chunk)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, None)

    producer = asyncio.ensure_future(asyncio.to_thread(_quietly, produce))
    out = _Built([], [])
    try:
        while (item := await queue.get()) is not None:
            chunk, total = item
            await write_rows(conn, revision_id, chunk.rows, chunk.candidates)
            out.rows += chunk.rows
            out.candidates += chunk.candidates
            if progress is not None:
                progress(len(out.rows), total)
    finally:
        stop.set()
        await producer  # the merge's own error, if it had one
    return out


def _quietly(func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` with the cycle collector paused: building 200,000 rows allocates
    millions of containers, and the full collections they trigger (each walking every
    object the process holds) would double the time. Nothing here makes cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return func(*args)
    finally:
        if enabled:
            gc.enable()


def _longest(parent: _Parent, prefix: str) -> str:
    return str(parent.trie.prefixes(prefix)[-1])


async def write_rows(
    conn: BaseDBAsyncClient, revision_id: int, rows: Sequence[_Out], candidates: Sequence[str]
) -> None:
    """Insert ``rows`` (and their candidates as JSON text) into revision ``revision_id`` in
    one statement, inside the transaction ``conn``: COPY on PostgreSQL, executemany on
    SQLite."""
    raw = getattr(conn, "_connection", None)
    if isinstance(raw, asyncpg.Connection):
        await raw.copy_records_to_table(
            Rate._meta.db_table,
            columns=list(_COLUMNS),
            records=[
                (revision_id, p, n, r, f, m, pu, "blocked" if b else "active", c)
                for (p, n, r, f, m, pu, b, _), c in zip(rows, candidates, strict=True)
            ],
        )
        return
    text: dict[Decimal, str] = {}
    records = [
        (revision_id, p, n, text.get(r) or text.setdefault(r, str(r)),
         text.get(f) or text.setdefault(f, str(f)), m, pu, "blocked" if b else "active", c)
        for (p, n, r, f, m, pu, b, _), c in zip(rows, candidates, strict=True)
    ]  # fmt: skip
    values = exp.Values(expressions=[exp.Tuple(expressions=[exp.Placeholder() for _ in _COLUMNS])])
    sql = exp.insert(values, Rate._meta.db_table, columns=list(_COLUMNS)).sql(
        "sqlite", identify=True
    )
    if not isinstance(raw, aiosqlite.Connection):
        raise TypeError(f"no bulk path for {type(raw).__name__}")
    cursor = await raw.executemany(sql, records)
    await cursor.close()


async def _new_revision(conn: BaseDBAsyncClient, **values: Any) -> RateRevision:
    try:
        return await RateRevision.create(**values, using_db=conn)
    except IntegrityError as exc:  # another build (or import) took the number first
        raise Conflict("the card got a new revision meanwhile; build again") from exc


async def build(
    card: RateCard,
    *,
    now: datetime,
    date_live: datetime | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build a new revision of customer ``card`` from its parents (see the module text);
    it is active when this returns, unless ``date_live`` is later than ``now``."""
    started = time.perf_counter()
    if card.kind != CardKind.CUSTOMER:
        raise BadRequest(f"{card.name} is a provider card; only customer cards are built")
    skipped: list[dict[str, Any]] = []
    parents = await _parents(card, now, skipped)
    warnings = [f"parent {s['name']} skipped: {s['reason']}" for s in skipped]
    if not parents:
        raise BadRequest(f"{card.name} has no parent card to build from", warnings)
    rules = await ProfitRule.filter(card_id=card.id)
    built_from = {str(p.card.id): p.revision_id for p in parents}
    live_now = date_live is None or date_live <= now
    async with database.bulk_transaction() as conn:
        revision = await _new_revision(
            conn,
            card_id=card.id,
            number=await next_number(card.id, conn),
            status=RevisionStatus.PENDING,
            date_live=date_live,
            source="build",
            built_from=built_from,
            note="\n".join(warnings),
        )
        merging = (rules, Compact(card.compact))
        built = await _merge_into(conn, revision.id, parents, merging, progress)
        rows = built.rows
        # The index is built while the transaction commits.
        indexing = asyncio.ensure_future(
            asyncio.to_thread(_quietly, PrefixIndex.build, card.id, revision.id, rows)
        )
        revision.row_count = len(rows)
        await revision.save(using_db=conn, update_fields=["row_count"])
        if live_now:
            await activate_in(conn, revision, now)
        # A parent activated a new revision while this build ran: still stale.
        current = await (
            RateRevision.filter(card_id__in=[p.card.id for p in parents], status="active")
            .using_db(conn)
            .values_list("card_id", "id")
        )
        card.stale = {str(c): r for c, r in current} != built_from
        await RateCard.filter(id=card.id).using_db(conn).update(stale=card.stale)
    index = await indexing
    if live_now:
        # The rows are in hand: no need to read them back.
        registry().put(index)
    return BuildReport(
        revision,
        prefixes=len(rows),
        blocked=sum(1 for row in rows if row[6]),
        skipped=skipped,
        warnings=warnings,
        seconds=time.perf_counter() - started,
    )


async def build_card(
    card: RateCard,
    *,
    now: datetime,
    date_live: datetime | None = None,
    progress: Progress | None = None,
) -> RateRevision:
    """:func:`build`, returning the new revision."""
    report = await build(card, now=now, date_live=date_live, progress=progress)
    return report.revision

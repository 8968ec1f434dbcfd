"""Building a customer card from its parent provider cards (ConnexCS's "Build").

The build is a pipeline over plain Python values; only the first step reads the database
and only the last writes it:

1. **parents** — each :class:`CardParent`'s active revision, its rows by prefix (each as
   the candidate it offers), and the exchange rate from its currency into the customer
   card's (the newest :class:`ExchangeRate` with ``as_of <= now``, direct or inverse:
   :func:`~telephony.rating.services.exchange.rate_at`). A parent without an
   active revision or a rate is skipped, with a warning in the report.
2. **normalise** — the output prefixes are the union of every parent's prefixes; a parent's
   price for an output prefix is its own longest-prefix row (parent A's ``441`` is carried
   down to ``441481``, which only parent B has). A parent whose longest row is blocked, or
   that has no matching row, cannot carry the prefix. One sweep over the sorted prefixes
   finds them all: a prefix's own prefixes come before it.
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
   PostgreSQL, many-row ``INSERT`` statements on SQLite); the revision becomes active at once
   (:func:`~telephony.rating.services.revisions.activate_in`, in the same transaction) or
   waits for its ``date_live`` (``activate_due``), and the card is no longer stale.

A rebuild is a plain coroutine with a progress callback (prefixes written, total, after
every chunk of :data:`CHUNK` rows; the last call has both equal). The Python work runs in
worker threads (the merge chunk by chunk, with the chunks already merged being written),
so the event loop keeps serving; the prefix index of the new revision is made from the
rows in hand, not read back. The repository's background runners (ScriptForge's
``JobWorker``, the Query Builder's ``ImportRunner``) are tied to their own job models, so an
API can run :func:`build` in a task and poll the callback's figures.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

import aiosqlite
import asyncpg
from sqlglot import exp
from tortoise import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from runtime import db as database
from runtime.errors import BadRequest, Conflict, NotFound
from telephony.rating.collector import collector_paused
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
    RateStatus,
    RevisionStatus,
)
from telephony.rating.services.exchange import rate_at
from telephony.rating.services.revisions import activate_in, next_number

__all__ = ["BuildReport", "Progress", "build", "build_card", "merge", "merge_chunks", "write_rows"]

#: ``progress(done, total)``: prefixes written so far, and how many there are.
Progress = Callable[[int, int], None]

#: Rows merged and written at a time (progress is reported after each).
CHUNK = 20_000
#: Rows a SQLite ``INSERT`` statement (9 parameters a row; SQLite before 3.32 takes 999).
SQLITE_ROWS = 100
QUANTUM = Decimal(1).scaleb(-PLACES)
ZERO = Decimal(0)
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


#: ``(converted cost, position, card id, converted fee, mcd, pulse, candidate, its JSON,
#: prefix length, name, terms id)``: a parent's row as a candidate of output prefixes.
#: Every output prefix the row covers shares the one tuple (and so the one candidate
#: dict). Offers sort by cost, then position, then card id (unique: the comparison stops
#: there). The terms id stands for ``(converted fee, mcd, pulse)``.
_Offer = tuple[Decimal, int, int, Decimal, int, int, dict[str, Any], str, int, str, int]
_COST, _CANDIDATE, _JSON, _LENGTH, _TERMS = (itemgetter(i) for i in (0, 6, 7, 8, 10))

#: ``(converted fee, mcd, pulse)`` -> its id, shared by the parents of one build.
_Terms = dict[tuple[Decimal, int, int], int]
#: What a parent's rate, fee and increments make: ``(converted cost, converted fee, terms
#: id, the candidate without its prefix, the candidate's JSON after its prefix)``.
_Made = tuple[Decimal, Decimal, int, dict[str, Any], str]


@dataclass(slots=True)
class _Parent:
    """One parent's active revision as the build reads it."""

    card: RateCard
    revision_id: int
    position: int
    #: Multiplies the parent's money into the customer card's currency.
    fx: Decimal
    #: By prefix: what the parent's own row offers (None: the row is blocked).
    offers: dict[str, _Offer | None] = field(default_factory=dict)
    #: By prefix: the names of the blocked rows.
    blocked: dict[str, str] = field(default_factory=dict)

    def read(self, found: Iterable[Any], terms: _Terms) -> None:
        """Take the revision's rows ``(prefix, name, rate, fee, mcd, pulse, blocked)``
        (money as text) as offers, in one pass: what a row's rate, fee and increments
        make (a card repeats few) is worked out once."""
        card_id, revision_id, position, fx = (
            self.card.id,
            self.revision_id,
            self.position,
            self.fx,
        )
        # json.dumps of the candidate (compact separators), several times faster; only a
        # prefix could need escaping.
        head = f'{{"card":{card_id:d},"revision":{revision_id:d},"prefix":'
        made: dict[tuple[Any, Any, int, int], _Made] = {}

        def make(key: tuple[Any, Any, int, int]) -> _Made:
            rate, fee, mcd, pulse = key
            rate_value, fee_value = Decimal(rate or 0), Decimal(fee or 0)
            fee_cost = fee_value * fx if fx != 1 else fee_value
            rate_text, fee_text = money(rate_value), money(fee_value)
            out = made[key] = (
                rate_value * fx if fx != 1 else rate_value,
                fee_cost,
                terms.setdefault((fee_cost, mcd, pulse), len(terms)),
                # The candidate, its prefix put in place: copying a dict is faster than
                # making one.
                {
                    "card": card_id,
                    "revision": revision_id,
                    "prefix": "",
                    "rate": rate_text,
                    "fee": fee_text,
                    "mcd": mcd,
                    "pulse": pulse,
                },
                f',"rate":"{rate_text}","fee":"{fee_text}","mcd":{mcd:d},"pulse":{pulse:d}}}',
            )
            return out

        offers, blocked_names = self.offers, self.blocked
        for prefix, name, rate, fee, mcd, pulse, blocked in found:
            if blocked:
                offers[prefix] = None
                blocked_names[prefix] = name
                continue
            key = (rate, fee, mcd, pulse)
            cost, fee_cost, terms_id, template, tail = made.get(key) or make(key)
            candidate = template.copy()
            candidate["prefix"] = prefix
            quoted = f'"{prefix}"' if prefix.isdigit() else json.dumps(prefix)
            offers[prefix] = (
                cost,
                position,
                card_id,
                fee_cost,
                mcd,
                pulse,
                candidate,
                head + quoted + tail,
                len(prefix),
                name,
                terms_id,
            )

    def blocked_name(self, prefix: str) -> str:
        """The name of the blocked row that stops the parent carrying ``prefix`` ("" when
        no row matches). Only for a prefix the parent cannot carry: its longest row is then
        blocked, so the longest blocked row is that row."""
        names = self.blocked
        for end in range(len(prefix), 0, -1):
            name = names.get(prefix[:end])
            if name is not None:
                return name
        return ""


@dataclass(frozen=True, slots=True)
class _Rule:
    rank: tuple[int, int]
    position: tuple[int, int]
    prefix: str | None
    pattern: re.Pattern[str] | None
    rule: ProfitRule


def _select_rows(postgres: bool) -> str:
    """A revision's rows ``(prefix, name, rate, fee, mcd, pulse, blocked)``, money as text
    (a card repeats few amounts, each parsed once; asyncpg would make a Decimal per row).
    SQLite makes them one JSON array, in one step: its thread then works without the GIL
    (row by row it would need it for every row), so it reads a parent while Python takes
    in the previous one."""
    revision = exp.Parameter(this=exp.Literal.number(1)) if postgres else exp.Placeholder()
    columns: list[exp.Expr] = [
        exp.column("prefix"),
        exp.column("name"),
        exp.cast(exp.column("rate"), "text"),
        exp.cast(exp.column("connection_fee"), "text"),
        exp.column("mcd"),
        exp.column("pulse"),
        exp.column("status").eq(exp.Literal.string(RateStatus.BLOCKED.value)),
    ]
    if not postgres:
        columns = [exp.func("json_group_array", exp.func("json_array", *columns))]
    query = (
        exp.select(*columns)
        .from_(exp.to_identifier(Rate._meta.db_table, quoted=True))
        .where(exp.column("revision_id").eq(revision))
    )
    return query.sql("postgres" if postgres else "sqlite")


async def _parents(card: RateCard, now: datetime, skipped: list[dict[str, Any]]) -> list[_Parent]:
    links = await CardParent.filter(card_id=card.id).select_related("parent")
    postgres = database.dialect_of_connection() == "postgres"
    sql = _select_rows(postgres)
    out: list[_Parent] = []
    terms: _Terms = {}
    reading: asyncio.Future[None] | None = None  # the previous parent's rows, taken in
    try:
        for link in sorted(links, key=lambda p: (p.position, p.parent_id)):  # type: ignore[attr-defined]
            parent = link.parent
            active = await RateRevision.filter(
                card_id=parent.id, status=RevisionStatus.ACTIVE
            ).first()
            if active is None:
                reason = "no active revision"
                skipped.append({"card": parent.id, "name": parent.name, "reason": reason})
                continue
            try:
                fx = await rate_at(parent.currency, card.currency, now)
            except NotFound:
                reason = f"no exchange rate {parent.currency}->{card.currency}"
                skipped.append({"card": parent.id, "name": parent.name, "reason": reason})
                continue
            # Plain rows, no model objects (a parent has 200,000).
            _, found = await database.connection().execute_query(sql, [active.id])
            if reading is not None:
                await reading  # one at a time: they share the terms
            out.append(_Parent(parent, active.id, link.position, fx))
            taking = (out[-1], found, not postgres, terms)
            reading = asyncio.ensure_future(asyncio.to_thread(_take_in, *taking))
    finally:
        if reading is not None:
            await reading
    return out


def _take_in(parent: _Parent, found: Any, packed: bool, terms: _Terms) -> None:
    """``parent.read`` of the rows ``found`` (``packed``: as one JSON array)."""
    parent.read(json.loads(found[0][0]) if packed else found, terms)


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


class _Pricing:
    """One profit rule (or none) as the merge applies it. A card repeats few costs and
    few increments, so its sell rate of each basis, and its fee and increments of each
    combination of the candidates' terms, are worked out once."""

    __slots__ = ("blocked", "fee", "mcd", "pulse", "rule", "sells", "terms")

    def __init__(self, rule: ProfitRule | None) -> None:
        self.rule = rule
        fee = rule.connection_fee if rule is not None else None
        self.fee = Decimal(fee) if fee is not None else None
        self.mcd = rule.mcd if rule is not None else None
        self.pulse = rule.pulse if rule is not None else None
        self.blocked = rule is not None and rule.blocked
        self.sells: dict[Decimal, Decimal] = {}
        #: The candidates' terms ids, cheapest first -> (fee, mcd, pulse).
        self.terms: dict[tuple[int, ...], tuple[Decimal, int, int]] = {}

    def sell(self, basis: Decimal) -> Decimal:
        found = self.sells[basis] = _q(_sell(basis, self.rule))
        return found

    def worst(self, key: tuple[int, ...], carried: Sequence[_Offer]) -> tuple[Decimal, int, int]:
        """The fee and increments of a row whose candidates are ``carried`` (terms ids
        ``key``): the rule's overrides, else the worst case (the largest) of each."""
        fee = self.fee if self.fee is not None else max(c[3] for c in carried)
        mcd = self.mcd if self.mcd is not None else max(c[4] for c in carried)
        pulse = self.pulse if self.pulse is not None else max(c[5] for c in carried)
        found = self.terms[key] = (_q(fee), mcd, pulse)
        return found


def _pricing_of(rules: Sequence[ProfitRule]) -> tuple[_Pricing | None, Callable[[str], _Pricing]]:
    """The pricing of every prefix when one fits all (else None), and of each prefix: its
    most specific rule's."""
    ordered = _rules(rules)
    pricings = {rule.id: _Pricing(rule) for rule in rules}
    unruled = _Pricing(None)

    def pricing(prefix: str) -> _Pricing:
        rule = _rule_for(prefix, ordered)
        return pricings[rule.id] if rule is not None else unruled

    if not ordered or ordered[0].rank == (0, 0):  # no rule, or only catch-alls
        return pricing(""), pricing
    return None, pricing


#: ``(prefix, name, rate, fee, mcd, pulse, blocked, candidates)``, as the index takes them.
_Out = tuple[str, str, Decimal, Decimal, int, int, bool, tuple[dict[str, Any], ...]]


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
    prefixes in all (steps 2-4; no I/O). ``parents`` were read with one :data:`_Terms`."""
    owns = [parent.offers for parent in parents]
    # The rows usually arrive sorted (the unique index): sorting them together then merges
    # the runs.
    prefixes = list(dict.fromkeys(sorted(chain.from_iterable(owns))))
    total = len(prefixes)
    same, pricing_of = _pricing_of(rules)
    pick = {Compact.MIN: 0, Compact.MAX: -1}.get(compact)
    # The prefixes above the current one, each with what every parent offers it: in
    # sorted order a prefix's own prefixes come first. A parent without a row of its own
    # carries what it offers the longest of them down (None: blocked, or no row). At the
    # bottom, "" offers nothing and stays.
    above: list[tuple[str, tuple[_Offer | None, ...]]] = [("", (None,) * len(parents))]
    for start in range(0, max(total, 1), size):
        chunk = prefixes[start : start + size]
        built = _Built([], [])
        rows, candidates = built.rows, built.candidates
        for prefix in chunk:
            while not prefix.startswith(above[-1][0]):
                above.pop()
            offers = tuple(map(dict.get, owns, repeat(prefix), above[-1][1]))
            above.append((prefix, offers))
            carried = list(filter(None, offers))
            if not carried:
                name = next(filter(None, (p.blocked_name(prefix) for p in parents)), "")
                rows.append((prefix, name, ZERO, ZERO, 1, 1, True, ()))
                candidates.append("[]")
                continue
            carried.sort()
            first = carried[0]
            if pick is not None:
                basis = carried[pick][0]
            elif len(carried) == 1:
                basis = first[0]
            else:
                basis = sum(map(_COST, carried), ZERO) / len(carried)
            pricing = same or pricing_of(prefix)
            sell = pricing.sells.get(basis)
            if sell is None:
                sell = pricing.sell(basis)
            key = tuple(map(_TERMS, carried))
            fee, mcd, pulse = pricing.terms.get(key) or pricing.worst(key, carried)
            # The most specific parent row names the prefix (the cheapest of the longest):
            # no row is longer than the prefix itself.
            named = first if first[8] == len(prefix) else max(carried, key=_LENGTH)
            rows.append(
                (
                    prefix,
                    named[9],
                    sell,
                    fee,
                    mcd,
                    pulse,
                    pricing.blocked,
                    tuple(map(_CANDIDATE, carried)),
                )
            )
            candidates.append("[" + ",".join(map(_JSON, carried)) + "]")
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
    index_of: int | None,
) -> tuple[list[_Out], PrefixIndex | None]:
    """Merge in a worker thread, chunk by chunk, and write the chunks merged so far; then
    the rows, and their index for card ``index_of`` when asked (the worker builds it once
    the last chunk is merged: on PostgreSQL while the last chunks are written).

    PostgreSQL works in its own process, so the merge runs ahead of the writes. SQLite's
    thread takes the GIL back for every statement, and waits for the merge's Python to let
    go of it (up to 5 ms each time): there the two take turns."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[_Built, int] | BaseException | None] = asyncio.Queue()
    stop = threading.Event()
    written = threading.Semaphore(0)
    take_turns = not isinstance(getattr(conn, "_connection", None), asyncpg.Connection)
    rows: list[_Out] = []

    def produce() -> PrefixIndex | None:
        try:
            for item in merge_chunks(parents, *merging, size=CHUNK):
                if stop.is_set():  # the writer failed: nothing more is wanted
                    return None
                rows.extend(item[0].rows)
                loop.call_soon_threadsafe(queue.put_nowait, item)
                if take_turns:
                    written.acquire()
        except BaseException as exc:
            loop.call_soon_threadsafe(queue.put_nowait, exc)  # the writer raises it
            return None
        loop.call_soon_threadsafe(queue.put_nowait, None)
        if index_of is None or stop.is_set():
            return None
        return PrefixIndex.build(index_of, revision_id, rows)

    producer = asyncio.ensure_future(asyncio.to_thread(produce))
    done = 0
    try:
        while (item := await queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            chunk, total = item
            await write_rows(conn, revision_id, chunk.rows, chunk.candidates)
            written.release()
            done += len(chunk.rows)
            if progress is not None:
                progress(done, total)
    except BaseException:
        stop.set()  # nothing more is wanted
        written.release()  # a producer waiting for a write that will not come
        await asyncio.wait([producer])
        raise
    # SQLite: not while the transaction ends (its statements would wait for the GIL).
    return rows, await producer


async def write_rows(
    conn: BaseDBAsyncClient, revision_id: int, rows: Sequence[_Out], candidates: Sequence[str]
) -> None:
    """Insert ``rows`` (and their candidates as JSON text) into revision ``revision_id``,
    inside the transaction ``conn``: one COPY on PostgreSQL, ``INSERT`` statements of
    :data:`SQLITE_ROWS` rows on SQLite."""
    raw = getattr(conn, "_connection", None)
    if isinstance(raw, asyncpg.Connection):
        # COPY's text format, made here: asyncpg's binary encoding of each Decimal costs
        # more than the whole text (a card repeats few amounts).
        data = _copy_text(revision_id, rows, candidates)

        async def source() -> AsyncIterator[bytes]:
            yield data

        await raw.copy_to_table(
            Rate._meta.db_table, source=source(), columns=list(_COLUMNS), format="text"
        )
        return
    if not isinstance(raw, aiosqlite.Connection):
        raise TypeError(f"no bulk path for {type(raw).__name__}")
    text: dict[Decimal, str] = {}
    records = [
        (revision_id, p, n, text.get(r) or text.setdefault(r, str(r)),
         text.get(f) or text.setdefault(f, str(f)), m, pu, "blocked" if b else "active", c)
        for (p, n, r, f, m, pu, b, _), c in zip(rows, candidates, strict=True)
    ]  # fmt: skip
    # Many rows a statement: a third less time than one a row.
    whole = len(records) - len(records) % SQLITE_ROWS
    batches = (
        tuple(chain.from_iterable(records[start : start + SQLITE_ROWS]))
        for start in range(0, whole, SQLITE_ROWS)
    )
    if whole:
        await (await raw.executemany(_insert(SQLITE_ROWS), batches)).close()
    if rest := records[whole:]:
        await (await raw.execute(_insert(len(rest)), tuple(chain.from_iterable(rest)))).close()


@cache
def _insert(rows: int) -> str:
    """SQLite's ``INSERT`` of ``rows`` rows (:data:`_COLUMNS`)."""
    row = exp.Tuple(expressions=[exp.Placeholder() for _ in _COLUMNS])
    values = exp.Values(expressions=[row.copy() for _ in range(rows)])
    return exp.insert(values, Rate._meta.db_table, columns=list(_COLUMNS)).sql(
        "sqlite", identify=True
    )


#: In COPY's text format a value escapes these (a backslash, and the row and column
#: delimiters).
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_escaped(value: str) -> str:
    return value.translate(_COPY_ESCAPES)


def _copy_text(revision_id: int, rows: Sequence[_Out], candidates: Sequence[str]) -> bytes:
    """``rows`` as COPY text (tab-separated columns :data:`_COLUMNS`, one line a row)."""
    amounts: dict[Any, str] = {}
    names: dict[str, str] = {}
    lines = []
    head = f"{revision_id:d}\t"
    for (prefix, name, rate, fee, mcd, pulse, blocked, _), encoded in zip(
        rows, candidates, strict=True
    ):
        rate_text = amounts.get(rate) or amounts.setdefault(rate, str(rate))
        fee_text = amounts.get(fee) or amounts.setdefault(fee, str(fee))
        label = names.get(name)
        if label is None:
            label = names[name] = _copy_escaped(name)
        if not prefix.isdigit():
            prefix = _copy_escaped(prefix)
        if "\\" in encoded:  # JSON holds no tab or line break, but may hold backslashes
            encoded = _copy_escaped(encoded)
        status = "blocked" if blocked else "active"
        lines.append(
            f"{head}{prefix}\t{label}\t{rate_text}\t{fee_text}\t{mcd:d}\t{pulse:d}\t{status}\t"
            f"{encoded}\n"
        )
    return "".join(lines).encode()


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
    with collector_paused():
        report = await _build(card, now, date_live, progress)
    report.seconds = time.perf_counter() - started
    return report


async def _build(
    card: RateCard, now: datetime, date_live: datetime | None, progress: Progress | None
) -> BuildReport:
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
        # The index is only wanted when the revision goes live now.
        index_of = card.id if live_now else None
        rows, index = await _merge_into(conn, revision.id, parents, merging, progress, index_of)
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
    if index is not None:
        # The rows are in hand: no need to read them back.
        registry().put(index)
    return BuildReport(
        revision,
        prefixes=len(rows),
        blocked=sum(1 for row in rows if row[6]),
        skipped=skipped,
        warnings=warnings,
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

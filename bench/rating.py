"""Rating benchmarks (issue 8), measured side by side in one run.

    .venv/bin/python bench/rating.py [--prefixes 1000000] [--lookups 200000]
        [--sql-lookups 5000] [--build-prefixes 200000] [--import-rows 200000]
        [--decisions 50000] [--postgres-url URL]

(a) The prefix index of one revision (``PrefixIndex.build``: a marisa-trie plus each row's
    terms) for ``--prefixes`` random digit prefixes (lengths 2-9): build time and the growth
    of the process's resident memory (goal <= 4 s and <= 100 MB; OpenSIPS drouting needs
    4-8 s and 96 MB for 383,000 rules). The bare trie is shown beside it.
(b) Longest-prefix lookups of random 11-digit numbers in that index, one core
    (goal >= 1,000,000/s): the match (the longest prefix, as ``route()`` uses it; the row's
    terms are then read once per row and remembered with the decision's rate step), and the
    full row read every time (``PrefixIndex.longest``) beside it.
(c) The same lookup as an SQL query on the same database (the rows in ``rates``, indexed by
    ``(revision_id, prefix)``): ``prefix IN (every prefix of the number) ORDER BY
    length(prefix) DESC LIMIT 1`` through the ORM's connection, on a SQLite file and on a
    scratch PostgreSQL database (skipped, with the reason, when unreachable); lookups/s and
    the index's speed-up.
(d) Building a customer card from 3 provider cards of ``--build-prefixes`` prefixes each
    (``telephony.rating.build.build``: normalise, candidates, profit rule, write, activate).
(e) ``route()`` decisions/s for a customer whose rule uses LCR over 20 carriers (goal >=
    50,000/s): the customer card built from 20 provider cards, one LCR rule.
(f) CSV import rows/s (``telephony.rating.imports.import_rates``, every check on; goal >=
    200,000/s), when it exists.
Figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
import marisa_trie
from sqlglot import exp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runtime import db as database
from telephony.rating import build as building
from telephony.rating.index import PrefixIndex, registry
from telephony.rating.models import (
    CardKind,
    CardParent,
    Carrier,
    Compact,
    ProfitKind,
    ProfitRule,
    RateCard,
    RateRevision,
    RevisionStatus,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)
NAMES = [f"Destination {n}" for n in range(400)]
RATES = [Decimal(n).scaleb(-5) for n in range(100, 3000, 7)]
BILLING = [(1, 1), (6, 6), (30, 6), (60, 60), (0, 6)]


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def random_prefixes(count: int, rng: random.Random, lengths: tuple[int, int] = (2, 9)) -> list[str]:
    found: set[str] = set()
    while len(found) < count:
        length = rng.randint(*lengths)
        found.add(str(rng.randrange(10 ** (length - 1), 10**length)))
    return list(found)


def rows_of(prefixes: list[str], rng: random.Random) -> list[tuple[Any, ...]]:
    """Rows as the index takes them; rates from a realistic small set of values."""
    out = []
    for prefix in prefixes:
        mcd, pulse = rng.choice(BILLING)
        out.append(
            (prefix, rng.choice(NAMES), rng.choice(RATES), Decimal(0), mcd, pulse, False, None)
        )
    return out


def index_figures(count: int, lookups: int) -> tuple[list[str], list[str], float]:
    rng = random.Random(8)
    rows = rows_of(random_prefixes(count, rng), rng)
    numbers = [str(rng.randrange(10**10, 10**11)) for _ in range(lookups)]
    prefixes = [r[0] for r in rows]

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    index = PrefixIndex.build(1, 1, rows)
    build_s = time.perf_counter() - started
    gc.collect()
    grown = rss_mb() - before
    print(
        f"(a) index of {count:,} random prefixes: build {build_s:.2f} s, resident memory "
        f"+{grown:.0f} MB   goal <= 4 s and <= 100 MB"
    )

    before = rss_mb()
    started = time.perf_counter()
    trie = marisa_trie.Trie(prefixes)
    trie_s = time.perf_counter() - started
    print(f"    the bare marisa-trie alone: {trie_s:.2f} s, +{rss_mb() - before:.0f} MB")
    started = time.perf_counter()
    for number in numbers:
        trie.prefixes(number)
    bare = lookups / (time.perf_counter() - started)
    del trie

    longest_prefix = index.longest_prefix
    started = time.perf_counter()
    hits = 0
    for number in numbers:
        if longest_prefix(number):
            hits += 1
    rate = lookups / (time.perf_counter() - started)
    longest = index.longest
    started = time.perf_counter()
    for number in numbers:
        longest(number)
    row_rate = lookups / (time.perf_counter() - started)
    print(
        f"(b) longest-prefix lookups, one core (PrefixIndex.longest_prefix, as route() "
        f"looks up: the row's price is then remembered per prefix): {rate:,.0f}/s "
        f"({hits / lookups:.0%} matched)   goal >= 1,000,000/s"
    )
    print(f"    with the row's terms read each time (PrefixIndex.longest): {row_rate:,.0f}/s")
    print(f"    the bare trie's prefixes(number), for scale: {bare:,.0f}/s")
    return prefixes, numbers, rate


def lookup_sql(dialect: str, parameters: int) -> str:
    query = (
        exp.select("prefix", "rate")
        .from_("rates")
        .where(
            exp.and_(
                exp.column("revision_id").eq(exp.Placeholder()),
                exp.column("prefix").isin(*(exp.Placeholder() for _ in range(parameters))),
            )
        )
        .order_by(exp.Ordered(this=exp.Length(this=exp.column("prefix")), desc=True))
        .limit(1)
    )
    if dialect == "postgres":
        numbers = iter(range(1, parameters + 2))
        query = query.transform(
            lambda node: (
                exp.Parameter(this=exp.Literal.number(next(numbers)))
                if isinstance(node, exp.Placeholder)
                else node
            )
        )
    return query.sql(dialect)


async def provider(name: str, rows: list[tuple[Any, ...]], number: int = 1) -> RateCard:
    carrier = await Carrier.create(name=f"{name} carrier")
    card = await RateCard.create(
        uuid=uuid.uuid4(), name=name, kind=CardKind.PROVIDER, carrier=carrier
    )
    async with database.bulk_transaction() as conn:
        revision = await RateRevision.create(
            card_id=card.id,
            number=number,
            status=RevisionStatus.ACTIVE,
            activated_at=NOW,
            row_count=len(rows),
            using_db=conn,
        )
        await building.write_rows(conn, revision.id, rows, ["null"] * len(rows))
    return card


async def sql_figures(
    label: str, prefixes: list[str], numbers: list[str], count: int, index_rate: float
) -> None:
    rows = rows_of(prefixes, random.Random(8))  # the same prefixes
    card = await provider(f"SQL {label}", rows)
    revision = await RateRevision.get(card_id=card.id)
    dialect = database.dialect_of_connection()
    sql = lookup_sql(dialect, 11)
    conn = database.connection()
    sample = numbers[:count]
    started = time.perf_counter()
    for number in sample:
        prefixes = [number[:n] for n in range(1, 12)]
        await conn.execute_query(sql, [revision.id, *prefixes])
    rate = count / (time.perf_counter() - started)
    print(
        f"(c) the same lookup as SQL, {label}: {rate:,.0f}/s over {len(rows):,} rows; "
        f"the index is {index_rate / rate:,.0f}x faster"
    )


async def build_figures(label: str, prefixes: int) -> None:
    rng = random.Random(3)
    base = random_prefixes(prefixes, rng, (3, 9))
    parents = []
    for n in range(3):
        # Most prefixes shared, some each parent's own, some shorter or longer.
        own = [p for p in base if rng.random() < 0.9]
        own += [p + str(rng.randrange(10)) for p in rng.sample(base, prefixes // 20)]
        parents.append(await provider(f"Build {label} {n}", rows_of(sorted(set(own)), rng)))
    card = await RateCard.create(uuid=uuid.uuid4(), name=f"Retail {label}", kind=CardKind.CUSTOMER)
    for position, parent in enumerate(parents):
        await CardParent.create(card=card, parent=parent, position=position)
    await ProfitRule.create(card=card, match="", kind=ProfitKind.PERCENT, value=Decimal(10))
    report = await building.build(card, now=NOW)
    print(
        f"(d) customer card build, {label}: 3 parents x ~{prefixes:,} prefixes -> "
        f"{report.prefixes:,} rows in {report.seconds:.2f} s "
        f"({report.prefixes / report.seconds:,.0f} prefixes/s)   goal: a few seconds"
    )


async def import_figures(label: str, rows: int) -> None:
    try:
        from runtime.auth.principal import SYSTEM
        from telephony.rating.imports import import_rates
        from telephony.rating.services import cards, carriers
    except ImportError as exc:
        print(f"(f) CSV import, {label}: skipped ({exc})")
        return
    rng = random.Random(5)
    lines = ["prefix,name,rate,connection_fee,billing"]
    for prefix in random_prefixes(rows, rng, (4, 10)):
        mcd, pulse = rng.choice(BILLING)
        lines.append(f"{prefix},{rng.choice(NAMES)},{rng.choice(RATES)},0,{mcd}/{pulse}")
    text = "\n".join(lines) + "\n"
    carrier = await carriers.create_carrier(SYSTEM, {"name": f"Import {label}", "currency": "USD"})
    card = await cards.create_card(
        SYSTEM, {"name": f"Import {label}", "kind": "provider", "carrier": carrier.id}
    )
    started = time.perf_counter()
    result = await import_rates(SYSTEM, card, text)
    elapsed = time.perf_counter() - started
    if not result.ok:
        print(f"(f) CSV import, {label}: failed {result.report.errors[:3]}")
        return
    print(
        f"(f) CSV import, {label}: {rows / elapsed:,.0f} rows/s ({rows:,} rows)   goal >= 200,000/s"
    )


async def route_figures(label: str, decisions: int) -> None:
    """20 provider cards of 2,000 prefixes (one carrier each) built into a customer card
    (20 candidates a prefix, sold at the dearest + 20 %), one LCR rule; ``route()`` as the
    SIP edge calls it (trace on, CPS counted), numbers spread over the card's prefixes."""
    try:
        from runtime.auth.principal import SYSTEM
        from runtime.services import customers
        from telephony.routing.engine import route
        from telephony.routing.models import Route
        from telephony.routing.trace import Routed
    except ImportError as exc:
        print(f"(e) route() decisions, {label}: skipped ({exc})")
        return
    rng = random.Random(20)
    prefixes = random_prefixes(2_000, rng, (4, 6))
    parents = [await provider(f"LCR {label} {n}", rows_of(prefixes, rng)) for n in range(20)]
    # Sold above the dearest carrier, so profit assurance keeps all 20 in every decision.
    card = await RateCard.create(
        uuid=uuid.uuid4(), name=f"LCR {label}", kind=CardKind.CUSTOMER, compact=Compact.MAX
    )
    for position, parent in enumerate(parents):
        await CardParent.create(card=card, parent=parent, position=position)
    await ProfitRule.create(card=card, match="", kind=ProfitKind.PERCENT, value=Decimal(20))
    await building.build(card, now=NOW)
    customer = await customers.create_customer(SYSTEM, f"LCR customer {label}")
    await Route.create(uuid=uuid.uuid4(), customer_id=customer.id, card=card)
    numbers = [p + str(rng.randrange(10**6, 10**7)) for p in rng.choices(prefixes, k=decisions)]
    for number in numbers[:1000]:  # warm-up: the routing cache, the memo
        await route(customer.id, "4420700000", number, NOW)
    routed = 0
    started = time.perf_counter()
    for number in numbers:
        decision = await route(customer.id, "4420700000", number, NOW)
        routed += isinstance(decision, Routed)
    rate = decisions / (time.perf_counter() - started)
    sample = await route(customer.id, "4420700000", numbers[0], NOW)
    carriers = len(sample.candidates) if isinstance(sample, Routed) else 0
    print(
        f"(e) route() decisions, {label}, LCR over 20 carriers: {rate:,.0f}/s "
        f"({routed / decisions:.0%} routed, {carriers} candidates each)   goal >= 50,000/s"
    )


async def on_database(url: str, label: str, args: argparse.Namespace, prefixes: list[str],
                      numbers: list[str], index_rate: float) -> None:  # fmt: skip
    await database.migrate(url)
    async with database.open_database(url, shared=False):
        registry().forget()
        steps: list[Callable[[], Awaitable[None]]] = [
            lambda: sql_figures(label, prefixes, numbers, args.sql_lookups, index_rate),
            lambda: build_figures(label, args.build_prefixes),
            lambda: route_figures(label, args.decisions),
            lambda: import_figures(label, args.import_rows),
        ]
        for step in steps:
            try:
                await step()
            except Exception as exc:  # a figure that fails does not hide the others
                print(f"    {label}: {type(exc).__name__}: {exc}")


async def on_postgres(server: str, run: Callable[[str], Awaitable[None]]) -> None:
    name = f"trunkline_bench_rating_{uuid.uuid4().hex[:8]}"
    try:
        conn = await asyncpg.connect(server, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        print(f"PostgreSQL: skipped ({server} not reachable: {exc})")
        return
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        await run(f"{server.rpartition('/')[0]}/{name}")
    finally:
        conn = await asyncpg.connect(server, timeout=5)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefixes", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=200_000)
    parser.add_argument("--sql-lookups", type=int, default=5_000)
    parser.add_argument("--build-prefixes", type=int, default=200_000)
    parser.add_argument("--import-rows", type=int, default=200_000)
    parser.add_argument("--decisions", type=int, default=50_000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "TRUNKLINE_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()

    prefixes, numbers, index_rate = index_figures(args.prefixes, args.lookups)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite://{Path(tmp) / 'rating.sqlite3'}"
        asyncio.run(on_database(url, "SQLite", args, prefixes, numbers, index_rate))

    async def postgres(url: str) -> None:
        await on_database(url, "PostgreSQL", args, prefixes, numbers, index_rate)

    asyncio.run(on_postgres(args.postgres_url, postgres))


if __name__ == "__main__":
    main()

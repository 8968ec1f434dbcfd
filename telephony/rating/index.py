"""The in-memory prefix index of a card's active revision: longest-prefix match in
microseconds.

One :class:`PrefixIndex` per active revision: a static marisa-trie of the prefixes (key ids
are dense, ``0..n-1``) and, per key id, the row's terms in typed columns (money as integers
of 10^-8, increments as unsigned ints, names shared): about 35 bytes a row beside the trie,
so a million rows stay small. :meth:`PrefixIndex.longest` builds the :class:`Entry` of the
row it finds; :meth:`PrefixIndex.longest_prefix` is the match alone, for a caller that
remembers what it makes of a row (``route()`` does) and reads the row with
:meth:`PrefixIndex.entry` only the first time. The :class:`Registry` keeps one index per
card, loads it from the database on first use (and so after a restart), and swaps a new
one in atomically when a revision becomes active (:meth:`Registry.activated`); a lookup
holds a reference to the index it started with, so it never sees half of a swap.

>>> index = PrefixIndex.build(1, 7, [("44", "UK", "0.01", "0", 1, 1, False, None),
...                                  ("4420", "London", "0.008", "0", 30, 6, False, None)])
>>> index.longest("442071234567").prefix, index.longest("441611234567").name
('4420', 'UK')
>>> index.longest("442071234567").rate, index.longest("442071234567").mcd
(Decimal('0.00800000'), 30)
>>> index.longest("33123") is None
True
"""

from __future__ import annotations

import asyncio
import json
from array import array
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import marisa_trie

from telephony.rating.models import RateRevision, RateStatus, RevisionStatus

__all__ = ["Entry", "PrefixIndex", "Registry", "registry"]

#: ``(prefix, name, rate, connection_fee, mcd, pulse, blocked, candidates)``; money as
#: ``str`` or ``Decimal``.
Row = tuple[str, str, Any, Any, int, int, bool, Any]


class Entry(NamedTuple):
    """One row as the index holds it (a tuple: cheap to make on every lookup)."""

    prefix: str
    name: str
    rate: Decimal
    connection_fee: Decimal
    mcd: int
    pulse: int
    blocked: bool
    #: A built customer card's ordered candidates (see ``Rate.candidates``), else ().
    candidates: tuple[dict[str, Any], ...]


#: Money is kept as integers of this many decimal places (the model's ``PLACES``).
SCALE = 8
_UNIT = Decimal(1).scaleb(-SCALE)


#: Scaled amount -> its Decimal: cards repeat a few thousand distinct rates, so a lookup
#: reuses them instead of making two Decimals each time (bounded: cleared when full).
_DECIMALS: dict[int, Decimal] = {}
_DECIMALS_MAX = 200_000


def _decimal(scaled: int) -> Decimal:
    found = _DECIMALS.get(scaled)
    if found is None:
        if len(_DECIMALS) >= _DECIMALS_MAX:
            _DECIMALS.clear()
        found = _DECIMALS[scaled] = Decimal(scaled).scaleb(-SCALE)
    return found


#: Makes an :class:`Entry` from a ready tuple (skips the named tuple's Python-level
#: ``__new__``: a lookup makes one per call).
_new = tuple.__new__


def _scaled(value: Any) -> int:
    """``Decimal("0.0125")`` or ``"0.0125"`` as 1250000 (units of 10^-8)."""
    amount = value if isinstance(value, Decimal) else Decimal(value or 0)
    return int(amount.scaleb(SCALE))


class PrefixIndex:
    """The rows of one revision, by longest prefix."""

    __slots__ = (
        "_blocked",
        "_candidates",
        "_fees",
        "_mcd",
        "_names",
        "_pulse",
        "_rates",
        "_trie",
        "card_id",
        "revision_id",
    )

    def __init__(self, card_id: int, revision_id: int, trie: marisa_trie.Trie) -> None:
        self.card_id = card_id
        self.revision_id = revision_id
        self._trie = trie
        size = len(trie)
        self._rates = array("q", bytes(8 * size))
        self._fees = array("q", bytes(8 * size))
        self._mcd = array("I", bytes(4 * size))
        self._pulse = array("I", bytes(4 * size))
        self._blocked = bytearray(size)
        self._names: list[str] = [""] * size
        #: Key id -> a built customer card's candidates (rows without any are absent).
        self._candidates: dict[int, tuple[dict[str, Any], ...]] = {}

    @classmethod
    def build(cls, card_id: int, revision_id: int, rows: Iterable[Row]) -> PrefixIndex:
        """The index of ``rows`` (a later row with the same prefix replaces an earlier)."""
        materialised = rows if isinstance(rows, list) else list(rows)
        index = cls(card_id, revision_id, marisa_trie.Trie([row[0] for row in materialised]))
        trie, names = index._trie, dict[str, str]()
        rates, fees, mcds, pulses = index._rates, index._fees, index._mcd, index._pulse
        blocked, labels, candidates = index._blocked, index._names, index._candidates
        scaled: dict[Any, int] = {}  # cards repeat a few thousand amounts: convert each once
        for prefix, name, rate, fee, mcd, pulse, is_blocked, options in materialised:
            key = trie[prefix]
            units = scaled.get(rate)
            rates[key] = units if units is not None else scaled.setdefault(rate, _scaled(rate))
            units = scaled.get(fee)
            fees[key] = units if units is not None else scaled.setdefault(fee, _scaled(fee))
            mcds[key] = int(mcd)
            pulses[key] = int(pulse)
            blocked[key] = 1 if is_blocked else 0
            labels[key] = names.setdefault(name, name)  # one string per destination name
            if options:
                candidates[key] = tuple(options)
        return index

    def __len__(self) -> int:
        return len(self._names)

    def longest_prefix(self, number: str) -> str:
        """The longest prefix of ``number`` (digits) in the index, "" when none: the match
        alone, without the row (:meth:`entry` reads it)."""
        found = self._trie.prefixes(number)
        return found[-1] if found else ""

    def entry(self, prefix: str) -> Entry:
        """The row of ``prefix``, one of the index's (from :meth:`longest_prefix`)."""
        return self._row(prefix, self._trie.key_id(prefix))

    def longest(self, number: str) -> Entry | None:
        """The row with the longest prefix of ``number`` (digits), blocked or not."""
        found = self._trie.prefixes(number)
        if not found:
            return None
        prefix = found[-1]
        return self._row(prefix, self._trie.key_id(prefix))

    def _row(self, prefix: str, key: int) -> Entry:
        rate, fee = self._rates[key], self._fees[key]
        rate_value, fee_value = _DECIMALS.get(rate), _DECIMALS.get(fee)
        return _new(
            Entry,
            (
                prefix,
                self._names[key],
                rate_value if rate_value is not None else _decimal(rate),
                fee_value if fee_value is not None else _decimal(fee),
                self._mcd[key],
                self._pulse[key],
                self._blocked[key] == 1,
                self._candidates.get(key, ()),
            ),
        )

    def matches(self, number: str) -> list[Entry]:
        """Every row whose prefix starts ``number``, shortest first (for explanations)."""
        return [self._row(p, key) for p, key in self._trie.iter_prefixes_with_ids(number)]


_LOAD_SQLITE = (
    'SELECT "prefix", "name", "rate", "connection_fee", "mcd", "pulse", "status", "candidates" '
    'FROM "rates" WHERE "revision_id" = ?'
)
_LOAD_PG = _LOAD_SQLITE.replace("?", "$1")


async def load(card_id: int, revision_id: int) -> PrefixIndex:
    """Build the index of ``revision_id`` from the database (one plain query: no model
    objects for a million rows)."""
    from runtime import db as database

    query = _LOAD_PG if database.dialect_of_connection() == "postgres" else _LOAD_SQLITE
    _, found = await database.connection().execute_query(query, [revision_id])
    blocked = RateStatus.BLOCKED.value
    rows = [
        (
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6] == blocked,
            json.loads(r[7]) if isinstance(r[7], str) else r[7],
        )
        for r in found
    ]
    return await asyncio.to_thread(PrefixIndex.build, card_id, revision_id, rows)


class Registry:
    """One index per card (its active revision), loaded on first use."""

    def __init__(self) -> None:
        self._indexes: dict[int, PrefixIndex | None] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    def loaded(self, card_id: int) -> PrefixIndex | bool | None:
        """The index of ``card_id`` if it is in memory (None: the card has no active
        revision), else False: :meth:`index` loads it. No await on the hot path."""
        return self._indexes.get(card_id, False)

    async def index(self, card_id: int) -> PrefixIndex | None:
        """The index of ``card_id``'s active revision; None when it has none."""
        found = self._indexes.get(card_id, False)
        if found is not False:
            return found  # type: ignore[return-value]
        lock = self._locks.setdefault(card_id, asyncio.Lock())
        async with lock:
            if card_id in self._indexes:
                return self._indexes[card_id]
            active = await RateRevision.filter(
                card_id=card_id, status=RevisionStatus.ACTIVE
            ).first()
            built = await load(card_id, active.id) if active is not None else None
            self._indexes[card_id] = built
            return built

    async def activated(self, card_id: int, revision_id: int) -> None:
        """``revision_id`` is now ``card_id``'s active revision: build it, then swap."""
        built = await load(card_id, revision_id)
        self._indexes[card_id] = built

    async def refresh(self) -> list[int]:
        """Bring the loaded indexes in line with the database: a card whose active revision
        changed in another process (another node activated one) is loaded again, here and
        now. Returns those cards' ids. The server runs it every 30 s on every node."""
        active = dict(
            await RateRevision.filter(status=RevisionStatus.ACTIVE).values_list("card_id", "id")
        )
        changed = []
        for card_id, index in list(self._indexes.items()):
            wanted = active.get(card_id)
            if wanted == (index.revision_id if index is not None else None):
                continue
            changed.append(card_id)
            self._indexes[card_id] = await load(card_id, wanted) if wanted is not None else None
        return changed

    def put(self, index: PrefixIndex) -> None:
        """Install an index built elsewhere (a build job, a benchmark)."""
        self._indexes[index.card_id] = index

    def forget(self, card_ids: Sequence[int] | None = None) -> None:
        """Drop cached indexes (all with None); the next use loads from the database."""
        if card_ids is None:
            self._indexes.clear()
        else:
            for card_id in card_ids:
                self._indexes.pop(card_id, None)


_registry = Registry()


def registry() -> Registry:
    """The process's registry (every card's index)."""
    return _registry

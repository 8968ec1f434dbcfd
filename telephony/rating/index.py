"""The in-memory prefix index of a card's active revision: longest-prefix match in
microseconds.

One :class:`PrefixIndex` per active revision: a static marisa-trie of the prefixes (key ids
are dense, ``0..n-1``) and, per key id, the row's terms in plain Python lists (no model
objects: a million rows stay small). The :class:`Registry` keeps one index per card, loads it
from the database on first use (and so after a restart), and swaps a new one in atomically
when a revision becomes active (:meth:`Registry.activated`); a lookup holds a reference to
the index it started with, so it never sees half of a swap.

>>> index = PrefixIndex.build(1, 7, [("44", "UK", "0.01", "0", 1, 1, False, None),
...                                  ("4420", "London", "0.008", "0", 30, 6, False, None)])
>>> index.longest("442071234567").prefix, index.longest("441611234567").name
('4420', 'UK')
>>> index.longest("33123") is None
True
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import marisa_trie

from telephony.rating.models import RateRevision, RateStatus, RevisionStatus

__all__ = ["Entry", "PrefixIndex", "Registry", "registry"]

#: ``(prefix, name, rate, connection_fee, mcd, pulse, blocked, candidates)``; money as
#: ``str`` or ``Decimal``.
Row = tuple[str, str, Any, Any, int, int, bool, Any]


@dataclass(frozen=True, slots=True)
class Entry:
    """One row as the index holds it."""

    prefix: str
    name: str
    rate: Decimal
    connection_fee: Decimal
    mcd: int
    pulse: int
    blocked: bool
    #: A built customer card's ordered candidates (see ``Rate.candidates``), else ().
    candidates: tuple[dict[str, Any], ...]


class PrefixIndex:
    """The rows of one revision, by longest prefix."""

    __slots__ = ("_rows", "_trie", "card_id", "revision_id")

    def __init__(
        self, card_id: int, revision_id: int, trie: marisa_trie.Trie, rows: list[Entry]
    ) -> None:
        self.card_id = card_id
        self.revision_id = revision_id
        self._trie = trie
        self._rows = rows

    @classmethod
    def build(cls, card_id: int, revision_id: int, rows: Iterable[Row]) -> PrefixIndex:
        by_prefix = {row[0]: row for row in rows}
        trie = marisa_trie.Trie(by_prefix)
        entries: list[Entry | None] = [None] * len(trie)
        for prefix, name, rate, fee, mcd, pulse, blocked, candidates in by_prefix.values():
            entries[trie[prefix]] = Entry(
                prefix,
                name,
                rate if isinstance(rate, Decimal) else Decimal(rate),
                fee if isinstance(fee, Decimal) else Decimal(fee or 0),
                int(mcd),
                int(pulse),
                bool(blocked),
                tuple(candidates or ()),
            )
        return cls(card_id, revision_id, trie, entries)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._rows)

    def longest(self, number: str) -> Entry | None:
        """The row with the longest prefix of ``number`` (digits), blocked or not."""
        found = self._trie.prefixes(number)
        if not found:
            return None
        return self._rows[self._trie[found[-1]]]

    def matches(self, number: str) -> list[Entry]:
        """Every row whose prefix starts ``number``, shortest first (for explanations)."""
        return [self._rows[self._trie[p]] for p in self._trie.prefixes(number)]


async def load(card_id: int, revision_id: int) -> PrefixIndex:
    """Build the index of ``revision_id`` from the database."""
    from telephony.rating.models import Rate

    rows = await Rate.filter(revision_id=revision_id).values_list(
        "prefix", "name", "rate", "connection_fee", "mcd", "pulse", "status", "candidates"
    )
    return PrefixIndex.build(
        card_id,
        revision_id,
        (
            (p, n, r, f, m, pu, status == RateStatus.BLOCKED, c)
            for p, n, r, f, m, pu, status, c in rows
        ),
    )


class Registry:
    """One index per card (its active revision), loaded on first use."""

    def __init__(self) -> None:
        self._indexes: dict[int, PrefixIndex | None] = {}
        self._locks: dict[int, asyncio.Lock] = {}

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

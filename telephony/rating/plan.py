"""The numbering plan in memory: a number's destination type (``MOBILE``, ``FIXED``,
``SATELLITE``...) by the longest prefix of :class:`~telephony.rating.models.DestinationType`.

Cards that block destination types use it (spec §2.3): ``route()`` refuses a number whose
type the customer card blocks (``403 Destination Blocked``) and drops provider cards that
block it. The plan is loaded on first use, like the card indexes, and dropped in this
process when an import changes it (:func:`forget`); an empty plan types no number.

>>> found = Plan.build([("44", "FIXED", "UK"), ("447", "MOBILE", "UK mobile")])
>>> found.type_of("447911123456"), found.type_of("33123")
(('447', 'MOBILE', 'UK mobile'), None)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import marisa_trie

__all__ = ["Plan", "forget", "loaded", "plan", "refresh"]


class Plan:
    """Prefixes and their types (a static trie; the types by key id)."""

    __slots__ = ("_names", "_trie", "_types")

    def __init__(self, trie: marisa_trie.Trie, types: list[str], names: list[str]) -> None:
        self._trie, self._types, self._names = trie, types, names

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str]]) -> Plan:
        """From ``(prefix, type, name)`` rows."""
        found = list(rows)
        trie = marisa_trie.Trie([prefix for prefix, _, _ in found])
        types, names = [""] * len(trie), [""] * len(trie)
        for prefix, kind, name in found:
            key = trie[prefix]
            types[key], names[key] = kind, name
        return cls(trie, types, names)

    def __len__(self) -> int:
        return len(self._types)

    def type_of(self, number: str) -> tuple[str, str, str] | None:
        """``(prefix, type, name)`` of the longest prefix of ``number``; None if none."""
        found = self._trie.prefixes(number) if self._types else None
        if not found:
            return None
        key = self._trie.key_id(found[-1])
        return found[-1], self._types[key], self._names[key]


_plan: Plan | None = None
#: What the loaded plan was made from: ``(ranges, newest change)``.
_seen: tuple[int, Any] | None = None


def loaded() -> Plan | None:
    """The plan if it is in memory (else None: :func:`plan` loads it)."""
    return _plan


async def plan() -> Plan:
    """The numbering plan, loaded from the database on first use."""
    global _plan, _seen
    if _plan is None:  # two first uses at once both load it: harmless
        from telephony.rating.models import DestinationType

        seen = await _version()
        rows = await DestinationType.all().values_list("prefix", "type", "name")
        _plan, _seen = Plan.build(rows), seen
    return _plan


async def _version() -> tuple[int, Any]:
    from tortoise.functions import Count, Max

    from telephony.rating.models import DestinationType

    found = (
        await DestinationType.all()
        .annotate(n=Count("id"), newest=Max("updated_at"))
        .values("n", "newest")
    )
    return (found[0]["n"], found[0]["newest"]) if found else (0, None)


async def refresh() -> bool:
    """Drop the plan if the database's changed since it was loaded (another node imported
    one); True when it did. The server runs it every 30 s on every node."""
    if _plan is None or await _version() == _seen:
        return False
    forget()
    return True


def forget() -> None:
    """Drop the plan from memory; the next use loads it again."""
    global _plan, _seen
    _plan, _seen = None, None

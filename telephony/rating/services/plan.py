"""The numbering plan's rows (:class:`~telephony.rating.models.DestinationType`): imported
from CSV, listed.

An import is a header naming ``prefix`` and ``type`` (``name`` optional) and one range a
line. Every line is checked (digits, a known type, no prefix twice) and every problem
reported with its line number, the header being line 1; nothing changes unless all lines
are right. The ranges are added or, for a prefix already in the plan, replaced; with
``replace`` the whole plan is replaced. The plan in memory is dropped afterwards.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import ValidationFailed
from runtime.services import audit
from telephony.rating import plan
from telephony.rating.models import DestinationType
from telephony.rating.services import common
from telephony.rating.services.cards import DESTINATION_TYPES

__all__ = ["ImportSummary", "export_plan", "import_plan"]

MAX_ERRORS = 100
BATCH = 5_000


class ImportSummary(dict[str, Any]):
    """``{"imported", "removed", "total"}``: the file's ranges, the ranges they took the
    place of (the same prefix; with ``replace``, the whole old plan), the plan's size."""


def _parse(text: str) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    seen: dict[str, int] = {}
    problems = common.LineErrors(MAX_ERRORS)
    for number, cell in common.csv_lines(text, ("prefix", "type"), ("name",)):
        prefix, kind, name = cell["prefix"], cell["type"].upper(), cell["name"]
        problem = None
        if not prefix.isdigit() or not prefix.isascii() or len(prefix) > 20:
            problem = f"prefix {prefix!r}: digits only, 1 to 20"
        elif kind not in DESTINATION_TYPES:
            problem = f"type {cell['type']!r}: one of {', '.join(sorted(DESTINATION_TYPES))}"
        elif prefix in seen:
            problem = f"prefix {prefix} is also on line {seen[prefix]}"
        elif len(name) > 100:
            problem = "name: at most 100 characters"
        if problem is not None:
            if problems.add(number, problem):
                break
            continue
        seen[prefix] = number
        rows.append((prefix, kind, name))
    problems.refuse()
    if not rows:
        raise ValidationFailed.field("file", "no ranges below the header")
    return rows


async def import_plan(actor: Principal, text: str, *, replace: bool = False) -> ImportSummary:
    """Import the CSV ``text`` (see the module text) in one transaction."""
    rows = _parse(text)
    prefixes = [prefix for prefix, _, _ in rows]
    async with in_transaction() as conn:
        if replace:
            removed = await DestinationType.all().using_db(conn).delete()
        else:
            removed = 0
            for start in range(0, len(prefixes), BATCH):
                chunk = prefixes[start : start + BATCH]
                removed += await DestinationType.filter(prefix__in=chunk).using_db(conn).delete()
        await DestinationType.bulk_create(
            [DestinationType(prefix=p, type=t, name=n) for p, t, n in rows],
            batch_size=BATCH,
            using_db=conn,
        )
        total = await DestinationType.all().using_db(conn).count()
        summary = ImportSummary(imported=len(rows), removed=removed, total=total)
        await audit.record(
            actor,
            "destination_types.replace" if replace else "destination_types.import",
            "destination_types",
            "",
            f"{len(rows)} range(s)",
            after=dict(summary),
            using_db=conn,
        )
    plan.forget()
    return summary


async def export_plan(page: int = 20_000) -> AsyncIterator[str]:
    """The plan as CSV text chunks (``prefix,type,name``, by prefix): what
    :func:`import_plan` reads back."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("prefix", "type", "name"))
    last = ""
    while True:
        rows = (
            await DestinationType.filter(prefix__gt=last)
            .order_by("prefix")
            .limit(page)
            .values_list("prefix", "type", "name")
        )
        writer.writerows(rows)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if len(rows) < page:
            return
        last = rows[-1][0]

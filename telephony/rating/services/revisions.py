"""Revisions of a rate card: one active at a time, earlier ones kept (archived).

:func:`activate` makes a revision the card's only active one (the previous one archived)
in one transaction, then swaps its prefix index in (:meth:`Registry.activated`). A revision
whose ``date_live`` is in the future stays pending; :func:`activate_due` (run it every
minute) activates, per card, the latest pending revision that is due and archives the due
ones it supersedes. When a provider card's active revision changes, every customer card
built from it is marked ``stale`` (it needs a build).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from runtime.auth.principal import SYSTEM, Principal
from runtime.errors import NotFound
from runtime.services import audit
from telephony.rating.models import (
    CardKind,
    CardParent,
    RateCard,
    RateRevision,
    RevisionStatus,
)

__all__ = [
    "activate",
    "activate_due",
    "activate_in",
    "get_revision",
    "next_number",
    "snapshot",
]


log = logging.getLogger(__name__)


def snapshot(revision: RateRevision) -> dict[str, Any]:
    return {
        "id": revision.id,
        "card_id": revision.card_id,  # type: ignore[attr-defined]
        "number": revision.number,
        "status": revision.status,
        "date_live": revision.date_live,
        "activated_at": revision.activated_at,
        "source": revision.source,
        "row_count": revision.row_count,
        "note": revision.note,
    }


async def get_revision(card_id: int, revision_id: int) -> RateRevision:
    revision = await RateRevision.get_or_none(id=revision_id, card_id=card_id)
    if revision is None:
        raise NotFound(f"No revision {revision_id} of rate card {card_id}")
    return revision


async def next_number(card_id: int, conn: BaseDBAsyncClient | None = None) -> int:
    last = (
        await RateRevision.filter(card_id=card_id)
        .using_db(conn)
        .order_by("-number")
        .limit(1)
        .values_list("number", flat=True)
    )
    return int(last[0]) + 1 if last else 1  # type: ignore[call-overload]


async def activate_in(conn: BaseDBAsyncClient, revision: RateRevision, now: datetime) -> list[int]:
    """The database part of :func:`activate`, inside the caller's transaction ``conn``;
    returns the customer cards it made stale. Call ``registry().activated`` after the
    commit."""
    card_id = revision.card_id  # type: ignore[attr-defined]
    await (
        RateRevision.filter(card_id=card_id, status=RevisionStatus.ACTIVE)
        .exclude(id=revision.id)
        .using_db(conn)
        .update(status=RevisionStatus.ARCHIVED)
    )
    revision.status = RevisionStatus.ACTIVE
    revision.activated_at = now
    await revision.save(using_db=conn, update_fields=["status", "activated_at"])
    kind = await RateCard.filter(id=card_id).using_db(conn).values_list("kind", flat=True)
    if not kind or kind[0] != CardKind.PROVIDER:
        return []
    children = list(
        await CardParent.filter(parent_id=card_id).using_db(conn).values_list("card_id", flat=True)
    )
    if children:
        await RateCard.filter(id__in=children).using_db(conn).update(stale=True)
    return children


async def _swap(revision: RateRevision) -> None:
    from telephony.rating.index import registry

    await registry().activated(revision.card_id, revision.id)  # type: ignore[attr-defined]


async def activate(
    actor: Principal, revision: RateRevision, now: datetime | None = None
) -> RateRevision:
    """Make ``revision`` its card's only active revision, now (whatever its date live)."""
    when = now or datetime.now(UTC)
    async with in_transaction() as conn:
        before = snapshot(revision)
        stale = await activate_in(conn, revision, when)
        await audit.record(
            actor,
            "rate_revision.activate",
            "rate_revision",
            revision.id,
            f"card {before['card_id']} #{revision.number}",
            before=before,
            after={**snapshot(revision), "stale_cards": stale},
            using_db=conn,
        )
    await _swap(revision)
    return revision


async def activate_due(
    now: datetime | None = None, actor: Principal = SYSTEM
) -> list[RateRevision]:
    """Activate, per card, the latest pending revision whose date live has come; the older
    due pending revisions of that card are archived unseen. Returns those activated."""
    when = now or datetime.now(UTC)
    due = await RateRevision.filter(
        status=RevisionStatus.PENDING, date_live__isnull=False, date_live__lte=when
    ).order_by("card_id", "-date_live", "-number")
    latest: dict[int, RateRevision] = {}
    superseded: list[int] = []
    for revision in due:
        card_id = revision.card_id  # type: ignore[attr-defined]
        if card_id in latest:
            superseded.append(revision.id)
        else:
            latest[card_id] = revision
    activated = []
    for revision in latest.values():
        async with in_transaction() as conn:
            fresh = (
                await RateRevision.filter(id=revision.id, status=RevisionStatus.PENDING)
                .using_db(conn)
                .select_for_update()
                .first()
            )
            if fresh is None:  # another node got there first
                continue
            before = snapshot(fresh)
            stale = await activate_in(conn, fresh, when)
            card_superseded = [
                r.id
                for r in due
                if r.id in superseded and r.card_id == fresh.card_id  # type: ignore[attr-defined]
            ]
            if card_superseded:
                await (
                    RateRevision.filter(id__in=card_superseded, status=RevisionStatus.PENDING)
                    .using_db(conn)
                    .update(status=RevisionStatus.ARCHIVED)
                )
            await audit.record(
                actor,
                "rate_revision.activate",
                "rate_revision",
                fresh.id,
                f"card {before['card_id']} #{fresh.number} (date live)",
                before=before,
                after={**snapshot(fresh), "stale_cards": stale, "superseded": card_superseded},
                using_db=conn,
            )
        await _swap(fresh)
        activated.append(fresh)
    return activated


async def activate_due_forever(interval: float = 30.0) -> None:
    """Every ``interval`` seconds, activate the revisions whose date live has come (the
    server runs this unless it is web-only)."""
    while True:
        try:
            for revision in await activate_due():
                card_id = revision.card_id  # type: ignore[attr-defined]
                log.info("rate card %s: revision %s is live", card_id, revision.number)
        except Exception:
            log.exception("activating due rate revisions failed")
        await asyncio.sleep(interval)


async def refresh_forever(interval: float = 30.0) -> None:
    """Every ``interval`` seconds, take in what another process changed: card indexes whose
    active revision changed (:meth:`~telephony.rating.index.Registry.refresh`) and the
    numbering plan. Every node runs it, web-only ones too."""
    from telephony.rating import plan
    from telephony.rating.index import registry

    while True:
        await asyncio.sleep(interval)
        try:
            for card_id in await registry().refresh():
                log.info("rate card %s: loaded the revision another process activated", card_id)
            if await plan.refresh():
                log.info("numbering plan: changed by another process, loaded again")
        except Exception:
            log.exception("refreshing the rating indexes failed")

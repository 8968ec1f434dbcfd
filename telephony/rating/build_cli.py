"""``rates build`` and ``rates lookup``: two click commands for the ``rates`` group.

CARD is a card's name or id. ``--json`` prints the API's shape (money as decimal
strings); a failure prints one ``trunkline: error: ...`` line and exits 1.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import click

from runtime.errors import BadRequest

__all__ = ["build_command", "lookup_command", "parse_profit"]


def parse_profit(text: str) -> tuple[str, Decimal]:
    """``10%`` → percent 10; ``+0.002`` (or ``-0.001``) → relative; ``=0.05`` → absolute.

    >>> parse_profit("10%"), parse_profit("+0.002"), parse_profit("=0.05")
    (('percent', Decimal('10')), ('relative', Decimal('0.002')), ('absolute', Decimal('0.05')))
    """
    raw = text.strip()
    if raw.endswith("%"):
        kind, number = "percent", raw[:-1]
    elif raw.startswith(("+", "-")):
        kind, number = "relative", raw
    elif raw.startswith("="):
        kind, number = "absolute", raw[1:]
    else:
        raise BadRequest(
            f"--profit {text!r}: write 10% (percent), +0.002 (added) or =0.05 (the rate)"
        )
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise BadRequest(f"--profit {text!r}: {number!r} is not a number") from None
    if not value.is_finite():
        raise BadRequest(f"--profit {text!r}: {number!r} is not a number")
    return kind, value


def _when(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{option} {text!r}: expected an ISO date and time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _run(body: Any) -> Any:
    from runtime import db
    from runtime.cli import run_async, settings_or_exit

    settings = settings_or_exit()

    async def bound() -> Any:
        async with db.open_database(settings.resolved_database_url, shared=False):
            return await body()

    return run_async(bound())


@click.command("lookup")
@click.argument("card_ref", metavar="CARD")
@click.argument("number", metavar="NUMBER")
@click.option("--seconds", type=float, help="Also price a call this long.")
@click.option("--at", "at", metavar="ISO", help="Use the revision active at this time.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def lookup_command(
    card_ref: str, number: str, seconds: float | None, at: str | None, as_json: bool
) -> None:
    """The row of CARD that prices NUMBER (longest prefix) and, with --seconds, the cost.

    Exits 1 when the card has no active revision or no row matches.
    """
    from runtime.cli import fail
    from telephony.rating.lookup import lookup, money
    from telephony.rating.services.cards import find_card

    async def body() -> Any:
        card = await find_card(card_ref)
        return await lookup(card, number, at=_when(at, "--at"), seconds=seconds)

    result = _run(body)
    if result.row is None:
        fail(f"no row of {result.card.name} matches {result.number}")
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    row = result.row
    lines = [
        ("card", f"{result.card.name} (revision {result.revision_id})"),
        ("number", result.number),
        ("prefix", row.prefix),
        ("name", row.name),
        ("rate", f"{money(row.rate)} {result.card.currency}/min"),
        ("fee", f"{money(row.connection_fee)} {result.card.currency}"),
        ("MCD/Pulse", f"{row.mcd}/{row.pulse}"),
        ("status", "blocked" if row.blocked else "active"),
    ]
    if result.seconds is not None:
        lines += [
            ("seconds", f"{result.seconds:g} (billed {result.billed_seconds})"),
            ("cost", f"{result.cost} {result.card.currency}"),
        ]
    for label, value in lines:
        click.echo(f"{label:<10} {value}")


@click.command("build")
@click.argument("card_ref", metavar="CUSTOMER_CARD")
@click.option("--from", "parents", multiple=True, metavar="CARD", help="A parent card (repeat).")
@click.option("--profit", metavar="10%|+0.002|=0.05", help="The catch-all profit rule.")
@click.option("--compact", type=click.Choice(["min", "max", "avg"]), help="Merge parents' costs.")
@click.option("--date-live", metavar="ISO", help="Activate then instead of now.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def build_command(
    card_ref: str,
    parents: tuple[str, ...],
    profit: str | None,
    compact: str | None,
    date_live: str | None,
    as_json: bool,
) -> None:
    """Build a new revision of CUSTOMER_CARD from its parent provider cards.

    --from replaces the card's parents (in the order given: their positions); --profit sets
    the catch-all profit rule; --compact how parents' costs merge. The revision is active
    at once unless --date-live is later.
    """
    from telephony.rating.build import build

    async def body() -> Any:
        from runtime.auth.principal import SYSTEM
        from telephony.rating.models import CardKind
        from telephony.rating.services import profit as profit_rules
        from telephony.rating.services.cards import find_card, update_card

        card = await find_card(card_ref)
        if card.kind != CardKind.CUSTOMER:
            raise BadRequest(f"{card.name} is a provider card; only customer cards are built")
        rule = parse_profit(profit) if profit is not None else None
        changes: dict[str, Any] = {"compact": compact, "parents": list(parents) or None}
        if any(v is not None for v in changes.values()):
            card = await update_card(SYSTEM, card.id, changes)
        if rule is not None:
            await profit_rules.set_catch_all(SYSTEM, card, rule[0], rule[1])
        return await build(card, now=datetime.now(UTC), date_live=_when(date_live, "--date-live"))

    report = _run(body)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
        return
    revision = report.revision
    state = "active" if revision.status == "active" else f"live at {revision.date_live}"
    click.echo(
        f"built revision {revision.number} ({state}): {report.prefixes} prefixes, "
        f"{report.blocked} blocked, from {len(revision.built_from)} parent(s) "
        f"in {report.seconds:.2f} s"
    )
    for skipped in report.skipped:
        click.echo(f"skipped {skipped['name']}: {skipped['reason']}")

"""``trunkline carrier ...``, ``trunkline rates ...`` and ``trunkline customer ...``.

CARD and NAME arguments take a name or an id. ``--json`` prints what the API answers
(money as decimal strings); otherwise one line for people. A failure prints one
``trunkline: error: ...`` line and exits 1; an import with bad rows prints its report
(``LINE:COLUMN: message``) and exits 1, having written nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from runtime.auth.principal import SYSTEM
from telephony.rating.build_cli import build_command, lookup_command

__all__ = ["carrier_group", "customer_group", "rates_group"]

_JSON = click.option("--json", "as_json", is_flag=True, help="Print the API's JSON answer.")


def _print(as_json: bool, model: Any, line: str) -> None:
    if as_json:
        click.echo(json.dumps(model.model_dump(mode="json"), indent=2))
    else:
        click.echo(line)


def _print_all(as_json: bool, models: list[Any], line: Callable[[Any], str]) -> None:
    """A list: the API's JSON array, or ``line`` of each for people."""
    if as_json:
        click.echo(json.dumps([m.model_dump(mode="json") for m in models], indent=2))
        return
    for model in models:
        click.echo(line(model))


def _when(text: str | None, option: str) -> datetime | None:
    from runtime.cli import fail

    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r}: expected an ISO 8601 time, e.g. 2026-12-01T00:00Z")
        raise
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _box(settings: Any) -> Any:
    from runtime.security.secretbox import SecretBox

    return SecretBox.for_settings(settings)


# -- carrier --------------------------------------------------------------------------


@click.group("carrier")
def carrier_group() -> None:
    """Carriers: who terminates our calls."""


@carrier_group.command("create")
@click.argument("name")
@click.option("--currency", default="USD", show_default=True, help="ISO 4217 (fixed later).")
@click.option("--channels", type=int, help="Concurrent calls (0 = no limit).")
@click.option("--cps", type=int, help="Calls per second (0 = no limit).")
@_JSON
def carrier_create(
    name: str, currency: str, channels: int | None, cps: int | None, as_json: bool
) -> None:
    """Create the carrier NAME."""
    from runtime.cli import with_database
    from telephony.rating.api import CarrierOut
    from telephony.rating.services import carriers

    @with_database
    async def run(settings: Any) -> Any:
        values = {"name": name, "currency": currency, "channels": channels, "cps": cps}
        carrier = await carriers.create_carrier(SYSTEM, values, _box(settings))
        return CarrierOut.of(carrier)

    out = run()
    _print(as_json, out, f"created carrier {out.name} (id {out.id}, {out.currency})")


@carrier_group.command("list")
@_JSON
def carrier_list(as_json: bool) -> None:
    """List the carriers."""
    from runtime.cli import with_database
    from telephony.rating.api import CarrierOut
    from telephony.rating.models import Carrier

    @with_database
    async def run(settings: Any) -> list[Any]:
        return [CarrierOut.of(c) for c in await Carrier.all().order_by("name")]

    _print_all(as_json, run(), lambda c: f"{c.id:>5}  {c.name:<30} {c.currency}  {c.status.value}")


# -- rates ----------------------------------------------------------------------------


@click.group("rates")
def rates_group() -> None:
    """Rate cards: create them, import and export their rates."""


@rates_group.group("card")
def card_group() -> None:
    """Rate cards."""


@card_group.command("create")
@click.argument("name")
@click.option(
    "--kind", type=click.Choice(["provider", "customer"]), default="provider", show_default=True
)
@click.option("--carrier", help="A provider card's carrier (name or id).")
@click.option("--parent", "parents", multiple=True, help="A customer card's provider card.")
@click.option("--currency", help="A customer card's currency (provider: the carrier's).")
@click.option("--precision", type=int, default=4, show_default=True, help="Cost decimals.")
@click.option(
    "--rounding",
    type=click.Choice(["up", "down", "half_up", "half_down"]),
    default="up",
    show_default=True,
    help="How a cost is rounded.",
)
@click.option(
    "--duration-rounding",
    type=click.Choice(["up", "down", "half_up", "half_down"]),
    default="up",
    show_default=True,
    help="How seconds are rounded.",
)
@click.option("--tech-prefix", default="", help="Digits put before numbers sent on.")
@_JSON
def card_create(
    name: str,
    kind: str,
    carrier: str | None,
    parents: tuple[str, ...],
    currency: str | None,
    precision: int,
    rounding: str,
    duration_rounding: str,
    tech_prefix: str,
    as_json: bool,
) -> None:
    """Create the rate card NAME: a provider card of --carrier, or --kind customer."""
    from runtime.cli import with_database
    from telephony.rating.api import CardOut
    from telephony.rating.services import cards

    @with_database
    async def run(settings: Any) -> Any:
        values = {
            "name": name,
            "kind": kind,
            "carrier": carrier,
            "currency": currency,
            "precision": precision,
            "rounding": rounding,
            "duration_rounding": duration_rounding,
            "tech_prefix": tech_prefix,
            "parents": list(parents),
        }
        return await CardOut.of(await cards.create_card(SYSTEM, values))

    out = run()
    _print(as_json, out, f"created {out.kind.value} card {out.name} (id {out.id}, {out.currency})")


def _mapping(pairs: tuple[str, ...]) -> dict[str, str] | None:
    from runtime.cli import fail

    mapping = {}
    for pair in pairs:
        column, eq, target = pair.partition("=")
        if not eq or not column:
            fail(f"--map {pair!r}: expected COLUMN=FIELD (a header name or a number from 1)")
        mapping[column] = target
    return mapping or None


@rates_group.command("import")
@click.argument("card")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date-live", help="Activate at this ISO time (default: at once).")
@click.option(
    "--start-row",
    type=int,
    default=1,
    show_default=True,
    help="First line read (the header's, or the first row's with numbers).",
)
@click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Where a field is: header name or column number (repeat).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "open-rate-card"]),
    default=None,
    help="Default: by the file's extension (.json: open-rate-card).",
)
@click.option("--no-activate", is_flag=True, help="Keep the revision pending.")
@click.option("--note", default="", help="A note on the revision.")
@_JSON
def rates_import(
    card: str,
    file: Path,
    date_live: str | None,
    start_row: int,
    pairs: tuple[str, ...],
    fmt: str | None,
    no_activate: bool,
    note: str,
    as_json: bool,
) -> None:
    """Import FILE (CSV: prefix,name,rate,connection_fee,billing) into a new revision of
    CARD. Progress goes to stderr; errors print as LINE:COLUMN: message and exit 1."""
    from runtime.cli import with_database
    from telephony.rating import imports
    from telephony.rating.api import ImportOut, RevisionOut
    from telephony.rating.services import cards

    live = _when(date_live, "--date-live")
    mapping = _mapping(pairs)
    chosen = fmt or ("open-rate-card" if file.suffix.lower() == ".json" else "csv")

    def progress(rows: int) -> None:
        click.echo(f"\r{rows:,} rows read", err=True, nl=False)

    @with_database
    async def run(settings: Any) -> Any:
        found = await cards.find_card(card)
        with file.open("rb") as source:
            return await imports.import_rates(
                SYSTEM,
                found,
                source,
                format=chosen,
                mapping=mapping,
                start_row=start_row,
                date_live=live,
                activate=not no_activate,
                note=note,
                progress=progress,
            )

    result = run()
    click.echo("", err=True)
    report = result.report
    if result.revision is None:
        if as_json:
            click.echo(json.dumps(report.as_dict(), indent=2))
        else:
            for e in report.errors:
                click.echo(f"{file}:{e['line']}:{e['column']}: {e['message']}")
            more = " (stopped: too many errors)" if report.stopped else ""
            click.echo(f"{report.errors_total} error(s){more}; nothing imported", err=True)
        sys.exit(1)
    revision = result.revision
    out = ImportOut(revision=RevisionOut.of(revision), report=report.as_dict())
    rate = report.rows_imported / max(report.elapsed_ms / 1000, 1e-6)
    _print(
        as_json,
        out,
        f"revision {revision.number} of {card}: {report.rows_imported:,} rows "
        f"({rate:,.0f} rows/s), {revision.status.value}"
        + (f" from {revision.date_live.isoformat()}" if revision.date_live else ""),
    )


@rates_group.command("export")
@click.argument("card")
@click.option("--revision", "number", type=int, help="Revision number (default: active).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: stdout).",
)
def rates_export(card: str, number: int | None, output: Path | None) -> None:
    """Print a revision of CARD as CSV (prefix,name,rate,connection_fee,billing)."""
    from runtime.cli import with_database
    from runtime.errors import NotFound
    from telephony.rating import imports
    from telephony.rating.models import RateRevision, RevisionStatus
    from telephony.rating.services import cards

    @with_database
    async def run(settings: Any) -> None:
        found = await cards.find_card(card)
        where = {"number": number} if number is not None else {"status": RevisionStatus.ACTIVE}
        revision = await RateRevision.get_or_none(card_id=found.id, **where)
        if revision is None:
            raise NotFound(f"{found.name} has no {'such' if number else 'active'} revision")
        sink = output.open("w", newline="") if output else sys.stdout
        try:
            async for chunk in imports.export_csv(revision):
                sink.write(chunk)
        finally:
            if output:
                sink.close()

    run()


@rates_group.command("activate-due")
@_JSON
def rates_activate_due(as_json: bool) -> None:
    """Activate the revisions whose date live has come (run it every minute)."""
    from runtime.cli import with_database
    from telephony.rating.api import RevisionOut
    from telephony.rating.services import revisions

    @with_database
    async def run(settings: Any) -> list[Any]:
        return [RevisionOut.of(r) for r in await revisions.activate_due()]

    _print_all(as_json, run(), lambda r: f"card {r.card_id}: revision {r.number} active")


rates_group.add_command(lookup_command)
rates_group.add_command(build_command)


@rates_group.group("fx")
def fx_group() -> None:
    """Exchange rates: carrier costs in the customer's currency."""


def _print_rates(as_json: bool, rows: list[Any]) -> None:
    _print_all(
        as_json,
        rows,
        lambda r: f"1 {r.base} = {r.rate} {r.quote} from {r.as_of.isoformat()} ({r.source})",
    )


@fx_group.command("add")
@click.argument("base")
@click.argument("quote")
@click.argument("rate")
@click.option("--as-of", help="From when (ISO 8601; default now).")
@_JSON
def fx_add(base: str, quote: str, rate: str, as_of: str | None, as_json: bool) -> None:
    """Record 1 BASE = RATE QUOTE (e.g. fx add EUR USD 1.08)."""
    from runtime.cli import with_database
    from telephony.rating.api import ExchangeRateOut
    from telephony.rating.services import exchange

    when = _when(as_of, "--as-of")

    @with_database
    async def run(settings: Any) -> Any:
        return ExchangeRateOut.of(await exchange.add_rate(SYSTEM, base, quote, rate, when))

    out = run()
    _print_rates(as_json, [out])


@fx_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_JSON
def fx_import(file: Path, as_json: bool) -> None:
    """Import FILE.csv: a header naming base, quote, rate (and as_of), one rate a line."""
    from runtime.cli import with_database
    from telephony.rating.api import ExchangeRateOut
    from telephony.rating.services import exchange

    text = file.read_text(encoding="utf-8-sig")

    @with_database
    async def run(settings: Any) -> list[Any]:
        rows = await exchange.import_rates(SYSTEM, text, source=f"import {file.name}")
        return [ExchangeRateOut.of(r) for r in rows]

    _print_rates(as_json, run())


@fx_group.command("list")
@click.option("--limit", type=int, default=50, show_default=True)
@_JSON
def fx_list(limit: int, as_json: bool) -> None:
    """The newest exchange rates."""
    from runtime.cli import with_database
    from telephony.rating.api import ExchangeRateOut
    from telephony.rating.models import ExchangeRate

    @with_database
    async def run(settings: Any) -> list[Any]:
        rows = await ExchangeRate.all().order_by("-as_of", "-id").limit(limit)
        return [ExchangeRateOut.of(r) for r in rows]

    _print_rates(as_json, run())


# -- customer -------------------------------------------------------------------------


@click.group("customer")
def customer_group() -> None:
    """Customers."""


@customer_group.command("create")
@click.argument("name")
@click.option("--currency", default="USD", show_default=True, help="ISO 4217 (fixed later).")
@_JSON
def customer_create(name: str, currency: str, as_json: bool) -> None:
    """Create the customer NAME."""
    from runtime.api.customers import CustomerOut
    from runtime.cli import with_database
    from runtime.services import customers

    @with_database
    async def run(settings: Any) -> Any:
        return CustomerOut.of(await customers.create_customer(SYSTEM, name, currency.upper()))

    out = run()
    _print(as_json, out, f"created customer {out.name} (id {out.id}, {out.currency})")


@rates_group.group("types")
def types_group() -> None:
    """The numbering plan: destination types (MOBILE, FIXED...) by prefix."""


@types_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace the whole plan (default: add/update).")
@_JSON
def types_import(file: Path, replace: bool, as_json: bool) -> None:
    """Import FILE.csv: a header naming prefix and type (and name), one range a line."""
    from runtime.cli import with_database
    from telephony.rating.services.plan import import_plan

    text = file.read_text(encoding="utf-8-sig")

    @with_database
    async def run(settings: Any) -> dict[str, Any]:
        return dict(await import_plan(SYSTEM, text, replace=replace))

    summary = run()
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(
            f"imported {summary['imported']} range(s), {summary['removed']} removed; "
            f"the plan has {summary['total']}"
        )


@types_group.command("lookup")
@click.argument("number")
@_JSON
def types_lookup(number: str, as_json: bool) -> None:
    """The destination type of NUMBER (its longest prefix in the plan)."""
    from runtime.cli import with_database
    from telephony.rating import plan
    from telephony.rating.lookup import normalise

    @with_database
    async def run(settings: Any) -> tuple[str, tuple[str, str, str] | None]:
        digits = normalise(number)
        return digits, (await plan.plan()).type_of(digits)

    digits, found = run()
    answer = None if found is None else dict(zip(("prefix", "type", "name"), found, strict=True))
    if as_json:
        click.echo(json.dumps({"number": digits, "match": answer}, indent=2))
    elif found is None:
        click.echo(f"{digits}: no destination type (no prefix in the numbering plan)")
    else:
        click.echo(f"{digits}: {found[1]} (prefix {found[0]} {found[2]!r})")

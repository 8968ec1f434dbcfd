"""``trunkline route ...``: add ingress rules and explain routing decisions.

``route add --customer NAME --card CUSTOMER_CARD [--strategy lcr] [--tech-prefix P]
[--dial-string PREFIX]... [--json]`` makes a rule (NAME and CARD are names or ids; ``--json``
prints the rule as ``GET /api/v1/routes/{id}`` does). ``route explain --customer X --to
NUMBER [--cli N] [--at ISO] [--json]`` prints the decision's trace, the carriers with buy,
sell and margin, and why others were dropped (``--json``: the ``POST
/api/v1/routes/explain`` response). Explaining counts nothing and moves no rotation.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import click

from telephony.rating.models import Strategy

__all__ = ["route_group"]


@click.group("route")
def route_group() -> None:
    """Customers' ingress routing rules and routing decisions."""


def _when(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{text!r} is not an ISO date-time", param_hint="--at") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@route_group.command("add")
@click.option("--customer", "customer_ref", required=True, help="The customer's name or id.")
@click.option("--card", "card_ref", required=True, help="The customer card's name or id.")
@click.option(
    "--strategy", type=click.Choice([s.value for s in Strategy]), default=Strategy.LCR.value
)
@click.option("--tech-prefix", default="", help="Digits (may end in * or #), stripped.")
@click.option(
    "--dial-string", multiple=True, help="A prefix or ^regex (repeat; none: every number)."
)
@click.option("--name", default="", help="The rule's name.")
@click.option("--priority", type=int, default=0, help="Lower wins a tie.")
@click.option("--json", "as_json", is_flag=True, help="Print the rule as JSON.")
def add_command(
    customer_ref: str,
    card_ref: str,
    strategy: str,
    tech_prefix: str,
    dial_string: tuple[str, ...],
    name: str,
    priority: int,
    as_json: bool,
) -> None:
    """Add an ingress routing rule to a customer."""
    from runtime.cli import with_database

    @with_database
    async def body(settings: Any) -> dict[str, Any]:
        from runtime.auth.principal import SYSTEM
        from runtime.models import Customer
        from runtime.services.common import find_by_ref
        from telephony.rating.models import CardKind, RateCard
        from telephony.routing.api import RouteOut
        from telephony.routing.services import create_route

        who = await find_by_ref(Customer, customer_ref, "customer")
        card = await find_by_ref(RateCard, card_ref, "customer card", kind=CardKind.CUSTOMER)
        made = await create_route(
            SYSTEM,
            {
                "customer": who.id,
                "card": card.id,
                "name": name,
                "strategy": strategy,
                "tech_prefix": tech_prefix,
                "dial_string": list(dial_string),
                "priority": priority,
            },
        )
        return RouteOut.of(made).model_dump(mode="json")

    made = body()
    if as_json:
        click.echo(json.dumps(made, indent=2))
        return
    dial = ", ".join(made["dial_string"]) or "every number"
    tech = f", tech prefix {made['tech_prefix']}" if made["tech_prefix"] else ""
    click.echo(
        f"route #{made['id']} {made['name'] or ''}: customer {customer_ref}, card {card_ref}, "
        f"{made['strategy']}, {dial}{tech}".replace("  ", " ")
    )


def render(shown: dict[str, Any]) -> list[str]:
    """The decision JSON as a person reads it."""
    who = shown["customer"] or {}
    lines = [
        f"customer {who.get('name')} (#{who.get('id')}, {who.get('currency')})  "
        f"to {shown['dialled']}  cli {shown['cli'] or '-'}  at {shown['at']}",
        "",
    ]
    for step in shown["trace"]:
        lines.append(f"  {step['step']:<9} {step['message']}")
    lines.append("")
    if shown["result"] == "rejected":
        lines.append(f"REJECTED {shown['code']} {shown['reason']}")
    else:
        limit = shown["max_duration"] or "none"
        lines.append(
            f"ROUTED number {shown['number']}, strategy {shown['strategy']}, max duration {limit}"
        )
        rate = shown["rate"]
        lines.append(
            f"sell: {rate['card_name']} {rate['prefix']} {rate['name']!r} {rate['rate']}/min "
            f"+ {rate['connection_fee']} {rate['mcd']}/{rate['pulse']} {rate['currency']}"
        )
        lines.append(
            f"  {'#':>2}  {'carrier':<16} {'card':<16} {'prefix':<10} {'buy':>10} "
            f"{'sell':>10} {'margin':>10}  inc"
        )
        for i, c in enumerate(shown["candidates"], 1):
            lines.append(
                f"  {i:>2}  {c['carrier_name']:<16} {c['card_name']:<16} {c['prefix']:<10} "
                f"{c['buy_rate']:>10} {c['sell_rate']:>10} {c['margin']:>10}  "
                f"{c['mcd']}/{c['pulse']}"
            )
    if shown["dropped"]:
        lines.append("dropped:")
        lines.extend(f"  {d['card_name']}: {d['reason']}" for d in shown["dropped"])
    return lines


@route_group.command("explain")
@click.option("--customer", "customer_ref", required=True, help="The customer's name or id.")
@click.option("--to", "to", required=True, help="The dialled number (with any tech prefix).")
@click.option("--cli", "cli", default="", help="The calling number.")
@click.option("--at", "at", default=None, help="When (ISO 8601, UTC unless given): now.")
@click.option("--no-hooks", is_flag=True, help="Do not run the rule's ScriptForge hook.")
@click.option("--json", "as_json", is_flag=True, help="Print the decision as JSON.")
def explain_command(
    customer_ref: str, to: str, cli: str, at: str | None, no_hooks: bool, as_json: bool
) -> None:
    """Explain how a customer's call would be routed: rule, number, rate, carriers."""
    from runtime.cli import with_database

    when = _when(at)

    @with_database
    async def body(settings: Any) -> dict[str, Any]:
        from runtime.models import Customer
        from runtime.services.common import find_by_ref
        from telephony.routing.engine import route
        from telephony.routing.models import Route
        from telephony.routing.trace import decision_json

        who = await find_by_ref(Customer, customer_ref, "customer")
        application = None
        hooked = await Route.filter(customer_id=who.id).exclude(script="").exists()
        if hooked and not no_hooks:
            from runtime.app import create_app

            application = create_app(settings, manage_database=False)
        try:
            decision = await route(
                who, cli, to, when, hooks=not no_hooks, app=application, dry_run=True
            )
        finally:
            pool = getattr(getattr(application, "state", None), "sandbox", None)
            if pool is not None:
                await pool.aclose()
        shown = {"id": who.id, "name": who.name, "currency": who.currency}
        return decision_json(decision, customer=shown, dialled=to, cli=cli, at=when)

    shown = body()
    if as_json:
        click.echo(json.dumps(shown, indent=2))
    else:
        click.echo("\n".join(render(shown)))

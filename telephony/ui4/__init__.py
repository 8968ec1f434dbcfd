"""Class 4 pages under ``/class4``: carriers, rate cards (imports, parents, profit rules,
builds, the test rate lookup), customers' ingress routes, explaining a call, the numbering
plan, and exchange rates. One module per family of pages, each with its own ``routes()``;
:data:`NAV` holds the section "Class 4"."""

from __future__ import annotations

from starlette.routing import BaseRoute

from runtime.auth.permissions import Permission
from runtime.ui.nav import NavItem

__all__ = ["NAV", "routes"]

NAV: tuple[NavItem, ...] = (
    NavItem("Carriers", "ui:c4_carriers", Permission.RATING_READ, "Class 4", 10),
    NavItem("Rate cards", "ui:c4_cards", Permission.RATING_READ, "Class 4", 20),
    NavItem("Routes", "ui:c4_routes", Permission.RATING_READ, "Class 4", 30),
    NavItem("Explain a call", "ui:c4_explain", Permission.RATING_READ, "Class 4", 40),
    NavItem("Numbering plan", "ui:c4_plan", Permission.RATING_READ, "Class 4", 45),
    NavItem("Exchange rates", "ui:c4_exchange_rates", Permission.RATING_READ, "Class 4", 50),
)


def routes() -> list[BaseRoute]:
    from telephony.ui4 import (
        card_tools,
        cards,
        carriers,
        customer,
        exchange,
        explain,
        ingress,
        plan,
    )

    found: list[BaseRoute] = []
    for module in (carriers, cards, card_tools, ingress, explain, plan, exchange, customer):
        found.extend(module.routes())
    return found

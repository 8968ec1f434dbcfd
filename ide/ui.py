"""The IDE workspace page (filled in by the IDE front end)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from runtime.ui.nav import NavItem


def routes() -> list[BaseRoute]:
    return []


#: ("IDE", "ide:home") joins once the workspace route exists.
NAV: tuple[NavItem, ...] = ()

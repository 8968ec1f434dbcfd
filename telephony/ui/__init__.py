"""Class 5 pages under ``/voice``: one module per family of pages, each with its own
``routes()`` and ``NAV`` entries (section "Voice")."""

from __future__ import annotations

from starlette.routing import BaseRoute

from runtime.ui.nav import NavItem


def _modules() -> list[object]:
    from telephony.ui import audio, ivr_builder, pages, voice_apps

    return [pages, ivr_builder, audio, voice_apps]


def routes() -> list[BaseRoute]:
    found: list[BaseRoute] = []
    for module in _modules():
        found.extend(module.routes())  # type: ignore[attr-defined]
    return found


def nav() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for module in _modules():
        items.extend(module.NAV)  # type: ignore[attr-defined]
    return tuple(items)

"""Feature areas plug into the runtime here.

A feature package (``scriptforge``, ``querybuilder``, ``pagebuilder``, ``telephony``...)
exposes one :class:`Area` in its ``area`` module and is listed in :data:`INSTALLED`. The
runtime imports nothing else of it: models, API endpoints, routes, navigation, templates,
demo content and background services all arrive through this record.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.routing import BaseRoute

    from runtime.api.framework import Api
    from runtime.bundles import BundlePart
    from runtime.ui.buttons import PlacedButton
    from runtime.ui.nav import NavItem

#: Modules holding an ``area`` attribute, in start-up order.
INSTALLED: tuple[str, ...] = (
    "scriptforge.area",
    "querybuilder.area",
    "pagebuilder.area",
    "ide.area",
    "telephony.area",
)

DemoStep = Callable[[Callable[[str], None]], Awaitable[None]]
Lifespan = Callable[[Any], AbstractAsyncContextManager[None]]


@dataclass(frozen=True)
class Area:
    name: str
    #: Modules with tortoise models (they join the one "models" app and its migrations).
    models: tuple[str, ...] = ()
    #: Builds the area's JSON API endpoints (mounted under /api/v1).
    api: Callable[[], Api] | None = None
    #: Other routes (pages, public endpoints), built per application.
    routes: Callable[[], Sequence[BaseRoute]] | None = None
    nav: Sequence[NavItem] = ()
    templates: Path | None = None
    demo_steps: Sequence[DemoStep] = ()
    #: Background services of ``trunkline run`` (job workers, schedulers), given the app.
    lifespan: Lifespan | None = None
    #: Click commands added to ``trunkline`` (e.g. ``script``).
    commands: Sequence[Any] = ()
    #: ``await hook(app, conn)`` before an app is deleted, inside the deleting transaction.
    app_deleted: Sequence[Callable[[Any, Any], Awaitable[None]]] = ()
    #: Builds the area's share of app bundles (:class:`runtime.bundles.BundlePart`).
    bundle: Callable[[], BundlePart] | None = None
    #: ``await buttons(request, place)``: the Button Builder buttons the request's principal
    #: sees at a shell ``place`` (see :mod:`runtime.ui.buttons`).
    buttons: Callable[[Request, str], Awaitable[Sequence[PlacedButton]]] | None = None
    #: ``await extensions(customer_id)``: the ``(what, extension)`` internal numbers the
    #: area gives a customer (kept inside the customer's number block).
    extensions: Callable[[int], Awaitable[Sequence[tuple[str, str]]]] | None = None
    #: ``changed(customer_id)`` after a customer's settings change (drop what it cached).
    customer_changed: Callable[[int], None] | None = None


@cache
def installed_areas() -> tuple[Area, ...]:
    return tuple(importlib.import_module(path).area for path in INSTALLED)


async def extension_users(customer_id: int) -> list[tuple[str, str]]:
    """Every internal number the areas give ``customer_id``, as ``(what, extension)``."""
    found: list[tuple[str, str]] = []
    for area in installed_areas():
        if area.extensions is not None:
            found.extend(await area.extensions(customer_id))
    return found


def customer_changed(customer_id: int) -> None:
    """Tell every area that ``customer_id``'s settings changed."""
    for area in installed_areas():
        if area.customer_changed is not None:
            area.customer_changed(customer_id)

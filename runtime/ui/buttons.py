"""Button Builder buttons in the shell: the runtime asks the areas for them.

An area that has buttons (the page builder) sets :attr:`runtime.areas.Area.buttons`; the
shell renders what comes back at three places: ``cp_nav`` (the control panel's side
navigation), ``cp_app_row`` (the Actions column of the apps list) and ``portal_nav`` (the
customer portal's navigation). ``runtime/templates/runtime/_buttons.html`` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

#: The places of the shell that show buttons.
PLACES = ("cp_nav", "cp_app_row", "portal_nav")


@dataclass(frozen=True)
class PlacedButton:
    """A button as the shell draws it."""

    uuid: str
    app_id: int
    app: str
    label: str
    icon: str
    #: A CSS class: primary, secondary, success, warning, danger or info.
    colour: str
    tooltip: str
    #: Where pressing goes (POST ``{"rows": [...]}``; answers ``{"result", "open"}``).
    press: str
    #: The page it opens, when that is all it does (a plain link then).
    href: str | None
    min_select: int
    max_select: int | None
    sort_order: int = 0


async def placed_buttons(request: Request, place: str) -> list[PlacedButton]:
    """The buttons the request's principal sees at ``place``, by sort order then label."""
    from runtime.areas import installed_areas

    if place not in PLACES:
        raise ValueError(f"unknown button place {place!r}; choose from {PLACES}")
    found: list[PlacedButton] = []
    for area in installed_areas():
        if area.buttons is not None:
            found.extend(await area.buttons(request, place))
    return sorted(found, key=lambda b: (b.sort_order, b.label.casefold()))

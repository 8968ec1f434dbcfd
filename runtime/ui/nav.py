"""Navigation built from the areas that exist.

Each package contributes :class:`NavItem` entries (``create_app`` collects them); a
signed-in user sees the items their role permits, grouped by section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal

SECTIONS = ("Overview", "Build", "Voice", "Class 4", "Customers", "Administration")


@dataclass(frozen=True)
class NavItem:
    label: str
    route: str
    permission: Permission
    section: str = "Overview"
    order: int = 100

    def __post_init__(self) -> None:
        if self.section not in SECTIONS:
            raise ValueError(f"unknown nav section {self.section!r}; choose from {SECTIONS}")


def visible(
    items: Iterable[NavItem], principal: Principal | None
) -> list[tuple[str, list[NavItem]]]:
    """Items ``principal`` may open, as ``[(section, items)]`` in display order."""
    if principal is None:
        return []
    allowed = [i for i in items if principal.can(i.permission)]
    grouped = []
    for section in SECTIONS:
        entries = sorted(
            (i for i in allowed if i.section == section), key=lambda i: (i.order, i.label)
        )
        if entries:
            grouped.append((section, entries))
    return grouped


CORE_NAV = (
    NavItem("Dashboard", "ui:dashboard", Permission.AUTHENTICATED, "Overview", 0),
    NavItem("Apps", "ui:apps", Permission.APPS_READ, "Build", 10),
    NavItem("App Store", "ui:store", Permission.APPS_READ, "Build", 15),
    NavItem("Customers", "ui:customers", Permission.CUSTOMERS_READ, "Customers", 10),
    NavItem("Users", "ui:users", Permission.USERS_READ, "Administration", 10),
    NavItem("API keys", "ui:apikeys", Permission.AUTHENTICATED, "Administration", 20),
    NavItem("Audit log", "ui:audit", Permission.AUDIT_READ, "Administration", 30),
    NavItem("API reference", "api:docs", Permission.AUTHENTICATED, "Administration", 40),
)

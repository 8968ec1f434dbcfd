"""Look up component types by name; importing this loads every family module."""

from __future__ import annotations

import importlib

from pagebuilder.components.base import REGISTRY, ComponentType

#: The family modules; each registers its component types when imported.
FAMILIES = (
    "pagebuilder.components.basic",
    "pagebuilder.components.dates",
    "pagebuilder.components.choice",
    "pagebuilder.components.display",
    "pagebuilder.components.layout",
    "pagebuilder.components.collection",
    "pagebuilder.components.advanced",
)

for _module in FAMILIES:
    importlib.import_module(_module)


def find(type_name: str) -> ComponentType | None:
    return REGISTRY.get(type_name)


def get(type_name: str) -> ComponentType:
    found = REGISTRY.get(type_name)
    if found is None:
        raise KeyError(f"unknown component type {type_name!r}")
    return found


def all_types() -> list[ComponentType]:
    return sorted(REGISTRY.values(), key=lambda t: (t.family, t.label))

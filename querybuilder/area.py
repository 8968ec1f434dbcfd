"""How the app-data layer plugs into the runtime (its API and pages arrive next)."""

from __future__ import annotations

from runtime.areas import Area

area = Area(name="querybuilder", models=("querybuilder.models",))

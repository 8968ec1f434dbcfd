"""How voice plugs into the runtime (the ConneXML CLI now; models, API and pages follow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtime.areas import Area


def _commands() -> list[Any]:
    from telephony.cli import connexml_group

    return [connexml_group]


area = Area(
    name="telephony",
    commands=_commands(),
    templates=Path(__file__).parent / "templates",
)

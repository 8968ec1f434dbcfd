"""``trunkline connexml ...`` (filled in by the ConneXML work)."""

from __future__ import annotations

import click


@click.group("connexml")
def connexml_group() -> None:
    """Check and simulate ConneXML documents."""

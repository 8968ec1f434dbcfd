"""How voice plugs into the runtime: its models and the ConneXML CLI (API and pages follow)."""

from __future__ import annotations

from typing import Any

from runtime.areas import Area


def _api() -> Any:
    from runtime.api.framework import Api
    from telephony import api_simulate
    from telephony.class5.api import build_api

    api = Api()
    api.include(build_api())
    api.include(api_simulate.build_api())
    return api


def _commands() -> list[Any]:
    from telephony.cli import connexml_group

    return [connexml_group]


area = Area(
    name="telephony",
    models=("telephony.models", "telephony.class5.models"),
    api=_api,
    commands=_commands(),
)

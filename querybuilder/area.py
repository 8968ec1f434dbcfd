"""How the app-data layer plugs into the runtime: models and the datasets API."""

from __future__ import annotations

from typing import Any

from runtime.areas import Area


def _api() -> Any:
    from querybuilder.api import api

    return api


area = Area(name="querybuilder", models=("querybuilder.models",), api=_api)

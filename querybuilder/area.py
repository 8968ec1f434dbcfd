"""How the app-data layer plugs into the runtime: models and the datasets API."""

from __future__ import annotations

from typing import Any

from runtime.areas import Area


def _api() -> Any:
    from querybuilder.api import api

    return api


async def _drop_tables(app: Any, conn: Any) -> None:
    from querybuilder.datasets import drop_app_tables

    await drop_app_tables(app, conn)


area = Area(
    name="querybuilder", models=("querybuilder.models",), api=_api, app_deleted=[_drop_tables]
)

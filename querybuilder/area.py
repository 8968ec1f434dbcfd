"""How the app-data layer plugs into the runtime: models and the datasets API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from runtime.areas import Area


def _api() -> Any:
    from querybuilder import api_imports, api_schema  # noqa: F401 - they register on ``api``
    from querybuilder.api import api

    return api


@asynccontextmanager
async def _lifespan(app: Any) -> AsyncIterator[None]:
    """Imports left running by an earlier process are failed; running ones stop at exit."""
    from querybuilder import imports
    from querybuilder.executor import ensure_nobody_role

    await imports.interrupt_orphans()
    await ensure_nobody_role()
    try:
        yield
    finally:
        await imports.import_runner(app).aclose()


async def _drop_tables(app: Any, conn: Any) -> None:
    from querybuilder.datasets import drop_app_tables

    await drop_app_tables(app, conn)


DEMO_NUMBERS = ("442071234567", "15551230000", "4930123456")


async def _seed(say: Any) -> None:
    """The demo app "dnc-manager" gets a DNC dataset, a lead set, a SQL query and a visual
    query, and London's time zone."""
    from querybuilder import datasets, queries, rows
    from querybuilder.models import Dataset, DatasetPreset, SavedQuery
    from runtime.auth.principal import SYSTEM
    from runtime.models import App

    app = await App.get_or_none(name="dnc-manager")
    if app is None:
        return
    if not await Dataset.exists(app_id=app.id, name="dnc"):
        dnc = await datasets.create_dataset(
            SYSTEM,
            app,
            "dnc",
            preset=DatasetPreset.KEY_VALUE,
            description="Numbers that must never be called",
        )
        for number in DEMO_NUMBERS:
            await rows.insert_row(dnc, {"key": number, "value": "customer request"})
        say("dataset dnc-manager/dnc (3 numbers)")
    if not await Dataset.exists(app_id=app.id, name="leads"):
        leads = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
        for n, (first, status) in enumerate(
            (("Ada", "new"), ("Grace", "called"), ("Alan", "new"), ("Edsger", "won"))
        ):
            await rows.insert_row(
                leads, {"first_name": first, "status": status, "phone": f"4420790000{n}"}
            )
        say("dataset dnc-manager/leads (4 leads)")
    if not await SavedQuery.exists(app_id=app.id, name="callable leads"):
        await queries.create_query(
            SYSTEM,
            app,
            "callable leads",
            "select l.first_name, l.phone from leads l where l.status = :status "
            "and l.phone not in (select key from dnc) order by l.first_name",
            vars={"status": "new"},
            description="New leads whose number is not on the DNC list",
        )
        say("saved query dnc-manager/callable leads")
    if not await SavedQuery.exists(app_id=app.id, name="leads by status"):
        await queries.create_query(
            SYSTEM,
            app,
            "leads by status",
            spec={
                "from": "leads",
                "select": [
                    {"column": "status"},
                    {"aggregate": "count", "as": "leads"},
                ],
                "where": {"column": "created_at", "op": ">=", "value": {"param": "since"}},
                "group_by": ["status"],
                "order_by": [{"column": "leads", "desc": True}],
            },
            vars={"since": "30 days ago"},
            description="A visual query: how many leads in each status since a date",
        )
        say("visual query dnc-manager/leads by status")
    if app.timezone == "UTC":
        app.timezone = "Europe/London"  # "yesterday" in its queries means London's yesterday
        await app.save(update_fields=["timezone"])


def _routes() -> Any:
    from querybuilder import builder_ui, data_ui
    from querybuilder.ui import routes

    # data_ui first: its /data/{app}/datasets/new must win over the rows page's {name}.
    return [*data_ui.routes(), *routes(), *builder_ui.routes()]


def _nav() -> Any:
    from querybuilder.ui import NAV

    return NAV


def _bundle() -> Any:
    from querybuilder.bundle import QueryBuilderPart

    return QueryBuilderPart()


area = Area(
    name="querybuilder",
    models=("querybuilder.models",),
    api=_api,
    routes=_routes,
    nav=_nav(),
    templates=Path(__file__).parent / "templates",
    app_deleted=[_drop_tables],
    lifespan=_lifespan,
    demo_steps=[_seed],
    bundle=_bundle,
)

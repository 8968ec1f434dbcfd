"""Per-customer datasets: inside a customer's scope every way of reading or writing rows
(rows API, SQL text, visual specs, bulk delete) sees that customer's rows only; outside it
operators see and assign every row, and the owner survives schema changes and files."""

from __future__ import annotations

from typing import Any

import pytest

from querybuilder import datasets, rows, schema
from querybuilder.executor import run_sql
from querybuilder.scope import current_customer, customer_scope
from querybuilder.spec import run_spec
from querybuilder.transfer import delete_where, export_rows, import_rows
from runtime.auth.principal import SYSTEM
from runtime.errors import NotFound, ValidationFailed
from runtime.services import apps, customers

COLUMNS = [{"name": "title", "type": "string"}, {"name": "amount", "type": "integer"}]


@pytest.fixture
async def tickets(db: str) -> Any:
    app = await apps.create_app(SYSTEM, "helpdesk")
    made = await datasets.create_dataset(SYSTEM, app, "tickets", columns=COLUMNS, per_customer=True)
    acme = await customers.create_customer(SYSTEM, "Acme")
    globex = await customers.create_customer(SYSTEM, "Globex")
    for owner, title, amount in (
        (acme.id, "acme one", 1),
        (acme.id, "acme two", 2),
        (globex.id, "globex one", 10),
        (None, "nobody's", 100),
    ):
        await rows.insert_row(made, {"title": title, "amount": amount, "customer_id": owner})
    return made, acme.id, globex.id


async def test_operators_see_every_row_with_its_owner(tickets: Any) -> None:
    dataset, acme, globex = tickets
    page = await rows.list_rows(dataset, sort="amount")
    assert [(r["title"], r["customer_id"]) for r in page.rows] == [
        ("acme one", acme),
        ("acme two", acme),
        ("globex one", globex),
        ("nobody's", None),
    ]
    only_globex = await rows.list_rows(dataset, equals={"customer_id": globex})
    assert [r["title"] for r in only_globex.rows] == ["globex one"]


async def test_a_customers_scope_reads_and_writes_its_own_rows_only(tickets: Any) -> None:
    dataset, acme, globex = tickets
    theirs = (await rows.list_rows(dataset, equals={"customer_id": globex})).rows[0]["id"]
    with customer_scope(acme):
        assert current_customer() == acme
        page = await rows.list_rows(dataset, sort="amount")
        assert [r["title"] for r in page.rows] == ["acme one", "acme two"]
        assert page.total == 2
        for attempt in (
            rows.get_row(dataset, theirs),
            rows.update_row(dataset, theirs, {"title": "taken over"}),
            rows.delete_row(dataset, theirs),
        ):
            with pytest.raises(NotFound):
                await attempt
        # A row written in the scope is the scope's, whatever the values say.
        made = await rows.insert_row(dataset, {"title": "new", "customer_id": globex})
        assert made["customer_id"] == acme
        # Moving a row to another customer is not the customer's to do.
        moved = await rows.update_row(dataset, made["id"], {"customer_id": globex, "amount": 3})
        assert (moved["customer_id"], moved["amount"]) == (acme, 3)
        assert await delete_where(dataset, {}, all_rows=True) == 3
    assert current_customer() is None
    left = await rows.list_rows(dataset, sort="amount")
    assert [r["title"] for r in left.rows] == ["globex one", "nobody's"]
    assert (await rows.get_row(dataset, theirs))["title"] == "globex one"


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select title from tickets order by title", [("acme one",), ("acme two",)]),
        ("select count(*) as n, sum(amount) as total from tickets", [(2, 3)]),
        (
            "select t.title from tickets t join tickets u on u.id = t.id "
            "where t.amount > 1 order by 1",
            [("acme two",)],
        ),
        (
            "with big as (select * from tickets where amount >= 2) select title from big",
            [("acme two",)],
        ),
        (
            "select title from tickets where id in (select id from tickets where amount < 5) "
            "order by title",
            [("acme one",), ("acme two",)],
        ),
        (
            "select title from tickets where title = 'globex one' "
            "union all select title from tickets where amount = 100",
            [],
        ),
    ],
)
async def test_sql_in_a_customers_scope_reads_that_customers_rows(
    tickets: Any, settings: Any, sql: str, expected: list[tuple[Any, ...]]
) -> None:
    dataset, acme, _ = tickets
    app_id = dataset.app_id
    with customer_scope(acme):
        result = await run_sql(app_id, sql, database_url=settings.database_url)
    assert [tuple(r) for r in result.rows] == expected
    everything = await run_sql(
        app_id, "select count(*) from tickets", database_url=settings.database_url
    )
    assert everything.rows[0][0] == 4


async def test_visual_specs_in_a_customers_scope(tickets: Any, settings: Any) -> None:
    dataset, _, globex = tickets
    spec = {
        "from": "tickets",
        "select": [{"column": "title"}, {"column": "customer_id"}],
        "order_by": [{"column": "title"}],
    }
    with customer_scope(globex):
        result = await run_spec(dataset.app_id, spec, database_url=settings.database_url)
    assert [tuple(r) for r in result.rows] == [("globex one", globex)]
    everyone = await run_spec(dataset.app_id, spec, database_url=settings.database_url)
    assert len(everyone.rows) == 4


async def test_owners_survive_a_retype_and_a_file_round_trip(tickets: Any) -> None:
    _, acme, globex = tickets
    app = await apps.get_app("helpdesk")
    changed = await schema.change_column(SYSTEM, app, "tickets", "amount", {"type": "bigint"})
    owners = {r["title"]: r["customer_id"] for r in (await rows.list_rows(changed)).rows}
    assert owners == {"acme one": acme, "acme two": acme, "globex one": globex, "nobody's": None}

    exported = "".join([chunk async for chunk in export_rows(changed, format="csv")])
    assert exported.splitlines()[0].endswith("customer_id")
    copy = await datasets.create_dataset(
        SYSTEM,
        app,
        "copy",
        columns=[*COLUMNS[:1], {"name": "amount", "type": "bigint"}],
        per_customer=True,
    )
    report = await import_rows(copy, [exported.encode()], format="csv")
    assert report.committed, report.errors
    copied = {r["title"]: r["customer_id"] for r in (await rows.list_rows(copy)).rows}
    assert copied == owners


async def test_customer_id_is_the_platforms_column(tickets: Any) -> None:
    dataset, _, _ = tickets
    app = await apps.get_app("helpdesk")
    with pytest.raises(ValidationFailed) as refused:
        await datasets.create_dataset(
            SYSTEM, app, "other", columns=[{"name": "customer_id", "type": "integer"}]
        )
    assert "reserved" in refused.value.message
    with pytest.raises(ValidationFailed) as bad_owner:
        await rows.insert_row(dataset, {"title": "x", "customer_id": "acme"})
    assert bad_owner.value.details[0]["path"] == "customer_id"

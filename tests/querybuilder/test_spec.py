"""Visual query specs: every operator, join and aggregate gives the same rows on SQLite and
PostgreSQL (each case runs under the ``db`` fixture against hard-coded rows); bad specs name
their JSON path."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from querybuilder import datasets, rows, spec
from runtime.auth.principal import SYSTEM
from runtime.errors import ValidationFailed
from runtime.models import Role
from runtime.services import apps

PEOPLE: list[dict[str, Any]] = [
    {"name": "alice", "age": 30, "score": 1.5, "team": "red"},
    {"name": "Bob", "age": 25, "score": 2.0, "team": "blue"},
    {"name": "carol", "age": None, "score": 3.5, "team": "red"},
    {"name": "Émile", "age": 41, "score": None, "team": None},
    {"name": "dave", "age": 25, "score": 4.0, "team": "green"},
]
TEAMS: list[dict[str, Any]] = [
    {"code": "red", "label": "Red Team"},
    {"code": "blue", "label": "Blue Team"},
    {"code": "black", "label": "Black"},
]


@pytest.fixture
async def hr(db: str, settings: Any) -> Any:
    app = await apps.create_app(SYSTEM, "hr")
    people = await datasets.create_dataset(
        SYSTEM,
        app,
        "people",
        columns=[
            {"name": "name", "type": "string"},
            {"name": "age", "type": "integer"},
            {"name": "score", "type": "float"},
            {"name": "team", "type": "string"},
        ],
    )
    for person in PEOPLE:
        await rows.insert_row(people, person)
    teams = await datasets.create_dataset(
        SYSTEM,
        app,
        "teams",
        columns=[{"name": "code", "type": "string"}, {"name": "label", "type": "string"}],
    )
    for team in TEAMS:
        await rows.insert_row(teams, team)
    other = await apps.create_app(SYSTEM, "other")
    await datasets.create_dataset(
        SYSTEM, other, "secrets", columns=[{"name": "value", "type": "string"}]
    )
    return app


def _names(where: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "from": "people",
        "select": [{"column": "name"}],
        "where": where,
        "order_by": [{"column": "id"}],
        **extra,
    }


CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[list[Any]]]] = [
    ("eq", _names({"column": "age", "op": "=", "value": 25}), {}, [["Bob"], ["dave"]]),
    ("neq", _names({"column": "team", "op": "!=", "value": "red"}), {}, [["Bob"], ["dave"]]),
    ("lt", _names({"column": "age", "op": "<", "value": 30}), {}, [["Bob"], ["dave"]]),
    (
        "lte",
        _names({"column": "age", "op": "<=", "value": 30}),
        {},
        [["alice"], ["Bob"], ["dave"]],
    ),
    ("gt", _names({"column": "score", "op": ">", "value": 2.0}), {}, [["carol"], ["dave"]]),
    (
        "gte",
        _names({"column": "score", "op": ">=", "value": 2.0}),
        {},
        [["Bob"], ["carol"], ["dave"]],
    ),
    (
        "text compare by code point",
        _names({"column": "name", "op": "<", "value": "a"}),
        {},
        [["Bob"]],
    ),
    (
        "in",
        _names({"column": "team", "op": "in", "value": ["red", "green"]}),
        {},
        [["alice"], ["carol"], ["dave"]],
    ),
    (
        "not in",
        _names({"column": "team", "op": "not in", "value": ["red"]}),
        {},
        [["Bob"], ["dave"]],
    ),
    (
        "like is case-insensitive",
        _names({"column": "name", "op": "like", "value": "%E"}),
        {},
        [["alice"], ["Émile"], ["dave"]],
    ),
    ("like prefix", _names({"column": "name", "op": "like", "value": "b%"}), {}, [["Bob"]]),
    (
        "between",
        _names({"column": "age", "op": "between", "value": [25, 30]}),
        {},
        [["alice"], ["Bob"], ["dave"]],
    ),
    ("is null", _names({"column": "age", "op": "is null"}), {}, [["carol"]]),
    (
        "is not null",
        _names({"column": "team", "op": "is not null"}),
        {},
        [["alice"], ["Bob"], ["carol"], ["dave"]],
    ),
    (
        "param",
        _names({"column": "age", "op": ">=", "value": {"param": "min_age"}}),
        {"min_age": 30},
        [["alice"], ["Émile"]],
    ),
    (
        "nested and/or",
        _names(
            {
                "or": [
                    {
                        "and": [
                            {"column": "team", "op": "=", "value": "red"},
                            {"column": "age", "op": ">", "value": 25},
                        ]
                    },
                    {"column": "name", "op": "like", "value": "D%"},
                ]
            }
        ),
        {},
        [["alice"], ["dave"]],
    ),
    (
        "text sorts by code point",
        {"from": "people", "select": [{"column": "name"}], "order_by": [{"column": "name"}]},
        {},
        [["Bob"], ["alice"], ["carol"], ["dave"], ["Émile"]],
    ),
    (
        "desc with nulls last, then asc",
        {
            "from": "people",
            "as": "p",
            "select": [{"column": "p.name", "as": "who"}],
            "order_by": [{"column": "age", "desc": True}, {"column": "who"}],
        },
        {},
        [["Émile"], ["alice"], ["Bob"], ["dave"], ["carol"]],
    ),
    (
        "limit and offset",
        {
            "from": "people",
            "select": [{"column": "name"}],
            "order_by": [{"column": "id"}],
            "limit": 2,
            "offset": 1,
        },
        {},
        [["Bob"], ["carol"]],
    ),
    (
        "inner join",
        {
            "from": "people",
            "as": "p",
            "joins": [
                {
                    "dataset": "teams",
                    "as": "t",
                    "type": "inner",
                    "on": [{"left": "p.team", "right": "t.code"}],
                }
            ],
            "select": [{"column": "p.name"}, {"column": "t.label"}],
            "order_by": [{"column": "p.id"}],
        },
        {},
        [["alice", "Red Team"], ["Bob", "Blue Team"], ["carol", "Red Team"]],
    ),
    (
        "left join",
        {
            "from": "people",
            "as": "p",
            "joins": [
                {"dataset": "teams", "type": "left", "on": [{"left": "team", "right": "code"}]}
            ],
            "select": [{"column": "p.name"}, {"column": "teams.label"}],
            "order_by": [{"column": "p.id"}],
        },
        {},
        [
            ["alice", "Red Team"],
            ["Bob", "Blue Team"],
            ["carol", "Red Team"],
            ["Émile", None],
            ["dave", None],
        ],
    ),
    (
        "every aggregate",
        {
            "from": "people",
            "select": [
                {"aggregate": "count", "as": "n"},
                {"aggregate": "count", "column": "age", "as": "aged"},
                {"aggregate": "sum", "column": "age", "as": "total"},
                {"aggregate": "avg", "column": "score", "as": "mean"},
                {"aggregate": "avg", "column": "age", "as": "mean_age"},
                {"aggregate": "min", "column": "name", "as": "first"},
                {"aggregate": "max", "column": "name", "as": "last"},
            ],
        },
        {},
        [[5, 4, 121, 2.75, 30.25, "Bob", "Émile"]],
    ),
    (
        "group by",
        {
            "from": "people",
            "select": [
                {"column": "team"},
                {"aggregate": "count", "as": "n"},
                {"aggregate": "sum", "column": "age", "as": "total"},
            ],
            "group_by": ["team"],
            "order_by": [{"column": "team"}],
        },
        {},
        [[None, 1, 41], ["blue", 1, 25], ["green", 1, 25], ["red", 2, 30]],
    ),
    (
        "having by alias",
        {
            "from": "people",
            "select": [{"column": "team"}, {"aggregate": "count", "as": "n"}],
            "group_by": ["team"],
            "having": {"column": "n", "op": ">=", "value": 2},
        },
        {},
        [["red", 2]],
    ),
    (
        "having by aggregate, order by aggregate desc",
        {
            "from": "people",
            "select": [{"column": "team"}, {"aggregate": "max", "column": "age", "as": "oldest"}],
            "group_by": ["team"],
            "having": {"aggregate": "avg", "column": "age", "op": "<", "value": 40},
            "order_by": [{"column": "oldest", "desc": True}, {"column": "team"}],
        },
        {},
        [["red", 30], ["blue", 25], ["green", 25]],
    ),
]


@pytest.mark.parametrize(
    ("name", "query", "variables", "expected"), CASES, ids=[c[0] for c in CASES]
)
async def test_spec_gives_the_same_rows_on_both_databases(
    hr: Any,
    settings: Any,
    name: str,
    query: dict[str, Any],
    variables: dict[str, Any],
    expected: list[list[Any]],
) -> None:
    result = await spec.run_spec(
        hr.id, query, variables, database_url=settings.resolved_database_url
    )
    assert result.rows == expected, result.sql
    assert not result.truncated
    for row, want in zip(result.rows, expected, strict=True):
        assert [type(v) for v in row] == [type(v) for v in want], "same types on both"


async def test_literals_are_bound_never_inlined(hr: Any, db: str) -> None:
    compiled, _ = await spec.compile_for_app(
        hr.id,
        _names({"column": "name", "op": "=", "value": "x' OR 1=1 --"}, limit=3),
    )
    assert "OR 1=1" not in compiled.sql
    assert compiled.params == ("p1",)
    assert compiled.literals == {"p1": "x' OR 1=1 --"}
    assert ("$1" if db == "postgres" else ":p1") in compiled.sql


async def test_other_apps_datasets_are_refused(hr: Any, db: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await spec.compile_for_app(hr.id, {"from": "secrets"})
    assert refused.value.details == [{"path": "from", "message": "unknown dataset secrets"}]
    join = {
        "from": "people",
        "joins": [{"dataset": "secrets", "on": [{"left": "people.id", "right": "secrets.id"}]}],
    }
    with pytest.raises(ValidationFailed) as refused:
        await spec.compile_for_app(hr.id, join)
    assert refused.value.details[0]["path"] == "joins.0.dataset"


TABLES = {"people": '"app_1_people"', "teams": '"app_1_teams"'}
COLUMNS = {
    "people": {"name": "string", "age": "integer", "score": "float", "team": "string"},
    "teams": {"code": "string", "label": "string"},
}
BAD: list[tuple[dict[str, Any], str]] = [
    (
        {
            "from": "people",
            "where": {"and": [{"column": "age", "op": "="}, {"column": "age", "op": "~"}]},
        },
        "where.and.1.op",
    ),
    ({"from": "people", "where": {"and": [{"column": "age", "op": "="}]}}, "where.and.0.value"),
    ({"from": "people", "colour": "red"}, "colour"),
    ({"from": "people", "where": {"or": [{"column": "age", "op": "=", "x": 1}]}}, "where.or.0.x"),
    ({"from": "people", "select": [{"column": "x.age"}]}, "select.0.column"),
    ({"from": "people", "select": [{"column": "salary"}]}, "select.0.column"),
    ({"from": "people", "select": [{"column": "name; drop table x"}]}, "select.0.column"),
    ({"from": "people", "where": {"column": "age", "op": "in", "value": 5}}, "where.value"),
    ({"from": "people", "where": {"column": "age", "op": "between", "value": [1]}}, "where.value"),
    ({"from": "people", "where": {"column": "age", "op": "=", "value": None}}, "where.value"),
    ({"from": "people", "where": {"column": "age", "op": "is null", "value": 3}}, "where.value"),
    (
        {"from": "people", "where": {"column": "age", "op": "=", "value": {"param": "p1"}}},
        "where.value.param",
    ),
    ({"from": "people", "where": {"column": "age", "op": "=", "value": [1]}}, "where.value"),
    ({"from": "people", "select": [{"aggregate": "sum", "as": "s"}]}, "select.0.column"),
    ({"from": "people", "select": [{"aggregate": "median", "as": "s"}]}, "select.0.aggregate"),
    (
        {"from": "people", "select": [{"column": "name"}, {"aggregate": "count", "as": "n"}]},
        "select.0.column",
    ),
    ({"from": "people", "having": {"column": "age", "op": ">", "value": 1}}, "having"),
    (
        {"from": "people", "where": {"aggregate": "count", "op": ">", "value": 1}},
        "where.aggregate",
    ),
    (
        {
            "from": "people",
            "joins": [{"dataset": "teams", "on": [{"left": "people.team", "right": "t.code"}]}],
        },
        "joins.0.on.0.right",
    ),
    ({"from": "people", "joins": [{"dataset": "people", "on": []}]}, "joins.0.on"),
    (
        {"from": "people", "joins": [{"dataset": "people", "on": [{"left": "id", "right": "id"}]}]},
        "joins.0.as",
    ),
    (
        {"from": "people", "select": [{"column": "id"}, {"column": "name", "as": "ID"}]},
        "select.1.as",
    ),
    (
        {"from": "people", "joins": [{"dataset": "teams", "type": "cross", "on": []}]},
        "joins.0.type",
    ),
    ({"from": "people", "limit": -1}, "limit"),
    ({"from": "people", "order_by": [{"column": "nope"}]}, "order_by.0.column"),
    (
        {"from": "people", "where": {"column": "name", "op": "like", "value": {"sql": "1"}}},
        "where.value",
    ),
]


@pytest.mark.parametrize(("bad", "path"), BAD, ids=[p for _, p in BAD])
def test_bad_specs_name_the_json_path(bad: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        spec.compile_spec(bad, TABLES, dialect="sqlite", columns=COLUMNS)
    assert refused.value.status_code == 422
    assert refused.value.details[0]["path"] == path, refused.value.details


def test_deep_nesting_is_refused_cleanly() -> None:
    where: dict[str, Any] = {"column": "age", "op": "is null"}
    for _ in range(200):
        where = {"and": [where]}
    with pytest.raises(ValidationFailed):
        spec.compile_spec({"from": "people", "where": where}, TABLES, dialect="sqlite")


def test_compile_time_needs_no_database() -> None:
    figures = spec.compile_time(
        {"from": "people", "where": {"column": "age", "op": ">", "value": 1}},
        TABLES,
        columns=COLUMNS,
        runs=5,
    )
    assert set(figures) == {"compile_us", "total_us"}


async def test_compile_endpoint(hr: Any, client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.READONLY)
    ok = await client.post(
        "/api/v1/apps/hr/queries/compile",
        headers=headers,
        json={"spec": _names({"column": "age", "op": ">=", "value": {"param": "min_age"}})},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["params"] == ["min_age"]
    assert "app_" in ok.json()["sql"]
    bad = await client.post(
        "/api/v1/apps/hr/queries/compile",
        headers=headers,
        json={"spec": {"from": "people", "where": {"or": [{"column": "age", "op": "~"}]}}},
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["path"] == "where.or.0.op"

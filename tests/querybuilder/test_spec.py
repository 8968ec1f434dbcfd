"""Visual query specs: every operator, join and aggregate gives the same rows on SQLite and
PostgreSQL (each case runs under the ``db`` fixture against hard-coded rows); bad specs name
their JSON path."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from querybuilder import datasets, rows, spec, sql_guard
from querybuilder.errors import QueryRejected
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


# --- the compiler writes what the validator would render ----------------------------------

PHYSICAL = {"people": "app_1_people", "teams": "app_1.teams"}
MORE_SPECS: list[dict[str, Any]] = [
    {"from": "people"},
    {"from": "people", "select": [{"column": "name"}], "limit": 5000, "offset": 2},
    {
        "from": "people",
        "as": "p",
        "joins": [
            {
                "dataset": "people",
                "as": "q",
                "on": [{"left": "p.id", "right": "q.id"}, {"left": "p.team", "right": "q.team"}],
            },
            {
                "dataset": "teams",
                "as": "t",
                "type": "left",
                "on": [{"left": "q.team", "right": "code"}],
            },
        ],
        "select": [{"column": "q.name"}, {"column": "t.label", "as": "team"}],
        "limit": 3,
        "offset": 4,
    },
    {
        "from": "people",
        "select": [{"column": "team"}, {"aggregate": "min", "column": "name", "as": "m"}],
        "group_by": ["team"],
        "having": {
            "and": [
                {"column": "m", "op": "like", "value": "a%"},
                {"column": "m", "op": "<", "value": "z"},
                {"aggregate": "max", "column": "name", "op": ">=", "value": "b"},
                {"aggregate": "count", "op": ">", "value": {"param": "k"}},
                {
                    "or": [
                        {"column": "team", "op": "is null"},
                        {"column": "team", "op": "not in", "value": ["x", "y", 3, 2.5, True]},
                    ]
                },
            ]
        },
        "order_by": [{"column": "m", "desc": True}, {"column": "team"}],
    },
    {
        "from": "people",
        "where": {
            "and": [
                {"column": "name", "op": "between", "value": ["a", {"param": "hi"}]},
                {"column": "age", "op": "!=", "value": {"param": "hi"}},
                {"column": "score", "op": "<=", "value": 1.5},
                {"column": "name", "op": ">=", "value": "x"},
            ]
        },
        "select": [{"column": "name", "as": "n"}, {"column": "id"}],
        "order_by": [{"column": "n"}, {"column": "age", "desc": True}],
    },
    {
        "from": "people",
        "select": [
            {"aggregate": "avg", "column": "age", "as": "a"},
            {"aggregate": "max", "column": "team", "as": "t"},
            {"aggregate": "sum", "column": "score", "as": "s"},
            {"aggregate": "count", "column": "team", "as": "c"},
        ],
        "having": {"column": "a", "op": "between", "value": [1, 2]},
        "order_by": [{"column": "t"}, {"column": "a", "desc": True}],
        "limit": 10,
    },
]


def _through_validator(
    query: dict[str, Any], dialect: str, columns: Any, max_rows: int
) -> sql_guard.GuardedQuery:
    """The old path: the compiler's text naming datasets, re-parsed by ``validate``."""
    by_name = spec.compile_spec(
        query, {name: name for name in PHYSICAL}, dialect=dialect, columns=columns,
        max_rows=max_rows,
    )  # fmt: skip
    text = re.sub(r"\$(\d+)", lambda m: ":" + by_name.params[int(m[1]) - 1], by_name.sql)
    return sql_guard.validate(text, PHYSICAL, dialect=dialect, max_rows=max_rows)


@pytest.mark.parametrize("max_rows", [1000, 2])
@pytest.mark.parametrize("columns", [COLUMNS, None], ids=["typed", "untyped"])
@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
@pytest.mark.parametrize(
    "query",
    [c[1] for c in CASES] + MORE_SPECS,
    ids=[c[0] for c in CASES] + list(map(str, range(6))),
)
def test_compiled_sql_is_what_the_validator_renders(
    query: dict[str, Any], dialect: str, columns: Any, max_rows: int
) -> None:
    compiled = spec.compile_spec(
        query, PHYSICAL, dialect=dialect, columns=columns, max_rows=max_rows
    )
    guarded = _through_validator(query, dialect, columns, max_rows)
    assert compiled.sql == guarded.sql
    assert compiled.params == guarded.params
    assert compiled.tables == guarded.tables
    assert (compiled.dialect, compiled.max_rows) == (dialect, max_rows)
    assert isinstance(compiled, sql_guard.GuardedQuery)


def test_compiled_sql_matches_the_reparsing_compiler() -> None:
    """Texts the earlier compiler (tree → SQLite text → ``validate``) produced, verbatim."""
    query = MORE_SPECS[3]
    compiled = spec.compile_spec(query, PHYSICAL, dialect="postgres", columns=COLUMNS)
    assert compiled.sql == (
        'SELECT "people"."team" AS "team", MIN("people"."name" COLLATE "C") AS "m"'
        ' FROM "app_1_people" AS "people" GROUP BY "people"."team"'
        ' HAVING (LOWER(MIN("people"."name" COLLATE "C")) LIKE LOWER($1)'
        ' AND MIN("people"."name" COLLATE "C") COLLATE "C" < $2'
        ' AND MAX("people"."name" COLLATE "C") COLLATE "C" >= $3 AND COUNT(*) > $4'
        ' AND ("people"."team" IS NULL OR NOT "people"."team" IN ($5, $6, $7, $8, $9)))'
        ' ORDER BY MIN("people"."name" COLLATE "C") DESC NULLS LAST,'
        ' "people"."team" COLLATE "C" ASC NULLS FIRST LIMIT 1001'
    )
    assert compiled.params == ("p1", "p2", "p3", "k", "p4", "p5", "p6", "p7", "p8")
    assert compiled.literals == {
        "p1": "a%", "p2": "z", "p3": "b", "p4": "x", "p5": "y", "p6": 3, "p7": 2.5, "p8": True,
    }  # fmt: skip
    assert compiled.values({"k": 1})["k"] == 1
    joined = spec.compile_spec(MORE_SPECS[2], PHYSICAL, dialect="sqlite", max_rows=2)
    assert joined.sql == (
        'SELECT "q"."name" AS "name", "t"."label" AS "team" FROM "app_1_people" AS "p"'
        ' INNER JOIN "app_1_people" AS "q" ON "p"."id" = "q"."id" AND "p"."team" = "q"."team"'
        ' LEFT JOIN "app_1"."teams" AS "t" ON "q"."team" = "code" LIMIT 3 OFFSET 4'
    )
    assert joined.tables == ("people", "teams")
    averaged = spec.compile_spec(MORE_SPECS[5], PHYSICAL, dialect="sqlite", columns=COLUMNS)
    assert averaged.sql.startswith('SELECT CAST(AVG("people"."age") AS REAL) AS "a"')


def test_the_compiler_refuses_what_the_validator_would() -> None:
    """Another app's dataset, unknown columns and aliases: refused with their JSON path."""
    cases: list[tuple[dict[str, Any], str]] = [
        ({"from": "secrets"}, "from"),
        (
            {
                "from": "people",
                "joins": [{"dataset": "secrets", "on": [{"left": "id", "right": "id"}]}],
            },
            "joins.0.dataset",
        ),
        ({"from": "people", "where": {"column": "secret", "op": "is null"}}, "where.column"),
        ({"from": "people", "group_by": ["people.salary"]}, "group_by.0"),
        ({"from": "people", "order_by": [{"column": "teams.code"}]}, "order_by.0.column"),
        (
            {
                "from": "people",
                "group_by": ["team"],
                "having": {"aggregate": "sum", "column": "x", "op": ">", "value": 1},
            },
            "having.column",
        ),
        (
            {
                "from": "people",
                "joins": [{"dataset": "teams", "on": [{"left": "team", "right": "teams.nope"}]}],
            },
            "joins.0.on.0.right",
        ),
    ]
    for query, path in cases:
        with pytest.raises(ValidationFailed) as refused:
            spec.compile_spec(query, PHYSICAL, dialect="postgres", columns=COLUMNS)
        assert refused.value.details[0]["path"] == path, (query, refused.value.details)


def test_over_long_compiled_sql_is_refused_like_sql_text() -> None:
    values = list(range(1000))
    where = {"and": [{"column": "age", "op": "in", "value": values} for _ in range(20)]}
    with pytest.raises(QueryRejected) as refused:
        spec.compile_spec({"from": "people", "where": where}, PHYSICAL, dialect="sqlite")
    assert refused.value.construct == "length"


def test_bad_dialect_or_row_cap_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="dialect"):
        spec.compile_spec({"from": "people"}, PHYSICAL, dialect="mysql")
    with pytest.raises(ValueError, match="max_rows"):
        spec.compile_spec({"from": "people"}, PHYSICAL, dialect="sqlite", max_rows=-1)


DECIMAL_CASES = [
    ("greater", {"column": "price", "op": ">", "value": 9}, None, [["10.00"]]),
    ("equal to text", {"column": "price", "op": "=", "value": "1.5"}, None, [["1.50"]]),
    ("in", {"column": "price", "op": "in", "value": [1.5, "10"]}, None, [["1.50"], ["10.00"]]),
    ("between", {"column": "price", "op": "between", "value": [2, 9.5]}, None, [["9.00"]]),
    ("sorted", None, [{"column": "price", "desc": True}], [["10.00"], ["9.00"], ["1.50"]]),
]


@pytest.mark.parametrize(
    ("name", "where", "order", "expected"), DECIMAL_CASES, ids=[c[0] for c in DECIMAL_CASES]
)
async def test_decimals_compare_sort_and_return_alike_on_both(
    db: str,
    settings: Any,
    name: str,
    where: Any,
    order: Any,
    expected: list[list[str]],
) -> None:
    """Decimals are text on SQLite: compared and sorted as numbers, returned at scale."""
    shop = await apps.create_app(SYSTEM, "shop")
    items = await datasets.create_dataset(
        SYSTEM, shop, "items", columns=[{"name": "price", "type": "decimal(10,2)"}]
    )
    for price in ("9", "10.00", "1.5"):
        await rows.insert_row(items, {"price": price})
    query: dict[str, Any] = {"from": "items", "select": [{"column": "price"}]}
    if where is not None:
        query["where"] = where
    query["order_by"] = order or [{"column": "price"}]
    url = settings.resolved_database_url
    result = await spec.run_spec(shop.id, query, database_url=url)
    assert result.rows == expected, result.sql
    totals = await spec.run_spec(
        shop.id,
        {
            "from": "items",
            "select": [
                {"aggregate": "sum", "column": "price", "as": "total"},
                {"aggregate": "max", "column": "price", "as": "top"},
                {"aggregate": "min", "column": "price", "as": "low"},
            ],
        },
        database_url=url,
    )
    assert totals.rows == [["20.50", "10.00", "1.50"]], totals.sql
    assert [c["type"] for c in totals.columns] == ["decimal"] * 3

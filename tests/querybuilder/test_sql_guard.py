"""The SQL-text validator: allowed queries render and run; escape attempts are rejected."""

from __future__ import annotations

import sqlite3

import pytest

from querybuilder import QueryRejected, sqlite_authorizer, validate

TABLES = {"contacts": "app_12__contacts", "Orders": "app_12__orders"}
OTHER_APP = "app_13__secrets"


def make_db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE app_12__contacts (id INTEGER PRIMARY KEY, name TEXT, city TEXT, score INT);
        CREATE TABLE app_12__orders (id INTEGER PRIMARY KEY, contact_id INT, total REAL);
        CREATE TABLE app_13__secrets (id INTEGER PRIMARY KEY, secret TEXT);
        INSERT INTO app_12__contacts VALUES
            (1, 'Ann', 'Leeds', 10), (2, 'bob', 'York', 20), (3, 'Cy', 'Leeds', NULL);
        INSERT INTO app_12__orders VALUES (1, 1, 5.0), (2, 1, 7.5), (3, 2, 1.0);
        INSERT INTO app_13__secrets VALUES (1, 'hunter2');
        """
    )
    return db


def run_guarded(sql: str, values: dict[str, object] | None = None, max_rows: int = 100) -> list:
    guarded = validate(sql, TABLES, dialect="sqlite", max_rows=max_rows)
    db = make_db()
    db.set_authorizer(sqlite_authorizer(TABLES.values()))
    return db.execute(guarded.sql, guarded.bind(values or {})).fetchall()


# (user SQL, sqlite rendering, postgres rendering, params, tables, vars, rows)
ALLOWED = [
    (
        "select name from contacts where city = :city order by name",
        'SELECT name FROM "app_12__contacts" AS contacts WHERE city = :city ORDER BY name'
        " LIMIT 101",
        'SELECT name FROM "app_12__contacts" AS contacts WHERE city = $1 ORDER BY name'
        " NULLS FIRST LIMIT 101",
        ("city",),
        ("contacts",),
        {"city": "Leeds"},
        [("Ann",), ("Cy",)],
    ),
    (
        "SELECT c.name, SUM(o.total) AS t FROM Contacts c JOIN orders o ON o.contact_id = c.id"
        " WHERE o.total > :min AND c.score < :max OR c.id = :min"
        " GROUP BY c.name HAVING COUNT(*) >= 1 ORDER BY c.name;",
        'SELECT c.name, SUM(o.total) AS t FROM "app_12__contacts" AS c JOIN "app_12__orders"'
        " AS o ON o.contact_id = c.id WHERE o.total > :min AND c.score < :max OR c.id = :min"
        " GROUP BY c.name HAVING COUNT(*) >= 1 ORDER BY c.name LIMIT 101",
        'SELECT c.name, SUM(o.total) AS t FROM "app_12__contacts" AS c JOIN "app_12__orders"'
        " AS o ON o.contact_id = c.id WHERE o.total > $1 AND c.score < $2 OR c.id = $1"
        " GROUP BY c.name HAVING COUNT(*) >= 1 ORDER BY c.name NULLS FIRST LIMIT 101",
        ("min", "max"),
        ("contacts", "Orders"),
        {"min": 0, "max": 100},
        [("Ann", 12.5), ("bob", 1.0)],
    ),
    (
        "select name from contacts where id in (select contact_id from orders) order by id",
        'SELECT name FROM "app_12__contacts" AS contacts WHERE id IN (SELECT contact_id FROM'
        ' "app_12__orders" AS orders) ORDER BY id LIMIT 101',
        'SELECT name FROM "app_12__contacts" AS contacts WHERE id IN (SELECT contact_id FROM'
        ' "app_12__orders" AS orders) ORDER BY id NULLS FIRST LIMIT 101',
        (),
        ("contacts", "Orders"),
        {},
        [("Ann",), ("bob",)],
    ),
    (
        "with big as (select contact_id, total from orders where total > 2),"
        " n as (select count(*) as k from big) select k from n",
        'WITH big AS (SELECT contact_id, total FROM "app_12__orders" AS orders WHERE total > 2),'
        " n AS (SELECT COUNT(*) AS k FROM big) SELECT k FROM n LIMIT 101",
        'WITH big AS (SELECT contact_id, total FROM "app_12__orders" AS orders WHERE total > 2),'
        " n AS (SELECT COUNT(*) AS k FROM big) SELECT k FROM n LIMIT 101",
        (),
        ("Orders",),
        {},
        [(2,)],
    ),
    (
        "select id from contacts union select id from orders order by 1",
        'SELECT id FROM "app_12__contacts" AS contacts UNION SELECT id FROM "app_12__orders"'
        " AS orders ORDER BY 1 LIMIT 101",
        'SELECT id FROM "app_12__contacts" AS contacts UNION SELECT id FROM "app_12__orders"'
        " AS orders ORDER BY 1 NULLS FIRST LIMIT 101",
        (),
        ("contacts", "Orders"),
        {},
        [(1,), (2,), (3,)],
    ),
    (
        "select upper(name), lower(city), length(name), substr(name, 1, 1), trim(city),"
        " replace(city, 'e', 'E'), coalesce(score, 0), nullif(score, 10), abs(-score),"
        " round(score / 3.0, 1), iif(score > 15, 'hi', 'lo'),"
        " case when score is null then 'none' else 'some' end, date('2024-01-02', '+1 day')"
        " from contacts where id = 3",
        None,
        None,
        (),
        ("contacts",),
        {},
        [
            (
                "CY",
                "leeds",
                2,
                "C",
                "Leeds",
                "LEEds",
                0,
                None,
                None,
                None,
                "lo",
                "none",
                "2024-01-03",
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("sql", "sqlite_sql", "pg_sql", "params", "tables", "values", "rows"), ALLOWED
)
def test_allowed_queries_render_and_run(sql, sqlite_sql, pg_sql, params, tables, values, rows):
    lite = validate(sql, TABLES, dialect="sqlite", max_rows=100)
    pg = validate(sql, TABLES, dialect="postgres", max_rows=100)
    if sqlite_sql is not None:
        assert lite.sql == sqlite_sql
        assert pg.sql == pg_sql
    assert lite.params == pg.params == params
    assert lite.tables == tables
    assert run_guarded(sql, values) == rows


def test_bind_orders_values_for_each_driver():
    sql = "select id from contacts where id > :b and id < :a and score <> :b"
    assert validate(sql, TABLES, dialect="postgres").bind({"a": 1, "b": 2}) == [2, 1]
    assert validate(sql, TABLES, dialect="sqlite").bind({"a": 1, "b": 2}) == {"b": 2, "a": 1}
    with pytest.raises(QueryRejected, match=":a"):
        validate(sql, TABLES, dialect="sqlite").bind({"b": 2})


@pytest.mark.parametrize(
    ("sql", "expected_limit"),
    [
        ("select id from contacts", "LIMIT 3"),
        ("select id from contacts limit 1", "LIMIT 1"),
        ("select id from contacts limit 500", "LIMIT 3"),
        ("select id from contacts limit -1", ") AS _capped LIMIT 3"),
        ("select id from contacts limit :n", ") AS _capped LIMIT 3"),
    ],
)
def test_row_cap_returns_at_most_max_rows_plus_one(sql, expected_limit):
    guarded = validate(sql, TABLES, dialect="sqlite", max_rows=2)
    assert guarded.sql.endswith(expected_limit)
    assert len(run_guarded(sql, {"n": 1000}, max_rows=2)) <= 3


ESCAPES = [
    ("select 1; drop table contacts", "multiple statements"),
    ("select 1 -- hidden\n; delete from contacts", "multiple statements"),
    ("select 1 /* c */; select * from app_13__secrets", "multiple statements"),
    ("insert into contacts (name) values ('x')", "INSERT"),
    ("update contacts set name = 'x'", "UPDATE"),
    ("delete from contacts", "DELETE"),
    ("with x as (delete from contacts returning *) select * from x", "DELETE"),
    ("with x as (insert into contacts (name) values ('x') returning *) select * from x", None),
    (f"select * from {OTHER_APP}", OTHER_APP),
    (f"select * from contacts union select id, secret, 1, 2 from {OTHER_APP}", OTHER_APP),
    (f"select * from contacts where id in (select id from {OTHER_APP})", OTHER_APP),
    ("select * from app_12__contacts", "app_12__contacts"),
    ("select * from sqlite_master", "sqlite_master"),
    ('select * from "sqlite_master"', "sqlite_master"),
    ("select * from SQLITE_MASTER", "SQLITE_MASTER"),
    ("select * from sqlite_schema", "sqlite_schema"),
    ("select * from main.contacts", "main.contacts"),
    ("select * from temp.sqlite_temp_master", "temp.sqlite_temp_master"),
    ("select * from pg_catalog.pg_tables", "pg_catalog.pg_tables"),
    ("select * from information_schema.tables", "information_schema.tables"),
    ("select main.contacts.name from contacts", "main.contacts.name"),
    ("select 1 where 1 in sqlite_master", "IN <table>"),
    ("select load_extension('x')", "load_extension"),
    ("select pg_read_file('/etc/passwd')", "pg_read_file"),
    ("select pg_sleep(10)", "pg_sleep"),
    ("select randomblob(1000000000)", "randomblob"),
    ("select printf('%s', name) from contacts", "printf"),
    ("select sqlite_version()", "CURRENT_VERSION"),
    ("select writefile('/tmp/x', 'y')", "writefile"),
    ("attach database '/tmp/x.db' as x", "ATTACH"),
    ("detach database x", "DETACH"),
    ("pragma table_info(contacts)", "PRAGMA"),
    ("pragma writable_schema = 1", "PRAGMA"),
    (
        "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
        "WITH RECURSIVE",
    ),
    ("with r(n) as (select 1 union all select n + 1 from r) select count(*) from r", "r"),
    ("select name into backup from contacts", "SELECT ... INTO"),
    ("copy contacts to '/tmp/x'", "COPY"),
    ("set search_path = public", "SET"),
    ("begin", "transaction control"),
    ("commit", "COMMIT"),
    ("vacuum", "VACUUM"),
    ("create table x (a int)", "CREATE"),
    ("drop table contacts", "DROP"),
    ("alter table contacts add column x int", "ALTER"),
    ("select * from json_each('[1,2]')", "JSON_EACH"),
    ("select * from generate_series(1, 10)", "GENERATE_SERIES"),
    ("select * from pragma_table_info('contacts')", "PRAGMA_TABLE_INFO"),
    ("select frobnicate(name) from contacts", "frobnicate"),
    ("select * from contacts where id = ?", "parameter ?"),
    ("select * from contacts for update", None),
    ("select from where", "syntax"),
    ("", "empty"),
    (";", "empty"),
    ("select * from contacts where name = 'unterminated", "syntax"),
]


@pytest.mark.parametrize(("sql", "construct"), ESCAPES)
@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_escape_attempts_are_rejected_naming_the_construct(sql, construct, dialect):
    with pytest.raises(QueryRejected) as caught:
        validate(sql, TABLES, dialect=dialect)
    error = caught.value
    assert error.status_code == 422
    assert error.to_dict()["error"]["code"] == "query_rejected"
    if construct is not None:
        assert error.construct.lower() == construct.lower(), error.message
        assert construct.lower() in error.message.lower() or construct in (
            "multiple statements",
            "syntax",
            "empty",
        )


def test_rejection_carries_a_position():
    with pytest.raises(QueryRejected) as caught:
        validate("select name,\n  load_extension('x') from contacts", TABLES, dialect="sqlite")
    assert caught.value.details == {"construct": "load_extension", "line": 2, "col": 16}


# Raw SQL handed straight to a connection with the authorizer: the second layer alone.
AUTHORIZER_DENIES = [
    "delete from app_12__contacts",
    "insert into app_12__contacts (name) values ('x')",
    "update app_12__contacts set name = 'x'",
    "drop table app_12__contacts",
    "create table x (a)",
    "attach database ':memory:' as x",
    "pragma table_info(app_12__contacts)",
    "select * from sqlite_master",
    f"select * from {OTHER_APP}",
    "select load_extension('x')",
    "select sqlite_version()",
    "select randomblob(10)",
    "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
]


@pytest.mark.parametrize("sql", AUTHORIZER_DENIES)
def test_authorizer_blocks_raw_sql(sql):
    db = make_db()
    db.set_authorizer(sqlite_authorizer(TABLES.values()))
    with pytest.raises(sqlite3.DatabaseError, match=r"not authorized|prohibited"):
        db.execute(sql)
    db.set_authorizer(None)
    assert db.execute("select count(*) from app_12__contacts").fetchone() == (3,)


def test_authorizer_allows_reads_of_allowed_tables_and_ctes():
    db = make_db()
    auth = sqlite_authorizer(TABLES.values())
    db.set_authorizer(auth)
    rows = db.execute(
        "with c as (select name from app_12__contacts) select count(*), max(name) from"
        " (select * from c)"
    ).fetchall()
    assert rows == [(3, "bob")]
    assert auth.reads == {"app_12__contacts"}  # type: ignore[attr-defined]

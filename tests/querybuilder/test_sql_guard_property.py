"""Property: whatever SQL text comes in, nothing outside policy ever executes.

Either ``validate`` rejects it with ``QueryRejected`` (never another exception), or the rendered
SQL, run on SQLite under the authorizer, reads only the app's tables and changes nothing.
"""

from __future__ import annotations

import hashlib
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querybuilder import QueryRejected, sqlite_authorizer, validate
from querybuilder.sql_guard import SqliteAuthorizer

TABLES = {"contacts": "app_12__contacts", "orders": "app_12__orders"}
ALLOWED_PHYSICAL = {"app_12__contacts", "app_12__orders"}

TABLE_REFS = [
    "contacts",
    "orders",
    "Contacts",
    '"contacts"',
    "app_12__contacts",
    "app_13__secrets",
    "sqlite_master",
    '"sqlite_master"',
    "SQLITE_SCHEMA",
    "main.contacts",
    "temp.x",
    "pg_catalog.pg_tables",
    "information_schema.tables",
    "json_each('[1,2]')",
    "generate_series(1, 3)",
    "pragma_table_info('contacts')",
    "c",
    "x",
]
TABLE_REF = st.sampled_from(TABLE_REFS)
FUNCTIONS = [
    "count",
    "sum",
    "lower",
    "upper",
    "abs",
    "coalesce",
    "iif",
    "substr",
    "date",
    "load_extension",
    "randomblob",
    "printf",
    "sqlite_version",
    "pg_sleep",
    "pg_read_file",
    "writefile",
    "zeroblob",
    "frob",
]
COLUMNS = ["id", "name", "secret", "total", "*", "contacts.id", "main.contacts.id", ":p", "?"]
KEYWORDS = [
    "select", "from", "where", "union", "union all", "with", "recursive", "as", "insert", "into",
    "values", "update", "set", "delete", "drop", "table", "create", "pragma", "attach",
    "database", "detach", "begin", "commit", "returning", "limit", "order by", "group by",
    "having", "join", "on", "in", "and", "or", "not", "null", "(", ")", ",", ";", "--", "/*",
    "*/", "'", '"', "=", "1", "'x'", "vacuum", "copy", "exists",
]  # fmt: skip


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    choice = draw(st.integers(0, 3 if depth < 2 else 1))
    if choice == 0:
        return draw(st.sampled_from(COLUMNS))
    if choice == 1:
        return draw(st.sampled_from(["1", "'a'", "null", ":p", ":q", "-1"]))
    if choice == 2:
        fn = draw(st.sampled_from(FUNCTIONS))
        return f"{fn}({draw(expressions(depth + 1))})"
    return f"({draw(selects(depth + 1))})"


@st.composite
def selects(draw: st.DrawFn, depth: int = 0) -> str:
    cols = ", ".join(draw(st.lists(expressions(depth + 1), min_size=1, max_size=3)))
    tables = st.sampled_from(["contacts", "orders"]) if draw(st.booleans()) else TABLE_REF
    sql = f"select {cols} from {draw(tables)}"
    if draw(st.booleans()):
        sql += f" where {draw(expressions(depth + 1))} = {draw(expressions(depth + 1))}"
    if draw(st.booleans()):
        sql += f" limit {draw(st.sampled_from(['1', '-1', ':p', '100000']))}"
    return sql


@st.composite
def statements(draw: st.DrawFn) -> str:
    body = draw(selects())
    kind = draw(st.integers(0, 5))
    if kind == 1:
        cte = draw(st.sampled_from(["with", "with recursive"]))
        body = f"{cte} x as ({draw(selects())}) {body}"
    elif kind == 2:
        body = f"{body} union {draw(selects())}"
    elif kind == 3:
        body = f"{body}; {draw(st.sampled_from(KEYWORDS))} {draw(selects())}"
    elif kind == 4:
        body = f"with x as (delete from contacts returning *) {body}"
    elif kind == 5:
        body = f"{body} -- c\n; delete from contacts"
    return body


token_soup = st.lists(
    st.sampled_from(KEYWORDS + TABLE_REFS + FUNCTIONS + COLUMNS), min_size=1, max_size=14
).map(" ".join)
SQL = st.one_of(statements(), token_soup, st.text(max_size=40))


def make_db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE app_12__contacts (id INTEGER PRIMARY KEY, name TEXT, total REAL);
        CREATE TABLE app_12__orders (id INTEGER PRIMARY KEY, name TEXT, total REAL);
        CREATE TABLE app_13__secrets (id INTEGER PRIMARY KEY, secret TEXT, name TEXT);
        INSERT INTO app_12__contacts VALUES (1, 'a', 1.5), (2, 'b', NULL);
        INSERT INTO app_12__orders VALUES (1, 'o', 2.0);
        INSERT INTO app_13__secrets VALUES (1, 'hunter2', 's');
        """
    )
    return db


def checksum(db: sqlite3.Connection) -> str:
    digest = hashlib.sha256()
    digest.update(repr(db.execute("PRAGMA database_list").fetchall()).encode())
    schema = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    digest.update(repr(schema).encode())
    for _, name, _ in schema:
        rows = db.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
        digest.update(repr(rows).encode())
    return digest.hexdigest()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sql=SQL, dialect=st.sampled_from(["sqlite", "postgres"]))
def test_nothing_outside_policy_ever_executes(sql: str, dialect: str) -> None:
    try:
        guarded = validate(sql, TABLES, dialect=dialect, max_rows=50)
    except QueryRejected as error:
        assert error.message
        return
    assert set(guarded.tables) <= set(TABLES)
    if dialect != "sqlite":
        assert "sqlite_master" not in guarded.sql.lower()
        return
    db = make_db()
    before = checksum(db)
    auth = sqlite_authorizer(ALLOWED_PHYSICAL)
    assert isinstance(auth, SqliteAuthorizer)
    db.set_authorizer(auth)
    steps = 0

    def budget() -> int:
        nonlocal steps
        steps += 1
        return 1 if steps > 10_000 else 0

    db.set_progress_handler(budget, 100)
    try:
        rows = db.execute(guarded.sql, guarded.bind(dict.fromkeys(guarded.params, 1))).fetchall()
        assert len(rows) <= 51
    except sqlite3.Error:
        pass  # wrong column, type error, time budget: refused by the database, nothing ran
    finally:
        db.set_authorizer(None)
        db.set_progress_handler(None, 0)
    assert auth.reads <= ALLOWED_PHYSICAL
    writes = [d for d in auth.denied if d[0] not in (sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION)]
    assert not writes, writes
    assert checksum(db) == before

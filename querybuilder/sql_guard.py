"""The validator for SQL text in app queries, and the SQLite authorizer behind it.

``validate(sql, tables, dialect=...)`` accepts only a single read-only query: a ``SELECT``, or
``UNION``/``INTERSECT``/``EXCEPT`` of selects, optionally with non-recursive CTEs. Every table
reference must be an unqualified dataset name of the app (case-insensitive) or a CTE in scope;
every function must be in :mod:`querybuilder.functions`. The accepted tree is rewritten — dataset
names become physical table names under the user's alias, ``:name`` parameters become the
dialect's placeholders, a row cap is applied — and rendered for the live dialect. The user's
text is never executed, only the regenerated SQL.

The text is read with sqlglot's **SQLite** reading for every live dialect: it accepts the common
SELECT syntax of both databases (``::`` casts, ``||``, ``LIMIT/OFFSET``, ``CASE``, ``IIF``) and
it is the reading the escape-attempt tests were written against. Rendering is per dialect.

Second layer: :func:`sqlite_authorizer` for ``sqlite3.Connection.set_authorizer`` denies by
default, so a validator bug alone cannot write, attach, run a PRAGMA or read another table.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError

from querybuilder import functions
from querybuilder.errors import QueryRejected
from querybuilder.scope import CUSTOMER_COLUMN, ScopedTable

READ_DIALECT = "sqlite"
DIALECTS = ("sqlite", "postgres")
DEFAULT_MAX_ROWS = 1000
MAX_SQL_LENGTH = 100_000
# exp.Func subclasses that are operators, not calls (AND/OR/XOR, COLLATE): not checked.
_OPERATORS = (exp.Connector, exp.Collate)
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Node kinds that are never part of a read-only query, wherever they appear in the tree.
_FORBIDDEN: tuple[tuple[type[exp.Expression], str], ...] = tuple(
    (cls, label)
    for cls, label in (
        (getattr(exp, name, None), label)
        for name, label in (
            ("Insert", "INSERT"),
            ("Update", "UPDATE"),
            ("Delete", "DELETE"),
            ("Merge", "MERGE"),
            ("Create", "CREATE"),
            ("Drop", "DROP"),
            ("Alter", "ALTER"),
            ("TruncateTable", "TRUNCATE"),
            ("Command", "command"),
            ("Pragma", "PRAGMA"),
            ("Attach", "ATTACH"),
            ("Detach", "DETACH"),
            ("Into", "SELECT ... INTO"),
            ("Transaction", "transaction control"),
            ("Commit", "COMMIT"),
            ("Rollback", "ROLLBACK"),
            ("Set", "SET"),
            ("Copy", "COPY"),
            ("Lock", "row locking (FOR UPDATE/SHARE)"),
            ("Returning", "RETURNING"),
            ("Use", "USE"),
            ("Describe", "DESCRIBE"),
            ("Show", "SHOW"),
            ("Grant", "GRANT"),
            ("Revoke", "REVOKE"),
            ("Analyze", "ANALYZE"),
            ("LoadData", "LOAD DATA"),
            ("Execute", "EXECUTE"),
            ("Declare", "DECLARE"),
            ("Comment", "COMMENT"),
            ("Kill", "KILL"),
            ("Cache", "CACHE"),
            ("Parameter", "positional parameter"),
            ("SessionParameter", "session variable"),
        )
    )
    if cls is not None
)


@dataclass(frozen=True)
class GuardedQuery:
    """A validated query, rendered for one dialect.

    ``params`` are the distinct ``:name`` parameters in placeholder order (asyncpg ``$1`` is
    ``params[0]``); ``tables`` the dataset names the query reads (as spelled in ``tables``).
    At most ``max_rows + 1`` rows come back, so the caller can tell the result was truncated.
    """

    sql: str
    params: tuple[str, ...]
    tables: tuple[str, ...]
    dialect: str
    max_rows: int

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any] | list[Any]:
        """Arguments for the driver: a dict for sqlite3 (``:name``), a list for asyncpg."""
        missing = [name for name in self.params if name not in values]
        if missing:
            raise QueryRejected(
                f"missing value for parameter :{missing[0]}", construct=f":{missing[0]}"
            )
        if self.dialect == "postgres":
            return [values[name] for name in self.params]
        return {name: values[name] for name in self.params}


def validate(
    sql: str,
    tables: Mapping[str, str],
    *,
    dialect: str,
    max_rows: int = DEFAULT_MAX_ROWS,
    offset: int = 0,
    sort: str | None = None,
) -> GuardedQuery:
    """Check ``sql`` against the policy and render it for ``dialect`` (``sqlite``/``postgres``).
    ``offset`` pages through a large result: the rows from there on, ``max_rows`` at most;
    ``sort`` (``"col"`` or ``"-col"``, a column of the result) re-orders it first (grids).

    ``tables`` maps the dataset names the user may name to physical table names (a physical
    name may be ``schema.table``). Raises :class:`QueryRejected` naming the offending construct.
    """
    check_options(dialect, max_rows)
    datasets = {name.lower(): (name, physical) for name, physical in tables.items()}
    physical_names = {physical.lower() for physical in tables.values()}
    try:
        root = _parse_single(sql)
        used = _check(root, datasets, physical_names)
        paging = offset or sort
        root = _page(root, max_rows, offset, sort) if paging else _cap_rows(root, max_rows)
        rendered, params = _render(root, dialect)
    except RecursionError:
        raise QueryRejected("query is nested too deeply", construct="nesting") from None
    return GuardedQuery(rendered, params, used, dialect, max_rows)


def check_options(dialect: str, max_rows: int) -> None:
    """Refuse (``ValueError``) a dialect other than ``DIALECTS`` or a negative row cap."""
    if dialect not in DIALECTS:
        raise ValueError(f"unsupported dialect {dialect!r}")
    if max_rows < 0:
        raise ValueError("max_rows must be >= 0")


# --- parsing -------------------------------------------------------------------------------


def _parse_single(sql: str) -> exp.Query:
    if not isinstance(sql, str):
        raise QueryRejected("SQL must be text", construct="sql")
    if len(sql) > MAX_SQL_LENGTH:
        raise QueryRejected(f"query is longer than {MAX_SQL_LENGTH} characters", construct="length")
    try:
        parsed = sqlglot.parse(sql, read=READ_DIALECT)
    except ParseError as error:
        first = error.errors[0] if error.errors else {}
        description = str(first.get("description") or "syntax error")
        raise QueryRejected(
            f"syntax error: {description}",
            construct="syntax",
            line=first.get("line"),
            col=first.get("col"),
        ) from None
    except RecursionError:
        raise
    except Exception as error:  # tokenizer errors and other parser failures
        raise QueryRejected(f"syntax error: {error}", construct="syntax") from None
    statements = [s for s in parsed if s is not None and not isinstance(s, exp.Semicolon)]
    if not statements:
        raise QueryRejected("the query is empty", construct="empty")
    if len(statements) > 1:
        second = statements[1]
        raise QueryRejected(
            f"only one statement is allowed; found a second one ({_statement_name(second)})",
            construct="multiple statements",
            **_position(second),
        )
    root = statements[0]
    if not isinstance(root, exp.Select | exp.SetOperation):
        name = _statement_name(root)
        raise QueryRejected(
            f"only SELECT queries are allowed, not {name}", construct=name, **_position(root)
        )
    return root


def _statement_name(node: exp.Expr) -> str:
    for cls, label in _FORBIDDEN:
        if isinstance(node, cls):
            if isinstance(node, exp.Command):
                return str(node.this).upper() or label
            return label
    return node.key.upper()


def _position(node: exp.Expr) -> dict[str, int]:
    for sub in node.walk():
        meta = sub._meta  # avoid creating empty meta dicts on every node
        if meta and "line" in meta and "col" in meta:
            return {"line": int(meta["line"]), "col": int(meta["col"])}
    return {}


# --- the policy ----------------------------------------------------------------------------


def _check(
    root: exp.Query,
    datasets: Mapping[str, tuple[str, str]],
    physical_names: set[str],
) -> tuple[str, ...]:
    """Walk the whole tree once; rename dataset tables in place; return the datasets used."""
    renames: list[tuple[exp.Table, str]] = []
    used: dict[str, None] = {}
    for node in list(root.walk(bfs=False)):
        for cls, label in _FORBIDDEN:
            if isinstance(node, cls):
                raise QueryRejected(
                    f"{label} is not allowed in a query", construct=label, **_position(node)
                )
        if isinstance(node, exp.With):
            _check_with(node, physical_names)
        elif isinstance(node, exp.Table):
            dataset = _check_table(node, datasets)
            if dataset is not None:
                renames.append((node, datasets[dataset.lower()][1]))
                used[datasets[dataset.lower()][0]] = None
        elif isinstance(node, exp.Column):
            if node.args.get("db") is not None or node.args.get("catalog") is not None:
                raise QueryRejected(
                    f"schema-qualified column {node.sql(READ_DIALECT)} is not allowed",
                    construct=node.sql(READ_DIALECT),
                    **_position(node),
                )
        elif isinstance(node, exp.In) and node.args.get("field") is not None:
            raise QueryRejected(
                "IN <table> is not allowed; use IN (SELECT ...)",
                construct="IN <table>",
                **_position(node),
            )
        elif isinstance(node, exp.Placeholder):
            name = node.name
            if not name or not _PARAM_NAME.match(name):
                construct = f"parameter {node.sql(READ_DIALECT)}"
                raise QueryRejected(
                    f"{construct} is not allowed; use named parameters like :name",
                    construct=construct,
                    **_position(node),
                )
        elif (
            isinstance(node, exp.Func)
            and not isinstance(node, _OPERATORS)
            and not functions.is_allowed(node)
        ):
            name = functions.display_name(node)
            raise QueryRejected(
                f"function {name}() is not allowed", construct=name, **_position(node)
            )
    for table, physical in renames:
        rename_table(table, physical)
    return tuple(used)


def _check_with(node: exp.With, physical_names: set[str]) -> None:
    if node.args.get("recursive"):
        raise QueryRejected(
            "recursive CTEs (WITH RECURSIVE) are not allowed",
            construct="WITH RECURSIVE",
            **_position(node),
        )
    for cte in node.expressions:
        name = cte.alias_or_name.lower()
        if name in physical_names:
            raise QueryRejected(
                f"CTE name {cte.alias_or_name} is reserved", construct=cte.alias_or_name
            )


def _check_table(table: exp.Table, datasets: Mapping[str, tuple[str, str]]) -> str | None:
    """Return the dataset name ``table`` refers to, or None for a CTE in scope."""
    if not isinstance(table.this, exp.Identifier):
        name = (
            functions.display_name(table.this)
            if isinstance(table.this, exp.Func)
            else table.this.sql(READ_DIALECT)
        )
        raise QueryRejected(
            f"table function {name}() is not allowed", construct=name, **_position(table)
        )
    if table.args.get("db") is not None or table.args.get("catalog") is not None:
        qualified = table.sql(READ_DIALECT, comments=False).split(" ")[0]
        raise QueryRejected(
            f"schema-qualified table {qualified} is not allowed; name datasets directly",
            construct=qualified,
            **_position(table),
        )
    name = table.name
    if name.lower() in _ctes_in_scope(table):
        return None
    if name.lower() in datasets:
        return name
    raise QueryRejected(
        f"unknown table {name}; only this app's datasets can be queried",
        construct=name,
        **_position(table),
    )


def _ctes_in_scope(table: exp.Table) -> set[str]:
    """CTE names visible at ``table``: earlier CTEs of an enclosing WITH, all CTEs of the
    WITH of every enclosing query (a CTE never sees itself: no recursion)."""
    visible: set[str] = set()
    child: exp.Expr = table
    parent = table.parent
    while parent is not None:
        if isinstance(parent, exp.With):
            for cte in parent.expressions:
                if cte is child:
                    break
                visible.add(cte.alias_or_name.lower())
        else:
            with_ = parent.args.get("with_")
            if isinstance(with_, exp.With) and with_ is not child:
                visible.update(cte.alias_or_name.lower() for cte in with_.expressions)
        child, parent = parent, parent.parent
    return visible


def rename_table(table: exp.Table, physical: str) -> exp.Expr:
    """Point a dataset's ``table`` at its ``physical`` table, under the user's name as alias.

    A :class:`~querybuilder.scope.ScopedTable` (a per-customer dataset read for one
    customer) becomes ``(SELECT * FROM <physical> WHERE customer_id = <n>) AS <name>``:
    the query sees that customer's rows only. Returns the node now in ``table``'s place."""
    user_name = table.this.copy() if table.args.get("alias") is None else None
    schema, _, name = physical.rpartition(".")
    alias = table.args.get("alias") or exp.TableAlias(this=user_name)
    if isinstance(physical, ScopedTable):
        source = exp.Table(this=exp.to_identifier(name, quoted=True))
        if schema:
            source.set("db", exp.to_identifier(schema, quoted=True))
        owned = exp.EQ(
            this=exp.column(CUSTOMER_COLUMN, quoted=True),
            expression=exp.Literal.number(int(physical.customer_id)),
        )
        subquery = exp.Subquery(
            this=exp.select(exp.Star()).from_(source).where(owned), alias=alias.copy()
        )
        table.replace(subquery)
        return subquery
    table.set("this", exp.to_identifier(name, quoted=True))
    if schema:
        table.set("db", exp.to_identifier(schema, quoted=True))
    if user_name is not None:
        table.set("alias", alias)
    return table


@functools.lru_cache(maxsize=4096)
def table_sql(physical: str, alias: str, dialect: str, customer_id: int | None = None) -> str:
    """``<physical table> AS "<alias>"`` for ``dialect``, renamed and rendered as
    :func:`validate` does it (for the spec compiler, which writes SQL text; cached); with
    ``customer_id``, that customer's rows only (see :func:`rename_table`)."""
    table = exp.Table(alias=exp.TableAlias(this=exp.to_identifier(alias, quoted=True)))
    if customer_id is not None:
        physical = ScopedTable(physical, customer_id)
    holder = exp.From(this=table)  # a parent, so a scoped table can be replaced
    rename_table(table, physical)
    return _generate(holder.this, dialect)


# --- row cap and rendering -------------------------------------------------------------------


def _cap_rows(root: exp.Query, max_rows: int) -> exp.Query:
    """At most ``max_rows + 1`` rows: add or lower a literal LIMIT, else wrap the query."""
    cap = row_cap(None, max_rows)
    limit = root.args.get("limit")
    if limit is None:
        root.set("limit", exp.Limit(expression=exp.Literal.number(cap)))
        return root
    value = limit.expression
    if isinstance(value, exp.Literal) and not value.is_string and str(value.this).isdigit():
        if int(value.this) > cap:
            limit.set("expression", exp.Literal.number(cap))
        return root
    # LIMIT :n, LIMIT -1 or an expression: cap from outside.
    return exp.select("*").from_(root.subquery("_capped")).limit(cap)


_SORT = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_]{0,62}$")


def _page(root: exp.Query, max_rows: int, offset: int, sort: str | None = None) -> exp.Query:
    """The page of the result from ``offset``, optionally re-sorted by one of its columns
    (the query's own LIMIT still applies inside)."""
    if offset < 0:
        raise ValueError("offset must be >= 0")
    page = exp.select("*").from_(root.subquery("_page"))
    if sort:
        if not _SORT.match(sort):
            raise QueryRejected(f"cannot sort by {sort!r}", construct="sort")
        column = exp.column(exp.to_identifier(sort.lstrip("-"), quoted=True))
        page = page.order_by(exp.Ordered(this=column, desc=sort.startswith("-")))
    return page.limit(row_cap(None, max_rows)).offset(exp.Literal.number(int(offset)))


def row_cap(limit: int | None, max_rows: int) -> int:
    """The LIMIT a query runs with: its own ``limit``, at most ``max_rows + 1``."""
    cap = max_rows + 1
    return cap if limit is None or limit > cap else limit


def _render(root: exp.Query, dialect: str) -> tuple[str, tuple[str, ...]]:
    """The SQL for ``dialect`` and the parameters in placeholder order; changes ``root``."""
    order: dict[str, int] = {}
    placeholders: list[exp.Placeholder] = []
    for node in root.walk(bfs=False):
        if isinstance(node, exp.Placeholder):
            placeholders.append(node)
            order.setdefault(node.name, len(order) + 1)
    if dialect == "postgres":
        for node in placeholders:
            node.replace(exp.Parameter(this=exp.Literal.number(order[node.name])))
    return _generate(root, dialect), tuple(order)


def _generate(tree: exp.Expr, dialect: str) -> str:
    """Render a tree that is ours to change (no defensive copy), without comments."""
    return Dialect.get_or_raise(dialect).generator(comments=False).generate(tree, copy=False)


# --- SQLite authorizer (second layer) --------------------------------------------------------


class SqliteAuthorizer:
    """Callable for ``sqlite3.Connection.set_authorizer``: deny by default.

    Allows SELECT, READ of ``tables`` (and of the CTE/subquery pseudo-tables, which SQLite
    does not report as reads of real tables), FUNCTION calls in the allow-list and the
    RECURSIVE-free CTE machinery; denies writes, DDL, PRAGMA, ATTACH/DETACH, transactions,
    extension loading, ``sqlite_*`` catalogues and every other table. ``reads`` and
    ``denied`` record what was asked, for tests and logs.
    """

    def __init__(self, tables: Iterable[str], function_names: Iterable[str]) -> None:
        self.tables = frozenset(t.lower() for t in tables)
        self.function_names = frozenset(f.lower() for f in function_names)
        self.reads: set[str] = set()
        self.denied: list[tuple[int, str | None, str | None]] = []

    def __call__(
        self,
        action: int,
        arg1: str | None,
        arg2: str | None,
        db_name: str | None,
        trigger: str | None,
    ) -> int:
        if action == sqlite3.SQLITE_SELECT:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and arg1 is not None:
            if db_name in ("main", None) and arg1.lower() in self.tables:
                self.reads.add(arg1.lower())
                return sqlite3.SQLITE_OK
        elif (
            action == sqlite3.SQLITE_FUNCTION
            and arg2 is not None
            and arg2.lower() in self.function_names
        ):
            return sqlite3.SQLITE_OK
        self.denied.append((action, arg1, arg2))
        return sqlite3.SQLITE_DENY


def sqlite_authorizer(
    allowed_physical_tables: Iterable[str],
    function_names: Iterable[str] = functions.SQLITE_FUNCTION_NAMES,
) -> Callable[[int, str | None, str | None, str | None, str | None], int]:
    """A deny-by-default authorizer reading only ``allowed_physical_tables``."""
    return SqliteAuthorizer(allowed_physical_tables, function_names)

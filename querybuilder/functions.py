"""The documented allow-list of SQL functions in app queries.

Two views of one list:

* ``ALLOWED_FUNCS`` — sqlglot expression classes the validator accepts (what the parser turns
  ``count(...)``, ``lower(...)``, ``iif(...)`` and friends into, sqlglot 30.x), by category;
* ``ALLOWED_ANONYMOUS`` — names sqlglot has no class for (they arrive as ``exp.Anonymous``) but
  which are harmless SQLite date/aggregate functions;
* ``SQLITE_FUNCTION_NAMES`` — the names SQLite reports to the authorizer when the *rendered*
  SQL calls them (second layer of defence; see ``sql_guard.sqlite_authorizer``).

Everything else is rejected, in particular unknown functions (``load_extension``,
``pg_read_file``, ``pg_sleep``, ``randomblob``, ``printf``), version/catalogue functions
(``sqlite_version()`` parses as ``CurrentVersion``) and table-valued functions
(``json_each``, ``generate_series``).

Operators (``AND``, ``OR``, ``=``, ``LIKE``, ``||``, ``COLLATE``...) are ``exp.Binary`` /
``exp.Connector`` / ``exp.Predicate`` nodes; some are ``exp.Func`` subclasses in sqlglot 30, so
the validator skips those node kinds in the function check instead of listing them here.
"""

from __future__ import annotations

from sqlglot import exp

AGGREGATE: tuple[type[exp.Expression], ...] = (
    exp.Count,
    exp.Sum,
    exp.Avg,
    exp.Min,
    exp.Max,
    exp.GroupConcat,
)
STRING: tuple[type[exp.Expression], ...] = (
    exp.Lower,
    exp.Upper,
    exp.Length,
    exp.Substring,
    exp.Trim,
    exp.Replace,
    exp.Concat,
    exp.StrPosition,
)
DATE_TIME: tuple[type[exp.Expression], ...] = (
    exp.Date,
    exp.CurrentDate,
    exp.CurrentTime,
    exp.CurrentTimestamp,
    exp.TimeToStr,
    exp.TsOrDsToTimestamp,
)
MATH: tuple[type[exp.Expression], ...] = (
    exp.Abs,
    exp.Round,
    exp.Ceil,
    exp.Floor,
)
CONDITIONAL: tuple[type[exp.Expression], ...] = (
    exp.Case,
    exp.If,
    exp.Coalesce,
    exp.Nullif,
    exp.Cast,
    exp.Exists,
)

ALLOWED_FUNCS: frozenset[type[exp.Expression]] = frozenset(
    AGGREGATE + STRING + DATE_TIME + MATH + CONDITIONAL
)

# Lower-case names accepted as exp.Anonymous (SQLite date/time helpers and total()).
ALLOWED_ANONYMOUS: frozenset[str] = frozenset(
    {"date", "time", "datetime", "julianday", "unixepoch", "strftime", "total"}
)

# Lower-case names SQLite may report for SQLITE_FUNCTION when running rendered SQL.
SQLITE_FUNCTION_NAMES: frozenset[str] = frozenset(
    {
        # aggregates
        "count", "sum", "avg", "min", "max", "total", "group_concat",
        # string
        "lower", "upper", "length", "substr", "substring", "trim", "ltrim", "rtrim",
        "replace", "concat", "instr",
        # date/time
        "date", "time", "datetime", "julianday", "unixepoch", "strftime",
        # math
        "abs", "round", "ceil", "ceiling", "floor",
        # conditional
        "coalesce", "ifnull", "nullif", "iif",
        # operators SQLite implements as functions
        "like", "glob",
    }
)  # fmt: skip


def is_allowed(node: exp.Func) -> bool:
    if isinstance(node, exp.Anonymous):
        return node.name.lower() in ALLOWED_ANONYMOUS
    return type(node) in ALLOWED_FUNCS


def display_name(node: exp.Func) -> str:
    """The function's name as the user would recognise it (``load_extension``, ``COUNT``)."""
    if isinstance(node, exp.Anonymous):
        return node.name
    return node.sql_name()

"""The visual query spec: its JSON shape, and its compiler to SQL held to the validator.

A spec is JSON (every error names its JSON path, e.g. ``where.and.1.op``; unknown fields are
refused)::

    {"from": "leads", "as": "l",
     "joins": [{"dataset": "orders", "as": "o", "type": "left",
                "on": [{"left": "l.id", "right": "o.lead_id"}]}],
     "select": [{"column": "l.status"},
                {"aggregate": "count", "as": "n"},
                {"aggregate": "avg", "column": "o.total", "as": "mean"}],
     "where": {"and": [{"column": "l.status", "op": "in", "value": ["new", "won"]},
                       {"column": "o.placed", "op": ">=", "value": {"param": "since"}}]},
     "group_by": ["l.status"],
     "having": {"column": "n", "op": ">", "value": 1},
     "order_by": [{"column": "n", "desc": true}],
     "limit": 50, "offset": 0}

Operators: ``= != < <= > >= in, not in, like, between, is null, is not null``; aggregates
``count sum avg min max`` (``count`` without a column is ``count(*)``). Values are **always**
bound: literals become ``:p1, :p2 ...`` (in order of appearance), ``{"param": "name"}`` becomes
``:name`` (names ``p<digits>`` are reserved for literals). ``limit``/``offset`` are validated
integers and written into the SQL.

The compiler writes the SQL for the live dialect in one pass, held to the wall SQL text goes
through (:func:`querybuilder.sql_guard.validate`) so a spec can never do more than SQL text can:
its grammar admits only the app's own datasets, known columns, allow-listed aggregates and a
placeholder for every value, and the text is what ``validate`` would render for the same query
— tables renamed and rendered by ``sql_guard.table_sql``, the row cap of ``sql_guard.row_cap``.
The tests hold the output to the validator's rendering, so nothing is parsed a second time.

**Normalisation** (the same spec gives the same rows on SQLite and PostgreSQL):

- ``like`` is case-insensitive on both: ``LOWER(col) LIKE LOWER(:p)``.
- Text sorts and compares by code point on both: when the column types are known
  (``columns=``; :func:`column_types` reads them), text columns (``string``, ``text``) get
  ``COLLATE "C"`` on PostgreSQL in ``ORDER BY``, in ``< <= > >= between`` and inside
  ``min``/``max``; SQLite's default ``BINARY`` collation is code point order already. Without
  column types the compiler cannot tell text from numbers and sorts as-is.
- ``NULL`` sorts first ascending and last descending on both (SQLite's own order; written
  out as ``NULLS FIRST`` / ``NULLS LAST`` where a database needs it).
- ``avg`` is a float: ``CAST(AVG(x) AS REAL)`` (``DOUBLE PRECISION`` on PostgreSQL); ``count``
  is an integer on both.
- With an aggregate or ``group_by``, every plain selected column must be in ``group_by``
  (SQLite would otherwise pick an arbitrary row where PostgreSQL refuses).
- ``having`` and ``order_by`` may name an output column by its ``as``; the compiler writes the
  expression itself (PostgreSQL does not accept output aliases inside expressions).

- Decimals: SQLite stores them as text, so there the compiler compares, sorts and takes
  ``min``/``max`` of ``CAST(col AS REAL)`` (and casts the bound values alike); selected
  decimal columns and their ``sum``/``min``/``max`` come back as strings at the column's
  scale on both (``"13.50"``). On SQLite the arithmetic is a double's: exact to about 15
  significant digits.

Known limits: a float literal compared with an integer column is refused by PostgreSQL's
driver. Literal strings that read as date phrases ("yesterday") are resolved like any query
parameter (:func:`querybuilder.dates.resolve_vars`).
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError

from querybuilder.errors import QueryRejected
from querybuilder.scope import CUSTOMER_COLUMN
from querybuilder.sql_guard import (
    DEFAULT_MAX_ROWS,
    MAX_SQL_LENGTH,
    GuardedQuery,
    check_options,
    row_cap,
    table_sql,
)
from runtime.errors import ValidationFailed

IDENT_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,62}$"
COLUMN_PATTERN = r"^(?:[A-Za-z_][A-Za-z0-9_]{0,62}\.)?[A-Za-z_][A-Za-z0-9_]{0,62}$"
_LITERAL_NAME = re.compile(r"^p\d+$", re.IGNORECASE)
_IDENT = re.compile(IDENT_PATTERN)
MAX_DEPTH = 16
MAX_ITEMS = 200
TEXT_TYPES = frozenset({"string", "text"})
_DECIMAL_TYPE = re.compile(r"^decimal\((\d+),(\d+)\)$")


def _scale(column_type: str | None) -> int | None:
    """The scale of a ``decimal(p,s)`` type, else None."""
    match = _DECIMAL_TYPE.match(column_type or "")
    return int(match.group(2)) if match else None


PLATFORM_COLUMNS = {"id": "integer", "created_at": "datetime", "updated_at": "datetime"}

Ident = Annotated[str, Field(pattern=IDENT_PATTERN)]
ColumnRef = Annotated[str, Field(pattern=COLUMN_PATTERN)]
Aggregate = Literal["count", "sum", "avg", "min", "max"]
Op = Literal[
    "=", "!=", "<", "<=", ">", ">=", "in", "not in", "like", "between", "is null", "is not null"
]  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Comparison(_Model):
    """``{"column", "op", "value"?}``; in ``having`` also ``{"aggregate", "column"?, ...}``."""

    column: ColumnRef | None = None
    aggregate: Aggregate | None = None
    op: Op
    value: Any = None


class AndGroup(_Model):
    and_: list[Condition] = Field(alias="and", min_length=1, max_length=MAX_ITEMS)


class OrGroup(_Model):
    or_: list[Condition] = Field(alias="or", min_length=1, max_length=MAX_ITEMS)


_TAGS = frozenset({"and-group", "or-group", "comparison"})


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        if "and" in value:
            return "and-group"
        if "or" in value:
            return "or-group"
        return "comparison"
    if isinstance(value, AndGroup):
        return "and-group"
    return "or-group" if isinstance(value, OrGroup) else "comparison"


Condition = Annotated[
    Annotated[AndGroup, Tag("and-group")]
    | Annotated[OrGroup, Tag("or-group")]
    | Annotated[Comparison, Tag("comparison")],
    Discriminator(_condition_kind),
]
AndGroup.model_rebuild()
OrGroup.model_rebuild()


class JoinOn(_Model):
    left: ColumnRef
    right: ColumnRef


class Join(_Model):
    dataset: Ident
    as_: Ident | None = Field(None, alias="as")
    type: Literal["inner", "left"] = "inner"
    on: list[JoinOn] = Field(min_length=1, max_length=16)


class SelectColumn(_Model):
    column: ColumnRef
    as_: Ident | None = Field(None, alias="as")


class SelectAggregate(_Model):
    aggregate: Aggregate
    column: ColumnRef | None = None
    as_: Ident = Field(alias="as")


_TAGS = _TAGS | {"column-item", "aggregate-item"}


def _select_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "aggregate-item" if "aggregate" in value else "column-item"
    return "aggregate-item" if isinstance(value, SelectAggregate) else "column-item"


SelectItem = Annotated[
    Annotated[SelectColumn, Tag("column-item")] | Annotated[SelectAggregate, Tag("aggregate-item")],
    Discriminator(_select_kind),
]


class OrderBy(_Model):
    column: ColumnRef
    desc: bool = False


class Spec(_Model):
    from_: Ident = Field(alias="from")
    as_: Ident | None = Field(None, alias="as")
    joins: list[Join] = Field(default_factory=list, max_length=16)
    select: list[SelectItem] = Field(default_factory=list, max_length=MAX_ITEMS)
    where: Condition | None = None
    group_by: list[ColumnRef] = Field(default_factory=list, max_length=MAX_ITEMS)
    having: Condition | None = None
    order_by: list[OrderBy] = Field(default_factory=list, max_length=MAX_ITEMS)
    limit: int | None = Field(None, ge=0, le=1_000_000_000)
    offset: int | None = Field(None, ge=0, le=1_000_000_000)


@dataclass(frozen=True)
class CompiledSpec(GuardedQuery):
    """A validated query plus the values of the literals it binds (``p1 → 'new'``)."""

    literals: Mapping[str, Any] = field(default_factory=dict)
    #: ``(output position, scale)`` of decimal outputs, returned as strings at that scale.
    decimal_scales: tuple[tuple[int, int], ...] = ()
    source_sql: str = ""  # the compiled text (the same as ``sql``)

    def values(self, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Everything to bind: the caller's ``{"param"}`` values and the literals."""
        return {**(variables or {}), **self.literals}


def _fail(path: str, message: str) -> ValidationFailed:
    return ValidationFailed.field(path or "spec", message)


def _join(path: str, *parts: object) -> str:
    return ".".join([path, *map(str, parts)]) if path else ".".join(map(str, parts))


def _too_deep(value: Any, budget: int = MAX_DEPTH * 2 + 8) -> bool:
    """Whether JSON nests more than ``budget`` levels (checked first: pydantic recurses)."""
    if isinstance(value, dict):
        children: Any = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return False
    if budget <= 0:
        return len(children) > 0
    return any(_too_deep(child, budget - 1) for child in children)


def parse_spec(spec_json: Any) -> Spec:
    """The spec as models; a 422 :class:`ValidationFailed` lists every error by JSON path."""
    if isinstance(spec_json, Spec):
        return spec_json
    if not isinstance(spec_json, dict):
        raise _fail("spec", "a spec is a JSON object")
    if _too_deep(spec_json):
        raise _fail("where", f"conditions are nested more than {MAX_DEPTH} levels deep")
    try:
        return Spec.model_validate(spec_json)
    except ValidationError as error:
        details = [
            {
                "path": ".".join(str(p) for p in e["loc"] if p not in _TAGS) or "spec",
                "message": e["msg"],
            }
            for e in error.errors(include_url=False)
        ]
        first = details[0]
        raise ValidationFailed(f"{first['path']}: {first['message']}", details) from None


# --- compiling ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spelling:
    """How a dialect spells what the compiler writes (as sqlglot renders it; tests compare)."""

    real: str  # the type of CAST(AVG(x) AS ...)
    asc: str  # ORDER BY ... with NULL first
    desc: str  # ORDER BY ... DESC with NULL last
    numbered: bool  # $1 placeholders instead of :name


_SPELLING = {
    "sqlite": _Spelling("REAL", " ASC", " DESC", numbered=False),
    "postgres": _Spelling(
        "DOUBLE PRECISION", " ASC NULLS FIRST", " DESC NULLS LAST", numbered=True
    ),
}
_COMPARE = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _quote(name: str) -> str:
    """A quoted identifier, escaped as sqlglot escapes it (the grammar admits no quote, but a
    ``Spec`` made with ``model_construct`` skips the grammar)."""
    return '"' + name.replace('"', '""') + '"'


@dataclass
class _Output:
    sql: str
    type: str | None
    collated: bool  # min/max of text: already collated inside


class _Compiler:
    """Writes the spec's SQL for the live dialect directly, in one pass.

    It can only write what :func:`sql_guard.validate` accepts — the app's own datasets (named
    and rendered by :func:`sql_guard.table_sql`), quoted ``alias.column`` references,
    ``count sum avg min max lower cast`` and a placeholder for every value — and writes it as
    the validator renders it, so the text needs no second parse (the tests hold both to it).
    """

    def __init__(
        self,
        tables: Mapping[str, str],
        columns: Mapping[str, Mapping[str, str]] | None,
        dialect: str,
    ) -> None:
        self.tables = tables
        self.datasets = {name.lower(): name for name in tables}
        self.columns = (
            {name.lower(): {**PLATFORM_COLUMNS, **cols} for name, cols in columns.items()}
            if columns is not None
            else None
        )
        self.dialect = dialect
        self.spelling = _SPELLING[dialect]
        self.aliases: dict[str, str] = {}  # alias (lower) -> dataset name (lower)
        self.literals: dict[str, Any] = {}
        self.params: dict[str, str] = {}  # parameter name -> its placeholder, in order
        self.outputs: dict[str, _Output] = {}
        self.used: dict[str, None] = {}  # dataset names as spelled in ``tables``, in order
        self.decimal_scales: dict[int, int] = {}  # output position -> decimal scale

    # tables and columns

    def table(self, dataset: str, alias: str | None, path: str) -> str:
        key = dataset.lower()
        if key not in self.datasets:
            raise _fail(_join(path, "dataset") if path else "from", f"unknown dataset {dataset}")
        name = (alias or dataset).lower()
        if name in self.aliases:
            raise _fail(_join(path, "as") if path else "as", f"alias {name} is used twice")
        self.aliases[name] = key
        spelled = self.datasets[key]
        self.used[spelled] = None
        physical = self.tables[spelled]
        return table_sql(physical, name, self.dialect, getattr(physical, "customer_id", None))

    def column(self, ref: str, path: str) -> tuple[str, str, str | None]:
        """The column's SQL, its (lower-case) name and its type when known."""
        alias, _, name = ref.rpartition(".")
        name = name.lower()
        if alias:
            alias = alias.lower()
            if alias not in self.aliases:
                known = ", ".join(sorted(self.aliases))
                raise _fail(path, f"unknown table alias {alias} (known: {known})")
        elif self.columns is not None:
            owners = [a for a, ds in self.aliases.items() if name in self.columns.get(ds, {})]
            if len(owners) > 1:
                raise _fail(
                    path,
                    f"column {name} is ambiguous; write one of "
                    + ", ".join(f"{a}.{name}" for a in owners),
                )
            alias = owners[0] if owners else next(iter(self.aliases))
        elif len(self.aliases) == 1:
            alias = next(iter(self.aliases))
        column_type: str | None = None
        if self.columns is not None and alias:
            known_columns = self.columns.get(self.aliases[alias], {})
            if name not in known_columns:
                raise _fail(path, f"unknown column {name} in {alias}")
            column_type = known_columns[name]
        sql = f"{_quote(alias)}.{_quote(name)}" if alias else _quote(name)
        return sql, name, column_type

    def text(self, sql: str, column_type: str | None) -> str:
        """``sql`` as it must be compared and sorted: text by code point, decimals as
        numbers (SQLite keeps them as text)."""
        if self.dialect == "postgres" and column_type in TEXT_TYPES:
            return f'{sql} COLLATE "C"'
        return self.number(sql, column_type)

    def number(self, sql: str, column_type: str | None) -> str:
        if self.dialect == "sqlite" and _scale(column_type) is not None:
            return f"CAST({sql} AS REAL)"
        return sql

    # values

    def bind(self, value: Any, path: str) -> str:
        if isinstance(value, dict):
            if set(value) != {"param"}:
                raise _fail(path, 'a value is a literal, a list or {"param": "name"}')
            name = value["param"]
            if not isinstance(name, str) or not _IDENT.match(name):
                raise _fail(_join(path, "param"), "a parameter name is a plain identifier")
            if _LITERAL_NAME.match(name):
                raise _fail(_join(path, "param"), f"parameter names like {name} are reserved")
        elif value is None:
            raise _fail(path, "null is not a value here; use the 'is null' operator")
        elif not isinstance(value, str | int | float | bool):
            raise _fail(path, "a value is text, a number or a boolean")
        else:
            name = f"p{len(self.literals) + 1}"
            self.literals[name] = value
        placeholder = self.params.get(name)
        if placeholder is None:
            placeholder = f"${len(self.params) + 1}" if self.spelling.numbered else f":{name}"
            self.params[name] = placeholder
        return placeholder

    # expressions

    def aggregate(
        self, kind: str, column: str | None, path: str, column_path: str
    ) -> tuple[str, str | None]:
        if column is None:
            if kind != "count":
                raise _fail(column_path, f"{kind} needs a column")
            return "COUNT(*)", "integer"
        target, _, column_type = self.column(column, column_path)
        if kind == "count":
            return f"COUNT({target})", "integer"
        if kind == "sum":
            return f"SUM({target})", column_type
        if kind == "avg":
            return f"CAST(AVG({target}) AS {self.spelling.real})", "float"
        function = {"min": "MIN", "max": "MAX"}[kind]
        return f"{function}({self.text(target, column_type)})", column_type

    def operand(self, item: Comparison, path: str, *, having: bool) -> tuple[str, str | None]:
        if item.aggregate is not None:
            if not having:
                raise _fail(_join(path, "aggregate"), "aggregates belong in having")
            return self.aggregate(item.aggregate, item.column, path, _join(path, "column"))
        if item.column is None:
            raise _fail(_join(path, "column"), "a condition needs a column")
        if having and item.column.lower() in self.outputs and "." not in item.column:
            out = self.outputs[item.column.lower()]
            return out.sql, out.type
        sql, _, column_type = self.column(item.column, _join(path, "column"))
        return sql, column_type

    def condition(self, cond: Any, path: str, *, having: bool, depth: int = 0) -> str:
        if depth > MAX_DEPTH:
            raise _fail(path, f"conditions are nested more than {MAX_DEPTH} levels deep")
        if isinstance(cond, AndGroup | OrGroup):
            key, items = ("and", cond.and_) if isinstance(cond, AndGroup) else ("or", cond.or_)
            parts = [
                self.condition(c, _join(path, key, i), having=having, depth=depth + 1)
                for i, c in enumerate(items)
            ]
            return "(" + (" AND " if key == "and" else " OR ").join(parts) + ")"
        assert isinstance(cond, Comparison)
        column, column_type = self.operand(cond, path, having=having)
        op, value_path = cond.op, _join(path, "value")
        has_value = "value" in cond.model_fields_set
        if op in ("is null", "is not null"):
            if has_value and cond.value is not None:
                raise _fail(value_path, f"'{op}' takes no value")
            return f"NOT {column} IS NULL" if op == "is not null" else f"{column} IS NULL"
        if not has_value:
            raise _fail(value_path, f"'{op}' needs a value")
        value = cond.value
        if op in ("in", "not in", "between"):
            if not isinstance(value, list) or not value:
                raise _fail(value_path, f"'{op}' needs a non-empty list")
            if len(value) > 1000:
                raise _fail(value_path, "at most 1000 values")
            bound = [
                self.number(self.bind(v, _join(value_path, i)), column_type)
                for i, v in enumerate(value)
            ]
            if op == "between":
                if len(bound) != 2:
                    raise _fail(value_path, "'between' needs exactly two values [low, high]")
                return f"{self.text(column, column_type)} BETWEEN {bound[0]} AND {bound[1]}"
            member = f"{self.number(column, column_type)} IN ({', '.join(bound)})"
            return f"NOT {member}" if op == "not in" else member
        if isinstance(value, list):
            raise _fail(value_path, f"'{op}' takes one value, not a list")
        bound_value = self.bind(value, value_path)
        if op == "like":
            return f"LOWER({column}) LIKE LOWER({bound_value})"
        column = (
            self.number(column, column_type)
            if op in ("=", "!=")
            else self.text(column, column_type)
        )
        return f"{column} {_COMPARE[op]} {self.number(bound_value, column_type)}"

    # the query

    def compile(self, spec: Spec, max_rows: int) -> str:
        sql = ["SELECT ", "", " FROM ", self.table(spec.from_, spec.as_, "")]
        for i, join in enumerate(spec.joins):
            path = _join("joins", i)
            table = self.table(join.dataset, join.as_, path)
            on = " AND ".join(
                self.column(o.left, _join(path, "on", j, "left"))[0]
                + " = "
                + self.column(o.right, _join(path, "on", j, "right"))[0]
                for j, o in enumerate(join.on)
            )
            sql.append(f" {'LEFT' if join.type == 'left' else 'INNER'} JOIN {table} ON {on}")

        grouped = bool(spec.group_by) or any(isinstance(s, SelectAggregate) for s in spec.select)
        group_keys = [
            self.column(ref, _join("group_by", i))[0] for i, ref in enumerate(spec.group_by)
        ]

        grouped_columns = set(group_keys)
        selects: list[str] = []
        for i, item in enumerate(spec.select):
            path = _join("select", i)
            if isinstance(item, SelectAggregate):
                node, out_type = self.aggregate(
                    item.aggregate, item.column, path, _join(path, "column")
                )
                name = item.as_
                collated = item.aggregate in ("min", "max")
            else:
                node, column_name, out_type = self.column(item.column, _join(path, "column"))
                if grouped and node not in grouped_columns:
                    raise _fail(_join(path, "column"), "must be in group_by or inside an aggregate")
                name, collated = item.as_ or column_name, False
            if name.lower() in self.outputs:
                raise _fail(_join(path, "as"), f"output column {name} is named twice")
            self.outputs[name.lower()] = _Output(node, out_type, collated)
            scale = _scale(out_type)
            if scale is not None:
                self.decimal_scales[len(selects)] = scale
            selects.append(f"{node} AS {_quote(name)}")
        sql[1] = ", ".join(selects) or "*"

        if spec.where is not None:
            sql += [" WHERE ", self.condition(spec.where, "where", having=False)]
        if group_keys:
            sql += [" GROUP BY ", ", ".join(group_keys)]
        if spec.having is not None:
            if not grouped:
                raise _fail("having", "having needs group_by or an aggregate in select")
            sql += [" HAVING ", self.condition(spec.having, "having", having=True)]
        if spec.order_by:
            keys = [self.order(order, i) for i, order in enumerate(spec.order_by)]
            sql += [" ORDER BY ", ", ".join(keys)]
        limit = None if spec.limit is None else int(spec.limit)
        sql.append(f" LIMIT {row_cap(limit, max_rows)}")
        if spec.offset is not None:
            sql.append(f" OFFSET {int(spec.offset)}")
        return "".join(sql)

    def order(self, order: OrderBy, index: int) -> str:
        out = self.outputs.get(order.column.lower()) if "." not in order.column else None
        if out is not None:
            key, key_type = out.sql, None if out.collated else out.type
        else:
            key, _, key_type = self.column(order.column, _join("order_by", index, "column"))
        direction = self.spelling.desc if order.desc else self.spelling.asc
        return self.text(key, key_type) + direction


def compile_spec(
    spec_json: Any,
    tables: Mapping[str, str],
    *,
    dialect: str,
    max_rows: int = DEFAULT_MAX_ROWS,
    columns: Mapping[str, Mapping[str, str]] | None = None,
) -> CompiledSpec:
    """Compile a visual spec to SQL for ``dialect``, exactly as :func:`sql_guard.validate`
    would render it (same tables, row cap and placeholders).

    ``tables`` are the app's dataset names → physical tables (as for ``validate``); a dataset
    outside it (another app's) is refused with its JSON path. ``columns`` (dataset → column →
    type, see :func:`column_types`) enables unknown-column errors and the text collation.
    """
    check_options(dialect, max_rows)
    compiler = _Compiler(tables, columns, dialect)
    sql = compiler.compile(parse_spec(spec_json), max_rows)
    if len(sql) > MAX_SQL_LENGTH:
        raise QueryRejected(f"query is longer than {MAX_SQL_LENGTH} characters", construct="length")
    return CompiledSpec(
        sql=sql,
        params=tuple(compiler.params),
        tables=tuple(compiler.used),
        dialect=dialect,
        max_rows=max_rows,
        literals=compiler.literals,
        source_sql=sql,
        decimal_scales=tuple(compiler.decimal_scales.items()),
    )


def compile_time(
    spec_json: Any,
    tables: Mapping[str, str],
    *,
    dialect: str = "sqlite",
    columns: Mapping[str, Mapping[str, str]] | None = None,
    runs: int = 1000,
) -> dict[str, float]:
    """Median µs per compile over ``runs`` (no database, nothing cached between runs): the
    parsed spec → SQL (``compile_us``), and what users get, the JSON spec → final SQL for
    ``dialect`` (``total_us``)."""
    spec = parse_spec(spec_json)
    tree_times: list[float] = []
    total_times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        compile_spec(spec, tables, dialect=dialect, columns=columns)
        tree_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        compile_spec(spec_json, tables, dialect=dialect, columns=columns)
        total_times.append(time.perf_counter() - started)
    return {
        "compile_us": round(statistics.median(tree_times) * 1e6, 1),
        "total_us": round(statistics.median(total_times) * 1e6, 1),
    }


# --- with the database -------------------------------------------------------------------


async def column_types(app_id: int) -> dict[str, dict[str, str]]:
    """Each dataset of the app → its columns → user-facing type (platform columns included)."""
    from querybuilder.datasets import columns_of
    from querybuilder.models import Dataset

    found = await Dataset.filter(app_id=app_id)
    return {
        d.name: {
            **PLATFORM_COLUMNS,
            **({CUSTOMER_COLUMN: "integer"} if d.per_customer else {}),
            **{c.name: c.type_label for c in columns_of(d)},
        }
        for d in found
    }


async def compile_for_app(
    app_id: int, spec_json: Any, *, max_rows: int = DEFAULT_MAX_ROWS
) -> tuple[CompiledSpec, dict[str, str]]:
    """Compile against the app's own datasets for the live dialect; also the table map."""
    from querybuilder.executor import dataset_tables
    from runtime import db as database

    dialect = database.dialect_of_connection()
    tables = await dataset_tables(app_id, dialect)
    types = await column_types(app_id)
    return compile_spec(
        spec_json, tables, dialect=dialect, max_rows=max_rows, columns=types
    ), tables


async def run_spec(
    app_id: int,
    spec_json: Any,
    variables: Mapping[str, Any] | None = None,
    *,
    database_url: str,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_ms: int | None = None,
    offset: int = 0,
    sort: str | None = None,
) -> Any:
    """Compile a spec for the app and run it through the executor (a ``QueryResult``);
    date phrases resolve in the app's time zone."""
    from querybuilder import executor

    spec_json = paged(spec_json, offset)
    if sort and isinstance(spec_json, dict):  # a grid's header: re-order by that column
        spec_json = {
            **spec_json,
            "order_by": [{"column": sort.lstrip("-"), "desc": sort[0] == "-"}],
        }
    compiled, tables = await compile_for_app(app_id, spec_json, max_rows=max_rows)
    extra: dict[str, Any] = {} if timeout_ms is None else {"timeout_ms": timeout_ms}
    result = await executor.run_guarded(
        compiled,
        compiled.values(variables),
        physical_tables=list(tables.values()),
        database_url=database_url,
        zone=await executor.app_zone(app_id),
        app_id=app_id,
        **extra,
    )
    return at_scale(result, compiled.decimal_scales)


def paged(spec_json: Any, offset: int) -> Any:
    """The spec's result from row ``offset`` on: its own offset moved, its limit shortened."""
    if not offset or not isinstance(spec_json, dict):
        return spec_json
    if offset < 0:
        raise _fail("offset", "must be at least 0")
    moved = {**spec_json, "offset": int(spec_json.get("offset") or 0) + offset}
    if isinstance(spec_json.get("limit"), int):
        moved["limit"] = max(0, spec_json["limit"] - offset)
    return moved


def at_scale(result: Any, scales: Sequence[tuple[int, int]]) -> Any:
    """Decimal outputs as strings at their column's scale, the same on both databases."""
    for position, scale in scales:
        if position >= len(result.columns):
            continue
        step = Decimal(1).scaleb(-scale)
        result.columns[position]["type"] = "decimal"
        for row in result.rows:
            if row[position] is not None:
                row[position] = format(Decimal(str(row[position])).quantize(step), "f")
    return result


__all__: Sequence[str] = (
    "CompiledSpec",
    "Spec",
    "column_types",
    "compile_for_app",
    "compile_spec",
    "compile_time",
    "parse_spec",
    "run_spec",
)

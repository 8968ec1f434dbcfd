"""The visual query spec: its JSON shape, and its compiler to SQL through the validator.

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

The compiler builds a sqlglot tree naming datasets by their dataset names, renders it as
SQLite-dialect text and hands that text to :func:`querybuilder.sql_guard.validate` — the same
wall SQL text goes through, so a spec can never do more than SQL text can.

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

Known limits: ``sum``/``min``/``max`` of a ``decimal`` column is a float on SQLite (decimals are
stored as text there) but a decimal string on PostgreSQL; comparing a decimal column on SQLite
compares text. A float literal compared with an integer column is refused by PostgreSQL's
driver. Literal strings that read as date phrases ("yesterday") are resolved like any query
parameter (:func:`querybuilder.dates.resolve_vars`).
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError
from sqlglot import exp

from querybuilder.sql_guard import DEFAULT_MAX_ROWS, GuardedQuery, validate
from runtime.errors import ValidationFailed

IDENT_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,62}$"
COLUMN_PATTERN = r"^(?:[A-Za-z_][A-Za-z0-9_]{0,62}\.)?[A-Za-z_][A-Za-z0-9_]{0,62}$"
_LITERAL_NAME = re.compile(r"^p\d+$", re.IGNORECASE)
_IDENT = re.compile(IDENT_PATTERN)
MAX_DEPTH = 16
MAX_ITEMS = 200
TEXT_TYPES = frozenset({"string", "text"})
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
    source_sql: str = ""  # the SQLite-dialect text handed to the validator

    def values(self, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Everything to bind: the caller's ``{"param"}`` values and the literals."""
        return {**(variables or {}), **self.literals}


def _fail(path: str, message: str) -> ValidationFailed:
    return ValidationFailed.field(path or "spec", message)


def _join(path: str, *parts: object) -> str:
    return ".".join([path, *map(str, parts)]) if path else ".".join(map(str, parts))


def _depth(value: Any, limit: int = MAX_DEPTH * 2 + 8) -> int:
    """Nesting depth of JSON, stopping early (pydantic must not recurse without bound)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    deepest = 0
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def parse_spec(spec_json: Any) -> Spec:
    """The spec as models; a 422 :class:`ValidationFailed` lists every error by JSON path."""
    if isinstance(spec_json, Spec):
        return spec_json
    if not isinstance(spec_json, dict):
        raise _fail("spec", "a spec is a JSON object")
    if _depth(spec_json) > MAX_DEPTH * 2 + 8:
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


def _ident(name: str) -> exp.Identifier:
    return exp.to_identifier(name, quoted=True)


def _collate_c(node: exp.Expr) -> exp.Expr:
    return exp.Collate(this=node, expression=exp.to_identifier("C", quoted=True))


@dataclass
class _Output:
    expression: exp.Expr
    type: str | None
    aggregate: bool


class _Compiler:
    def __init__(
        self,
        tables: Mapping[str, str],
        columns: Mapping[str, Mapping[str, str]] | None,
        dialect: str,
    ) -> None:
        self.datasets = {name.lower(): name for name in tables}
        self.columns = (
            {name.lower(): {**PLATFORM_COLUMNS, **cols} for name, cols in columns.items()}
            if columns is not None
            else None
        )
        self.dialect = dialect
        self.aliases: dict[str, str] = {}  # alias (lower) -> dataset name (lower)
        self.literals: dict[str, Any] = {}
        self.outputs: dict[str, _Output] = {}

    # tables and columns

    def table(self, dataset: str, alias: str | None, path: str) -> exp.Table:
        key = dataset.lower()
        if key not in self.datasets:
            raise _fail(_join(path, "dataset") if path else "from", f"unknown dataset {dataset}")
        name = (alias or dataset).lower()
        if name in self.aliases:
            raise _fail(_join(path, "as") if path else "as", f"alias {name} is used twice")
        self.aliases[name] = key
        return exp.Table(
            this=exp.to_identifier(self.datasets[key]), alias=exp.TableAlias(this=_ident(name))
        )

    def column(self, ref: str, path: str) -> tuple[exp.Column, str | None]:
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
        table = _ident(alias) if alias else None
        return exp.Column(this=_ident(name), table=table), column_type

    def text(self, node: exp.Expr, column_type: str | None) -> exp.Expr:
        if self.dialect == "postgres" and column_type in TEXT_TYPES:
            return _collate_c(node)
        return node

    # values

    def bind(self, value: Any, path: str) -> exp.Expr:
        if isinstance(value, dict):
            if set(value) != {"param"}:
                raise _fail(path, 'a value is a literal, a list or {"param": "name"}')
            name = value["param"]
            if not isinstance(name, str) or not _IDENT.match(name):
                raise _fail(_join(path, "param"), "a parameter name is a plain identifier")
            if _LITERAL_NAME.match(name):
                raise _fail(_join(path, "param"), f"parameter names like {name} are reserved")
            return exp.Placeholder(this=name)
        if value is None:
            raise _fail(path, "null is not a value here; use the 'is null' operator")
        if not isinstance(value, str | int | float | bool):
            raise _fail(path, "a value is text, a number or a boolean")
        name = f"p{len(self.literals) + 1}"
        self.literals[name] = value
        return exp.Placeholder(this=name)

    # expressions

    def aggregate(
        self, kind: str, column: str | None, path: str, column_path: str
    ) -> tuple[exp.Expr, str | None]:
        if column is None:
            if kind != "count":
                raise _fail(column_path, f"{kind} needs a column")
            return exp.Count(this=exp.Star()), "integer"
        target, column_type = self.column(column, column_path)
        if kind == "count":
            return exp.Count(this=target), "integer"
        if kind == "sum":
            return exp.Sum(this=target), column_type
        if kind == "avg":
            return exp.Cast(this=exp.Avg(this=target), to=exp.DataType.build("REAL")), "float"
        cls = exp.Min if kind == "min" else exp.Max
        return cls(this=self.text(target, column_type)), column_type

    def operand(self, item: Comparison, path: str, *, having: bool) -> tuple[exp.Expr, str | None]:
        if item.aggregate is not None:
            if not having:
                raise _fail(_join(path, "aggregate"), "aggregates belong in having")
            return self.aggregate(item.aggregate, item.column, path, _join(path, "column"))
        if item.column is None:
            raise _fail(_join(path, "column"), "a condition needs a column")
        if having and item.column.lower() in self.outputs and "." not in item.column:
            out = self.outputs[item.column.lower()]
            return out.expression.copy(), out.type
        return self.column(item.column, _join(path, "column"))

    def condition(self, cond: Any, path: str, *, having: bool, depth: int = 0) -> exp.Expr:
        if depth > MAX_DEPTH:
            raise _fail(path, f"conditions are nested more than {MAX_DEPTH} levels deep")
        if isinstance(cond, AndGroup | OrGroup):
            key, items = ("and", cond.and_) if isinstance(cond, AndGroup) else ("or", cond.or_)
            parts = [
                self.condition(c, _join(path, key, i), having=having, depth=depth + 1)
                for i, c in enumerate(items)
            ]
            combined = exp.and_(*parts) if key == "and" else exp.or_(*parts)
            return exp.Paren(this=combined)
        assert isinstance(cond, Comparison)
        column, column_type = self.operand(cond, path, having=having)
        op, value_path = cond.op, _join(path, "value")
        has_value = "value" in cond.model_fields_set
        if op in ("is null", "is not null"):
            if has_value and cond.value is not None:
                raise _fail(value_path, f"'{op}' takes no value")
            test = exp.Is(this=column, expression=exp.Null())
            return exp.Not(this=test) if op == "is not null" else test
        if not has_value:
            raise _fail(value_path, f"'{op}' needs a value")
        value = cond.value
        if op in ("in", "not in", "between"):
            if not isinstance(value, list) or not value:
                raise _fail(value_path, f"'{op}' needs a non-empty list")
            if len(value) > 1000:
                raise _fail(value_path, "at most 1000 values")
            bound = [self.bind(v, _join(value_path, i)) for i, v in enumerate(value)]
            if op == "between":
                if len(bound) != 2:
                    raise _fail(value_path, "'between' needs exactly two values [low, high]")
                return exp.Between(this=self.text(column, column_type), low=bound[0], high=bound[1])
            member = exp.In(this=column, expressions=bound)
            return exp.Not(this=member) if op == "not in" else member
        if isinstance(value, list):
            raise _fail(value_path, f"'{op}' takes one value, not a list")
        bound_value = self.bind(value, value_path)
        if op == "like":
            return exp.Like(this=exp.Lower(this=column), expression=exp.Lower(this=bound_value))
        if op in ("=", "!="):
            cls: type[exp.Binary] = exp.EQ if op == "=" else exp.NEQ
            return cls(this=column, expression=bound_value)
        compare = {"<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE}[op]
        return compare(this=self.text(column, column_type), expression=bound_value)

    # the query

    def compile(self, spec: Spec) -> exp.Select:
        query = exp.Select().from_(self.table(spec.from_, spec.as_, ""))
        for i, join in enumerate(spec.joins):
            path = _join("joins", i)
            table = self.table(join.dataset, join.as_, path)
            on = [
                exp.EQ(
                    this=self.column(o.left, _join(path, "on", j, "left"))[0],
                    expression=self.column(o.right, _join(path, "on", j, "right"))[0],
                )
                for j, o in enumerate(join.on)
            ]
            query = query.join(table, on=exp.and_(*on), join_type=join.type)

        grouped = bool(spec.group_by) or any(isinstance(s, SelectAggregate) for s in spec.select)
        group_keys: set[str] = set()
        group_nodes: list[exp.Expr] = []
        for i, ref in enumerate(spec.group_by):
            grouped_column, _ = self.column(ref, _join("group_by", i))
            group_keys.add(grouped_column.sql("sqlite"))
            group_nodes.append(grouped_column)

        selects: list[exp.Expr] = []
        for i, item in enumerate(spec.select):
            path = _join("select", i)
            node: exp.Expr
            if isinstance(item, SelectAggregate):
                node, out_type = self.aggregate(
                    item.aggregate, item.column, path, _join(path, "column")
                )
                name, is_aggregate = item.as_, True
            else:
                node, out_type = self.column(item.column, _join(path, "column"))
                if grouped and node.sql("sqlite") not in group_keys:
                    raise _fail(_join(path, "column"), "must be in group_by or inside an aggregate")
                name, is_aggregate = item.as_ or node.name, False
            if name.lower() in self.outputs:
                raise _fail(_join(path, "as"), f"output column {name} is named twice")
            self.outputs[name.lower()] = _Output(node, out_type, is_aggregate)
            selects.append(exp.Alias(this=node.copy(), alias=_ident(name)))
        query = query.select(*(selects or [exp.Star()]), copy=False)

        if spec.where is not None:
            query = query.where(self.condition(spec.where, "where", having=False), copy=False)
        if group_nodes:
            query = query.group_by(*group_nodes, copy=False)
        if spec.having is not None:
            if not grouped:
                raise _fail("having", "having needs group_by or an aggregate in select")
            query = query.having(self.condition(spec.having, "having", having=True), copy=False)
        for i, order in enumerate(spec.order_by):
            path = _join("order_by", i, "column")
            out = self.outputs.get(order.column.lower()) if "." not in order.column else None
            if out is not None:
                key, key_type = out.expression.copy(), out.type
            else:
                key, key_type = self.column(order.column, path)
            if isinstance(key, exp.Min | exp.Max):
                key_type = None  # already collated inside
            query = query.order_by(
                exp.Ordered(
                    this=self.text(key, key_type), desc=order.desc, nulls_first=not order.desc
                ),
                copy=False,
            )
        if spec.limit is not None:
            query = query.limit(spec.limit, copy=False)
        if spec.offset is not None:
            query = query.offset(spec.offset, copy=False)
        return query


def compile_spec(
    spec_json: Any,
    tables: Mapping[str, str],
    *,
    dialect: str,
    max_rows: int = DEFAULT_MAX_ROWS,
    columns: Mapping[str, Mapping[str, str]] | None = None,
) -> CompiledSpec:
    """Compile a visual spec and pass it through :func:`sql_guard.validate`.

    ``tables`` are the app's dataset names → physical tables (as for ``validate``); a dataset
    outside it (another app's) is refused with its JSON path. ``columns`` (dataset → column →
    type, see :func:`column_types`) enables unknown-column errors and the text collation.
    """
    spec = parse_spec(spec_json)
    compiler = _Compiler(tables, columns, dialect)
    tree = compiler.compile(spec)
    source = tree.sql("sqlite")
    guarded = validate(source, tables, dialect=dialect, max_rows=max_rows)
    return CompiledSpec(
        sql=guarded.sql,
        params=guarded.params,
        tables=guarded.tables,
        dialect=guarded.dialect,
        max_rows=guarded.max_rows,
        literals=dict(compiler.literals),
        source_sql=source,
    )


def compile_time(
    spec_json: Any,
    tables: Mapping[str, str],
    *,
    dialect: str = "sqlite",
    columns: Mapping[str, Mapping[str, str]] | None = None,
    runs: int = 1000,
) -> dict[str, float]:
    """Median µs per compile over ``runs`` (no database): ``spec → tree → SQL`` alone
    (``compile_us``) and including the validator (``total_us``)."""
    spec = parse_spec(spec_json)
    tree_times: list[float] = []
    total_times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        _Compiler(tables, columns, dialect).compile(parse_spec(spec_json)).sql("sqlite")
        tree_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        compile_spec(spec, tables, dialect=dialect, columns=columns)
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
    return {d.name: {**PLATFORM_COLUMNS, **{c.name: c.type for c in columns_of(d)}} for d in found}


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
) -> Any:
    """Compile a spec for the app and run it through the executor (a ``QueryResult``)."""
    from querybuilder import executor

    compiled, tables = await compile_for_app(app_id, spec_json, max_rows=max_rows)
    extra: dict[str, Any] = {} if timeout_ms is None else {"timeout_ms": timeout_ms}
    return await executor.run_guarded(
        compiled,
        compiled.values(variables),
        physical_tables=list(tables.values()),
        database_url=database_url,
        **extra,
    )


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

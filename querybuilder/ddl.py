"""DDL for dataset tables, as sqlglot trees rendered for the live dialect.

Every dataset is a real table: on PostgreSQL in the app's own schema (``app_<id>``, so a
read-only role can later be granted exactly one app), on SQLite as ``app_<id>__<name>``.
Each table has the platform's ``id`` (identity primary key), ``created_at`` and
``updated_at`` before the user's columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp

from querybuilder.columns import Column
from querybuilder.scope import CUSTOMER_COLUMN


def schema_name(app_id: int) -> str:
    return f"app_{int(app_id)}"


def reader_role_sql(app: str = "$1") -> str:
    """SQL for the name of the PostgreSQL role that may only read the schema of the app
    whose id is SQL ``app`` (a parameter by default).

    Roles belong to the whole server; the database's name (hashed) keeps installations
    that share a server apart.
    """
    return f"'tl_' || left(md5(current_database()), 8) || '_app_' || {app}::text || '_ro'"


NOBODY_ROLE_SQL = "'tl_' || left(md5(current_database()), 8) || '_nobody'"


def create_nobody() -> str:
    """The role queries of an app without datasets run as: it may read nothing at all."""
    return f"""DO $nobody$
DECLARE r text := {NOBODY_ROLE_SQL};
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN', r);
  END IF;
  IF NOT pg_has_role(current_user, r, 'MEMBER') THEN
    EXECUTE format('GRANT %I TO %I', r, current_user);
  END IF;
EXCEPTION WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN
  RAISE WARNING 'trunkline: no read-nothing role: %', SQLERRM;
END
$nobody$"""  # noqa: S608 - no user text in it


def grant_reader(app_id: int) -> str:
    """Create (once) the app's read-only role and let it read the app's schema, now and
    for tables made later. Without the privilege to create roles this only warns: queries
    then run without the role (still validated, still in a read-only transaction)."""
    schema = schema_name(app_id)
    role = reader_role_sql(str(int(app_id)))
    return f"""DO $grant$
DECLARE r text := {role};
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN', r);
  END IF;
  IF NOT pg_has_role(current_user, r, 'MEMBER') THEN
    EXECUTE format('GRANT %I TO %I', r, current_user);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', '{schema}', r);
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', '{schema}', r);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I',
                 '{schema}', r);
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'trunkline: no read-only role for app {int(app_id)}: %', SQLERRM;
END
$grant$"""  # noqa: S608 - built from an integer id, not user text


def physical_table(app_id: int, dataset: str, dialect: str) -> exp.Table:
    """The table behind dataset ``dataset`` of app ``app_id``.

    >>> physical_table(7, "leads", "sqlite").sql("sqlite")
    'app_7__leads'
    >>> physical_table(7, "leads", "postgres").sql("postgres")
    'app_7.ds_leads'
    """
    if dialect == "postgres":
        return exp.table_(f"ds_{dataset}", db=schema_name(app_id))
    return exp.table_(f"{schema_name(app_id)}__{dataset}")


def _not_null() -> exp.ColumnConstraint:
    return exp.ColumnConstraint(kind=exp.NotNullColumnConstraint())


def _platform_columns(dialect: str, per_customer: bool = False) -> list[exp.ColumnDef]:
    stamp = exp.DataType.build("TIMESTAMPTZ" if dialect == "postgres" else "TEXT", dialect=dialect)
    owner = exp.ColumnDef(
        this=exp.to_identifier(CUSTOMER_COLUMN), kind=exp.DataType.build("BIGINT")
    )
    return [
        exp.ColumnDef(
            this=exp.to_identifier("id"),
            kind=exp.DataType.build("BIGINT"),
            constraints=[
                exp.ColumnConstraint(kind=exp.PrimaryKeyColumnConstraint()),
                exp.ColumnConstraint(kind=exp.GeneratedAsIdentityColumnConstraint(this=True)),
            ],
        ),
        exp.ColumnDef(
            this=exp.to_identifier("created_at"), kind=stamp.copy(), constraints=[_not_null()]
        ),
        exp.ColumnDef(
            this=exp.to_identifier("updated_at"), kind=stamp.copy(), constraints=[_not_null()]
        ),
        *([owner] if per_customer else []),
    ]


def column_def(column: Column, dialect: str) -> exp.ColumnDef:
    constraints = []
    if not column.nullable:
        constraints.append(_not_null())
    if column.default is not None:
        stored = column.storage(column.default, dialect)
        literal = exp.convert(stored)
        constraints.append(exp.ColumnConstraint(kind=exp.DefaultColumnConstraint(this=literal)))
    return exp.ColumnDef(
        this=exp.to_identifier(column.name), kind=column.sql_type(dialect), constraints=constraints
    )


def index_name(table: exp.Table, column: str, unique: bool) -> str:
    base = table.name if not table.db else f"{table.db}_{table.name}"
    return f"{'uq' if unique else 'ix'}_{base}_{column}"[:63]


def create_index(table: exp.Table, column: Column, dialect: str) -> str:
    index = exp.Create(
        this=exp.Index(
            this=exp.to_identifier(index_name(table, column.name, column.unique)),
            table=table.copy(),
            params=exp.IndexParameters(columns=[exp.column(column.name)]),
        ),
        kind="INDEX",
        unique=column.unique,
        exists=True,
    )
    return index.sql(dialect)


def create_table(
    app_id: int,
    dataset: str,
    columns: Sequence[Column],
    dialect: str,
    *,
    per_customer: bool = False,
) -> list[str]:
    """Statements that create the dataset's table (and schema and indexes); a per-customer
    dataset's has a ``customer_id`` column, indexed."""
    table = physical_table(app_id, dataset, dialect)
    statements = []
    if dialect == "postgres":
        statements.append(
            exp.Create(this=exp.to_identifier(schema_name(app_id)), kind="SCHEMA", exists=True).sql(
                dialect
            )
        )
    definition = exp.Schema(
        this=table.copy(),
        expressions=[
            *_platform_columns(dialect, per_customer),
            *(column_def(c, dialect) for c in columns),
        ],
    )
    statements.append(exp.Create(this=definition, kind="TABLE").sql(dialect))
    if dialect == "postgres":
        statements.append(grant_reader(app_id))
    indexed = [c for c in columns if c.unique or c.indexed]
    if per_customer:
        indexed.insert(0, Column(name=CUSTOMER_COLUMN, type="integer", indexed=True))
    statements.extend(create_index(table, c, dialect) for c in indexed)
    return statements


def drop_table(app_id: int, dataset: str, dialect: str) -> str:
    table = physical_table(app_id, dataset, dialect)
    return exp.Drop(tables=[table], kind="TABLE", exists=True).sql(dialect)


def add_column(app_id: int, dataset: str, column: Column, dialect: str) -> list[str]:
    table = physical_table(app_id, dataset, dialect)
    alter = exp.Alter(this=table.copy(), kind="TABLE", actions=[column_def(column, dialect)])
    statements = [alter.sql(dialect)]
    if column.unique or column.indexed:
        statements.append(create_index(table, column, dialect))
    return statements


def rename_column(app_id: int, dataset: str, old: str, new: str, dialect: str) -> str:
    table = physical_table(app_id, dataset, dialect)
    alter = exp.Alter(
        this=table,
        kind="TABLE",
        actions=[exp.RenameColumn(this=exp.column(old), to=exp.column(new))],
    )
    return alter.sql(dialect)


def drop_column(app_id: int, dataset: str, column: str, dialect: str) -> list[str]:
    """Drop the column's indexes first (SQLite refuses to drop an indexed column)."""
    table = physical_table(app_id, dataset, dialect)
    statements = []
    for unique in (True, False):
        name = exp.to_identifier(index_name(table, column, unique))
        target = exp.table_(name, db=table.db) if table.db else exp.table_(name)
        statements.append(exp.Drop(tables=[target], kind="INDEX", exists=True).sql(dialect))
    alter = exp.Alter(
        this=table, kind="TABLE", actions=[exp.Drop(tables=[exp.column(column)], kind="COLUMN")]
    )
    statements.append(alter.sql(dialect))
    return statements

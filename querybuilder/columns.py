"""Dataset columns: the types users choose, how each is stored per dialect, and how a
value is checked and converted on its way in.

User-facing types are ``string, text, integer, bigint, decimal(p,s), float, boolean, date,
datetime, json``. Storage keeps values exact on both databases: SQLite has no exact decimal,
no boolean and no timestamp type, so decimals are stored as canonical text at the column's
scale, booleans as 0/1, dates and datetimes as ISO-8601 text (UTC for datetimes), JSON as
text; PostgreSQL uses NUMERIC, BOOLEAN, DATE, TIMESTAMPTZ and JSONB.

>>> Column.parse({"name": "price", "type": "decimal(10,2)"}).coerce("3.5")
Decimal('3.50')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from sqlglot import exp

from runtime.errors import ValidationFailed

TYPES = (
    "string",
    "text",
    "integer",
    "bigint",
    "decimal",
    "float",
    "boolean",
    "date",
    "datetime",
    "json",
)
COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
#: Names the platform keeps for itself in every dataset table.
#: Platform columns (``customer_id``: per-customer datasets' owner; reserved in all).
RESERVED = frozenset({"id", "created_at", "updated_at", "customer_id"})
_DECIMAL = re.compile(r"^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$")
STRING_MAX = 255
INT_RANGE = (-(2**31), 2**31 - 1)
BIGINT_RANGE = (-(2**63), 2**63 - 1)
_TRUE = frozenset({"true", "t", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "off"})


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    precision: int = 0
    scale: int = 0
    nullable: bool = True
    default: Any = None
    unique: bool = False
    indexed: bool = False

    @property
    def type_label(self) -> str:
        return f"decimal({self.precision},{self.scale})" if self.type == "decimal" else self.type

    @classmethod
    def parse(cls, spec: dict[str, Any], path: str = "columns") -> Column:
        """A column from its JSON description, or :class:`ValidationFailed` naming the field."""
        name = str(spec.get("name", ""))
        if not COLUMN_NAME.match(name):
            raise ValidationFailed.field(
                f"{path}.name",
                "lowercase letters, digits and _, starting with a letter, at most 63 characters",
            )
        if name in RESERVED:
            raise ValidationFailed.field(f"{path}.name", f"'{name}' is reserved")
        raw_type = str(spec.get("type", "")).strip().lower().replace(" ", "")
        precision = scale = 0
        if match := _DECIMAL.match(raw_type):
            precision, scale = int(match.group(1)), int(match.group(2))
            if not 1 <= precision <= 38 or scale > precision:
                raise ValidationFailed.field(
                    f"{path}.type", "decimal(p,s) needs 1 <= p <= 38 and s <= p"
                )
            kind = "decimal"
        elif raw_type in TYPES and raw_type != "decimal":
            kind = raw_type
        else:
            raise ValidationFailed.field(
                f"{path}.type",
                f"unknown type {spec.get('type')!r}; "
                f"choose from {', '.join(TYPES)} (decimal as decimal(p,s))",
            )
        column = cls(
            name=name,
            type=kind,
            precision=precision,
            scale=scale,
            nullable=bool(spec.get("nullable", True)),
            unique=bool(spec.get("unique", False)),
            indexed=bool(spec.get("indexed", False)),
        )
        if spec.get("default") is not None:
            column = replace(column, default=column.coerce(spec["default"], f"{path}.default"))
        return column

    def to_json(self) -> dict[str, Any]:
        default = self.default
        if isinstance(default, Decimal | date):
            default = str(default) if isinstance(default, Decimal) else default.isoformat()
        return {
            "name": self.name,
            "type": self.type_label,
            "nullable": self.nullable,
            "default": default,
            "unique": self.unique,
            "indexed": self.indexed,
        }

    # -- values -----------------------------------------------------------------------
    def coerce(self, value: Any, path: str | None = None) -> Any:
        """The Python value for ``value`` (from JSON or CSV text), or a field-level error."""
        where = path or self.name
        if value is None or (value == "" and self.type not in ("string", "text")):
            if not self.nullable and self.default is None:
                raise ValidationFailed.field(where, "is required")
            return None
        try:
            return _COERCE[self.type](self, value)
        except Invalid as exc:
            raise ValidationFailed.field(where, str(exc)) from None
        except (ValueError, TypeError, InvalidOperation, OverflowError):
            hint = _HINTS.get(self.type, "")
            raise ValidationFailed.field(where, f"is not a valid {self.type_label}{hint}") from None

    def storage(self, value: Any, dialect: str) -> Any:
        """A coerced value as the database driver wants it."""
        if value is None or dialect == "postgres":
            if dialect == "postgres" and self.type == "json" and value is not None:
                return json.dumps(value)
            return value
        if self.type == "decimal":
            return str(value)
        if self.type == "boolean":
            return int(value)
        if self.type == "datetime":
            return value.astimezone(UTC).isoformat()
        if self.type == "date":
            return value.isoformat()
        if self.type == "json":
            return json.dumps(value)
        return value

    def sql_type(self, dialect: str) -> exp.DataType:
        if dialect == "postgres":
            return exp.DataType.build(
                _PG_TYPES[self.type].format(p=self.precision, s=self.scale), dialect="postgres"
            )
        return exp.DataType.build(_SQLITE_TYPES[self.type], dialect="sqlite")


class Invalid(ValueError):
    """A value refused with a message meant for the user."""


_HINTS = {
    "date": " (use YYYY-MM-DD)",
    "datetime": " (use ISO 8601, e.g. 2024-11-30T08:15:30Z)",
    "json": " (JSON text)",
    "integer": "",
    "bigint": "",
}


def _string(column: Column, value: Any) -> str:
    if isinstance(value, dict | list):
        raise Invalid("must be text, not an object or list")
    text = str(value)
    if column.type == "string" and len(text) > STRING_MAX:
        raise Invalid(f"is longer than {STRING_MAX} characters")
    return text


def _integer(column: Column, value: Any) -> int:
    if isinstance(value, bool):
        raise Invalid("must be a whole number, not true/false")
    if isinstance(value, float) and not value.is_integer():
        raise Invalid("must be a whole number")
    number = int(Decimal(str(value).strip()))
    if Decimal(str(value).strip()) != number:
        raise Invalid("must be a whole number")
    low, high = INT_RANGE if column.type == "integer" else BIGINT_RANGE
    if not low <= number <= high:
        raise Invalid(f"is outside {low}..{high}")
    return number


def _decimal(column: Column, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise Invalid("must be a number")
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise Invalid("must be a finite number")
    quantum = Decimal(1).scaleb(-column.scale)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_EVEN)
    if rounded.adjusted() + 1 > column.precision - column.scale:
        raise Invalid(
            f"has more than {column.precision - column.scale} digits before the decimal point"
        )
    return rounded


def _float(column: Column, value: Any) -> float:
    if isinstance(value, bool):
        raise Invalid("must be a number")
    number = float(str(value).strip()) if isinstance(value, str) else float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid("must be a finite number")
    return number


def _boolean(column: Column, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Invalid("must be true or false")


def _date(column: Column, value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    # "2024-11-30T08:15:30Z" is a valid date too: its calendar day.
    return date.fromisoformat(text[:10] if len(text) > 10 and text[10] in "T " else text)


def _datetime(column: Column, value: Any) -> datetime:
    moment = (
        value
        if isinstance(value, datetime)
        else datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    )
    if moment.tzinfo is None:  # naive times are UTC, as everything stored
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _json(column: Column, value: Any) -> Any:
    if isinstance(value, str):
        return json.loads(value)
    json.dumps(value)  # reject what cannot be stored
    return value


_COERCE = {
    "string": _string,
    "text": _string,
    "integer": _integer,
    "bigint": _integer,
    "decimal": _decimal,
    "float": _float,
    "boolean": _boolean,
    "date": _date,
    "datetime": _datetime,
    "json": _json,
}
_PG_TYPES = {
    "string": f"VARCHAR({STRING_MAX})",
    "text": "TEXT",
    "integer": "INT",
    "bigint": "BIGINT",
    "decimal": "NUMERIC({p}, {s})",
    "float": "DOUBLE PRECISION",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMPTZ",
    "json": "JSONB",
}
_SQLITE_TYPES = {
    "string": "TEXT",
    "text": "TEXT",
    "integer": "INTEGER",
    "bigint": "INTEGER",
    "decimal": "TEXT",
    "float": "REAL",
    "boolean": "INTEGER",
    "date": "TEXT",
    "datetime": "TEXT",
    "json": "TEXT",
}

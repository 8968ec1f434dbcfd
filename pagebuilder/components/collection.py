"""Collections: Sub-Form, Sub-Form+, Group (fields whose value holds their children's) and
the Data Grid (rows from a data source).

A Sub-Form's value is a list of rows, each an object keyed by its child fields' ids; a
Group's is one such object. Each child's value is coerced by the child's own type, so rows
are checked as deeply as they nest (a Sub-Form+ may hold groups and other sub-forms).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pagebuilder.components.base import (
    Attrs,
    ComponentType,
    Family,
    FieldAttrs,
    FieldType,
    Invalid,
    register,
)
from pagebuilder.components.common import CSS_LENGTH, child_fields, coerce_object

ROW_EVENTS = ("onChange", "onRowAdd", "onRowRemove", "onPageChange")
MAX_ROWS = 10_000


class SubFormAttrs(FieldAttrs):
    paging: bool = False
    page_size: int = Field(10, ge=1, le=1000)
    #: Row numbers and the add/remove controls.
    show_control: bool = True
    deletable: bool = True
    addable: bool = True
    default_value: list[dict[str, Any]] | None = None


class SubFormTableAttrs(SubFormAttrs):
    virtual_table: bool = False


class _Rows(FieldType):
    """Rows of child fields."""

    container = "children"
    family = Family.COLLECTION
    events = ROW_EVENTS

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            raise Invalid("must be a list of rows")
        if len(value) > MAX_ROWS:
            raise Invalid(f"at most {MAX_ROWS} rows")
        if component is None:
            if not all(isinstance(row, dict) for row in value):
                raise Invalid("each row must be an object keyed by field id")
            return value
        return [
            coerce_object(component.children, row, where=f"row {i + 1}, ")
            for i, row in enumerate(value)
        ]

    def columns(self, component: Any) -> list[Any]:
        """The child fields, one column each (for the template)."""
        return child_fields(component.children)


@register
class SubForm(_Rows):
    type = "sub_form"
    prefix = "table"
    label = "Sub-Form"
    Attributes = SubFormTableAttrs


@register
class SubFormPlus(_Rows):
    type = "sub_form_plus"
    prefix = "subform"
    label = "Sub-Form+"
    Attributes = SubFormAttrs


class GroupAttrs(FieldAttrs):
    default_value: dict[str, Any] | None = None


@register
class Group(FieldType):
    type = "group"
    grouped = True
    label = "Group"
    family = Family.COLLECTION
    Attributes = GroupAttrs
    container = "children"

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None:
            return None
        if component is None:
            if not isinstance(value, dict):
                raise Invalid("must be an object keyed by field id")
            return value
        return coerce_object(component.children, value)


ColumnFormat = Literal[
    "none",
    "date",
    "datetime",
    "currency",
    "duration",
    "percent_decimal",
    "percent_number",
    "decimal",
    "seconds",
    "bytes",
]


class GridColumn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(min_length=1, max_length=200)
    title: str = Field("", max_length=200)
    hide: bool = False
    sortable: bool = True
    filter: bool = False
    resizable: bool = True
    width: int | None = Field(None, ge=10, le=5000)
    min_width: int | None = Field(None, ge=10, le=5000)
    max_width: int | None = Field(None, ge=10, le=5000)
    cell_data_type: Literal["auto", "text", "number", "boolean", "date", "dateString"] = "auto"
    #: "Display Format".
    format: ColumnFormat = "none"
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")
    decimals: int | None = Field(None, ge=0, le=10)
    #: The cell is a link; clicking it fires ``onLinkClicked``.
    link: bool = False
    checkbox_selection: bool = False
    lock_position: Literal["left", "right", "none"] = "none"
    wrap_text: bool = False
    auto_height: bool = False


class DataGridAttrs(Attrs):
    height: str = Field("400px", pattern=CSS_LENGTH)
    row_selection: Literal["none", "single", "multiple"] = "none"
    #: Rows per page; 0 shows every row.
    page_size: int = Field(100, ge=0, le=10_000)
    #: "Server Side Row Model": rows load in blocks from the data source as they scroll in.
    server_side: bool = False
    status_bar: bool = False
    side_bar: bool = False
    range_selection: bool = False
    suppress_context_menu: bool = False
    columns: list[GridColumn] = Field(default_factory=list, max_length=200)
    #: Rows shown until the data source answers ("Default").
    default_value: list[dict[str, Any]] = Field(default_factory=list, max_length=1000)


@register
class DataGrid(ComponentType):
    type = "data_grid"
    prefix = "aggrid"
    label = "Data Grid"
    family = Family.COLLECTION
    Attributes = DataGridAttrs
    events = ("onCellClicked", "onLinkClicked")

    def config(self, attrs: Any) -> dict[str, Any]:
        """The grid's configuration for the browser runtime (``data-pb-grid``)."""
        return attrs.model_dump(mode="json", exclude={"default_value", "custom_class", "width"})

    def visible_columns(self, attrs: Any) -> list[GridColumn]:
        return [column for column in attrs.columns if not column.hide]

    def cell(self, row: Any, column: GridColumn) -> str:
        value = row.get(column.field) if isinstance(row, dict) else None
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

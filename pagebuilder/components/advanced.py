"""Advanced fields: Editor, Cascader, Tree-Select, Transfer; and the Chart."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pagebuilder.components.base import (
    Attrs,
    ComponentType,
    Family,
    FieldAttrs,
    FieldType,
    Invalid,
    register,
)
from pagebuilder.components.common import (
    CSS_COLOR,
    CSS_LENGTH,
    ChoiceField,
    check_scalar,
    choose_many,
    match_option,
    sanitise_html,
    static_options,
    walk_options,
)

FOCUS_EVENTS = ("onChange", "onFocus", "onBlur")


class EditorAttrs(FieldAttrs):
    height: str = Field("300px", pattern=CSS_LENGTH)
    default_value: str | None = Field(None, max_length=1_000_000)


@register
class Editor(FieldType):
    type = "editor"
    label = "Editor"
    family = Family.ADVANCED
    Attributes = EditorAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise Invalid("must be HTML text")
        return sanitise_html(value)

    def source(self, value: Any) -> str:
        """The sanitised HTML as text (escaped when rendered: it goes in a text area)."""
        return sanitise_html(value) if isinstance(value, str) else ""


class TreeAttrs(FieldAttrs):
    multiple: bool = False
    #: "Searchable".
    filterable: bool = False
    #: "Optional any node": any node may be chosen, not only leaves.
    check_strictly: bool = False


class CascaderAttrs(TreeAttrs):
    #: Between the labels of the chosen path, as shown.
    separator: str = Field(" / ", max_length=10)


@register
class Cascader(ChoiceField):
    type = "cascader"
    label = "Cascader"
    family = Family.ADVANCED
    Attributes = CascaderAttrs
    events = FOCUS_EVENTS

    def _path(self, attrs: Any, items: list[Any] | None, value: Any) -> list[Any]:
        if not isinstance(value, list) or not value:
            raise Invalid("must be a path of option values")
        if items is None:
            return [check_scalar(v) for v in value]
        path: list[Any] = []
        level = items
        node = None
        for step in value:
            node = match_option(level, check_scalar(step))
            if node is None or node.disabled:
                raise Invalid("must be a path through the options")
            path.append(node.value)
            level = node.children
        if node is not None and node.children and not attrs.check_strictly:
            raise Invalid("choose down to the last level")
        return path

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        items = static_options(component)
        if attrs.multiple:
            if value is None:
                return []
            if not isinstance(value, list) or not all(isinstance(v, list) for v in value):
                raise Invalid("must be a list of paths")
            return [self._path(attrs, items, v) for v in value]
        if value is None or value == []:
            return None
        return self._path(attrs, items, value)

    def path_label(self, attrs: Any, items: list[Any], value: Any) -> str:
        """The labels along a chosen path (for the text box)."""
        if not isinstance(value, list) or not value:
            return ""
        paths = value if all(isinstance(v, list) for v in value) else [value]
        shown = []
        for path in paths:
            labels, level = [], items
            for step in path:
                node = match_option(level, step)
                if node is None:
                    labels.append(self.value_text(step))
                    level = []
                else:
                    labels.append(self.label_of(node))
                    level = node.children
            shown.append(attrs.separator.join(labels))
        return ", ".join(shown)


@register
class TreeSelect(ChoiceField):
    type = "tree_select"
    prefix = "treeselect"
    label = "Tree-Select"
    family = Family.ADVANCED
    Attributes = TreeAttrs
    events = FOCUS_EVENTS

    def _node(self, attrs: Any, items: list[Any] | None, value: Any) -> Any:
        check_scalar(value)
        if items is None:
            return value
        for node, leaf in walk_options(items):
            if match_option([node], value) is not None and not node.disabled:
                if not leaf and not attrs.check_strictly:
                    raise Invalid("choose an item at the last level")
                return node.value
        raise Invalid("must be one of the options")

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        items = static_options(component)
        if attrs.multiple:
            if value is None:
                return []
            values = value if isinstance(value, list) else [value]
            chosen: list[Any] = []
            for item in values:
                node = self._node(attrs, items, item)
                if node not in chosen:
                    chosen.append(node)
            return chosen
        if value is None or value == "":
            return None
        return self._node(attrs, items, value)


class TransferAttrs(FieldAttrs):
    #: "Searchable".
    filterable: bool = False
    #: The left (available) and right (chosen) lists' titles.
    titles: tuple[str, str] = ("List 1", "List 2")
    default_value: list[Any] | None = None


@register
class Transfer(ChoiceField):
    type = "transfer"
    label = "Transfer"
    family = Family.ADVANCED
    Attributes = TransferAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is not None and not isinstance(value, list):
            raise Invalid("must be a list of option values")
        return choose_many(component, value)


ChartType = Literal["bar", "line", "area", "pie", "scatter", "sankey"]
AxisFormat = Literal["none", "duration", "millisecond", "decimal", "percent", "bytes"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Series(_Part):
    name: str = Field("", max_length=200)
    #: The series' own type; the chart's when not set.
    type: ChartType | None = None
    encode_x: str | None = Field(None, max_length=200)
    encode_y: str | None = Field(None, max_length=200)
    #: ECharts' ``{a}{b}{c}{@dim}`` label text (a pie needs one).
    label_formatter: str = Field("", max_length=500)
    symbol: Literal[
        "emptyCircle", "circle", "rect", "roundRect", "triangle", "diamond", "pin", "arrow", "none"
    ] = "emptyCircle"
    connect_nulls: bool = False
    color: str | None = Field(None, pattern=CSS_COLOR)


class Axis(_Part):
    name: str = Field("", max_length=200)
    formatter: AxisFormat = "none"
    grid_index: int = Field(0, ge=0, le=10)


class ChartAttrs(Attrs):
    width: str | None = Field("100%", pattern=CSS_LENGTH)
    height: str = Field("400px", pattern=CSS_LENGTH)
    type: ChartType = "bar"
    title: str = Field("", max_length=200)
    subtitle: str = Field("", max_length=200)
    title_position: Literal["left", "center", "right"] = "left"
    legend: bool = True
    tooltip: bool = True
    toolbox_zoom: bool = False
    series: list[Series] = Field(default_factory=list, max_length=50)
    x_axis: Axis = Field(default_factory=lambda: Axis.model_validate({}))
    y_axis: Axis = Field(default_factory=lambda: Axis.model_validate({}))
    #: Dataset rows shown until data arrives (``[{product: 'X', '2015': 43.3}, ...]``).
    default_value: list[dict[str, Any]] = Field(default_factory=list, max_length=10_000)

    @model_validator(mode="after")
    def _pie_labels(self) -> ChartAttrs:
        for series in self.series:
            if (series.type or self.type) == "pie" and not series.label_formatter:
                raise ValueError("a pie series needs a label formatter (e.g. {b}: {d}%)")
        return self


@register
class Chart(ComponentType):
    type = "chart"
    prefix = "echarts"
    label = "Chart"
    family = Family.ADVANCED
    Attributes = ChartAttrs

    def config(self, attrs: Any) -> dict[str, Any]:
        """The chart's configuration for the browser runtime (``data-pb-chart``)."""
        return attrs.model_dump(mode="json", exclude={"custom_class"})

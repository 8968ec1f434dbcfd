"""Layout components: Grid, Card, Collapse, Tabs, Inline, Page Layout, Table, Divider, Dialog.

Containers with one region (``container = "children"``): Card, Inline, Dialog. With several
(``"slots"``): Grid (a slot is a column with its ``span`` of 24), Tabs (a tab: ``label``,
``key``), Collapse (a panel: ``label``), Page Layout (slots keyed ``header``, ``aside``,
``main``, ``footer``) and Table (a cell per slot, keyed ``r<row>c<col>`` from 0).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field

from pagebuilder.components.base import Attrs, ComponentType, Family, register
from pagebuilder.components.common import CSS_COLOR, CSS_LENGTH


class GridAttrs(Attrs):
    #: "Grid Spacing": the gap between columns, in pixels.
    gutter: int = Field(0, ge=0, le=200)
    flex: bool = True
    justify: Literal["start", "end", "center", "space-around", "space-between"] = "start"
    align: Literal["top", "middle", "bottom"] = "top"


@register
class Grid(ComponentType):
    type = "grid"
    label = "Grid"
    family = Family.LAYOUT
    Attributes = GridAttrs
    container = "slots"


class CardAttrs(Attrs):
    title: str = Field("", max_length=200)
    padding: str = Field("20px", pattern=CSS_LENGTH)
    show_header: bool = True
    bordered: bool = True
    shadow: Literal["always", "hover", "never"] = "always"


@register
class Card(ComponentType):
    type = "card"
    label = "Card"
    family = Family.LAYOUT
    Attributes = CardAttrs
    container = "children"


class CollapseAttrs(Attrs):
    #: Only one panel open at a time.
    accordion: bool = False
    #: Panels open at first (their index).
    open: list[int] = Field(default_factory=list, max_length=50)


@register
class Collapse(ComponentType):
    type = "collapse"
    label = "Collapse"
    family = Family.LAYOUT
    Attributes = CollapseAttrs
    container = "slots"


class TabsAttrs(Attrs):
    kind: Literal["default", "card", "border-card"] = "default"
    tab_position: Literal["top", "left", "right", "bottom"] = "top"


@register
class Tabs(ComponentType):
    type = "tabs"
    label = "Tabs"
    family = Family.LAYOUT
    Attributes = TabsAttrs
    container = "slots"
    events = ("onChange", "onFocus", "onBlur")


class InlineAttrs(Attrs):
    #: "Space Size": the gap between items, in pixels.
    space_size: int = Field(8, ge=0, le=200)


@register
class Inline(ComponentType):
    type = "inline"
    label = "Inline"
    family = Family.LAYOUT
    Attributes = InlineAttrs
    container = "children"


class PageLayoutAttrs(Attrs):
    header_height: str = Field("60px", pattern=CSS_LENGTH)
    aside_width: str = Field("200px", pattern=CSS_LENGTH)
    footer_height: str = Field("60px", pattern=CSS_LENGTH)


#: Page layout slot key -> the element it renders as.
REGIONS = {"header": "header", "aside": "aside", "main": "div", "footer": "footer"}


@register
class PageLayout(ComponentType):
    type = "page_layout"
    prefix = "layout"
    label = "Page Layout"
    family = Family.LAYOUT
    Attributes = PageLayoutAttrs
    container = "slots"

    def region(self, key: str | None) -> str:
        return REGIONS.get(key or "", "div")


class TableAttrs(Attrs):
    rows: int = Field(2, ge=1, le=100)
    cols: int = Field(2, ge=1, le=24)
    border_width: int = Field(1, ge=0, le=20)
    border_color: str = Field("#dcdfe6", pattern=CSS_COLOR)


_CELL = re.compile(r"^r(\d{1,3})c(\d{1,3})$")


@register
class Table(ComponentType):
    type = "table"
    prefix = "report"
    label = "Table"
    family = Family.LAYOUT
    Attributes = TableAttrs
    container = "slots"

    def cells(self, attrs: Any, component: Any) -> list[list[Any]]:
        """Rows of cells, each the slot keyed ``r<row>c<col>`` or None (an empty cell);
        the table grows to fit every keyed slot. Slots without a usable key follow, one
        per cell, in the free cells from the top left."""
        keyed: dict[tuple[int, int], Any] = {}
        loose = []
        for slot in component.slots:
            match = _CELL.match(slot.key or "")
            if match and (int(match.group(1)), int(match.group(2))) not in keyed:
                keyed[(int(match.group(1)), int(match.group(2)))] = slot
            else:
                loose.append(slot)
        rows = max([attrs.rows, *(r + 1 for r, _ in keyed)])
        cols = max([attrs.cols, *(c + 1 for _, c in keyed)])
        grid: list[list[Any]] = [[keyed.get((r, c)) for c in range(cols)] for r in range(rows)]
        for row in grid:
            for c, cell in enumerate(row):
                if cell is None and loose:
                    row[c] = loose.pop(0)
        while loose:
            grid.append([loose.pop(0) if loose else None for _ in range(cols)])
        return grid


class DividerAttrs(Attrs):
    content_position: Literal["left", "center", "right"] = "center"
    direction: Literal["horizontal", "vertical"] = "horizontal"


@register
class Divider(ComponentType):
    type = "divider"
    label = "Divider"
    family = Family.LAYOUT
    Attributes = DividerAttrs


class DialogAttrs(Attrs):
    title: str = Field("", max_length=200)
    width: str | None = Field("35rem", pattern=CSS_LENGTH)
    #: Open when the page loads.
    visible: bool = False
    center: bool = False
    show_close: bool = True
    show_cancel: bool = True
    cancel_text: str = Field("Cancel", max_length=50)
    show_confirm: bool = True
    confirm_text: str = Field("Confirm", max_length=50)
    #: The confirm button shows it is busy after a click (until ``confirmLoading(false)``).
    confirm_loading: bool = False
    margin_top: str = Field("15vh", pattern=CSS_LENGTH)
    prevent_escape_close: bool = False


@register
class Dialog(ComponentType):
    type = "dialog"
    label = "Dialog"
    family = Family.LAYOUT
    Attributes = DialogAttrs
    container = "children"
    events = ("onCancel", "onConfirm")

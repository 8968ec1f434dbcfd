"""Every page component type: attribute models, rendering, coercion of submitted values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from pydantic import ValidationError

from pagebuilder.components import registry
from pagebuilder.components.base import Family, Invalid
from pagebuilder.document import Component, parse_document
from pagebuilder.render import render_components
from runtime.errors import ValidationFailed

FIXTURE = Path(__file__).parents[1] / "fixtures" / "pagebuilder" / "all_components.json"
TYPES = sorted(registry.REGISTRY)

EXPECTED = {
    # type: (family, id prefix)
    "input": (Family.BASIC, "input"),
    "textarea": (Family.BASIC, "textarea"),
    "number": (Family.BASIC, "number"),
    "radio": (Family.BASIC, "radio"),
    "checkbox": (Family.BASIC, "checkbox"),
    "select": (Family.BASIC, "select"),
    "switch": (Family.BASIC, "switch"),
    "slider": (Family.BASIC, "slider"),
    "rate": (Family.BASIC, "rate"),
    "color": (Family.BASIC, "color"),
    "date": (Family.BASIC, "date"),
    "time": (Family.BASIC, "time"),
    "text": (Family.BASIC, "text"),
    "html": (Family.BASIC, "html"),
    "link": (Family.BASIC, "link"),
    "button": (Family.BASIC, "button"),
    "alert": (Family.BASIC, "alert"),
    "statistic": (Family.BASIC, "statistic"),
    "steps": (Family.BASIC, "steps"),
    "pagination": (Family.BASIC, "pagination"),
    "iframe": (Family.BASIC, "iframe"),
    "divider": (Family.LAYOUT, "divider"),
    "grid": (Family.LAYOUT, "grid"),
    "card": (Family.LAYOUT, "card"),
    "collapse": (Family.LAYOUT, "collapse"),
    "tabs": (Family.LAYOUT, "tabs"),
    "inline": (Family.LAYOUT, "inline"),
    "page_layout": (Family.LAYOUT, "layout"),
    "table": (Family.LAYOUT, "report"),
    "dialog": (Family.LAYOUT, "dialog"),
    "group": (Family.COLLECTION, "group"),
    "sub_form": (Family.COLLECTION, "table"),
    "sub_form_plus": (Family.COLLECTION, "subform"),
    "data_grid": (Family.COLLECTION, "aggrid"),
    "chart": (Family.ADVANCED, "echarts"),
    "editor": (Family.ADVANCED, "editor"),
    "cascader": (Family.ADVANCED, "cascader"),
    "tree_select": (Family.ADVANCED, "treeselect"),
    "transfer": (Family.ADVANCED, "transfer"),
}

OPTIONS = {"items": [{"value": "a", "label": "Apple"}, {"value": 2, "label": "Two"}]}
TREE = {
    "items": [
        {
            "value": "eu",
            "label": "Europe",
            "children": [{"value": "fr", "label": "France"}, {"value": "de", "label": "Germany"}],
        },
        {"value": "as", "label": "Asia", "children": [{"value": "jp", "label": "Japan"}]},
        {"value": "x", "label": "Closed", "disabled": True},
    ]
}


def component(type_name: str, **extra: Any) -> dict[str, Any]:
    kind = registry.get(type_name)
    return {
        "type": type_name,
        "id": f"{kind.id_prefix()}_abcd1234",
        "name": f"Label of {type_name}",
        **extra,
    }


def page(*components: dict[str, Any]) -> dict[str, Any]:
    return {"name": "test", "components": list(components)}


def render(type_name: str, **extra: Any) -> str:
    return str(render_components(parse_document(page(component(type_name, **extra)))))


# -- the registry -----------------------------------------------------------------------------


def test_every_listed_type_is_registered_with_its_family_and_prefix() -> None:
    assert set(TYPES) == set(EXPECTED)
    for name, (family, prefix) in EXPECTED.items():
        kind = registry.get(name)
        assert (kind.family, kind.id_prefix()) == (family, prefix), name


def test_containers() -> None:
    slots = {"grid", "tabs", "collapse", "page_layout", "table"}
    children = {"card", "dialog", "group", "inline", "sub_form", "sub_form_plus"}
    for name in TYPES:
        expected = "slots" if name in slots else "children" if name in children else None
        assert registry.get(name).container == expected, name


@pytest.mark.parametrize("type_name", TYPES)
def test_default_attributes_validate(type_name: str) -> None:
    kind = registry.get(type_name)
    attrs = kind.Attributes.model_validate({})
    assert kind.default(attrs) == getattr(attrs, "default_value", None) or type_name == "html"


@pytest.mark.parametrize("type_name", TYPES)
def test_minimal_component_renders(type_name: str) -> None:
    kind = registry.get(type_name)
    html = render(type_name)
    assert f'data-pb-id="{kind.id_prefix()}_abcd1234"' in html
    assert f'data-pb-type="{type_name}"' in html
    if kind.field:
        assert f">Label of {type_name}<" in html
        if kind.grouped:  # named by its fieldset's legend
            assert "<legend" in html and f"Label of {type_name}</legend>" in html
        else:
            assert f'for="{kind.id_prefix()}_abcd1234"' in html
        assert f'id="{kind.id_prefix()}_abcd1234"' in html


@pytest.mark.parametrize("type_name", TYPES)
def test_unknown_attribute_is_refused_with_its_path(type_name: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_document(page(component(type_name, attributes={"colour_typo": 1})))
    paths = [problem["path"] for problem in caught.value.details]
    assert "components.0.attributes.colour_typo" in paths


@pytest.mark.parametrize("type_name", TYPES)
def test_events_are_those_of_the_spec(type_name: str) -> None:
    events = registry.get(type_name).events
    assert all(event.startswith("on") for event in events)
    assert len(set(events)) == len(events)


def test_hidden_and_disabled() -> None:
    assert " hidden" in render("alert", hidden=True)
    assert " hidden" in render("number", hidden=True)  # on the field wrapper
    assert " disabled" in render("number", disabled=True)
    assert " disabled" in render("radio", disabled=True, options=OPTIONS)


# -- attributes in the HTML -------------------------------------------------------------------

ATTRIBUTE_HTML = [
    ("number", {"min": 1, "max": 9, "step": 0.5}, None, ['min="1"', 'max="9"', 'step="0.5"']),
    ("textarea", {"rows": 7, "max_length": 20}, None, ['rows="7"', 'maxlength="20"']),
    ("select", {"multiple": True}, OPTIONS, [" multiple", ">Apple</option>"]),
    (
        "radio",
        {"layout": "block"},
        OPTIONS,
        ["<fieldset", "<legend", 'type="radio"', "pb-layout-block"],
    ),
    ("checkbox", {}, OPTIONS, ['type="checkbox"', 'value="2"', "<legend"]),
    ("switch", {"default_value": True}, None, ['role="switch"', " checked"]),
    ("slider", {"range": True, "min": 5, "max": 50}, None, ['type="range"', 'min="5"', "-end"]),
    ("rate", {"max": 3, "allow_half": True}, None, ['value="2.5"', 'value="3"', "<fieldset"]),
    ("color", {"show_alpha": True, "default_value": "#11223344"}, None, ['value="#112233"']),
    ("date", {"display_type": "daterange"}, None, ['type="date"', "data-pb-range"]),
    ("date", {"display_type": "datetime"}, None, ['type="datetime-local"']),
    ("date", {"display_type": "week"}, None, ['type="week"']),
    ("time", {"is_range": True}, None, ['type="time"', "-end"]),
    ("text", {"default_value": "Hi <there>"}, None, ["Hi &lt;there&gt;"]),
    ("link", {"href": "/docs", "new_window": True}, None, ['href="/docs"', 'target="_blank"']),
    ("alert", {"kind": "error", "title": "Oops"}, None, ["pb-alert-error", 'role="alert"', "Oops"]),
    ("statistic", {"prefix": "$", "precision": 2, "default_value": 3}, None, ["$", "3.00"]),
    (
        "steps",
        {"steps": [{"title": "A"}, {"title": "B"}], "active": 1},
        None,
        ['aria-current="step"'],
    ),
    ("pagination", {"total": 30, "page_size": 10}, None, ['data-pb-page="3"']),
    ("iframe", {"url": "https://example.com/"}, None, ["sandbox=", 'referrerpolicy="no-referrer"']),
    ("divider", {"content_position": "left"}, None, ['role="separator"', "pb-divider-left"]),
    ("card", {"title": "Card title", "shadow": "hover"}, None, ["Card title", "pb-shadow-hover"]),
    ("dialog", {"title": "Edit", "visible": True}, None, ["<dialog", " open", "Edit"]),
    ("inline", {"space_size": 12}, None, ["gap: 12px"]),
    ("grid", {"gutter": 10, "justify": "center"}, None, ["gap: 10px", "pb-justify-center"]),
    ("tabs", {"tab_position": "left"}, None, ['role="tablist"', 'aria-orientation="vertical"']),
    ("collapse", {"accordion": True}, None, ["pb-accordion"]),
    ("table", {"rows": 3, "cols": 2}, None, ['data-pb-key="r2c1"']),
    ("editor", {"height": "200px"}, None, ["height: 200px", "<textarea"]),
    ("transfer", {"titles": ["Left", "Right"]}, OPTIONS, ["Left", "Right", "multiple"]),
    ("tree_select", {"multiple": True}, TREE, ['role="tree"', "data-pb-multiple", "France"]),
    ("cascader", {"check_strictly": True}, TREE, ['role="tree"', "data-pb-check-strictly"]),
    (
        "chart",
        {"type": "pie", "height": "300px", "series": [{"name": "S", "label_formatter": "{b}"}]},
        None,
        ["data-pb-chart=", "height: 300px", "pb-chart-pie"],
    ),
    (
        "data_grid",
        {"columns": [{"field": "cost", "title": "Cost"}], "row_selection": "single"},
        None,
        ['<th scope="col" data-pb-field="cost"', "data-pb-grid=", "<tbody>"],
    ),
    ("sub_form", {"addable": True}, None, ["data-pb-addable", "<template"]),
    ("sub_form_plus", {"deletable": False}, None, ["<template"]),
    ("group", {}, None, ["<fieldset"]),
    ("page_layout", {"aside_width": "10rem"}, None, ["--pb-aside-width: 10rem"]),
]


@pytest.mark.parametrize(("type_name", "attributes", "options", "expected"), ATTRIBUTE_HTML)
def test_attributes_show_in_the_html(
    type_name: str, attributes: dict[str, Any], options: Any, expected: list[str]
) -> None:
    extra: dict[str, Any] = {"attributes": attributes}
    if options is not None:
        extra["options"] = options
    html = render(type_name, **extra)
    for fragment in expected:
        assert fragment in html, fragment


def test_every_type_has_an_attribute_html_check() -> None:
    assert {row[0] for row in ATTRIBUTE_HTML} | {"input", "button", "html"} == set(TYPES)


def test_data_grid_renders_visible_columns_and_default_rows() -> None:
    html = render(
        "data_grid",
        attributes={
            "columns": [{"field": "a", "title": "A"}, {"field": "b", "hide": True}],
            "default_value": [{"a": "<x>", "b": 2}],
        },
    )
    assert 'data-pb-field="a">A</th>' in html.replace(' aria-sort="none"', "")
    assert '<th scope="col" data-pb-field="b"' not in html
    assert '<td data-pb-field="a">&lt;x&gt;</td>' in html


def test_chart_and_grid_with_a_data_source() -> None:
    doc = page(
        component("data_grid", data_source="calls", attributes={"columns": [{"field": "a"}]}),
        {**component("chart", data_source="calls"), "id": "echarts_0000beef"},
    )
    doc["data_sources"] = [{"name": "calls", "type": "query", "query": "calls"}]
    html = str(render_components(parse_document(doc)))
    assert html.count('data-pb-source="calls"') == 2


def test_tabs_render_every_panel_and_select_the_first() -> None:
    html = render(
        "tabs",
        slots=[
            {"label": "One", "children": [component("input")]},
            {"label": "Two", "children": [{**component("text"), "id": "text_0000beef"}]},
        ],
    )
    assert html.count('role="tabpanel"') == 2
    assert html.count('aria-selected="true"') == 1
    assert "Label of input" in html and "Label of text" in html


def test_table_cells_by_key() -> None:
    html = render("table", slots=[{"key": "r3c0", "children": [component("input")]}])
    assert 'data-pb-key="r3c0"' in html
    assert "Label of input" in html


# -- attribute checks -------------------------------------------------------------------------

BAD_ATTRIBUTES = [
    ("number", {"min": 5, "max": 1}),
    ("select", {"multiple": "maybe"}),
    ("alert", {"kind": "fatal"}),
    ("link", {"href": "javascript:alert(1)"}),
    ("link", {"href": "JavaScript:alert(1)"}),
    ("link", {"href": " javascript:alert(1)"}),
    ("link", {"href": "//evil.example/"}),
    ("link", {"href": "data:text/html,hi"}),
    ("iframe", {"url": "javascript:alert(1)"}),
    ("iframe", {"url": "/relative"}),
    ("iframe", {"url": "ftp://example.com/"}),
    ("iframe", {"sandbox": ["allow-everything"]}),
    ("color", {"default_value": "red"}),
    ("rate", {"max": 11}),
    ("date", {"display_type": "century"}),
    ("card", {"padding": "1px; background: url(x)"}),
    ("table", {"border_color": "red;position:fixed"}),
    ("data_grid", {"columns": [{"field": "a", "format": "roman"}]}),
    ("data_grid", {"columns": [{"field": "a", "unknown": 1}]}),
    ("data_grid", {"row_selection": "all"}),
    ("chart", {"type": "radar"}),
    ("chart", {"type": "pie", "series": [{"name": "no formatter"}]}),
    ("chart", {"series": [{"colour": "red"}]}),
    ("transfer", {"titles": ["only one"]}),
]


@pytest.mark.parametrize(("type_name", "attributes"), BAD_ATTRIBUTES)
def test_bad_attributes_are_refused(type_name: str, attributes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        registry.get(type_name).Attributes.model_validate(attributes)


@pytest.mark.parametrize(
    "href", ["https://example.com/a?b=1", "http://x.test", "mailto:a@example.com", "/p", "p#x"]
)
def test_link_urls_allowed(href: str) -> None:
    attrs = registry.get("link").Attributes.model_validate({"href": href})
    assert attrs.href == href  # type: ignore[attr-defined]
    assert f'href="{escape(href)}"' in render("link", attributes={"href": href})


# -- coercion ---------------------------------------------------------------------------------


def coerce(type_name: str, value: Any, attributes: Any = None, **extra: Any) -> Any:
    kind = registry.get(type_name)
    c = Component.model_validate(component(type_name, attributes=attributes or {}, **extra))
    attrs = kind.Attributes.model_validate(c.attributes)
    return kind.coerce(attrs, value, c)


GOOD = [
    ("input", {}, None, 12, "12"),
    ("textarea", {"max_length": 5}, None, "hello", "hello"),
    ("number", {}, None, 3, 3),
    ("number", {}, None, "4", 4),
    ("number", {"min": 0, "max": 1, "step": 0.25}, None, 0.75, 0.75),
    ("number", {"step": 0.01, "precision": 2}, None, 1.005, 1.01),
    ("number", {"precision": 0}, None, 2.5, 3),
    ("number", {"step": 0.01, "precision": 2}, None, "2.5", 2.5),
    ("radio", {}, OPTIONS, "a", "a"),
    ("radio", {}, OPTIONS, "2", 2),
    ("radio", {}, {"source": "action", "action": "x"}, "anything", "anything"),
    ("checkbox", {}, OPTIONS, ["a", 2, "a"], ["a", 2]),
    ("checkbox", {}, OPTIONS, None, []),
    ("select", {}, OPTIONS, 2, 2),
    ("select", {"multiple": True}, OPTIONS, ["2", "a"], [2, "a"]),
    ("select", {"multiple": True}, OPTIONS, "a", ["a"]),
    ("switch", {}, None, True, True),
    ("switch", {}, None, "on", True),
    ("switch", {}, None, "false", False),
    ("switch", {}, None, 0, False),
    ("slider", {}, None, 40, 40),
    ("slider", {"range": True}, None, [10, 20], [10, 20]),
    ("rate", {}, None, 4, 4),
    ("rate", {"allow_half": True}, None, 3.5, 3.5),
    ("color", {}, None, "#AABBCC", "#aabbcc"),
    ("color", {}, None, "rgb(1, 2, 3)", "#010203"),
    ("color", {"show_alpha": True}, None, "#aabbcc80", "#aabbcc80"),
    ("color", {"show_alpha": True}, None, "rgba(255,0,0,0.5)", "rgba(255, 0, 0, 0.5)"),
    ("date", {}, None, "2026-11-26", "2026-11-26"),
    ("date", {"display_type": "datetime"}, None, "2026-11-26 09:30", "2026-11-26T09:30:00"),
    (
        "date",
        {"display_type": "datetime"},
        None,
        "2026-11-26T09:30:00Z",
        "2026-11-26T09:30:00+00:00",
    ),
    (
        "date",
        {"display_type": "daterange"},
        None,
        ["2026-01-01", "2026-01-31"],
        ["2026-01-01", "2026-01-31"],
    ),
    (
        "date",
        {"display_type": "datetimerange"},
        None,
        ["2026-01-01T00:00:00", "2026-01-01T10:00:00"],
        ["2026-01-01T00:00:00", "2026-01-01T10:00:00"],
    ),
    ("date", {"display_type": "monthrange"}, None, ["2026-01", "2026-03"], ["2026-01", "2026-03"]),
    (
        "date",
        {"display_type": "dates"},
        None,
        ["2026-02-01", "2026-01-01", "2026-02-01"],
        ["2026-01-01", "2026-02-01"],
    ),
    ("date", {"display_type": "year"}, None, 2026, "2026"),
    ("date", {"display_type": "month"}, None, "2026-11", "2026-11"),
    ("date", {"display_type": "week"}, None, "2026-W48", "2026-W48"),
    ("time", {}, None, "09:30", "09:30:00"),
    ("time", {"is_range": True}, None, ["09:00:00", "17:30:00"], ["09:00:00", "17:30:00"]),
    ("text", {}, None, "hello", "hello"),
    ("html", {}, None, {"name": "Alice"}, {"name": "Alice"}),
    ("statistic", {}, None, "12.5", 12.5),
    ("editor", {}, None, "<p><b>bold</b></p>", "<p><b>bold</b></p>"),
    ("cascader", {}, TREE, ["eu", "fr"], ["eu", "fr"]),
    ("cascader", {"check_strictly": True}, TREE, ["eu"], ["eu"]),
    (
        "cascader",
        {"multiple": True},
        TREE,
        [["eu", "de"], ["as", "jp"]],
        [["eu", "de"], ["as", "jp"]],
    ),
    ("tree_select", {}, TREE, "jp", "jp"),
    ("tree_select", {"check_strictly": True}, TREE, "eu", "eu"),
    ("tree_select", {"multiple": True}, TREE, ["fr", "de", "fr"], ["fr", "de"]),
    ("transfer", {}, OPTIONS, [2, "a"], [2, "a"]),
    ("transfer", {}, OPTIONS, [], []),
]


@pytest.mark.parametrize(("type_name", "attributes", "options", "value", "expected"), GOOD)
def test_good_values_are_coerced(
    type_name: str, attributes: dict[str, Any], options: Any, value: Any, expected: Any
) -> None:
    extra = {"options": options} if options is not None else {}
    result = coerce(type_name, value, attributes, **extra)
    assert result == expected
    assert type(result) is type(expected)


BAD = [
    ("input", {"max_length": 3}, None, "long"),
    ("input", {}, None, {"a": 1}),
    ("textarea", {"max_length": 2}, None, "abc"),
    ("textarea", {}, None, True),
    ("number", {}, None, "ten"),
    ("number", {}, None, True),
    ("number", {}, None, float("nan")),
    ("number", {"min": 1}, None, 0),
    ("number", {"max": 1}, None, 2),
    ("number", {}, None, 1.5),
    ("number", {"min": 0, "step": 0.25}, None, 0.3),
    ("radio", {}, OPTIONS, "b"),
    ("radio", {}, OPTIONS, ["a"]),
    ("radio", {}, {"items": [{"value": "a", "disabled": True}]}, "a"),
    ("checkbox", {}, OPTIONS, ["a", "zzz"]),
    ("select", {}, OPTIONS, "c"),
    ("select", {}, OPTIONS, ["a"]),
    ("select", {"multiple": True}, OPTIONS, ["a", "c"]),
    ("switch", {}, None, "perhaps"),
    ("switch", {}, None, 2),
    ("slider", {}, None, 101),
    ("slider", {"range": True}, None, 5),
    ("slider", {"range": True}, None, [20, 10]),
    ("rate", {}, None, 6),
    ("rate", {}, None, 2.5),
    ("rate", {"allow_half": True}, None, 2.25),
    ("color", {}, None, "red"),
    ("color", {}, None, "#aabbcc80"),
    ("color", {}, None, "rgba(1,2,3,0.5)"),
    ("color", {}, None, "rgb(300,0,0)"),
    ("color", {}, None, 123),
    ("date", {}, None, "26/11/2026"),
    ("date", {}, None, "2026-02-30"),
    ("date", {}, None, 20261126),
    ("date", {"display_type": "datetime"}, None, "tomorrow"),
    ("date", {"display_type": "daterange"}, None, ["2026-02-01", "2026-01-01"]),
    ("date", {"display_type": "daterange"}, None, ["2026-02-01"]),
    ("date", {"display_type": "daterange"}, None, "2026-02-01"),
    ("date", {"display_type": "dates"}, None, ["2026-02-01", "nope"]),
    ("date", {"display_type": "year"}, None, "26"),
    ("date", {"display_type": "month"}, None, "2026-13"),
    ("date", {"display_type": "week"}, None, "2026-W60"),
    ("time", {}, None, "25:00:00"),
    ("time", {}, None, "9am"),
    ("time", {"is_range": True}, None, "09:00:00"),
    ("time", {"is_range": True}, None, ["18:00:00", "09:00:00"]),
    ("text", {}, None, ["x"]),
    ("html", {}, None, 42),
    ("html", {}, None, {"name": {"nested": 1}}),
    ("statistic", {}, None, "lots"),
    ("editor", {}, None, 5),
    ("cascader", {}, TREE, ["eu"]),
    ("cascader", {}, TREE, ["eu", "jp"]),
    ("cascader", {}, TREE, ["x"]),
    ("cascader", {}, TREE, "fr"),
    ("cascader", {"multiple": True}, TREE, ["eu", "fr"]),
    ("tree_select", {}, TREE, "eu"),
    ("tree_select", {}, TREE, "nowhere"),
    ("tree_select", {}, TREE, "x"),
    ("tree_select", {"multiple": True}, TREE, ["fr", "nowhere"]),
    ("transfer", {}, OPTIONS, ["a", "z"]),
    ("transfer", {}, OPTIONS, "a"),
]


@pytest.mark.parametrize(("type_name", "attributes", "options", "value"), BAD)
def test_bad_values_are_refused(
    type_name: str, attributes: dict[str, Any], options: Any, value: Any
) -> None:
    extra = {"options": options} if options is not None else {}
    with pytest.raises(Invalid):
        coerce(type_name, value, attributes, **extra)


def test_every_field_type_has_coercion_cases() -> None:
    fields = {name for name in TYPES if registry.get(name).field}
    collections = {"group", "sub_form", "sub_form_plus"}
    assert {row[0] for row in GOOD} | collections == fields
    assert {row[0] for row in BAD} | collections == fields


def test_coerce_without_the_component_still_works() -> None:
    kind = registry.get("select")
    attrs = kind.Attributes.model_validate({})
    assert kind.coerce(attrs, "free") == "free"
    number = registry.get("number")
    assert number.coerce(number.Attributes.model_validate({}), "7") == 7


# -- collections ------------------------------------------------------------------------------

LINES = [
    component("input", id="input_item0001", name="Item", rules={"required": True}),
    component("number", id="number_qty0001", name="Quantity", attributes={"min": 1}),
    component("select", id="select_unit001", name="Unit", options=OPTIONS),
]


@pytest.mark.parametrize("type_name", ["sub_form", "sub_form_plus"])
def test_sub_form_rows_are_coerced_by_their_children(type_name: str) -> None:
    rows = [
        {"input_item0001": "Bolt", "number_qty0001": "3", "select_unit001": "a"},
        {"input_item0001": "Nut", "number_qty0001": 1},
    ]
    assert coerce(type_name, rows, children=LINES) == [
        {"input_item0001": "Bolt", "number_qty0001": 3, "select_unit001": "a"},
        {"input_item0001": "Nut", "number_qty0001": 1, "select_unit001": None},
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"input_item0001": "Bolt", "number_qty0001": 0}], "row 1, Quantity: must be at least 1"),
        ([{"input_item0001": "A"}, {"input_item0001": ""}], "row 2, Item: is required"),
        ([{"input_item0001": "A", "select_unit001": "zz"}], "row 1, Unit: must be one of"),
        ([{"input_item0001": "A", "other": 1}], "row 1, other is not a field here"),
        (["not a row"], "row 1, must be an object"),
        ({"input_item0001": "A"}, "must be a list of rows"),
    ],
)
def test_sub_form_problems_name_the_row_and_field(rows: Any, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        coerce("sub_form", rows, children=LINES)


def test_sub_form_plus_rows_look_through_layout_and_nest() -> None:
    inner = component("sub_form", id="table_inner001", name="Inner", children=LINES[:1])
    grid = component(
        "grid",
        slots=[
            {"span": 12, "children": [LINES[1]]},
            {"span": 12, "children": [inner]},
        ],
    )
    rows = [{"number_qty0001": 2, "table_inner001": [{"input_item0001": "x"}]}]
    assert coerce("sub_form_plus", rows, children=[grid]) == rows
    bad = [{"number_qty0001": 2, "table_inner001": [{"input_item0001": ""}]}]
    with pytest.raises(Invalid, match="row 1, Inner: row 1, Item: is required"):
        coerce("sub_form_plus", bad, children=[grid])


def test_group_is_an_object_of_its_children() -> None:
    value = {"input_item0001": "x", "number_qty0001": "5"}
    assert coerce("group", value, children=LINES) == {
        "input_item0001": "x",
        "number_qty0001": 5,
        "select_unit001": None,
    }
    with pytest.raises(Invalid, match="Quantity"):
        coerce("group", {"input_item0001": "x", "number_qty0001": "many"}, children=LINES)
    with pytest.raises(Invalid):
        coerce("group", ["x"], children=LINES)


# -- sanitising -------------------------------------------------------------------------------

DIRTY = (
    '<p onclick="steal()">Hi <b>there</b></p><script>alert(1)</script>'
    '<img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
    '<style>body{}</style><iframe src="https://evil.example"></iframe>'
)


def _assert_clean(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "alert(1)", "onerror", "onclick", "javascript:", "<style", "<iframe"):
        assert bad not in lowered, bad
    assert "<b>there</b>" in html


@pytest.mark.parametrize("type_name", ["html", "editor"])
def test_markup_values_are_sanitised(type_name: str) -> None:
    _assert_clean(coerce(type_name, DIRTY))


def test_html_component_renders_sanitised_template() -> None:
    html = render("html", attributes={"default_value": DIRTY + "<i>{{name}}</i>"})
    body = html.split("data-pb-template=", 1)[1]
    _assert_clean(body)
    assert "<i>{{name}}</i>" in body


def test_editor_renders_sanitised_value() -> None:
    doc = parse_document(page(component("editor")))
    html = str(render_components(doc, {"editor_abcd1234": DIRTY}))
    assert "&lt;script" not in html and "onerror" not in html
    assert "&lt;b&gt;there&lt;/b&gt;" in html


def test_html_component_keeps_safe_links() -> None:
    clean = coerce("html", '<a href="https://example.com">ok</a>')
    assert 'href="https://example.com"' in clean
    assert 'rel="noopener noreferrer"' in clean


# -- the fixture page ---------------------------------------------------------------------------


def test_fixture_page_has_every_type_and_renders() -> None:
    document = parse_document(json.loads(FIXTURE.read_text()))
    used = {c.type for _, c in document.walk()}
    assert used == set(TYPES)
    html = str(render_components(document))
    for _, c in document.walk():
        assert f'data-pb-id="{c.id}"' in html or f'data-pb-field="{c.id}"' in html, c.id
    assert html.count('role="tabpanel"') == 2
    assert "<dialog" in html and "Name in dialog" in html
    assert '<th scope="col" data-pb-field="duration"' in html


def test_fixture_page_nesting() -> None:
    document = parse_document(json.loads(FIXTURE.read_text()))
    by_type: dict[str, list[Component]] = {}
    for _, c in document.walk():
        by_type.setdefault(c.type, []).append(c)
    assert any(len(c.slots) == 2 for c in by_type["grid"])
    assert any(len(c.slots) == 2 for c in by_type["tabs"])
    assert any(c.children for c in by_type["dialog"])
    assert any(len(c.children) >= 2 for c in by_type["sub_form"])
    assert any(c.attributes.get("columns") for c in by_type["data_grid"])
    assert any(c.attributes.get("series") for c in by_type["chart"])

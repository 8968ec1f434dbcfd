"""The page document: what a page is, as JSON, checked with every error's JSON path.

::

    {"schema_version": 1, "name": "signup", "title": "Sign up",
     "form": {"label_position": "top", "events": {"mounted": "load"}},
     "components": [
        {"type": "input", "id": "input_ab12cd34", "name": "Email",
         "rules": {"required": true, "type": "email"},
         "events": {"onChange": "checkEmail"}},
        {"type": "grid", "id": "grid_0000abcd",
         "slots": [{"span": 12, "children": [...]}, {"span": 12, "children": [...]}]}],
     "data_sources": [{"name": "countries", "type": "query", "query": "countries"}],
     "actions": [{"name": "checkEmail", "body": "this.hide('input_x')"}]}

:func:`parse_document` runs two passes and reports everything it finds, not the first: the
shape (pydantic), then the meaning — known component types, each one's attributes against
its own model, unique ids, children only in containers, events the type has, actions and
data sources that exist. ``PageDocument.model_json_schema()`` is the published schema.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import tree_sitter_javascript
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from tree_sitter import Language, Parser

from pagebuilder.components import registry
from runtime.errors import ValidationFailed

SCHEMA_VERSION = 1
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,63}$"
NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"
MAX_COMPONENTS = 2000
MAX_DEPTH = 24
PAGE_EVENTS = ("mounted", "refresh")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Rules(_Model):
    """Validation, in the browser and again on the server."""

    required: bool = False
    type: Literal["string", "email", "url", "number", "integer", "phone", "date"] | None = None
    #: A JavaScript-style literal: ``/^1[3-9]\\d{9}$/`` (flags i, m, s, u).
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    min_length: int | None = Field(None, ge=0)
    max_length: int | None = Field(None, ge=0)
    message: str | None = Field(None, max_length=500)
    #: An action ``(rule, value, callback) => {}``: run in the browser and, on submission,
    #: in the ScriptForge sandbox.
    custom: str | None = None


class Option(_Model):
    value: Any
    label: str | None = None
    disabled: bool = False
    children: list[Option] = Field(default_factory=list)


class Options(_Model):
    """A choice component's options: a static list, or from a data source or an action."""

    source: Literal["static", "data_source", "action"] = "static"
    items: list[Option] = Field(default_factory=list)
    data_source: str | None = None
    action: str | None = None
    #: Fields of the data source's rows giving each option's value and label.
    value_field: str = "value"
    label_field: str = "label"


class Slot(_Model):
    """One region of a multi-region container: a grid column, a tab, a collapse panel."""

    key: str | None = Field(None, max_length=64)
    label: str | None = Field(None, max_length=200)
    span: int | None = Field(None, ge=1, le=24)
    children: list[Component] = Field(default_factory=list)


class Component(_Model):
    type: str
    id: str = Field(pattern=ID_PATTERN)
    name: str = Field("", max_length=200, description="the label shown with the component")
    attributes: dict[str, Any] = Field(default_factory=dict)
    #: Whether the value takes part in the form's data (ConnexCS "Data Binding").
    binding: bool = True
    hidden: bool = False
    disabled: bool = False
    readonly: bool = False
    rules: Rules | None = None
    options: Options | None = None
    #: The data source that fills it (grids, charts, statistics...).
    data_source: str | None = None
    #: Component event -> action name.
    events: dict[str, str] = Field(default_factory=dict)
    children: list[Component] = Field(default_factory=list)
    slots: list[Slot] = Field(default_factory=list)


class SubmitTarget(_Model):
    """Where the form goes when submitted (after the server checks every field again)."""

    type: Literal["dataset", "scriptforge"]
    dataset: str | None = None
    operation: Literal["insert", "update"] = "insert"
    #: With ``update``: the field holding the row's id.
    id_field: str | None = None
    script: str | None = None
    function: str | None = None
    #: Field id -> dataset column (null: not saved, e.g. a confirmation field); fields not
    #: listed go to the column of the same name.
    columns: dict[str, str | None] = Field(default_factory=dict)
    #: Shown after a successful submission.
    message: str = Field("Saved", max_length=500)


class FormAttributes(_Model):
    ui: Literal["element", "ant", "vuetify"] = "element"
    width: str = "100%"
    label_position: Literal["left", "right", "top"] = "right"
    label_width: str = "120px"
    label_suffix: str = Field("", max_length=8)
    size: Literal["large", "default", "small"] = "default"
    css: str = Field("", max_length=100_000, description="the page's style sheet")
    custom_class: str = ""
    log_level: Literal["trace", "debug", "info", "warn", "error", "disabled"] = "error"
    #: ``mounted`` / ``refresh`` -> action name.
    events: dict[str, str] = Field(default_factory=dict)
    submit: SubmitTarget | None = None


class DataSource(_Model):
    name: str = Field(pattern=NAME_PATTERN)
    type: Literal["scriptforge", "database", "query", "external"]
    script: str | None = None
    function: str | None = None
    dataset: str | None = None
    operation: Literal["list", "create", "read", "update", "delete"] = "list"
    query: str | None = None
    vars: dict[str, Any] = Field(default_factory=dict)
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = "GET"
    url: str | None = Field(None, max_length=2000)
    headers: dict[str, str] = Field(default_factory=dict)
    params: dict[str, Any] = Field(default_factory=dict)
    #: Send the request when the page loads.
    auto_load: bool = False
    before_request: str | None = Field(None, max_length=100_000)
    on_response: str | None = Field(None, max_length=100_000)
    on_error: str | None = Field(None, max_length=100_000)


class Action(_Model):
    name: str = Field(pattern=NAME_PATTERN)
    body: str = Field("", max_length=200_000, description="JavaScript; `this` is the page")


class Grants(_Model):
    """What the page's script may reach beyond its data sources: ``this.database(name)``
    operations on datasets and ``this.scriptForge(name)`` calls. Nothing else of the app."""

    datasets: dict[str, list[Literal["list", "read", "create", "update", "delete"]]] = Field(
        default_factory=dict
    )
    scripts: list[str] = Field(default_factory=list)


class PageDocument(_Model):
    schema_version: Literal[1] = 1
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    title: str = Field("", max_length=200)
    form: FormAttributes = Field(default_factory=lambda: FormAttributes.model_validate({}))
    components: list[Component] = Field(default_factory=list)
    data_sources: list[DataSource] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    grants: Grants = Field(default_factory=lambda: Grants.model_validate({}))

    def walk(self) -> list[tuple[str, Component]]:
        """Every component with its JSON path, parents before children."""
        found: list[tuple[str, Component]] = []

        def visit(items: list[Component], path: str) -> None:
            for i, item in enumerate(items):
                here = f"{path}.{i}"
                found.append((here, item))
                visit(item.children, f"{here}.children")
                for j, slot in enumerate(item.slots):
                    visit(slot.children, f"{here}.slots.{j}.children")

        visit(self.components, "components")
        return found

    def fields(self) -> dict[str, Component]:
        """Components whose value is part of the form's data, by id. The children of a
        field (a sub-form's columns, a group's members) are part of its value instead."""
        found: dict[str, Component] = {}

        def visit(items: list[Component]) -> None:
            for item in items:
                kind = registry.find(item.type)
                if kind is not None and kind.field:
                    if item.binding:
                        found[item.id] = item
                    continue
                visit(item.children)
                for slot in item.slots:
                    visit(slot.children)

        visit(self.components)
        return found


Option.model_rebuild()
Slot.model_rebuild()
Component.model_rebuild()


def _path(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location) or "document"


def parse_document(data: Any) -> PageDocument:
    """A checked page document, or :class:`ValidationFailed` listing every problem."""
    if _depth(data) > MAX_DEPTH * 3:
        raise ValidationFailed.field("components", f"nested deeper than {MAX_DEPTH} levels")
    try:
        document = PageDocument.model_validate(data)
    except ValidationError as exc:
        problems = [
            {"path": _path(error["loc"]), "message": error["msg"]} for error in exc.errors()
        ]
        first = f"{problems[0]['path']}: {problems[0]['message']}"
        raise ValidationFailed(first, problems) from None
    problems = check(document)
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)
    return document


def check(document: PageDocument) -> list[dict[str, str]]:
    """The meaning of a well-shaped document: the second pass of :func:`parse_document`."""
    problems: list[dict[str, str]] = []

    def problem(path: str, message: str) -> None:
        problems.append({"path": path, "message": message})

    actions = {a.name for a in document.actions}
    sources = {s.name for s in document.data_sources}
    for index, name in _duplicates([a.name for a in document.actions]):
        problem(f"actions.{index}.name", f"action {name} is defined twice")
    for index, name in _duplicates([s.name for s in document.data_sources]):
        problem(f"data_sources.{index}.name", f"data source {name} is defined twice")
    for event, action in document.form.events.items():
        if event not in PAGE_EVENTS:
            problem(f"form.events.{event}", f"pages have the events {', '.join(PAGE_EVENTS)}")
        elif action not in actions:
            problem(f"form.events.{event}", f"no action named {action}")
    submit = document.form.submit
    if submit is not None:
        if submit.type == "dataset" and not submit.dataset:
            problem("form.submit.dataset", "name the dataset the form is saved to")
        if submit.type == "scriptforge" and not submit.script:
            problem("form.submit.script", "name the script the form is sent to")
        if submit.operation == "update" and submit.type == "dataset" and not submit.id_field:
            problem("form.submit.id_field", "an update needs the field holding the row id")
    for i, source in enumerate(document.data_sources):
        # The hooks are function bodies; the browser reports their errors when they run.
        needs = {
            "scriptforge": "script",
            "database": "dataset",
            "query": "query",
            "external": "url",
        }[source.type]
        if not getattr(source, needs):
            problem(f"data_sources.{i}.{needs}", f"a {source.type} data source needs {needs}")

    walked = document.walk()
    if len(walked) > MAX_COMPONENTS:
        problem("components", f"at most {MAX_COMPONENTS} components")
    seen: dict[str, str] = {}
    for path, component in walked:
        if component.id in seen:
            problem(f"{path}.id", f"id {component.id} is already used at {seen[component.id]}")
        seen.setdefault(component.id, path)
        kind = registry.find(component.type)
        if kind is None:
            problem(f"{path}.type", f"unknown component type {component.type!r}")
            continue
        try:
            kind.Attributes.model_validate(component.attributes)
        except ValidationError as exc:
            for error in exc.errors():
                problem(f"{path}.attributes.{_path(error['loc'])}", error["msg"])
        if component.children and kind.container != "children":
            problem(f"{path}.children", f"a {component.type} has no children")
        if component.slots and kind.container != "slots":
            problem(f"{path}.slots", f"a {component.type} has no slots")
        for event, action in component.events.items():
            if event not in kind.events:
                allowed = ", ".join(kind.events) or "none"
                problem(f"{path}.events.{event}", f"a {component.type} has the events {allowed}")
            elif action not in actions:
                problem(f"{path}.events.{event}", f"no action named {action}")
        if component.data_source is not None and component.data_source not in sources:
            problem(f"{path}.data_source", f"no data source named {component.data_source}")
        options = component.options
        if options is not None:
            if options.source == "data_source" and options.data_source not in sources:
                problem(f"{path}.options.data_source", "name one of the page's data sources")
            if options.source == "action" and options.action not in actions:
                problem(f"{path}.options.action", "name one of the page's actions")
        rules = component.rules
        if rules is not None:
            if rules.pattern is not None and (message := _regex_problem(rules.pattern)):
                problem(f"{path}.rules.pattern", message)
            if rules.custom is not None and rules.custom not in actions:
                problem(f"{path}.rules.custom", f"no action named {rules.custom}")
    return problems


_JS = Language(tree_sitter_javascript.language())
_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function"})


def _is_function(body: str) -> bool:
    """Whether the code is one function and nothing else (parsed, not guessed)."""
    root = Parser(_JS).parse(body.encode()).root_node
    statements = [c for c in root.named_children if c.type != "comment"]
    if len(statements) != 1 or root.has_error:
        return False
    only = statements[0]
    if only.type == "function_declaration":
        return True
    if only.type != "expression_statement" or not only.named_children:
        return False
    expression = only.named_children[0]
    while expression.type == "parenthesized_expression" and expression.named_children:
        expression = expression.named_children[0]
    return expression.type in _FUNCTIONS


def action_body(body: str) -> str:
    """An action's code as the body of ``function (...args) {}``. Authors write either a
    body (``this.hide('x')``) or, as ConnexCS custom rules are written, one whole function
    (``(rule, value, callback) => {...}``), which is then called with the arguments.

    >>> action_body("(rule, value, cb) => cb()")
    'return ((rule, value, cb) => cb()\\n).apply(this, args);'
    >>> action_body("function helper() {}\\nthis.hide('x')")
    "function helper() {}\\nthis.hide('x')"
    """
    if _is_function(body):
        return f"return ({body}\n).apply(this, args);"
    return body


_JS_REGEX = re.compile(r"^/(?P<body>.+)/(?P<flags>[imsu]*)$", re.DOTALL)


def js_regex(literal: str) -> re.Pattern[str]:
    """A JavaScript regex literal (``/^a+$/i``) as a Python pattern, for server checks.

    >>> bool(js_regex("/^[a-z]+$/i").fullmatch("ABC"))
    True
    """
    match = _JS_REGEX.match(literal)
    if match is None:
        raise ValueError("write a regular expression as /pattern/flags")
    flags = 0
    for flag in match.group("flags"):
        flags |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "u": 0}[flag]
    return re.compile(match.group("body"), flags)


def _regex_problem(literal: str) -> str | None:
    try:
        js_regex(literal)
    except (ValueError, re.error) as exc:
        return f"not a usable regular expression: {exc}"
    return None


def _duplicates(names: list[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    twice = []
    for index, name in enumerate(names):
        if name in seen:
            twice.append((index, name))
        seen.add(name)
    return twice


def _depth(value: Any, budget: int = MAX_DEPTH * 3 + 2) -> int:
    """How deep ``value`` nests (stops counting past the budget)."""
    if budget <= 0:
        return 1
    if isinstance(value, dict):
        return 1 + max((_depth(v, budget - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v, budget - 1) for v in value), default=0)
    return 0

"""Render a page document to HTML on the server.

Each component renders from its own template (``pagebuilder/components/<type>.html``) with:

- ``c``: the :class:`~pagebuilder.document.Component` (id, name, flags, rules, events...);
- ``a``: its attributes, parsed by its type's attribute model (defaults filled in);
- ``kind``: its :class:`~pagebuilder.components.base.ComponentType`;
- ``value``: its initial value (``values`` given to :func:`render_page`, else its default);
- ``options``: a choice component's static options, ``[Option]``;
- ``form``: the page's form attributes;
- ``children(list)``: renders child components (containers call it for their children or
  for each slot's children).

Fields are wrapped by ``_field.html`` (label, help text, the error slot). Every component's
root element carries ``data-pb-id`` and ``data-pb-type``; the page runtime in the browser
finds components by them. Everything user-written is escaped (autoescape on); the HTML
component's markup is sanitised before it is inserted.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pagebuilder.components import registry
from pagebuilder.document import Component, PageDocument

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Component templates ship with the code: no stat() of every file on every render.
        auto_reload=False,
    )
    return env


class Renderer:
    def __init__(self, document: PageDocument, values: dict[str, Any] | None = None) -> None:
        self.document = document
        self.values = values or {}
        self.env = environment()

    def component(self, component: Component) -> Markup:
        kind = registry.get(component.type)
        attrs = kind.Attributes.model_validate(component.attributes)
        value = self.values.get(component.id, kind.default(attrs))
        options = component.options.items if component.options is not None else []
        html = self.env.get_template(kind.template).render(
            c=component,
            a=attrs,
            kind=kind,
            value=value,
            options=options,
            form=self.document.form,
            children=self.children,
        )
        # Output of our autoescaping templates: user text in it is escaped already.
        markup = Markup(html)  # noqa: S704
        if kind.field:
            wrapped = self.env.get_template("pagebuilder/_field.html").render(
                c=component, a=attrs, kind=kind, form=self.document.form, control=markup
            )
            markup = Markup(wrapped)  # noqa: S704
        return markup

    def children(self, components: list[Component]) -> Markup:
        return Markup("").join(self.component(c) for c in components)


def render_components(document: PageDocument, values: dict[str, Any] | None = None) -> Markup:
    """The HTML of the page's component tree (without the page around it)."""
    return Renderer(document, values).children(document.components)

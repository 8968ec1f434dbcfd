"""Helpers the family modules share: options, numbers, URLs, sanitised HTML, child fields.

Not a family module: it registers nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

from pagebuilder.components.base import REGISTRY, FieldType, Invalid

#: A CSS length as attributes take it (``120px``, ``35rem``, ``100%``, ``15vh``, ``auto``).
CSS_LENGTH = r"^(auto|\d{1,5}(\.\d{1,3})?(px|rem|em|%|vh|vw)?)$"
#: A CSS colour given in an attribute: ``#rgb``/``#rrggbb``/``#rrggbbaa`` or a colour name.
CSS_COLOR = r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$"

#: What sanitised HTML (the HTML component, the Editor) may contain: formatting, lists,
#: tables, links and images; never scripts, styles, event attributes or ``javascript:``.
HTML_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "del", "div", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
HTML_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html: str) -> str:
    """``html`` with only formatting kept (scripts, styles and event attributes removed)."""
    return nh3.clean(
        html,
        tags=HTML_TAGS,
        clean_content_tags={"script", "style"},
        attributes=HTML_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def sanitised_markup(html: str | None) -> Markup:
    # nh3 output is safe to insert as markup: that is what it is for.
    return Markup(sanitise_html(html or ""))  # noqa: S704


_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def check_url(url: str, schemes: Iterable[str], *, relative: bool) -> str:
    """``url`` if it is absolute with one of ``schemes`` (or, if allowed, relative)."""
    if url == "":
        return url
    if _CONTROL.search(url):
        raise ValueError("a URL has no spaces or control characters")
    parts = urlsplit(url)
    if parts.scheme:
        if parts.scheme.lower() not in schemes:
            raise ValueError(f"only {', '.join(sorted(schemes))} URLs are allowed")
        if parts.scheme.lower() in ("http", "https") and not parts.netloc:
            raise ValueError("a web address needs a host")
        return url
    if not relative or url.startswith("//") or parts.netloc:
        raise ValueError(f"give an absolute {' or '.join(sorted(schemes))} URL")
    return url


def to_decimal(value: Any) -> Decimal:
    """A submitted number (a JSON number or numeric text) as a finite Decimal."""
    if isinstance(value, bool):
        raise Invalid("must be a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Invalid("must be a number")
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise Invalid("must be a number") from None
        if not number.is_finite():
            raise Invalid("must be a number")
        return number
    raise Invalid("must be a number")


def plain(number: Decimal) -> int | float:
    """A Decimal as the JSON-friendly int (when whole) or float."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def check_number(
    value: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    step: float | None = None,
    precision: int | None = None,
) -> int | float:
    """``value`` as a number within ``minimum``..``maximum`` and on a ``step`` from the minimum."""
    number = to_decimal(value)
    if precision is not None:
        number = number.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)
    if minimum is not None and number < to_decimal(minimum):
        raise Invalid(f"must be at least {minimum:g}")
    if maximum is not None and number > to_decimal(maximum):
        raise Invalid(f"must be at most {maximum:g}")
    if step:
        base = to_decimal(minimum) if minimum is not None else Decimal(0)
        if (number - base) % to_decimal(step) != 0:
            raise Invalid(f"must be in steps of {step:g}")
    return plain(number)


def check_text(value: Any, max_length: int | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise Invalid("must be text")
    text = str(value)
    if max_length is not None and len(text) > max_length:
        raise Invalid(f"at most {max_length} characters")
    return text


# -- options -------------------------------------------------------------------------------


def static_options(component: Any) -> list[Any] | None:
    """The component's static options, or None when they are dynamic (or unknown)."""
    options = getattr(component, "options", None)
    if options is None or options.source != "static":
        return None
    return list(options.items)


def match_option(items: Iterable[Any], value: Any) -> Any | None:
    """The option whose value is ``value`` (or, for submitted text, whose value reads so)."""
    items = list(items)
    for item in items:
        if item.value == value and type(item.value) is type(value):
            return item
    if isinstance(value, str):
        for item in items:
            if not isinstance(item.value, dict | list) and _text(item.value) == value:
                return item
    for item in items:
        if item.value == value and not isinstance(value, bool) and not isinstance(item.value, bool):
            return item
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def check_scalar(value: Any) -> Any:
    if isinstance(value, dict | list):
        raise Invalid("must be a single value")
    return value


def choose(component: Any, value: Any) -> Any:
    """One option's value (checked against static options when there are)."""
    check_scalar(value)
    items = static_options(component)
    if items is None:
        return value
    found = match_option(items, value)
    if found is None or found.disabled:
        raise Invalid("must be one of the options")
    return found.value


def choose_many(component: Any, value: Any) -> list[Any]:
    """A list of option values, each one of the static options, without repeats."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    chosen: list[Any] = []
    for item in values:
        picked = choose(component, item)
        if picked not in chosen:
            chosen.append(picked)
    return chosen


def walk_options(items: Iterable[Any]) -> Iterator[tuple[Any, bool]]:
    """Every option of a tree with whether it is a leaf."""
    for item in items:
        yield item, not item.children
        yield from walk_options(item.children)


def options_data(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Options as JSON for the browser runtime (``data-pb-options``)."""
    return [
        {
            "value": item.value,
            "label": item.label if item.label is not None else _text(item.value),
            "disabled": item.disabled,
            **({"children": options_data(item.children)} if item.children else {}),
        }
        for item in items
    ]


class ChoiceField(FieldType):
    """A field whose value comes from options; templates use these helpers."""

    def options_data(self, items: Iterable[Any]) -> list[dict[str, Any]]:
        return options_data(items)

    def label_of(self, item: Any) -> str:
        return item.label if item.label is not None else _text(item.value)

    def value_text(self, value: Any) -> str:
        return _text(value)

    def is_selected(self, value: Any, item: Any) -> bool:
        if isinstance(value, list):
            return any(match_option([item], v) is not None for v in value)
        return value is not None and match_option([item], value) is not None


# -- child fields (groups, sub-forms) --------------------------------------------------------


def child_fields(components: Iterable[Any]) -> list[Any]:
    """The bound fields among ``components``, looking through layout containers (a field that
    holds others, a group or a sub-form, counts as one field)."""
    found: list[Any] = []
    for component in components:
        kind = REGISTRY.get(component.type)
        if kind is None:
            continue
        if kind.field:
            if component.binding:
                found.append(component)
            continue
        found.extend(child_fields(component.children))
        for slot in component.slots:
            found.extend(child_fields(slot.children))
    return found


def coerce_child(component: Any, value: Any) -> Any:
    kind = REGISTRY[component.type]
    attrs = kind.Attributes.model_validate(component.attributes)
    if value is None or value == "" or value == []:
        required = component.rules is not None and component.rules.required
        if required and not component.hidden:
            raise Invalid("is required")
        if value is None:
            return None
    return kind.coerce(attrs, value, component)


def coerce_object(children: list[Any], value: Any, where: str = "") -> dict[str, Any]:
    """An object keyed by the child fields' ids, each value coerced by the child's type."""
    if not isinstance(value, dict):
        raise Invalid(f"{where}must be an object keyed by field id")
    fields = {child.id: child for child in child_fields(children)}
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise Invalid(f"{where}{unknown[0]} is not a field here")
    clean: dict[str, Any] = {}
    for field_id, child in fields.items():
        try:
            clean[field_id] = coerce_child(child, value.get(field_id))
        except Invalid as exc:
            raise Invalid(f"{where}{child.name or field_id}: {exc}") from None
    return clean

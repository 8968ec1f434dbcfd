"""The server's own check of a submitted form: the browser's checks, again, trusting nothing.

For every bound field of the page (:meth:`PageDocument.fields`) the submitted value is
coerced by the component's type (a number field gets a number, a select one of its options)
and checked against the field's rules: ``required``, the built-in ``type`` (email, url,
number, integer, phone in E.164, date), ``pattern`` (a JavaScript regex literal, tested as
JavaScript's ``RegExp.test`` does: anywhere in the text), ``min``/``max`` (numbers) and
``min_length``/``max_length`` (text and lists). Values for ids that are not bound fields of
the page are refused. Every problem is reported, by field id.

Fields the page's script hid when the form was sent (``hidden``) are not *required*, as in
the browser; any value they carry is still checked.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from pagebuilder.components import registry
from pagebuilder.components.base import Invalid
from pagebuilder.document import Component, PageDocument, Rules, js_regex

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
E164 = re.compile(r"^\+[1-9]\d{1,14}$")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _type_problem(kind: str, value: Any) -> str | None:
    text = str(value)
    if kind == "email" and not EMAIL.match(text):
        return "must be an e-mail address"
    if kind == "url" and not URL.match(text):
        return "must be a web address (http:// or https://)"
    if kind == "phone" and not E164.match(text):
        return "must be a phone number in E.164 form (+441234567890)"
    if kind in ("number", "integer"):
        if isinstance(value, bool):
            return "must be a number"
        try:
            number = float(text)
        except ValueError:
            return "must be a number"
        if kind == "integer" and not number.is_integer():
            return "must be a whole number"
    if kind == "date":
        try:
            date.fromisoformat(text[:10])
        except ValueError:
            return "must be a date (YYYY-MM-DD)"
    return None


def check_rules(rules: Rules, value: Any) -> str | None:
    """The first rule ``value`` breaks, as a message (the rule's own message if it has one)."""
    if _empty(value):
        return None  # "required" is checked by the caller; empty values break nothing else
    problem = _type_problem(rules.type, value) if rules.type else None
    if (
        problem is None
        and rules.pattern is not None
        and not js_regex(rules.pattern).search(str(value))
    ):
        problem = "is not in the expected form"
    if problem is None and (rules.min is not None or rules.max is not None):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
        if number is not None:
            if rules.min is not None and number < rules.min:
                problem = f"must be at least {rules.min:g}"
            elif rules.max is not None and number > rules.max:
                problem = f"must be at most {rules.max:g}"
    if problem is None and isinstance(value, str | list):
        if rules.min_length is not None and len(value) < rules.min_length:
            problem = f"must have at least {rules.min_length} characters"
        elif rules.max_length is not None and len(value) > rules.max_length:
            problem = f"must have at most {rules.max_length} characters"
    if problem is not None and rules.message:
        return rules.message
    return problem


def check_field(
    component: Component, value: Any, *, hidden: bool = False
) -> tuple[Any, str | None]:
    """The field's clean value and its problem, if any."""
    rules = component.rules or Rules.model_validate({})
    if _empty(value):
        if rules.required and not hidden:
            return None, rules.message or "is required"
        return None, None
    kind = registry.get(component.type)
    attrs = kind.Attributes.model_validate(component.attributes)
    try:
        clean = kind.coerce(attrs, value, component)
    except Invalid as exc:
        return None, str(exc)
    return clean, check_rules(rules, value)


def validate_submission(
    document: PageDocument, values: Mapping[str, Any], *, hidden: Collection[str] = ()
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """``(clean values by field id, problems [{path: field id, message}])``."""
    fields = document.fields()
    problems = [
        {"path": key, "message": "is not a field of this page"}
        for key in values
        if key not in fields
    ]
    clean: dict[str, Any] = {}
    for field_id, component in fields.items():
        if component.readonly or component.disabled:
            continue  # not the viewer's to set
        value, problem = check_field(component, values.get(field_id), hidden=field_id in hidden)
        if problem is not None:
            problems.append({"path": field_id, "message": problem})
        else:
            clean[field_id] = value
    return clean, problems

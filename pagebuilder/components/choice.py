"""Choice fields of the Basic family: Radio, Checkbox, Select.

Their options are the component's ``options`` (static items, or a data source / action the
browser fills them from). With static options a submitted value must be one of them (text
that reads as an option's value is taken as that value: native forms send text).
"""

from __future__ import annotations

from typing import Any, Literal

from pagebuilder.components.base import Family, FieldAttrs, Invalid, register
from pagebuilder.components.common import ChoiceField, choose, choose_many

FOCUS_EVENTS = ("onChange", "onFocus", "onBlur")


class RadioAttrs(FieldAttrs):
    layout: Literal["block", "inline"] = "inline"


@register
class Radio(ChoiceField):
    type = "radio"
    grouped = True
    label = "Radio"
    family = Family.BASIC
    Attributes = RadioAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None or value == "":
            return None
        return choose(component, value)


class CheckboxAttrs(FieldAttrs):
    layout: Literal["block", "inline"] = "inline"
    default_value: list[Any] | None = None


@register
class Checkbox(ChoiceField):
    type = "checkbox"
    grouped = True
    label = "Checkbox"
    family = Family.BASIC
    Attributes = CheckboxAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        return choose_many(component, value)


class SelectAttrs(FieldAttrs):
    multiple: bool = False
    #: "Searchable".
    filterable: bool = False


@register
class Select(ChoiceField):
    type = "select"
    label = "Select"
    family = Family.BASIC
    Attributes = SelectAttrs
    events = FOCUS_EVENTS

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if attrs.multiple:
            return choose_many(component, value)
        if value is None or value == "":
            return None
        if isinstance(value, list):
            raise Invalid("pick one option")
        return choose(component, value)

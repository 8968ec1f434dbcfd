"""Basic fields and simple display components: Input, Button..."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from pagebuilder.components.base import (
    Attrs,
    ComponentType,
    Family,
    FieldAttrs,
    FieldType,
    Invalid,
    register,
)

FOCUS_EVENTS = ("onChange", "onFocus", "onBlur")


class InputAttrs(FieldAttrs):
    max_length: int | None = Field(None, ge=1, le=1_000_000)
    show_password: bool = False
    show_word_count: bool = False
    default_value: str | None = None


@register
class Input(FieldType):
    type = "input"
    label = "Input"
    family = Family.BASIC
    Attributes = InputAttrs
    events = FOCUS_EVENTS

    def coerce(self, attrs: Any, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise Invalid("must be text")
        text = str(value)
        if attrs.max_length is not None and len(text) > attrs.max_length:
            raise Invalid(f"at most {attrs.max_length} characters")
        return text


class ButtonAttrs(Attrs):
    size: Literal["large", "default", "small"] = "default"
    kind: Literal["default", "primary", "success", "warning", "danger", "info", "text", "link"] = (
        "default"
    )
    shape: Literal["plain", "round", "circle", "normal"] = "normal"
    #: ``submit`` sends the form (to the page's submit target); ``button`` only runs onClick.
    role: Literal["button", "submit", "reset"] = "button"


@register
class Button(ComponentType):
    type = "button"
    label = "Button"
    family = Family.BASIC
    Attributes = ButtonAttrs
    events = ("onClick",)

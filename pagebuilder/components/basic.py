"""Basic fields: Input, Text Area, Number, Switch, Slider, Rate, Color; and the Button."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from pagebuilder.components.base import (
    Attrs,
    ComponentType,
    Family,
    FieldAttrs,
    FieldType,
    Invalid,
    register,
)
from pagebuilder.components.common import check_number, check_text

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

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        return check_text(value, attrs.max_length)


class TextareaAttrs(FieldAttrs):
    max_length: int | None = Field(None, ge=1, le=1_000_000)
    rows: int = Field(3, ge=1, le=100)
    autosize: bool = False
    show_word_count: bool = False
    default_value: str | None = None


@register
class Textarea(FieldType):
    type = "textarea"
    label = "Text Area"
    family = Family.BASIC
    Attributes = TextareaAttrs
    events = FOCUS_EVENTS

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        return check_text(value, attrs.max_length)


class NumberAttrs(FieldAttrs):
    min: int | float | None = None
    max: int | float | None = None
    step: int | float = Field(1, gt=0)
    precision: int | None = Field(None, ge=0, le=15)
    #: The +/- buttons, and where they sit.
    controls: bool = True
    controls_position: Literal["both", "right"] = "both"
    default_value: int | float | None = None

    @model_validator(mode="after")
    def _range(self) -> NumberAttrs:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


@register
class Number(FieldType):
    type = "number"
    label = "Number"
    family = Family.BASIC
    Attributes = NumberAttrs
    events = FOCUS_EVENTS

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None:
            return None
        number = check_number(
            value,
            minimum=attrs.min,
            maximum=attrs.max,
            step=attrs.step,
            precision=attrs.precision,
        )
        if attrs.precision:
            return float(number)
        return number


class SwitchAttrs(FieldAttrs):
    active_text: str = ""
    inactive_text: str = ""
    default_value: bool = False


_TRUE = {"true", "on", "1", "yes"}
_FALSE = {"false", "off", "0", "no", ""}


@register
class Switch(FieldType):
    type = "switch"
    label = "Switch"
    family = Family.BASIC
    Attributes = SwitchAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise Invalid("must be on or off")


class SliderAttrs(FieldAttrs):
    min: int | float = 0
    max: int | float = 100
    step: int | float = Field(1, gt=0)
    #: Show a number box beside the slider.
    show_input: bool = False
    show_stops: bool = False
    #: Two handles: the value is ``[low, high]``.
    range: bool = False
    default_value: int | float | list[int | float] | None = None

    @model_validator(mode="after")
    def _range(self) -> SliderAttrs:
        if self.min > self.max:
            raise ValueError("min is greater than max")
        return self


@register
class Slider(FieldType):
    type = "slider"
    label = "Slider"
    family = Family.BASIC
    Attributes = SliderAttrs
    events = ("onChange",)

    def _one(self, attrs: Any, value: Any) -> int | float:
        return check_number(value, minimum=attrs.min, maximum=attrs.max, step=attrs.step)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None:
            return None
        if attrs.range:
            if not isinstance(value, list) or len(value) != 2:
                raise Invalid("must be two numbers, low and high")
            low, high = (self._one(attrs, v) for v in value)
            if low > high:
                raise Invalid("the low end is above the high end")
            return [low, high]
        return self._one(attrs, value)

    def ends(self, attrs: Any, value: Any) -> tuple[float, float]:
        """The two handles' positions (for the template)."""
        if isinstance(value, list) and len(value) == 2:
            return value[0], value[1]
        return attrs.min, attrs.max


class RateAttrs(FieldAttrs):
    max: int = Field(5, ge=1, le=10)
    allow_half: bool = False
    show_score: bool = False
    default_value: int | float | None = None


@register
class Rate(FieldType):
    type = "rate"
    grouped = True
    label = "Rate"
    family = Family.BASIC
    Attributes = RateAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None:
            return None
        step = 0.5 if attrs.allow_half else 1
        return check_number(value, minimum=0, maximum=attrs.max, step=step)

    def choices(self, attrs: Any) -> list[int | float]:
        """The ratings one can pick (for the template)."""
        if attrs.allow_half:
            return [n // 2 if n % 2 == 0 else n / 2 for n in range(1, attrs.max * 2 + 1)]
        return list(range(1, attrs.max + 1))


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FUNC = re.compile(
    r"^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*(0|1|0?\.\d+|1\.0+)\s*)?\)$"
)


def parse_color(value: str, alpha: bool) -> str:
    """A colour as ``#rrggbb``, ``#rrggbbaa`` or ``rgba(r, g, b, a)`` (normalised)."""
    text = value.strip()
    if _HEX.match(text):
        if len(text) == 9 and not alpha:
            raise ValueError("this colour has no transparency")
        return text.lower()
    match = _FUNC.match(text)
    if match:
        r, g, b = (int(match.group(i)) for i in (1, 2, 3))
        if max(r, g, b) > 255:
            raise ValueError("colour parts are 0 to 255")
        a = match.group(4)
        if a is None:
            return f"#{r:02x}{g:02x}{b:02x}"
        if not alpha:
            raise ValueError("this colour has no transparency")
        return f"rgba({r}, {g}, {b}, {float(a):g})"
    raise ValueError("must be a colour: #rrggbb, #rrggbbaa or rgba(r, g, b, a)")


class ColorAttrs(FieldAttrs):
    #: "Support Transparency": the value may have alpha.
    show_alpha: bool = False
    predefine: list[str] = Field(default_factory=list, max_length=50)
    default_value: str | None = None

    @field_validator("default_value")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        return None if value is None else parse_color(value, alpha=True)

    @field_validator("predefine")
    @classmethod
    def _colors(cls, value: list[str]) -> list[str]:
        return [parse_color(v, alpha=True) for v in value]


@register
class Color(FieldType):
    type = "color"
    label = "Color"
    family = Family.BASIC
    Attributes = ColorAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise Invalid("must be a colour")
        try:
            return parse_color(value, attrs.show_alpha)
        except ValueError as exc:
            raise Invalid(str(exc)) from None

    def hex(self, value: Any) -> str:
        """The ``#rrggbb`` a native colour input can show."""
        if isinstance(value, str) and _HEX.match(value):
            return value[:7]
        if isinstance(value, str) and (match := _FUNC.match(value)):
            r, g, b = (min(int(match.group(i)), 255) for i in (1, 2, 3))
            return f"#{r:02x}{g:02x}{b:02x}"
        return "#000000"


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

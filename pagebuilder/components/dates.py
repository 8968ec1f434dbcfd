"""Date and Time pickers (Basic family).

Values are kept as canonical ISO text, which is what JSON, the dataset columns and the
browser all read: a date ``2026-11-26``, a datetime ``2026-11-26T09:30:00`` (with its offset
when one was given), a month ``2026-11``, a week ``2026-W48``, a year ``2026``, a time
``09:30:00``; ranges are ``[start, end]`` and ``dates`` is a sorted list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, Literal

from pydantic import Field

from pagebuilder.components.base import Family, FieldAttrs, FieldType, Invalid, register

FOCUS_EVENTS = ("onChange", "onFocus", "onBlur")

DisplayType = Literal[
    "year", "month", "date", "week", "dates", "datetime", "datetimerange", "daterange", "monthrange"
]


def _date(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError
    return date.fromisoformat(text).isoformat()


def _datetime(text: str) -> str:
    if not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?", text
    ):
        raise ValueError
    moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    return moment.isoformat()


def _month(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}", text):
        raise ValueError
    return date.fromisoformat(f"{text}-01").isoformat()[:7]


def _week(text: str) -> str:
    match = re.fullmatch(r"(\d{4})-?W(\d{2})", text)
    if match is None:
        raise ValueError
    year, week = int(match.group(1)), int(match.group(2))
    date.fromisocalendar(year, week, 1)
    return f"{year:04d}-W{week:02d}"


def _year(text: str) -> str:
    if not re.fullmatch(r"\d{4}", text) or text == "0000":
        raise ValueError
    return text


_PARSERS: dict[str, tuple[Callable[[str], str], str]] = {
    "date": (_date, "a date (YYYY-MM-DD)"),
    "datetime": (_datetime, "a date and time (YYYY-MM-DDTHH:mm:ss)"),
    "month": (_month, "a month (YYYY-MM)"),
    "week": (_week, "a week (YYYY-Www)"),
    "year": (_year, "a year (YYYY)"),
}
#: A multi-value display type -> the single kind each item is.
_ITEMS = {
    "daterange": "date",
    "datetimerange": "datetime",
    "monthrange": "month",
    "dates": "date",
}
#: Display type -> the native input that shows it.
INPUT_TYPES = {
    "date": "date",
    "daterange": "date",
    "dates": "text",
    "datetime": "datetime-local",
    "datetimerange": "datetime-local",
    "month": "month",
    "monthrange": "month",
    "week": "week",
    "year": "number",
}


def _one(kind: str, value: Any) -> str:
    parser, described = _PARSERS[kind]
    if kind == "year" and isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    if not isinstance(value, str):
        raise Invalid(f"must be {described}")
    try:
        return parser(value.strip())
    except ValueError:
        raise Invalid(f"must be {described}") from None


def _ordered(start: str, end: str, kind: str) -> None:
    if kind == "datetime":
        a, b = datetime.fromisoformat(start), datetime.fromisoformat(end)
        if (a.tzinfo is None) != (b.tzinfo is None):
            raise Invalid("give both ends with a time zone, or neither")
        if a > b:
            raise Invalid("the start is after the end")
    elif start > end:
        raise Invalid("the start is after the end")


class DateAttrs(FieldAttrs):
    display_type: DisplayType = "date"
    #: How the picker shows the value (the stored value is always ISO).
    format: str = Field("YYYY-MM-DD", max_length=40)
    editable: bool = True
    default_value: str | list[str] | None = None


@register
class Date(FieldType):
    type = "date"
    label = "Date"
    family = Family.BASIC
    Attributes = DateAttrs
    events = FOCUS_EVENTS

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None or value == "":
            return None
        display = attrs.display_type
        if display in _PARSERS:
            return _one(display, value)
        item = _ITEMS[display]
        if not isinstance(value, list):
            raise Invalid("must be a list of dates")
        items = [_one(item, v) for v in value]
        if display == "dates":
            return sorted(set(items))
        if len(items) != 2:
            raise Invalid("must be two values: the start and the end")
        _ordered(items[0], items[1], item)
        return items

    def input_type(self, attrs: Any) -> str:
        return INPUT_TYPES[attrs.display_type]

    def is_range(self, attrs: Any) -> bool:
        return attrs.display_type.endswith("range")

    def input_value(self, attrs: Any, value: Any) -> str:
        """``value`` as a native input's ``value`` (datetime-local has no offset)."""
        if value is None:
            return ""
        if isinstance(value, list):
            return ",".join(str(v) for v in value)
        text = str(value)
        if attrs.display_type.startswith("datetime"):
            return text[:19]
        return text

    def ends(self, value: Any) -> tuple[Any, Any]:
        if isinstance(value, list) and len(value) == 2:
            return value[0], value[1]
        return None, None


def _time(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", value.strip()):
        raise Invalid("must be a time (HH:mm:ss)")
    try:
        return time.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise Invalid("must be a time (HH:mm:ss)") from None


class TimeAttrs(FieldAttrs):
    #: "Range Time": the value is ``[start, end]``.
    is_range: bool = False
    format: str = Field("HH:mm:ss", max_length=40)
    editable: bool = True
    default_value: str | list[str] | None = None


@register
class Time(FieldType):
    type = "time"
    label = "Time"
    family = Family.BASIC
    Attributes = TimeAttrs
    events = FOCUS_EVENTS

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None or value == "":
            return None
        if not attrs.is_range:
            return _time(value)
        if not isinstance(value, list) or len(value) != 2:
            raise Invalid("must be two times: the start and the end")
        start, end = _time(value[0]), _time(value[1])
        if start > end:
            raise Invalid("the start is after the end")
        return [start, end]

    def ends(self, value: Any) -> tuple[Any, Any]:
        if isinstance(value, list) and len(value) == 2:
            return value[0], value[1]
        return None, None

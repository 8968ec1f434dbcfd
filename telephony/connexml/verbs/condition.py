"""``<Condition>``: run the children only when every given test matches (FreeSWITCH-style
time conditions, and ``field``/``expression`` on a variable).

Values are checked here and kept as strings; ``telephony.connexml.conditions`` evaluates
them. Ranges (``2-6``), lists (``1,3,5-7``) and wrap-around (``10-2``, ``22:00-06:00``) are
accepted. Python names use underscores (``minute_of_day``); both XML spellings parse.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache

from telephony.connexml.nodes import Invalid, Node, Report, Severity, Value, attribute, frozen
from telephony.connexml.verbs import register

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


class Ranges(Value):
    """``N``, ``A-B`` (may wrap around) and comma lists of them, within ``low..high``;
    ``names`` (1-based) may stand for numbers."""

    def __init__(self, low: int, high: int, names: tuple[str, ...] = ()) -> None:
        self.low, self.high = low, high
        self.names = {n: i for i, n in enumerate(names, start=1)}

    def _number(self, text: str) -> int:
        if text.lower() in self.names:
            return self.names[text.lower()]
        if not text.isdigit():
            raise Invalid(f"{text!r} is not a number{' or day name' if self.names else ''}")
        number = int(text)
        if not self.low <= number <= self.high:
            raise Invalid(f"{number} is out of range {self.low}-{self.high}")
        return number

    def convert(self, raw: str) -> str:
        text = raw.replace(" ", "")
        if not text:
            raise Invalid("is empty")
        for block in text.split(","):
            for end in block.split("-", 1):
                self._number(end)
        return text


class DayNames(Value):
    def convert(self, raw: str) -> str:
        text = raw.replace(" ", "").lower()
        for block in text.split(","):
            for end in block.split("-", 1):
                if end not in DAY_NAMES:
                    raise Invalid(f"{end!r} is not one of {', '.join(DAY_NAMES)}")
        return text


_TIME = r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
_TIME_RANGES = re.compile(rf"{_TIME}-{_TIME}(?:,{_TIME}-{_TIME})*")
_STAMP = r"\d{4}-\d{2}-\d{2} " + _TIME
_DATE_TIME = re.compile(rf"{_STAMP}~{_STAMP}")


class TimeRanges(Value):
    def convert(self, raw: str) -> str:
        text = raw.replace(" ", "")
        if not _TIME_RANGES.fullmatch(text):
            raise Invalid(f"{raw!r} is not hh:mm[:ss]-hh:mm[:ss] (comma-separated)")
        return text


class DateTimeRange(Value):
    def convert(self, raw: str) -> str:
        text = " ".join(raw.split())
        if not _DATE_TIME.fullmatch(text):
            raise Invalid(f"{raw!r} is not YYYY-MM-DD hh:mm[:ss]~YYYY-MM-DD hh:mm[:ss]")
        return text


class TimeZone(Value):
    def convert(self, raw: str) -> str:
        text = raw.strip()
        if not _known_zone(text):
            raise Invalid(f"{text!r} is not a known time zone")
        return text


@lru_cache(maxsize=256)
def _known_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


class Pattern(Value):
    def convert(self, raw: str) -> str:
        try:
            re.compile(raw)
        except re.error as exc:
            raise Invalid(f"{raw!r} is not a valid regular expression ({exc})") from None
        return raw


TIME_FIELDS = (
    "year", "yday", "mon", "mday", "week", "mweek", "wday", "weekdays", "hour", "minute",
    "minute_of_day", "time_of_day", "time", "date_time",
)  # fmt: skip


@register
class Condition(Node):
    TAG = "Condition"
    CHILDREN = frozen(
        "Say", "Set", "Enter", "Press", "Dial", "Start", "Connect", "Redirect", "Play", "Gather",
        "Voicemail",
    )  # fmt: skip

    #: A variable name (``gather_result``) or template (``${gather_result}``).
    field: str | None = attribute("field")
    #: A regular expression searched in the field's value (anchor with ^...$).
    expression: str | None = attribute("expression", Pattern())
    year: str | None = attribute("year", Ranges(0, 9999))
    yday: str | None = attribute("yday", Ranges(1, 366))
    mon: str | None = attribute("mon", Ranges(1, 12))
    mday: str | None = attribute("mday", Ranges(1, 31))
    week: str | None = attribute("week", Ranges(1, 53))
    mweek: str | None = attribute("mweek", Ranges(1, 6))
    #: Sunday = 1 ... Saturday = 7 (day names accepted).
    wday: str | None = attribute("wday", Ranges(1, 7, DAY_NAMES))
    weekdays: str | None = attribute("sunmontuewedthufrisat", DayNames())
    hour: str | None = attribute("hour", Ranges(0, 23))
    minute: str | None = attribute("minute", Ranges(0, 59))
    #: Midnight = 1, noon = 720 (FreeSWITCH).
    minute_of_day: str | None = attribute("minute-of-day", Ranges(1, 1440))
    time_of_day: str | None = attribute("time-of-day", TimeRanges())
    time: str | None = attribute("time", TimeRanges())
    date_time: str | None = attribute("date-time", DateTimeRange())
    timezone: str | None = attribute("timezone", TimeZone())

    def check(self, report: Report, parent: str) -> None:
        def given(name: str) -> bool:
            return getattr(self, name) is not None or name in self.templated

        if given("field") != given("expression"):
            report("Condition field and expression go together", Severity.ERROR)
        if not any(given(name) for name in ("field", *TIME_FIELDS)):
            report("Condition has no test, so it always matches", Severity.WARNING)

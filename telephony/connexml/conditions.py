"""``<Condition>``: does a call variable match, and is it the right time, in the right zone?

Every attribute present must match (AND); a Condition with none matches. Compile once with
:func:`compile_condition`, evaluate many times with :meth:`CompiledCondition.matches`; the
parser checks a document statically with :func:`validate_condition`.

::

    TrunklineError
     └── ConditionError    a bad attribute value (attribute, reason); raised by compile_condition,
                           and by matches() when a templated value turns out bad at call time

**field / expression** — ``re.search`` of ``expression`` in the field's value, as FreeSWITCH
does: ``expression="1"`` also matches ``"21"``; anchor with ``^1$`` for equality. ``field`` is
``${name}``, ``{{name}}`` or a bare ``name`` (see
:func:`~telephony.connexml.variables.field_value`); an unset variable is ``""``. Each needs the
other.

**Time attributes** follow FreeSWITCH's dialplan time conditions (``switch_xml.c``,
``switch_utils.c``), evaluated at ``now`` in the ``timezone`` attribute's IANA zone, or the
caller's ``default_tz``:

============================  ==========================================================
year                          0-9999
yday                          day of the year, 1-366
mon                           1-12 (``jan``…``dec`` too)
mday                          1-31
week                          week of the year, 1-53, counted from 1 January in blocks of
                              seven days (FreeSWITCH's ``yday / 7 + 1``; not ISO weeks)
mweek                         week of the month, 1-6; weeks start on Sunday, so the days
                              before the first Sunday are week 1
wday, sunmontuewedthufrisat   1-7 with **Sunday = 1**, or ``sun``…``sat`` (full names too)
hour, minute                  0-23, 0-59
minute-of-day                 1-1440; 00:00 is 1, 01:00 is 61, 12:00 is 721
time-of-day, time             ``hh:mm[:ss]-hh:mm[:ss]``; both ends included, to the second
                              (``09:00-17:00`` ends at 17:00:00)
date-time                     ``YYYY-MM-DD[ hh:mm[:ss]]~YYYY-MM-DD[ hh:mm[:ss]]``; the start
                              is included and the end is not, as in FreeSWITCH
============================  ==========================================================

Values are comma lists of single values and ranges ``a-b`` (ends included). A range whose
start is after its end wraps around: ``mon="10-2"`` is October to February, ``wday="6-2"``
Friday to Monday, ``time-of-day="22:00-06:00"`` the night. ``minute_of_day``, ``time_of_day``
and ``date_time`` are accepted for the hyphenated names.

An attribute other than ``field`` that holds a ``{{var}}``/``${var}`` placeholder is expanded
per call and then compiled (cached); variable values go into ``expression`` unescaped, as in
FreeSWITCH.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runtime.errors import TrunklineError
from telephony.connexml.variables import field_value, has_template, substitute

__all__ = [
    "CONDITION_ATTRIBUTES",
    "CompiledCondition",
    "ConditionError",
    "compile_condition",
    "condition_matches",
    "validate_condition",
]


class ConditionError(TrunklineError):
    """A Condition attribute whose value cannot be used; ``attribute`` names it as written."""

    status_code = 400
    code = "connexml_condition"

    def __init__(self, attribute: str, reason: str) -> None:
        super().__init__(f"{attribute}: {reason}", {"attribute": attribute, "reason": reason})
        self.attribute = attribute
        self.reason = reason


class _Invalid(Exception):
    """A parse failure inside this module; becomes a ConditionError or a validation message."""


# ---------------------------------------------------------------------------------------------
# The clock: what each time attribute reads from the local wall time.


def _yday(t: datetime) -> int:
    return t.toordinal() - date(t.year, 1, 1).toordinal() + 1


def _wday(t: datetime) -> int:
    return t.isoweekday() % 7 + 1  # isoweekday: Monday=1 … Sunday=7 → Sunday=1 … Saturday=7


def _mweek(t: datetime) -> int:
    first_dow = (t.isoweekday() % 7 - (t.day - 1)) % 7  # weekday of the 1st, Sunday=0
    return (t.day + first_dow + 6) // 7


_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DAY_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("sun", "sunday"),
            ("mon", "monday"),
            ("tue", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
        ),
        start=1,
    )
    for name in names
}


class _Number:
    """One kind of numeric attribute: its range, the names it accepts, how to read the clock."""

    def __init__(
        self,
        low: int,
        high: int,
        read: Callable[[datetime], int],
        names: Mapping[str, int] | None = None,
        what: str = "a number",
    ) -> None:
        self.low, self.high, self.read, self.names, self.what = low, high, read, names, what


_NUMBERS: dict[str, _Number] = {
    "year": _Number(0, 9999, lambda t: t.year),
    "yday": _Number(1, 366, _yday),
    "mon": _Number(1, 12, lambda t: t.month, _MONTH_NAMES, "a month (1-12 or jan-dec)"),
    "mday": _Number(1, 31, lambda t: t.day),
    "week": _Number(1, 53, lambda t: (_yday(t) - 1) // 7 + 1),
    "mweek": _Number(1, 6, _mweek),
    "wday": _Number(1, 7, _wday, _DAY_NAMES, "a weekday (1-7, Sunday=1, or sun-sat)"),
    "hour": _Number(0, 23, lambda t: t.hour),
    "minute": _Number(0, 59, lambda t: t.minute),
    "minute-of-day": _Number(1, 1440, lambda t: t.hour * 60 + t.minute + 1),
}
_NUMBERS["sunmontuewedthufrisat"] = _NUMBERS["wday"]

_ALIASES = {
    "minute_of_day": "minute-of-day",
    "time_of_day": "time-of-day",
    "time": "time-of-day",
    "date_time": "date-time",
}

#: Every attribute name a ``<Condition>`` accepts, in each accepted spelling.
CONDITION_ATTRIBUTES = frozenset(
    {"field", "expression", "timezone", "time-of-day", "date-time", *_NUMBERS, *_ALIASES}
)


# ---------------------------------------------------------------------------------------------
# Tests: one small class per kind of attribute, each answering for a local wall time.


class _NumberTest:
    # Ranges, not a set of values: a year="0-9999" in a user's document stays two integers.
    __slots__ = ("ranges", "read")

    def __init__(self, kind: _Number, value: str) -> None:
        self.read = kind.read
        ranges: list[tuple[int, int]] = []
        for low, high in _parse_number_list(kind, value):
            if low <= high:
                ranges.append((low, high))
            else:  # wrap-around: low … top of the scale, bottom of the scale … high
                ranges += [(low, kind.high), (kind.low, high)]
        self.ranges = tuple(ranges)

    def __call__(self, local: datetime, now: datetime) -> bool:
        value = self.read(local)
        return any(low <= value <= high for low, high in self.ranges)


class _TimeOfDayTest:
    __slots__ = ("ranges",)

    def __init__(self, value: str) -> None:
        self.ranges = tuple(_parse_time_ranges(value))

    def __call__(self, local: datetime, now: datetime) -> bool:
        second = local.hour * 3600 + local.minute * 60 + local.second
        for start, end in self.ranges:
            if start <= end:
                if start <= second <= end:
                    return True
            elif second >= start or second <= end:
                return True
        return False


class _DateTimeTest:
    """Wall-clock bounds, turned into instants once per zone they are evaluated in."""

    __slots__ = ("by_zone", "ranges")

    def __init__(self, value: str) -> None:
        self.ranges = tuple(_parse_date_time_ranges(value))
        self.by_zone: dict[tzinfo, tuple[tuple[datetime, datetime], ...]] = {}

    def __call__(self, local: datetime, now: datetime) -> bool:
        zone = local.tzinfo
        assert zone is not None
        instants = self.by_zone.get(zone)
        if instants is None:
            instants = tuple(
                (
                    start.replace(tzinfo=zone).astimezone(UTC),
                    end.replace(tzinfo=zone).astimezone(UTC),
                )
                for start, end in self.ranges
            )
            self.by_zone[zone] = instants
        return any(start <= now < end for start, end in instants)


_ClockTest = _NumberTest | _TimeOfDayTest | _DateTimeTest


# ---------------------------------------------------------------------------------------------
# Parsing values.

_RANGE_ITEM = re.compile(r"\s*([A-Za-z0-9]+)\s*(?:-\s*([A-Za-z0-9]+)\s*)?")
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_TIME_RANGE = re.compile(r"\s*" + _TIME + r"\s*-\s*" + _TIME + r"\s*")
_DATE_TIME = r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_DATE_TIME_RANGE = re.compile(r"\s*" + _DATE_TIME + r"\s*~\s*" + _DATE_TIME + r"\s*")


def _parse_number_list(kind: _Number, value: str) -> list[tuple[int, int]]:
    if not value.strip():
        raise _Invalid("is empty")
    ranges = []
    for item in value.split(","):
        match = _RANGE_ITEM.fullmatch(item)
        if match is None:
            raise _Invalid(f"{item.strip()!r} is not {kind.what} or a range a-b")
        low = _number(kind, match.group(1))
        high = low if match.group(2) is None else _number(kind, match.group(2))
        ranges.append((low, high))
    return ranges


def _number(kind: _Number, token: str) -> int:
    if token.isdigit() and token.isascii():
        number = int(token)
    elif kind.names is not None and token.lower() in kind.names:
        return kind.names[token.lower()]
    else:
        raise _Invalid(f"{token!r} is not {kind.what}")
    if not kind.low <= number <= kind.high:
        raise _Invalid(f"{number} is outside {kind.low}-{kind.high}")
    return number


def _seconds(hours: str, minutes: str, seconds: str | None) -> int:
    h, m, s = int(hours), int(minutes), int(seconds or 0)
    if m > 59 or s > 59 or h > 24 or (h == 24 and (m or s)):
        raise _Invalid(f"{hours}:{minutes}{':' + seconds if seconds else ''} is not a time of day")
    return h * 3600 + m * 60 + s


def _parse_time_ranges(value: str) -> list[tuple[int, int]]:
    if not value.strip():
        raise _Invalid("is empty")
    ranges = []
    for item in value.split(","):
        match = _TIME_RANGE.fullmatch(item)
        if match is None:
            raise _Invalid(f"{item.strip()!r} is not a time range hh:mm[:ss]-hh:mm[:ss]")
        parts = match.groups()
        ranges.append((_seconds(*parts[:3]), _seconds(*parts[3:])))
    return ranges


def _parse_date_time_ranges(value: str) -> list[tuple[datetime, datetime]]:
    if not value.strip():
        raise _Invalid("is empty")
    ranges = []
    for item in value.split(","):
        match = _DATE_TIME_RANGE.fullmatch(item)
        if match is None:
            raise _Invalid(
                f"{item.strip()!r} is not a range YYYY-MM-DD hh:mm[:ss]~YYYY-MM-DD hh:mm[:ss]"
            )
        parts = [int(part) if part else 0 for part in match.groups()]
        try:
            start = datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
            end = datetime(parts[6], parts[7], parts[8], parts[9], parts[10], parts[11])
        except ValueError as exc:
            raise _Invalid(f"{item.strip()!r}: {exc}") from exc
        if start >= end:
            raise _Invalid(f"{item.strip()!r}: the end must be after the start")
        ranges.append((start, end))
    return ranges


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _Invalid(f"unknown time zone {name!r}") from exc


def _compile_regex(expression: str) -> re.Pattern[str]:
    try:
        return re.compile(expression)
    except re.error as exc:
        raise _Invalid(f"invalid regular expression: {exc}") from exc


def _clock_test(canonical: str, value: str) -> _ClockTest:
    if canonical == "time-of-day":
        return _TimeOfDayTest(value)
    if canonical == "date-time":
        return _DateTimeTest(value)
    return _NumberTest(_NUMBERS[canonical], value)


# ---------------------------------------------------------------------------------------------
# The compiled condition.


class CompiledCondition:
    """A Condition's attributes, parsed once; :meth:`matches` evaluates them for one moment."""

    __slots__ = ("clock_tests", "dynamic", "field", "pattern", "timezone")

    def __init__(
        self,
        field: str | None = None,
        pattern: re.Pattern[str] | None = None,
        timezone: ZoneInfo | None = None,
        clock_tests: tuple[_ClockTest, ...] = (),
        dynamic: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.field = field
        self.pattern = pattern
        self.timezone = timezone
        self.clock_tests = clock_tests
        self.dynamic = dynamic  # attributes with placeholders: compiled per call, after expansion

    def matches(self, variables: Mapping[str, str], now: datetime, default_tz: str = "UTC") -> bool:
        """Whether every attribute holds at ``now`` (timezone-aware) for these variables.

        ``default_tz`` is the IANA zone for a Condition without ``timezone``.
        """
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if self.dynamic:
            expanded = tuple(
                (name, value if name == "field" else substitute(value, variables))
                for name, value in self.dynamic
            )
            return _compile_expanded(expanded).matches(variables, now, default_tz)
        if (
            self.pattern is not None
            and self.field is not None
            and self.pattern.search(field_value(self.field, variables)) is None
        ):
            return False
        if self.clock_tests:
            zone = self.timezone
            if zone is None:
                try:
                    zone = _zone(default_tz)
                except _Invalid as exc:
                    raise ConditionError("timezone", str(exc)) from None
            local = now.astimezone(zone)
            for test in self.clock_tests:
                if not test(local, now):
                    return False
        return True


def _compile(attrs: Mapping[str, str]) -> CompiledCondition:
    """Compile attributes without placeholders; raises ConditionError on the first bad one."""
    field: str | None = None
    expression: str | None = None
    pattern: re.Pattern[str] | None = None
    zone: ZoneInfo | None = None
    tests: list[_ClockTest] = []
    for name, value in attrs.items():
        try:
            if name == "field":
                field = value
            elif name == "expression":
                expression = value
                pattern = _compile_regex(value)
            elif name == "timezone":
                zone = _zone(value)
            elif name in CONDITION_ATTRIBUTES:
                tests.append(_clock_test(_ALIASES.get(name, name), value))
            else:
                raise _Invalid("is not a Condition attribute")
        except _Invalid as exc:
            raise ConditionError(name, str(exc)) from None
    if field is not None and expression is None:
        raise ConditionError("field", "needs an expression attribute to match against")
    if expression is not None and field is None:
        raise ConditionError("expression", "needs a field attribute naming the variable")
    return CompiledCondition(field, pattern, zone, tuple(tests))


@lru_cache(maxsize=256)
def _compile_expanded(items: tuple[tuple[str, str], ...]) -> CompiledCondition:
    return _compile(dict(items))


def compile_condition(attrs: Mapping[str, str]) -> CompiledCondition:
    """Parse a Condition's attributes once; raises :class:`ConditionError` on a bad value.

    >>> from datetime import datetime, UTC
    >>> at = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)  # a Monday
    >>> compile_condition({"wday": "mon-fri", "time-of-day": "09:00-17:00"}).matches({}, at)
    True
    """
    if any(name != "field" and has_template(value) for name, value in attrs.items()):
        for name in attrs:
            if name not in CONDITION_ATTRIBUTES:
                raise ConditionError(name, "is not a Condition attribute")
        return CompiledCondition(dynamic=tuple(attrs.items()))
    return _compile(attrs)


def condition_matches(
    attrs: Mapping[str, str],
    variables: Mapping[str, str],
    now: datetime,
    default_tz: str = "UTC",
) -> bool:
    """Whether a Condition with ``attrs`` holds; see :func:`compile_condition` to do it often."""
    return _compile_cached(tuple(attrs.items())).matches(variables, now, default_tz)


@lru_cache(maxsize=256)
def _compile_cached(items: tuple[tuple[str, str], ...]) -> CompiledCondition:
    return compile_condition(dict(items))


def validate_condition(attrs: Mapping[str, str]) -> list[tuple[str, str]]:
    """Every problem with a Condition's attributes, as ``(attribute, message)`` pairs.

    Values holding placeholders can only be checked per call and are skipped here.

    >>> validate_condition({"mon": "13", "timezone": "Mars/Olympus"})
    [('mon', '13 is outside 1-12'), ('timezone', "unknown time zone 'Mars/Olympus'")]
    """
    problems = []
    for name, value in attrs.items():
        if name == "field" or (name in CONDITION_ATTRIBUTES and has_template(value)):
            continue
        try:
            _compile({name: value, **_PARTNER.get(name, {})})
        except ConditionError as exc:
            problems.append((name, exc.reason))
    if "field" in attrs and "expression" not in attrs:
        problems.append(("field", "needs an expression attribute to match against"))
    if "expression" in attrs and "field" not in attrs:
        problems.append(("expression", "needs a field attribute naming the variable"))
    return problems


# Checking ``expression`` alone needs a stand-in field, or _compile complains about the pair.
_PARTNER: dict[str, dict[str, str]] = {"expression": {"field": "_"}}

"""Natural-language dates for query parameters: "7 days ago", "yesterday", "last friday".

A parameter value that reads as one of these phrases (or as an ISO 8601 date/time with an
offset) is resolved, in the app's time zone, to a UTC timestamp before it is bound; any
other value is left alone. Phrases:

- ``now``, ``today``, ``yesterday``, ``tomorrow`` (the day ones mean local midnight);
- ``N <unit>s ago`` / ``in N <unit>s`` with units minute, hour, day, week, month, year;
- ``last <weekday>`` / ``next <weekday>`` (the closest one strictly before / after today),
  ``this <weekday>`` (in the current week, Monday first), at local midnight;
- ISO 8601: ``2024-11-30``, ``2024-11-30T08:15:30-05:30`` (naive times are local).

>>> from datetime import datetime, timezone
>>> clock = datetime(2024, 11, 30, 12, 0, tzinfo=timezone.utc)
>>> resolve("yesterday", now=clock).isoformat()
'2024-11-29T00:00:00+00:00'
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS = {
    "minute": "minutes",
    "hour": "hours",
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
}
_RELATIVE = re.compile(
    r"^(?:(?P<n>\d+|an?|one)\s+(?P<unit>minute|hour|day|week|month|year)s?\s+ago|"
    r"in\s+(?P<n2>\d+|an?|one)\s+(?P<unit2>minute|hour|day|week|month|year)s?)$"
)
_WEEKDAY = re.compile(r"^(?P<which>last|next|this)\s+(?P<day>" + "|".join(WEEKDAYS) + r")$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def _count(text: str) -> int:
    return 1 if text in ("a", "an", "one") else int(text)


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def resolve(
    text: str, *, now: datetime | None = None, zone: str | tzinfo = "UTC"
) -> datetime | None:
    """The UTC moment ``text`` names, or ``None`` when it is not a date phrase."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    local_now = (now or datetime.now(UTC)).astimezone(tz)
    phrase = " ".join(str(text).strip().lower().split())
    today = local_now.date()
    if phrase == "now":
        return local_now.astimezone(UTC)
    simple = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if phrase in simple:
        return _midnight(today + timedelta(days=simple[phrase]), tz).astimezone(UTC)
    if match := _RELATIVE.match(phrase):
        ago = match.group("n") is not None
        n = _count(match.group("n") or match.group("n2"))
        unit = match.group("unit") or match.group("unit2")
        sign = -1 if ago else 1
        if unit == "month":
            return _add_months(local_now, sign * n).astimezone(UTC)
        if unit == "year":
            return _add_months(local_now, sign * 12 * n).astimezone(UTC)
        return (local_now + sign * timedelta(**{_UNITS[unit]: n})).astimezone(UTC)
    if match := _WEEKDAY.match(phrase):
        target = WEEKDAYS.index(match.group("day"))
        which = match.group("which")
        if which == "last":
            back = (today.weekday() - target) % 7 or 7
            day = today - timedelta(days=back)
        elif which == "next":
            ahead = (target - today.weekday()) % 7 or 7
            day = today + timedelta(days=ahead)
        else:
            day = today - timedelta(days=today.weekday()) + timedelta(days=target)
        return _midnight(day, tz).astimezone(UTC)
    if _ISO.match(str(text).strip()):
        value = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=tz)
        return value.astimezone(UTC)
    return None


def resolve_vars(
    values: dict[str, Any],
    *,
    now: datetime | None = None,
    zone: str | tzinfo = "UTC",
    dialect: str = "sqlite",
) -> dict[str, Any]:
    """Parameter values with date phrases replaced by timestamps (ISO text on SQLite, where
    timestamps are stored as ISO text; ``datetime`` on PostgreSQL)."""
    resolved: dict[str, Any] = {}
    for name, value in values.items():
        # A plain date ("2024-11-30") stays text: it compares as written with date columns.
        plain_date = isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip())
        moment = (
            resolve(value, now=now, zone=zone)
            if isinstance(value, str) and not plain_date
            else None
        )
        if moment is None:
            resolved[name] = value
        else:
            resolved[name] = moment if dialect == "postgres" else moment.isoformat()
    return resolved

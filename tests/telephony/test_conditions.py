"""``<Condition>`` matching against a fixed clock in several zones (spec §3.4)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from telephony.connexml.conditions import (
    CONDITION_ATTRIBUTES,
    ConditionError,
    compile_condition,
    condition_matches,
    validate_condition,
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# Monday 2 March 2026, 14:30:15 UTC: yday 61, week 9, mweek 1 (1 March is a Sunday),
# wday 2, minute-of-day 871 (14 * 60 + 30 + 1).
MONDAY = utc("2026-03-02 14:30:15")


def case(attrs: dict[str, str], now: datetime, expected: bool, id: str) -> object:
    return pytest.param(attrs, now, expected, id=id)


CLOCK_CASES = [
    # year
    case({"year": "2026"}, MONDAY, True, "year"),
    case({"year": "2025"}, MONDAY, False, "year other"),
    case({"year": "2020-2030"}, MONDAY, True, "year range"),
    case({"year": "2021,2026"}, MONDAY, True, "year list"),
    # yday
    case({"yday": "61"}, MONDAY, True, "yday"),
    case({"yday": "60"}, MONDAY, False, "yday other"),
    case({"yday": "1"}, utc("2026-01-01 00:00"), True, "yday first day"),
    case({"yday": "365"}, utc("2026-12-31 23:59:59"), True, "yday last day"),
    case({"yday": "366"}, utc("2028-12-31 12:00"), True, "yday leap year"),
    case({"yday": "300-10"}, utc("2026-01-05 12:00"), True, "yday wrap"),
    # mon
    case({"mon": "3"}, MONDAY, True, "mon"),
    case({"mon": "4"}, MONDAY, False, "mon other"),
    case({"mon": "1-3"}, MONDAY, True, "mon range end"),
    case({"mon": "3-5"}, MONDAY, True, "mon range start"),
    case({"mon": "4-9"}, MONDAY, False, "mon outside range"),
    case({"mon": "10-2"}, utc("2026-12-15 12:00"), True, "mon wrap december"),
    case({"mon": "10-2"}, utc("2026-01-15 12:00"), True, "mon wrap january"),
    case({"mon": "10-2"}, utc("2026-02-28 12:00"), True, "mon wrap end"),
    case({"mon": "10-2"}, MONDAY, False, "mon wrap outside"),
    case({"mon": "1,3,5"}, MONDAY, True, "mon list"),
    case({"mon": "1,2,4-12"}, MONDAY, False, "mon list without"),
    case({"mon": "mar"}, MONDAY, True, "mon name"),
    case({"mon": "Jan-March"}, MONDAY, True, "mon names range"),
    # mday
    case({"mday": "2"}, MONDAY, True, "mday"),
    case({"mday": "1"}, MONDAY, False, "mday other"),
    case({"mday": "1-2"}, MONDAY, True, "mday range end"),
    case({"mday": "25-5"}, MONDAY, True, "mday wrap"),
    case({"mday": "3-24"}, MONDAY, False, "mday outside"),
    case({"mday": "31"}, utc("2026-08-31 10:00"), True, "mday 31"),
    # week: FreeSWITCH's yday / 7 + 1
    case({"week": "9"}, MONDAY, True, "week"),
    case({"week": "10"}, MONDAY, False, "week other"),
    case({"week": "1"}, utc("2026-01-07 12:00"), True, "week 1 ends on the 7th"),
    case({"week": "2"}, utc("2026-01-08 12:00"), True, "week 2 starts on the 8th"),
    case({"week": "53"}, utc("2026-12-31 12:00"), True, "week 53"),
    case({"week": "52-2"}, utc("2026-12-31 12:00"), True, "week wrap"),
    # mweek: weeks of the month start on Sunday
    case({"mweek": "1"}, MONDAY, True, "mweek"),
    case({"mweek": "1"}, utc("2026-08-01 12:00"), True, "mweek Saturday the 1st"),
    case({"mweek": "2"}, utc("2026-08-02 12:00"), True, "mweek first Sunday"),
    case({"mweek": "5"}, utc("2026-08-29 12:00"), True, "mweek 5"),
    case({"mweek": "6"}, utc("2026-08-30 12:00"), True, "mweek 6 Sunday"),
    case({"mweek": "6"}, utc("2026-08-31 12:00"), True, "mweek 6 Monday"),
    case({"mweek": "2-5"}, utc("2026-08-31 12:00"), False, "mweek outside"),
    # wday: Sunday = 1
    case({"wday": "2"}, MONDAY, True, "wday Monday is 2"),
    case({"wday": "1"}, MONDAY, False, "wday Sunday is 1"),
    case({"wday": "1"}, utc("2026-03-08 12:00"), True, "wday Sunday"),
    case({"wday": "7"}, utc("2026-03-07 12:00"), True, "wday Saturday"),
    case({"wday": "2-6"}, MONDAY, True, "wday weekdays"),
    case({"wday": "2-6"}, utc("2026-03-07 12:00"), False, "wday weekdays Saturday"),
    case({"wday": "6-2"}, MONDAY, True, "wday wrap end"),
    case({"wday": "6-2"}, utc("2026-03-08 12:00"), True, "wday wrap Sunday"),
    case({"wday": "6-2"}, utc("2026-03-04 12:00"), False, "wday wrap Wednesday"),
    case({"wday": "1,7"}, utc("2026-03-07 12:00"), True, "wday list"),
    case({"wday": "mon-fri"}, MONDAY, True, "wday names"),
    case({"wday": "mon-fri"}, utc("2026-03-08 12:00"), False, "wday names Sunday"),
    case({"wday": "sat-mon"}, utc("2026-03-08 12:00"), True, "wday names wrap"),
    case({"wday": "Sun,Saturday"}, utc("2026-03-07 12:00"), True, "wday full names"),
    case({"wday": "mon,3-4"}, MONDAY, True, "wday mixed"),
    case({"sunmontuewedthufrisat": "mon,tue"}, MONDAY, True, "weekday names attribute"),
    case({"sunmontuewedthufrisat": "sat,sun"}, MONDAY, False, "weekday names weekend"),
    case({"sunmontuewedthufrisat": "2"}, MONDAY, True, "weekday names attribute number"),
    # hour and minute
    case({"hour": "14"}, MONDAY, True, "hour"),
    case({"hour": "9-14"}, MONDAY, True, "hour range end"),
    case({"hour": "15-17"}, MONDAY, False, "hour outside"),
    case({"hour": "22-6"}, utc("2026-03-02 23:10"), True, "hour wrap late"),
    case({"hour": "22-6"}, utc("2026-03-02 06:59"), True, "hour wrap early"),
    case({"hour": "22-6"}, utc("2026-03-02 07:00"), False, "hour wrap day"),
    case({"hour": "0"}, utc("2026-03-02 00:00"), True, "hour zero"),
    case({"minute": "30"}, MONDAY, True, "minute"),
    case({"minute": "0-29"}, MONDAY, False, "minute outside"),
    case({"minute": "0,15,30,45"}, MONDAY, True, "minute list"),
    # minute-of-day: midnight = 1
    case({"minute-of-day": "871"}, MONDAY, True, "minute-of-day"),
    case({"minute-of-day": "870"}, MONDAY, False, "minute-of-day off by one"),
    case({"minute-of-day": "1"}, utc("2026-03-02 00:00:59"), True, "minute-of-day midnight"),
    case({"minute-of-day": "61"}, utc("2026-03-02 01:00"), True, "minute-of-day 1am"),
    case({"minute-of-day": "721"}, utc("2026-03-02 12:00"), True, "minute-of-day noon"),
    case({"minute-of-day": "1440"}, utc("2026-03-02 23:59:30"), True, "minute-of-day last"),
    case({"minute-of-day": "541-1020"}, MONDAY, True, "minute-of-day range"),
    case({"minute-of-day": "1321-360"}, utc("2026-03-02 03:00"), True, "minute-of-day wrap"),
    case({"minute_of_day": "871"}, MONDAY, True, "minute_of_day spelling"),
    # time-of-day, both ends included to the second
    case({"time-of-day": "09:00-17:00"}, MONDAY, True, "time-of-day"),
    case({"time-of-day": "09:00-14:30"}, MONDAY, False, "time-of-day ended"),
    case({"time-of-day": "09:00-14:30:15"}, MONDAY, True, "time-of-day end included"),
    case({"time-of-day": "14:30:15-15:00"}, MONDAY, True, "time-of-day start included"),
    case({"time-of-day": "14:30:16-15:00"}, MONDAY, False, "time-of-day not yet"),
    case({"time-of-day": "9:00-17:00"}, MONDAY, True, "time-of-day one-digit hour"),
    case({"time-of-day": "22:00-06:00"}, utc("2026-03-02 23:30"), True, "time-of-day wrap night"),
    case({"time-of-day": "22:00-06:00"}, utc("2026-03-02 05:59"), True, "time-of-day wrap morning"),
    case({"time-of-day": "22:00-06:00"}, MONDAY, False, "time-of-day wrap day"),
    case(
        {"time-of-day": "17:00:00-07:00:00"},
        utc("2026-03-02 07:00:00"),
        True,
        "time-of-day wrap end with seconds",
    ),
    case(
        {"time-of-day": "17:00:00-07:00:00"},
        utc("2026-03-02 07:00:01"),
        False,
        "time-of-day wrap after end",
    ),
    case({"time-of-day": "09:00-12:00,14:00-17:00"}, MONDAY, True, "time-of-day list second block"),
    case(
        {"time-of-day": "09:00-12:00,14:00-17:00"},
        utc("2026-03-02 13:00"),
        False,
        "time-of-day list lunch",
    ),
    case({"time-of-day": "18:00-24:00"}, utc("2026-03-02 23:59:59"), True, "time-of-day to 24:00"),
    case({"time_of_day": "09:00-17:00"}, MONDAY, True, "time_of_day spelling"),
    case({"time": "09:00-12:00, 14:00-17:00"}, MONDAY, True, "time list"),
    case({"time": "22:00-06:00"}, MONDAY, False, "time wrap"),
    # date-time: start included, end not (FreeSWITCH)
    case(
        {"date-time": "2026-03-01 00:00~2026-03-03 00:00"},
        MONDAY,
        True,
        "date-time",
    ),
    case(
        {"date-time": "2026-03-02 14:30:15~2026-03-02 15:00"},
        MONDAY,
        True,
        "date-time start included",
    ),
    case(
        {"date-time": "2026-03-02 14:00~2026-03-02 14:30:15"},
        MONDAY,
        False,
        "date-time end excluded",
    ),
    case(
        {"date-time": "2025-12-24 00:00~2025-12-27 00:00,2026-03-02 00:00~2026-03-03 00:00"},
        MONDAY,
        True,
        "date-time list",
    ),
    case({"date-time": "2026-03-02~2026-03-03"}, MONDAY, True, "date-time dates only"),
    case(
        {"date_time": "2026-03-02 14:00:00~2026-03-02 14:31:00"},
        MONDAY,
        True,
        "date_time spelling",
    ),
    case({"date-time": "2026-04-01 00:00~2026-05-01 00:00"}, MONDAY, False, "date-time outside"),
]


@pytest.mark.parametrize(("attrs", "now", "expected"), CLOCK_CASES)
def test_clock_attributes_in_utc(attrs: dict[str, str], now: datetime, expected: bool) -> None:
    assert compile_condition(attrs).matches({}, now) is expected
    assert condition_matches(attrs, {}, now) is expected


ZONE_CASES = [
    # America/New_York, across the spring-forward of Sunday 8 March 2026 (EST -5 → EDT -4)
    case(
        {"time-of-day": "09:00-10:00", "timezone": "America/New_York"},
        utc("2026-03-07 14:30"),
        True,
        "New York 09:30 EST",
    ),
    case(
        {"time-of-day": "09:00-10:00", "timezone": "America/New_York"},
        utc("2026-03-09 14:30"),
        False,
        "New York 10:30 EDT, same UTC time",
    ),
    case(
        {"hour": "1", "timezone": "America/New_York"},
        utc("2026-03-08 06:59"),
        True,
        "New York 01:59 before the change",
    ),
    case(
        {"hour": "3", "minute": "0", "timezone": "America/New_York"},
        utc("2026-03-08 07:00"),
        True,
        "New York 03:00 straight after",
    ),
    case(
        {"hour": "2", "timezone": "America/New_York"},
        utc("2026-03-08 07:00"),
        False,
        "New York has no 02:00 that night",
    ),
    # the fall-back of Sunday 1 November 2026: 01:30 happens twice
    case(
        {"hour": "1", "timezone": "America/New_York"},
        utc("2026-11-01 05:30"),
        True,
        "New York first 01:30 (EDT)",
    ),
    case(
        {"hour": "1", "timezone": "America/New_York"},
        utc("2026-11-01 06:30"),
        True,
        "New York second 01:30 (EST)",
    ),
    case(
        {"date-time": "2026-11-01 01:00~2026-11-01 01:45", "timezone": "America/New_York"},
        utc("2026-11-01 05:30"),
        True,
        "New York date-time read as the first 01:00",
    ),
    case(
        {"wday": "1", "time-of-day": "17:00:00-07:00:00", "timezone": "America/New_York"},
        utc("2026-03-08 03:00"),
        False,
        "New York late Saturday is not Sunday yet",
    ),
    case(
        {"wday": "7", "time-of-day": "17:00:00-07:00:00", "timezone": "America/New_York"},
        utc("2026-03-08 03:00"),
        True,
        "New York 22:00 Saturday",
    ),
    # Asia/Kolkata, +05:30: 18:45 UTC Monday is 00:15 Tuesday
    case(
        {"wday": "3", "mday": "3", "timezone": "Asia/Kolkata"},
        utc("2026-03-02 18:45"),
        True,
        "Kolkata already Tuesday",
    ),
    case(
        {"minute-of-day": "16", "timezone": "Asia/Kolkata"},
        utc("2026-03-02 18:45"),
        True,
        "Kolkata minute-of-day",
    ),
    case(
        {"time-of-day": "20:00-20:00:59", "timezone": "Asia/Kolkata"},
        MONDAY,
        True,
        "Kolkata half-hour offset",
    ),
    case({"hour": "14", "timezone": "Asia/Kolkata"}, MONDAY, False, "Kolkata not UTC"),
    # Australia/Sydney, +11 in summer: already next year
    case(
        {
            "year": "2027",
            "yday": "1",
            "mon": "1",
            "mday": "1",
            "week": "1",
            "mweek": "1",
            "wday": "fri",
            "hour": "0",
            "minute": "30",
            "timezone": "Australia/Sydney",
        },
        utc("2026-12-31 13:30"),
        True,
        "Sydney New Year",
    ),
    case(
        {"year": "2026", "timezone": "Australia/Sydney"},
        utc("2026-12-31 13:30"),
        False,
        "Sydney not 2026 any more",
    ),
    case(
        {"date-time": "2027-01-01 00:00~2027-01-01 01:00", "timezone": "Australia/Sydney"},
        utc("2026-12-31 13:30"),
        True,
        "Sydney date-time in local time",
    ),
    case(
        {"date-time": "2027-01-01 00:00~2027-01-01 01:00"},
        utc("2026-12-31 13:30"),
        False,
        "date-time in UTC when no zone",
    ),
]


@pytest.mark.parametrize(("attrs", "now", "expected"), ZONE_CASES)
def test_clock_attributes_in_time_zones(
    attrs: dict[str, str], now: datetime, expected: bool
) -> None:
    assert compile_condition(attrs).matches({}, now) is expected


def test_now_in_any_zone_is_the_same_instant() -> None:
    condition = compile_condition({"time-of-day": "09:00-10:00", "timezone": "America/New_York"})
    now = utc("2026-03-07 14:30")
    assert condition.matches({}, now.astimezone(condition.timezone)) is True
    assert condition.matches({}, now) is True


@pytest.mark.parametrize(
    ("default_tz", "expected"),
    [("UTC", False), ("America/New_York", True), ("Asia/Kolkata", False)],
)
def test_default_zone_applies_without_timezone_attribute(default_tz: str, expected: bool) -> None:
    condition = compile_condition({"hour": "9"})
    assert condition.matches({}, utc("2026-03-07 14:30"), default_tz) is expected


def test_timezone_attribute_wins_over_default() -> None:
    condition = compile_condition({"hour": "14", "timezone": "UTC"})
    assert condition.matches({}, MONDAY, "Asia/Kolkata") is True


def test_same_date_time_condition_in_two_zones() -> None:
    # The compiled bounds are cached per zone; each zone must still get its own instants.
    condition = compile_condition({"date-time": "2026-03-02 09:00~2026-03-02 10:00"})
    now = utc("2026-03-02 14:30")
    assert condition.matches({}, now, "America/New_York") is True
    assert condition.matches({}, now, "UTC") is False
    assert condition.matches({}, now, "America/New_York") is True


CALL = {"gather_result": "21", "empty": "", "Extension": "newsetup_160", "lang": "EN"}

FIELD_CASES = [
    case({"field": "gather_result", "expression": "1"}, MONDAY, True, "search finds 1 in 21"),
    case({"field": "gather_result", "expression": "^1$"}, MONDAY, False, "anchored equality"),
    case({"field": "gather_result", "expression": "^21$"}, MONDAY, True, "anchored match"),
    case({"field": "${gather_result}", "expression": "^21$"}, MONDAY, True, "dollar field"),
    case({"field": "{{gather_result}}", "expression": "^21$"}, MONDAY, True, "braces field"),
    case({"field": "{{ gather_result }}", "expression": "^2"}, MONDAY, True, "spaced braces"),
    case({"field": "gather_result", "expression": "^[12]+$"}, MONDAY, True, "character class"),
    case({"field": "gather_result", "expression": "3"}, MONDAY, False, "no match"),
    case({"field": "nobody", "expression": "^$"}, MONDAY, True, "unset is empty"),
    case({"field": "nobody", "expression": "."}, MONDAY, False, "unset has nothing"),
    case({"field": "empty", "expression": "^$"}, MONDAY, True, "empty value"),
    case({"field": "lang", "expression": "^en$"}, MONDAY, False, "case-sensitive"),
    case({"field": "lang", "expression": "(?i)^en$"}, MONDAY, True, "inline flag"),
    case(
        {"field": "{{substring Extension 9}}", "expression": "^160$"},
        MONDAY,
        True,
        "substring field",
    ),
    # AND: every attribute present must match
    case(
        {"field": "gather_result", "expression": "1", "wday": "2", "hour": "14"},
        MONDAY,
        True,
        "field and time all match",
    ),
    case(
        {"field": "gather_result", "expression": "1", "wday": "3"},
        MONDAY,
        False,
        "field matches, time does not",
    ),
    case(
        {"field": "gather_result", "expression": "^1$", "wday": "2"},
        MONDAY,
        False,
        "time matches, field does not",
    ),
    case({"wday": "2", "hour": "15"}, MONDAY, False, "two time attributes, one fails"),
    case({"time": "09:00-17:00", "time-of-day": "15:00-16:00"}, MONDAY, False, "time and tod"),
    case({}, MONDAY, True, "no attributes"),
    case({"timezone": "Asia/Kolkata"}, MONDAY, True, "only a zone"),
]


@pytest.mark.parametrize(("attrs", "now", "expected"), FIELD_CASES)
def test_field_expression_and_the_and_rule(
    attrs: dict[str, str], now: datetime, expected: bool
) -> None:
    assert compile_condition(attrs).matches(CALL, now) is expected


@pytest.mark.parametrize(
    ("attrs", "variables", "expected"),
    [
        ({"field": "gather_result", "expression": "^{{want}}$"}, {"gather_result": "3"}, False),
        (
            {"field": "gather_result", "expression": "^{{want}}$"},
            {"gather_result": "3", "want": "3"},
            True,
        ),
        (
            {"field": "${gather_result}", "expression": "^{{want}}$"},
            {"gather_result": "3", "want": "3"},
            True,
        ),
        (
            {"field": "{{gather_result}}", "expression": "^{{want}}$"},
            {"gather_result": "3", "want": "4"},
            False,
        ),
        ({"hour": "14", "timezone": "{{tz}}"}, {"tz": "UTC"}, True),
        ({"hour": "14", "timezone": "{{tz}}"}, {"tz": "Asia/Kolkata"}, False),
        ({"wday": "${open_days}"}, {"open_days": "mon-fri"}, True),
        ({"wday": "${open_days}"}, {"open_days": "sat,sun"}, False),
    ],
)
def test_templated_attributes_are_expanded_per_call(
    attrs: dict[str, str], variables: dict[str, str], expected: bool
) -> None:
    condition = compile_condition(attrs)
    assert condition.matches(variables, MONDAY) is expected


def test_templated_value_that_turns_out_bad_raises_at_call_time() -> None:
    condition = compile_condition({"field": "x", "expression": "{{pattern}}"})
    with pytest.raises(ConditionError) as caught:
        condition.matches({"x": "1", "pattern": "(unclosed"}, MONDAY)
    assert caught.value.attribute == "expression"


def test_variable_value_with_braces_is_not_expanded_again() -> None:
    condition = compile_condition({"field": "x", "expression": "^{{want}}$"})
    assert condition.matches({"x": "{{y}}", "want": "{{y}}", "y": "other"}, MONDAY) is True


@pytest.mark.parametrize(
    ("attrs", "attribute", "reason"),
    [
        ({"mon": "13"}, "mon", "13 is outside 1-12"),
        ({"field": "x", "expression": "(1"}, "expression", "invalid regular expression"),
        ({"timezone": "Mars/Olympus"}, "timezone", "unknown time zone 'Mars/Olympus'"),
        ({"wday": "funday"}, "wday", "'funday' is not a weekday"),
        ({"colour": "red"}, "colour", "is not a Condition attribute"),
        ({"colour": "{{x}}", "hour": "{{h}}"}, "colour", "is not a Condition attribute"),
        ({"field": "x"}, "field", "needs an expression"),
        ({"expression": "1"}, "expression", "needs a field"),
    ],
)
def test_compile_rejects_bad_values(attrs: dict[str, str], attribute: str, reason: str) -> None:
    with pytest.raises(ConditionError) as caught:
        compile_condition(attrs)
    assert caught.value.attribute == attribute
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{attribute}: ")


def test_unknown_default_zone_is_an_error() -> None:
    with pytest.raises(ConditionError) as caught:
        compile_condition({"hour": "1"}).matches({}, MONDAY, "Nowhere/Special")
    assert caught.value.attribute == "timezone"


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        compile_condition({"hour": "1"}).matches({}, datetime(2026, 3, 2, 14, 30))


@pytest.mark.parametrize(
    ("attrs", "expected"),
    [
        (
            {"wday": "2-6", "time-of-day": "17:00:00-07:00:00", "timezone": "America/New_York"},
            [],
        ),
        ({"field": "${gather_result}", "expression": "^1$"}, []),
        ({"minute_of_day": "1-1440", "date_time": "2026-01-01 00:00~2026-01-02 00:00"}, []),
        ({"year": "0-9999", "sunmontuewedthufrisat": "sun,mon,tue,wed,thu,fri,sat"}, []),
        # templated values can only be checked per call
        ({"hour": "{{h}}", "timezone": "${tz}"}, []),
        ({"year": ""}, [("year", "is empty")]),
        ({"yday": "0"}, [("yday", "0 is outside 1-366")]),
        ({"yday": "367"}, [("yday", "367 is outside 1-366")]),
        ({"mon": "0-12"}, [("mon", "0 is outside 1-12")]),
        ({"mon": "13"}, [("mon", "13 is outside 1-12")]),
        ({"mon": "smarch"}, [("mon", "'smarch' is not a month (1-12 or jan-dec)")]),
        ({"mday": "32"}, [("mday", "32 is outside 1-31")]),
        ({"week": "54"}, [("week", "54 is outside 1-53")]),
        ({"mweek": "7"}, [("mweek", "7 is outside 1-6")]),
        ({"wday": "0"}, [("wday", "0 is outside 1-7")]),
        ({"wday": "mon-fry"}, [("wday", "'fry' is not a weekday (1-7, Sunday=1, or sun-sat)")]),
        ({"hour": "24"}, [("hour", "24 is outside 0-23")]),
        ({"minute": "60"}, [("minute", "60 is outside 0-59")]),
        ({"minute-of-day": "0"}, [("minute-of-day", "0 is outside 1-1440")]),
        ({"minute-of-day": "1441"}, [("minute-of-day", "1441 is outside 1-1440")]),
        ({"hour": "1-2-3"}, [("hour", "'1-2-3' is not a number or a range a-b")]),
        ({"hour": "9,,17"}, [("hour", "'' is not a number or a range a-b")]),
        ({"hour": "nine"}, [("hour", "'nine' is not a number")]),
        (
            {"time-of-day": "9-17"},
            [("time-of-day", "'9-17' is not a time range hh:mm[:ss]-hh:mm[:ss]")],
        ),
        (
            {"time": "09:00-12:00,14:00"},
            [("time", "'14:00' is not a time range hh:mm[:ss]-hh:mm[:ss]")],
        ),
        ({"time-of-day": "09:60-17:00"}, [("time-of-day", "09:60 is not a time of day")]),
        ({"time-of-day": "25:00-26:00"}, [("time-of-day", "25:00 is not a time of day")]),
        ({"time-of-day": "22:00-24:01"}, [("time-of-day", "24:01 is not a time of day")]),
        (
            {"date-time": "2026-03-01 00:00-2026-03-02 00:00"},
            [
                (
                    "date-time",
                    "'2026-03-01 00:00-2026-03-02 00:00' is not a range "
                    "YYYY-MM-DD hh:mm[:ss]~YYYY-MM-DD hh:mm[:ss]",
                )
            ],
        ),
        (
            {"date-time": "2026-02-30 00:00~2026-03-02 00:00"},
            [("date-time", "'2026-02-30 00:00~2026-03-02 00:00': day is out of range for month")],
        ),
        (
            {"date-time": "2026-03-02 00:00~2026-03-01 00:00"},
            [("date-time", "'2026-03-02 00:00~2026-03-01 00:00': the end must be after the start")],
        ),
        ({"timezone": "Mars/Olympus"}, [("timezone", "unknown time zone 'Mars/Olympus'")]),
        ({"timezone": "../../etc/passwd"}, [("timezone", "unknown time zone '../../etc/passwd'")]),
        ({"field": "x"}, [("field", "needs an expression attribute to match against")]),
        ({"expression": "1"}, [("expression", "needs a field attribute naming the variable")]),
        (
            {"field": "x", "expression": "[0-9"},
            [
                (
                    "expression",
                    "invalid regular expression: unterminated character set at position 0",
                )
            ],
        ),
        ({"colour": "red"}, [("colour", "is not a Condition attribute")]),
        # every problem at once, each under the attribute as written
        (
            {"mon": "13", "hour": "25", "date_time": "soon", "time_of_day": "noon"},
            [
                ("mon", "13 is outside 1-12"),
                ("hour", "25 is outside 0-23"),
                (
                    "date_time",
                    "'soon' is not a range YYYY-MM-DD hh:mm[:ss]~YYYY-MM-DD hh:mm[:ss]",
                ),
                ("time_of_day", "'noon' is not a time range hh:mm[:ss]-hh:mm[:ss]"),
            ],
        ),
    ],
)
def test_validate_condition(attrs: dict[str, str], expected: list[tuple[str, str]]) -> None:
    assert validate_condition(attrs) == expected


def test_every_schema_attribute_is_known() -> None:
    schema = {
        "field",
        "expression",
        "year",
        "yday",
        "mon",
        "mday",
        "week",
        "mweek",
        "wday",
        "sunmontuewedthufrisat",
        "hour",
        "minute",
        "minute-of-day",
        "time-of-day",
        "time",
        "date-time",
        "timezone",
    }
    spellings = {"minute_of_day", "time_of_day", "date_time"}
    assert schema | spellings == CONDITION_ATTRIBUTES

"""Natural-language date parameters, against a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from querybuilder.dates import resolve, resolve_vars

# Saturday 30 November 2024, 12:00 UTC
CLOCK = datetime(2024, 11, 30, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("phrase", "zone", "expected"),
    [
        ("now", "UTC", "2024-11-30T12:00:00+00:00"),
        ("today", "UTC", "2024-11-30T00:00:00+00:00"),
        ("Yesterday", "UTC", "2024-11-29T00:00:00+00:00"),
        ("tomorrow", "UTC", "2024-12-01T00:00:00+00:00"),
        ("7 days ago", "UTC", "2024-11-23T12:00:00+00:00"),
        ("an hour ago", "UTC", "2024-11-30T11:00:00+00:00"),
        ("in 2 weeks", "UTC", "2024-12-14T12:00:00+00:00"),
        ("1 month ago", "UTC", "2024-10-30T12:00:00+00:00"),
        ("3 months ago", "UTC", "2024-08-30T12:00:00+00:00"),
        ("a year ago", "UTC", "2023-11-30T12:00:00+00:00"),
        ("last friday", "UTC", "2024-11-29T00:00:00+00:00"),
        ("last saturday", "UTC", "2024-11-23T00:00:00+00:00"),
        ("next monday", "UTC", "2024-12-02T00:00:00+00:00"),
        ("this monday", "UTC", "2024-11-25T00:00:00+00:00"),
        ("2024-11-30T08:15:30-05:30", "UTC", "2024-11-30T13:45:30+00:00"),
        ("2024-11-30T08:15:30", "America/New_York", "2024-11-30T13:15:30+00:00"),
        # in Tokyo it is already 21:00 on the 30th: "today" starts at 15:00 UTC on the 29th
        ("today", "Asia/Tokyo", "2024-11-29T15:00:00+00:00"),
        ("yesterday", "America/Los_Angeles", "2024-11-29T08:00:00+00:00"),
    ],
)
def test_phrases_resolve_in_the_app_time_zone(phrase: str, zone: str, expected: str) -> None:
    moment = resolve(phrase, now=CLOCK, zone=zone)
    assert moment is not None
    assert moment.isoformat() == expected


@pytest.mark.parametrize("text", ["Lead", "7 days", "last friyay", "next", "12", ""])
def test_other_text_is_not_a_date(text: str) -> None:
    assert resolve(text, now=CLOCK) is None


def test_vars_resolution_keeps_plain_values() -> None:
    values = {"since": "yesterday", "day": "2024-11-30", "status": "new", "n": 3}
    assert resolve_vars(values, now=CLOCK) == {
        "since": "2024-11-29T00:00:00+00:00",
        "day": "2024-11-30",
        "status": "new",
        "n": 3,
    }
    assert resolve_vars({"since": "yesterday"}, now=CLOCK, dialect="postgres") == {
        "since": datetime(2024, 11, 29, tzinfo=UTC)
    }

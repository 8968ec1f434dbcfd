"""The failover policy as a table: which final responses move to the next carrier, and the
carrier's reply management overriding it."""

from __future__ import annotations

from typing import Any

import pytest

from telephony.rating.models import ReplyAction, ReplyRule
from telephony.routing.failover import Continue, Stop, next_step

NEXT = Continue()


@pytest.mark.parametrize(
    ("code", "rules", "expected"),
    [
        (503, [], NEXT),
        (500, [], NEXT),
        (408, [], NEXT),  # no answer in time
        (403, [], NEXT),
        (488, [], NEXT),
        (603, [], NEXT),
        (404, [], Stop(404, "Not Found")),
        (480, [], Stop(480, "Temporarily Unavailable")),
        (486, [], Stop(486, "Busy Here")),
        (487, [], Stop(487, "Request Terminated")),  # the caller cancelled
        (301, [], Stop(503, "Service Unavailable")),  # 3xx: 503 toward the customer
        (302, [], Stop(503, "Service Unavailable")),
        (200, [], Stop(200, "OK")),
        # reply management
        (404, [{"code": 404, "action": "failover"}], NEXT),
        (486, [{"code": 486, "action": "default"}], Stop(486, "Busy Here")),
        (503, [{"code": 503, "action": "replace", "new_code": 486, "reason": "Busy"}],
         Stop(486, "Busy")),
        (503, [{"code": 503, "action": "replace", "new_code": 404}], Stop(404, "Not Found")),
        (503, [{"code": 500, "action": "replace", "new_code": 404}], NEXT),  # another code
        (302, [{"code": 302, "action": "failover"}], NEXT),
    ],
)  # fmt: skip
def test_failover_table(code: int, rules: list[dict[str, Any]], expected: Any) -> None:
    assert next_step(code, rules) == expected


def test_the_reason_received_is_kept_for_stopping_codes() -> None:
    assert next_step(486, [], "Busy (carrier text)") == Stop(486, "Busy (carrier text)")


def test_reply_rule_models_work_as_rules() -> None:
    rule = ReplyRule(code=404, action=ReplyAction.FAILOVER)
    assert next_step(404, [rule]) == NEXT
    replace = ReplyRule(code=500, action=ReplyAction.REPLACE, new_code=480, reason="Later")
    assert next_step(500, [replace]) == Stop(480, "Later")

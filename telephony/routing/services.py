"""Ingress routing rules: create, update, delete — validated (every problem at once, 422),
audited, and dropped from the routing cache of their customer.

Input fields (as the API names them): ``customer`` (id, fixed once made), ``name``,
``tech_prefix`` (digits, ``*``, ``#``), ``dial_string`` (prefixes or ``^regex``),
``manipulation`` (``[{"match": regex, "replace": template}]``, ``$1`` or ``\\1``), ``card``
(a customer card's id), ``strategy``, ``strategies`` (``[{"match", "strategy"}]``),
``lock_cards`` / ``exclude_cards`` (provider card ids), ``capped_rate`` (decimal string or
null), ``profit_assurance``, ``max_duration``, ``channels``, ``cps``, ``script_app`` (app
id or null), ``script`` (its script's name), ``script_timeout_action`` (``"503 Reason"``),
``priority``, ``enabled``, ``notes``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from runtime.auth.principal import Principal
from runtime.models import App
from scriptforge.models import Script
from telephony.class5.destinations import Problems
from telephony.class5.services import base
from telephony.rating.models import CardKind, RateCard, Strategy
from telephony.routing.cache import cache, template
from telephony.routing.models import Route
from telephony.routing.trace import money

__all__ = ["KIND", "create_route", "delete_route", "get_route", "update_route"]

TECH_PREFIX = re.compile(r"^[0-9*#]{0,20}$")
DIGITS = re.compile(r"^[0-9]{1,20}$")
TIMEOUT_ACTION = re.compile(r"^\d{3}(\s.*)?$")
MAX_LINES = 1000

DEFAULTS: dict[str, Any] = {
    "customer": None,
    "name": "",
    "tech_prefix": "",
    "dial_string": [],
    "manipulation": [],
    "card": None,
    "strategy": Strategy.LCR.value,
    "strategies": [],
    "lock_cards": [],
    "exclude_cards": [],
    "capped_rate": None,
    "profit_assurance": True,
    "max_duration": 0,
    "channels": 0,
    "cps": 0,
    "script_app": None,
    "script": "",
    "script_timeout_action": "",
    "priority": 0,
    "enabled": True,
    "notes": "",
}


def _match(problems: Problems, path: str, text: Any) -> str | None:
    """A prefix (digits) or a ``^regex`` that compiles."""
    if not isinstance(text, str) or not text.strip():
        problems.add(path, "a prefix (digits) or a regular expression starting with ^")
        return None
    text = text.strip()
    if text.startswith("^"):
        try:
            re.compile(text)
        except re.error as exc:
            problems.add(path, f"not a regular expression: {exc}")
            return None
        return text
    if not DIGITS.match(text):
        problems.add(path, "a prefix is 1-20 digits (or start a regular expression with ^)")
        return None
    return text


def _list(problems: Problems, path: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        problems.add(path, "a list")
        return []
    if len(value) > MAX_LINES:
        problems.add(path, f"at most {MAX_LINES} entries")
        return []
    return value


def _count(problems: Problems, path: str, value: Any, *, negative: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or (value < 0 and not negative):
        problems.add(path, "a whole number" if negative else "a whole number, 0 or more")
        return 0
    return value


def _flag(problems: Problems, path: str, value: Any) -> bool:
    if not isinstance(value, bool):
        problems.add(path, "true or false")
        return False
    return value


def _text(problems: Problems, path: str, value: Any, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        problems.add(path, f"text of at most {limit} characters")
        return ""
    return value.strip()


async def _cards(problems: Problems, path: str, value: Any) -> list[int]:
    ids = []
    for i, ref in enumerate(_list(problems, path, value)):
        if isinstance(ref, bool) or not isinstance(ref, int):
            problems.add(f"{path}.{i}", "a provider card's id")
        elif not await RateCard.exists(id=ref, kind=CardKind.PROVIDER):
            problems.add(f"{path}.{i}", f"no provider card with id {ref}")
        else:
            ids.append(ref)
    return ids


def _manipulation(problems: Problems, value: Any) -> list[dict[str, str]]:
    steps = []
    for i, step in enumerate(_list(problems, "manipulation", value)):
        path = f"manipulation.{i}"
        if not isinstance(step, dict) or not isinstance(step.get("match"), str):
            problems.add(path, '{"match": regex, "replace": text}')
            continue
        replace = step.get("replace", "")
        if not isinstance(replace, str):
            problems.add(f"{path}.replace", "text ($1 for the first group)")
            continue
        try:
            re.compile(step["match"]).sub(template(replace), "")
        except (re.error, IndexError) as exc:
            problems.add(path, str(exc))
            continue
        steps.append({"match": step["match"], "replace": replace})
    return steps


def _strategies(problems: Problems, value: Any) -> list[dict[str, str]]:
    rows = []
    for i, row in enumerate(_list(problems, "strategies", value)):
        path = f"strategies.{i}"
        if not isinstance(row, dict):
            problems.add(path, '{"match": prefix or ^regex, "strategy": name}')
            continue
        match = _match(problems, f"{path}.match", row.get("match"))
        if row.get("strategy") not in set(Strategy):
            problems.add(f"{path}.strategy", f"one of {', '.join(Strategy)}")
            continue
        if match is not None:
            rows.append({"match": match, "strategy": str(row["strategy"])})
    return rows


def _capped(problems: Problems, value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        rate = Decimal(str(value))
    except InvalidOperation:
        rate = Decimal(-1)
    if not rate.is_finite() or rate < 0 or rate >= Decimal(10) ** 10:
        problems.add("capped_rate", "a rate per minute, 0 or more (empty: no cap)")
        return None
    return rate


async def _script(problems: Problems, values: dict[str, Any]) -> tuple[int | None, str]:
    app_ref, name = values.get("script_app"), _text(problems, "script", values["script"], 100)
    if app_ref is None:
        if name:
            problems.add("script_app", "the app of the script")
        return None, ""
    if isinstance(app_ref, bool) or not isinstance(app_ref, int):
        problems.add("script_app", "an app's id")
        return None, ""
    if not await App.exists(id=app_ref):
        problems.add("script_app", f"no app with id {app_ref}")
        return None, ""
    if name and not await Script.exists(app_id=app_ref, name=name):
        problems.add("script", f"no script {name!r} in app {app_ref}")
    return app_ref, name


async def check(
    problems: Problems, values: dict[str, Any], existing: Any, **context: Any
) -> dict[str, Any]:
    """The column values of a rule from input ``values``, every problem noted."""
    columns: dict[str, Any] = {
        "customer_id": await base.check_customer(problems, values["customer"]),
        "name": _text(problems, "name", values["name"], 100),
        "dial_string": [
            m
            for i, line in enumerate(_list(problems, "dial_string", values["dial_string"]))
            if (m := _match(problems, f"dial_string.{i}", line)) is not None
        ],
        "manipulation": _manipulation(problems, values["manipulation"]),
        "strategies": _strategies(problems, values["strategies"]),
        "lock_cards": await _cards(problems, "lock_cards", values["lock_cards"]),
        "exclude_cards": await _cards(problems, "exclude_cards", values["exclude_cards"]),
        "capped_rate": _capped(problems, values["capped_rate"]),
        "profit_assurance": _flag(problems, "profit_assurance", values["profit_assurance"]),
        "enabled": _flag(problems, "enabled", values["enabled"]),
        "max_duration": _count(problems, "max_duration", values["max_duration"]),
        "channels": _count(problems, "channels", values["channels"]),
        "cps": _count(problems, "cps", values["cps"]),
        "priority": _count(problems, "priority", values["priority"], negative=True),
        "notes": _text(problems, "notes", values["notes"], 10_000),
    }
    tech = values["tech_prefix"]
    if not isinstance(tech, str) or not TECH_PREFIX.match(tech):
        problems.add("tech_prefix", "up to 20 digits, * and # (e.g. 123* or #9)")
    else:
        columns["tech_prefix"] = tech
    card = values["card"]
    if isinstance(card, bool) or not isinstance(card, int):
        problems.add("card", "a customer card's id")
    elif not await RateCard.exists(id=card, kind=CardKind.CUSTOMER):
        problems.add("card", f"no customer card with id {card}")
    else:
        columns["card_id"] = card
    if values["strategy"] not in set(Strategy):
        problems.add("strategy", f"one of {', '.join(Strategy)}")
    else:
        columns["strategy"] = Strategy(values["strategy"])
    columns["script_app_id"], columns["script"] = await _script(problems, values)
    action = _text(problems, "script_timeout_action", values["script_timeout_action"], 64)
    if action and not TIMEOUT_ACTION.match(action):
        problems.add("script_timeout_action", 'a SIP code and reason, e.g. "503 Unavailable"')
    columns["script_timeout_action"] = action
    return columns


def current(route: Route) -> dict[str, Any]:
    return {
        "customer": route.customer_id,  # type: ignore[attr-defined]
        "name": route.name,
        "tech_prefix": route.tech_prefix,
        "dial_string": list(route.dial_string or []),
        "manipulation": list(route.manipulation or []),
        "card": route.card_id,  # type: ignore[attr-defined]
        "strategy": str(route.strategy),
        "strategies": list(route.strategies or []),
        "lock_cards": list(route.lock_cards or []),
        "exclude_cards": list(route.exclude_cards or []),
        "capped_rate": money(route.capped_rate) if route.capped_rate is not None else None,
        "profit_assurance": route.profit_assurance,
        "max_duration": route.max_duration,
        "channels": route.channels,
        "cps": route.cps,
        "script_app": route.script_app_id,  # type: ignore[attr-defined]
        "script": route.script,
        "script_timeout_action": route.script_timeout_action,
        "priority": route.priority,
        "enabled": route.enabled,
        "notes": route.notes,
    }


def snapshot(route: Route) -> dict[str, Any]:
    return {"id": route.id, **current(route)}


async def _name_clash(columns: dict[str, Any], existing: Any) -> list[dict[str, str]]:
    if not columns.get("name"):
        return []
    return await base.name_clash(KIND, columns, existing)


def describe(route: Route) -> str:
    return route.name or f"route #{route.id}"


KIND: base.Kind[Route] = base.Kind(
    model=Route,
    object_type="route",
    label="route",
    defaults=DEFAULTS,
    check=check,
    current=current,
    snapshot=snapshot,
    clashes=_name_clash,
    describe=describe,
)


async def get_route(route_id: int) -> Route:
    return await base.get(KIND, route_id)


async def create_route(actor: Principal, values: dict[str, Any]) -> Route:
    """Make a rule; its customer's next call sees it."""
    made = await base.create(actor, KIND, values)
    cache().forget_customer(made.customer_id)  # type: ignore[attr-defined]
    return made


async def update_route(actor: Principal, route: Route, changes: dict[str, Any]) -> Route:
    changed = await base.update(actor, KIND, route, changes)
    cache().forget_customer(changed.customer_id)  # type: ignore[attr-defined]
    return changed


async def delete_route(actor: Principal, route: Route) -> None:
    customer_id = route.customer_id  # type: ignore[attr-defined]
    await base.delete(actor, KIND, route)
    cache().forget_customer(customer_id)

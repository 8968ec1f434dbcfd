"""Ingress routing rules: which customer card and strategy a customer's outbound call uses.

A customer has any number of **routes**. A route matches a call when its tech prefix is at
the front of the dialled number (it is then stripped) and the rest matches its dial string
(prefixes, or regular expressions starting with ``^``; empty matches every number). When
several routes match, the longest tech prefix wins, then the most specific dial-string match
(the longest prefix; a regular expression counts as a one-digit prefix), then the lower
``priority``, then the older route (documented in ``telephony/routing/engine.py``).

Round-robin positions persist per route and prefix (:class:`RoundRobinPosition`).
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from telephony.rating.models import DIGITS, PLACES, Strategy


class Route(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    customer: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="routes", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100, default="")
    #: Digits at the front of the dialled number, stripped; may end in ``*`` or ``#``.
    tech_prefix = fields.CharField(max_length=20, default="")
    #: Prefixes or ``^regex`` lines; empty = every number.
    dial_string: Any = fields.JSONField(default=list)
    #: Number manipulation, in order: ``[{"match": regex, "replace": template}]`` on the
    #: number after the tech prefix is stripped.
    manipulation: Any = fields.JSONField(default=list)
    #: The customer card that prices and routes the call.
    card: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.RateCard", related_name="routes", on_delete=fields.RESTRICT
    )
    #: The strategy; ``strategies`` may override it per prefix:
    #: ``[{"match": prefix or ^regex, "strategy": name}]`` (the most specific wins).
    strategy = fields.CharEnumField(Strategy, max_length=20, default=Strategy.LCR)
    strategies: Any = fields.JSONField(default=list)
    #: Provider cards this route may use only (lock) or never (exclude); ids.
    lock_cards: Any = fields.JSONField(default=list)
    exclude_cards: Any = fields.JSONField(default=list)
    #: Provider rates above it are dropped (in the customer's currency); None: no cap.
    capped_rate = fields.DecimalField(max_digits=DIGITS, decimal_places=PLACES, null=True)
    #: Never route at a loss: carriers costing more than the sell rate are dropped.
    profit_assurance = fields.BooleanField(default=True)
    #: Seconds a call may last (0 = no limit of its own).
    max_duration = fields.IntField(default=0)
    channels = fields.IntField(default=0)
    cps = fields.IntField(default=0)
    #: A ScriptForge routing hook run last: the app and script, its time-out action.
    script_app: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="routes", null=True, on_delete=fields.SET_NULL
    )
    script = fields.CharField(max_length=100, default="")
    script_timeout_action = fields.CharField(max_length=64, default="")
    priority = fields.IntField(default=0)
    enabled = fields.BooleanField(default=True)
    notes = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "routes"


class RoundRobinPosition(Model):
    """Where a round-robin route's rotation stands for one prefix."""

    id = fields.IntField(primary_key=True)
    route: fields.ForeignKeyRelation[Route] = fields.ForeignKeyField(
        "models.Route", related_name="rr_positions", on_delete=fields.CASCADE
    )
    prefix = fields.CharField(max_length=20)
    position = fields.IntField(default=0)

    class Meta:
        table = "round_robin_positions"
        unique_together = (("route", "prefix"),)

"""Customers of the operator and the people who log in to the customer portal for them.

The Class 4 work extends :class:`Customer` (channels, CPS, debit limit, IP auth...).
"""

from typing import Any

from tortoise import fields
from tortoise.models import Model

from runtime.models.constants import CustomerStatus


class Customer(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=128, unique=True)
    status = fields.CharEnumField(CustomerStatus, max_length=16, default=CustomerStatus.ACTIVE)
    # ISO 4217; fixed once the customer exists (rates and balances are in this currency).
    currency = fields.CharField(max_length=3, default="USD")
    #: The customer's internal numbers (extensions of SIP users, groups, queues, rooms) come
    #: from ``start`` .. ``start + size - 1`` when set (ConnexCS's internal number block).
    number_block_start = fields.BigIntField(null=True)
    number_block_size = fields.IntField(null=True)
    # -- Class 4 (telephony/rating, telephony/routing) -------------------------------------
    #: Concurrent calls and calls per second for the whole account; 0 = no limit.
    channels = fields.IntField(default=0)
    cps = fields.IntField(default=0)
    #: 0 = prepaid; positive = how far the balance may go below zero (postpaid).
    debit_limit = fields.DecimalField(max_digits=18, decimal_places=8, default=0)
    #: Digits the customer puts in front of the number (told apart on a shared IP).
    tech_prefix = fields.CharField(max_length=20, default="")
    #: Seconds; None = the carrier's.
    first_reply_timeout = fields.IntField(null=True)
    pdd_timeout = fields.IntField(null=True)
    ring_timeout = fields.IntField(null=True)
    #: When calls are allowed: ``{"timezone": zone, "windows": [{"days": "1-5",
    #: "from": "08:00", "to": "18:00"}]}``; empty = always.
    day_time_restriction: Any = fields.JSONField(default=dict)
    tags: Any = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    contacts: fields.ReverseRelation["CustomerUser"]

    class Meta:
        table = "customers"

    def __str__(self) -> str:
        return self.name


class CustomerUser(Model):
    """A customer-portal login: a separate principal type from operator users."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="contacts", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254, unique=True)
    full_name = fields.CharField(max_length=128, default="")
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    session_version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "customer_users"

    def __str__(self) -> str:
        return self.email

"""Customers of the operator and the people who log in to the customer portal for them.

The Class 4 work extends :class:`Customer` (channels, CPS, debit limit, IP auth...).
"""

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

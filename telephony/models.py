"""Models every part of voice shares: the customers' SIP users.

A SIP user is both a Class 5 extension (it registers, is rung by ring groups and queues,
owns a voicemail box) and a Class 4 account credential (it authenticates the customer's
outbound calls). Its password is write-only: only the digest hashes a registrar needs are
kept (HA1 for MD5 and for SHA-256, RFC 7616), never the password.
"""

from __future__ import annotations

import re
from typing import Any

from tortoise import fields
from tortoise.models import Model

USERNAME_PATTERN = r"^[A-Za-z0-9_.+-]{1,64}$"
EXTENSION_PATTERN = r"^[0-9]{2,10}$"
EXTENSION = re.compile(EXTENSION_PATTERN)


class SipUser(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    customer: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="sip_users", on_delete=fields.CASCADE
    )
    #: The digest username; one per installation (every customer shares the SIP domain).
    username = fields.CharField(max_length=64, unique=True)
    #: The realm the hashes were made for (changing the realm needs new passwords).
    realm = fields.CharField(max_length=128)
    #: ``MD5(username:realm:password)`` and ``SHA-256(...)`` as lower-case hex.
    ha1_md5 = fields.CharField(max_length=32)
    ha1_sha256 = fields.CharField(max_length=64)
    #: The short number other extensions of the customer dial (unique per customer).
    extension = fields.CharField(max_length=10, null=True)
    display_name = fields.CharField(max_length=128, default="")
    channels = fields.IntField(default=2)
    #: Calls per second allowed; 0 = no limit of its own.
    cps = fields.IntField(default=0)
    #: Source addresses (IP or CIDR) allowed to use it; empty = any.
    ip_whitelist: Any = fields.JSONField(default=list)
    enabled = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sip_users"
        unique_together = (("customer", "extension"),)

    def __str__(self) -> str:
        return self.username


class CustomerIp(Model):
    """A customer's address: one its calls come from (IP authentication), or one we send
    its calls to (DIDs, its PBX)."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="ips", on_delete=fields.CASCADE
    )
    #: An IP address or CIDR block (sends), or a host name (receives).
    address = fields.CharField(max_length=255)
    #: ``sends`` (calls come from it) or ``receives`` (calls go to it).
    direction = fields.CharField(max_length=16, default="sends")
    protocol = fields.CharField(max_length=8, default="udp")
    port = fields.IntField(default=5060)
    channels = fields.IntField(default=0)
    cps = fields.IntField(default=0)
    #: Several customers share this address and are told apart by their CLIs.
    cli_auth = fields.BooleanField(default=False)

    class Meta:
        table = "customer_ips"

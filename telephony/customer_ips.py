"""A customer's IP entries: the addresses its calls come from (IP authentication, told
apart by tech prefix or, with ``cli_auth``, by CLI when customers share one) and the ones we
send its calls to. ``/api/v1/customers/{id}/ips``: list, add, delete; ``customers:read`` and
``customers:write``.

An address that sends calls is an IP address or a CIDR block; one that receives them may also
be a host name. The same sending address on two customers is refused unless both entries set
``cli_auth`` (the SIP edge could not tell their calls apart otherwise).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from tortoise.transactions import in_transaction

from runtime.api.framework import Api, Call
from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.errors import Conflict, NotFound
from runtime.models import Customer
from runtime.services import audit
from telephony import addresses
from telephony.models import CustomerIp

__all__ = ["add_ip", "build_api", "delete_ip"]


class IpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    address: str = Field(max_length=255, description="IP or CIDR (sends); or a host (receives)")
    direction: Literal["sends", "receives"] = "sends"
    protocol: Literal["udp", "tcp", "tls"] = "udp"
    port: int = Field(5060, ge=1, le=65535)
    channels: int = Field(0, ge=0, le=1_000_000, description="0 = no limit")
    cps: int = Field(0, ge=0, le=100_000, description="0 = no limit")
    cli_auth: bool = Field(False, description="customers sharing the address are told by CLI")


class IpOut(IpIn):
    id: int
    customer: int

    @classmethod
    def of(cls, ip: CustomerIp) -> IpOut:
        return cls(
            id=ip.id,
            customer=ip.customer_id,  # type: ignore[attr-defined]
            address=ip.address,
            direction=ip.direction,  # type: ignore[arg-type]
            protocol=ip.protocol,  # type: ignore[arg-type]
            port=ip.port,
            channels=ip.channels,
            cps=ip.cps,
            cli_auth=ip.cli_auth,
        )


class IpList(BaseModel):
    items: list[IpOut]


async def add_ip(actor: Principal, customer: Customer, values: IpIn) -> CustomerIp:
    address = addresses.normalise(values.direction, values.address)
    if values.direction == "sends":
        shared = await CustomerIp.filter(address=address, direction="sends").exclude(
            customer_id=customer.id
        )
        if shared and not (values.cli_auth and all(ip.cli_auth for ip in shared)):
            raise Conflict(
                f"address: {address} already sends calls for another customer; set cli_auth "
                "on both entries so their calls are told apart by CLI"
            )
    async with in_transaction() as conn:
        ip = await CustomerIp.create(
            customer=customer, **{**values.model_dump(), "address": address}, using_db=conn
        )
        await audit.record(
            actor,
            "customer_ip.create",
            "customer_ip",
            ip.id,
            f"{customer.name} {address}",
            after=IpOut.of(ip).model_dump(),
            using_db=conn,
        )
    return ip


async def delete_ip(actor: Principal, customer: Customer, ip_id: int) -> None:
    ip = await CustomerIp.get_or_none(id=ip_id, customer_id=customer.id)
    if ip is None:
        raise NotFound(f"No IP entry {ip_id} for customer {customer.name}")
    async with in_transaction() as conn:
        before = IpOut.of(ip).model_dump()
        await ip.delete(using_db=conn)
        await audit.record(
            actor,
            "customer_ip.delete",
            "customer_ip",
            ip_id,
            f"{customer.name} {ip.address}",
            before=before,
            using_db=conn,
        )


async def _customer(call: Call[Any]) -> Customer:
    customer = await Customer.get_or_none(id=call.path["customer_id"])
    if customer is None:
        raise NotFound(f"No customer with id {call.path['customer_id']}")
    return customer


async def list_ips(call: Call[Any]) -> IpList:
    """The customer's IP entries."""
    customer = await _customer(call)
    found = await CustomerIp.filter(customer_id=customer.id).order_by("id")
    return IpList(items=[IpOut.of(ip) for ip in found])


async def create_ip(call: Call[Any]) -> IpOut:
    """Add an IP entry (a sending address already used by another customer needs
    ``cli_auth`` on both)."""
    return IpOut.of(await add_ip(call.actor, await _customer(call), call.body))


async def remove_ip(call: Call[Any]) -> None:
    """Remove an IP entry."""
    await delete_ip(call.actor, await _customer(call), call.path["ip_id"])


def build_api() -> Api:
    api = Api()
    path = "/customers/{customer_id:int}/ips"
    common: dict[str, Any] = {"tag": "customers"}
    api.route(
        "GET", path, name="customers.ips.list", permission=Permission.CUSTOMERS_READ,
        response=IpList, errors=(404,), **common,
    )(list_ips)  # fmt: skip
    api.route(
        "POST", path, name="customers.ips.create", permission=Permission.CUSTOMERS_WRITE,
        body=IpIn, response=IpOut, status=201, errors=(404, 409, 422), **common,
    )(create_ip)  # fmt: skip
    api.route(
        "DELETE", path + "/{ip_id:int}", name="customers.ips.delete",
        permission=Permission.CUSTOMERS_WRITE, status=204, errors=(404,), **common,
    )(remove_ip)  # fmt: skip
    return api

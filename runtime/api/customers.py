"""``/api/v1/customers`` and their customer-portal users."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.models import Customer, CustomerStatus, CustomerUser
from runtime.services import customers

api = Api()


class CustomerOut(BaseModel):
    id: int
    name: str
    status: CustomerStatus
    currency: str
    number_block_start: int | None = Field(description="first internal number (extension)")
    number_block_size: int | None = Field(description="how many internal numbers")
    channels: int = Field(description="concurrent calls; 0 = no limit")
    cps: int = Field(description="calls per second; 0 = no limit")
    debit_limit: Decimal = Field(description="0 = prepaid; positive = postpaid allowance")
    tech_prefix: str
    first_reply_timeout: int | None
    pdd_timeout: int | None
    ring_timeout: int | None
    day_time_restriction: dict[str, Any]
    tags: list[str]
    created_at: datetime

    @classmethod
    def of(cls, c: Customer) -> CustomerOut:
        return cls(
            id=c.id,
            name=c.name,
            status=c.status,
            currency=c.currency,
            number_block_start=c.number_block_start,
            number_block_size=c.number_block_size,
            channels=c.channels,
            cps=c.cps,
            debit_limit=c.debit_limit,
            tech_prefix=c.tech_prefix,
            first_reply_timeout=c.first_reply_timeout,
            pdd_timeout=c.pdd_timeout,
            ring_timeout=c.ring_timeout,
            day_time_restriction=c.day_time_restriction or {},
            tags=c.tags or [],
            created_at=c.created_at,
        )


class CustomerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=128)
    currency: str = Field("USD", min_length=3, max_length=3, pattern=r"^[A-Z]{3}$")
    status: CustomerStatus = CustomerStatus.ACTIVE


class CustomerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=128)
    status: CustomerStatus | None = None
    currency: str | None = Field(None, description="fixed after creation; only the same value")
    number_block_start: int | None = Field(
        None, description="extensions come from start .. start+size-1; null (both): any"
    )
    number_block_size: int | None = None
    channels: int | None = Field(None, description="concurrent calls; 0 = no limit")
    cps: int | None = Field(None, description="calls per second; 0 = no limit")
    debit_limit: Decimal | None = Field(None, description="0 = prepaid")
    tech_prefix: str | None = Field(None, description="up to 16 digits, may end in * or #")
    first_reply_timeout: int | None = Field(None, description="seconds; null = the carrier's")
    pdd_timeout: int | None = None
    ring_timeout: int | None = None
    day_time_restriction: dict[str, Any] | None = Field(
        None, description='{"timezone", "windows": [{"days": "1-5", "from", "to"}]}; {} = always'
    )
    tags: list[str] | None = None


class CustomerListQuery(ListQuery):
    status: CustomerStatus | None = None
    q: str | None = Field(None, max_length=64)


class ContactOut(BaseModel):
    id: int
    customer_id: int
    email: str
    full_name: str
    is_active: bool
    created_at: datetime

    @classmethod
    def of(cls, c: CustomerUser) -> ContactOut:
        return cls(
            id=c.id,
            customer_id=c.customer_id,  # type: ignore[attr-defined]
            email=c.email,
            full_name=c.full_name,
            is_active=c.is_active,
            created_at=c.created_at,
        )


class ContactCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr
    password: str = Field(min_length=8, max_length=1024)
    full_name: str = Field("", max_length=128)


@api.route(
    "GET",
    "/customers",
    name="customers.list",
    permission=Permission.CUSTOMERS_READ,
    query=CustomerListQuery,
    response=Page[CustomerOut],
    tag="customers",
)
async def list_customers(call: Call) -> Page[CustomerOut]:
    """List customers."""
    q: CustomerListQuery = call.query
    qs = Customer.all()
    if q.status:
        qs = qs.filter(status=q.status)
    if q.q:
        qs = qs.filter(name__icontains=q.q)
    return await paginate(
        qs,
        q,
        sortable=("id", "name", "status", "created_at"),
        default_sort=("name",),
        item=CustomerOut.of,
    )


@api.route(
    "POST",
    "/customers",
    name="customers.create",
    permission=Permission.CUSTOMERS_WRITE,
    body=CustomerCreate,
    response=CustomerOut,
    status=201,
    tag="customers",
    errors=(409,),
)
async def create_customer(call: Call) -> CustomerOut:
    """Create a customer."""
    b: CustomerCreate = call.body
    return CustomerOut.of(await customers.create_customer(call.actor, b.name, b.currency, b.status))


@api.route(
    "GET",
    "/customers/{customer_id:int}",
    name="customers.get",
    permission=Permission.CUSTOMERS_READ,
    response=CustomerOut,
    tag="customers",
    errors=(404,),
)
async def get_customer(call: Call) -> CustomerOut:
    """One customer."""
    return CustomerOut.of(await customers.get_customer(call.path["customer_id"]))


@api.route(
    "PATCH",
    "/customers/{customer_id:int}",
    name="customers.update",
    permission=Permission.CUSTOMERS_WRITE,
    body=CustomerUpdate,
    response=CustomerOut,
    tag="customers",
    errors=(404, 409),
)
async def update_customer(call: Call) -> CustomerOut:
    """Rename a customer, change its status or its number block (the currency is fixed)."""
    changes = call.body.model_dump(exclude_unset=True)
    return CustomerOut.of(
        await customers.update_customer(call.actor, call.path["customer_id"], changes)
    )


@api.route(
    "DELETE",
    "/customers/{customer_id:int}",
    name="customers.delete",
    permission=Permission.CUSTOMERS_WRITE,
    status=204,
    tag="customers",
    errors=(404,),
)
async def delete_customer(call: Call) -> None:
    """Delete a customer and its portal users."""
    await customers.delete_customer(call.actor, call.path["customer_id"])


@api.route(
    "GET",
    "/customers/{customer_id:int}/users",
    name="customers.users.list",
    permission=Permission.CUSTOMERS_READ,
    query=ListQuery,
    response=Page[ContactOut],
    tag="customers",
    errors=(404,),
)
async def list_contacts(call: Call) -> Page[ContactOut]:
    """The customer's portal users."""
    customer = await customers.get_customer(call.path["customer_id"])
    return await paginate(
        CustomerUser.filter(customer=customer),
        call.query,
        sortable=("id", "email", "created_at"),
        default_sort=("email",),
        item=ContactOut.of,
    )


@api.route(
    "POST",
    "/customers/{customer_id:int}/users",
    name="customers.users.create",
    permission=Permission.CUSTOMERS_WRITE,
    body=ContactCreate,
    response=ContactOut,
    status=201,
    tag="customers",
    errors=(404, 409),
)
async def add_contact(call: Call) -> ContactOut:
    """Give a customer a portal login."""
    b: ContactCreate = call.body
    return ContactOut.of(
        await customers.add_contact(
            call.actor, call.path["customer_id"], b.email, b.password, b.full_name
        )
    )


@api.route(
    "DELETE",
    "/customers/{customer_id:int}/users/{user_id:int}",
    name="customers.users.delete",
    permission=Permission.CUSTOMERS_WRITE,
    status=204,
    tag="customers",
    errors=(404,),
)
async def remove_contact(call: Call) -> None:
    """Remove a portal login."""
    await customers.remove_contact(call.actor, call.path["customer_id"], call.path["user_id"])

"""Whose rows a request may see in per-customer datasets.

A dataset made with ``per_customer`` has a ``customer_id`` column. While a customer-portal
user's request runs (a portal page's data sources, dataset calls and the scripts they
start), :func:`customer_scope` names their customer: queries then read only that
customer's rows of such datasets, and rows written get that customer. Outside a scope
(operators, jobs, schedules) every row is visible.

The scope is a context variable, so it follows the request into the tasks it starts (a
script's host calls included) and ends with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

CUSTOMER_COLUMN = "customer_id"

_customer: ContextVar[int | None] = ContextVar("trunkline_customer_scope", default=None)


def current_customer() -> int | None:
    """The customer whose rows the running request is limited to, if any."""
    return _customer.get()


@contextmanager
def customer_scope(customer_id: int | None) -> Iterator[None]:
    """Limit per-customer datasets to ``customer_id`` within the block (None: no limit
    is added, but an enclosing scope is not lifted either)."""
    if customer_id is None:
        yield
        return
    token = _customer.set(int(customer_id))
    try:
        yield
    finally:
        _customer.reset(token)


def set_customer(customer_id: int | None) -> Token[int | None]:
    """Name (or clear) the running request's customer until :func:`reset_customer` with the
    token returned — for handlers that learn the customer part-way (a page token)."""
    return _customer.set(customer_id)


def reset_customer(token: Token[int | None]) -> None:
    _customer.reset(token)


class ScopedTable(str):
    """A physical table name whose rows are limited to one customer (see
    :func:`querybuilder.sql_guard.rename_table`)."""

    customer_id: int

    def __new__(cls, physical: str, customer_id: int) -> ScopedTable:
        made = super().__new__(cls, physical)
        made.customer_id = int(customer_id)
        return made

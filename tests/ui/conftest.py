"""The operator UI and the customer portal, driven like a browser would through httpx.

``ui`` wraps the shared ``client``: it reads the CSRF token from the hidden input of the
page that holds a form (as a browser submits it) and posts url-encoded forms. ``new_ui``
opens another, independent browser on the same app (its own cookie jar).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest

from runtime.models import Role
from tests.ui.ui_support import Ui


@pytest.fixture
def ui(client: httpx.AsyncClient) -> Ui:
    return Ui(client)


@pytest.fixture
async def new_ui(app: Any) -> AsyncIterator[Callable[[], Awaitable[Ui]]]:
    """``await new_ui()``: another browser (own cookies) on the same app."""
    async with AsyncExitStack() as stack:

        async def make() -> Ui:
            transport = httpx.ASGITransport(app=app, client=("198.51.100.20", 50001))
            client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
            return Ui(await stack.enter_async_context(client))

        yield make


@pytest.fixture
def signed_in(ui: Ui, make_user: Any) -> Callable[..., Awaitable[Any]]:
    """``account = await signed_in(Role.SUPPORT)``: a new operator, signed in through ``ui``."""

    async def sign_in(role: Role = Role.ADMIN) -> Any:
        account = await make_user(role)
        response = await ui.sign_in(account.username, account.password)
        assert response.status_code == 303, response.text
        return account

    return sign_in

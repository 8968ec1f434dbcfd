"""Password login for operators and customer-portal users, with throttling.

Shared by the login forms, the portal login and ``POST /api/v1/auth/token``.
"""

from __future__ import annotations

from runtime.errors import Unauthorized
from runtime.models import CustomerUser, User
from runtime.security.throttle import LoginThrottle
from runtime.services import customers, users

BAD_LOGIN = "Wrong username or password"


async def login_operator(throttle: LoginThrottle, username: str, password: str, ip: str) -> User:
    await throttle.check("operator", username, ip)
    user = await users.authenticate(username, password)
    if user is None:
        await throttle.failed("operator", username, ip)
        raise Unauthorized(BAD_LOGIN)
    await throttle.succeeded("operator", username, ip)
    return user


async def login_customer(
    throttle: LoginThrottle, email: str, password: str, ip: str
) -> CustomerUser:
    await throttle.check("customer", email, ip)
    contact = await customers.authenticate_contact(email, password)
    if contact is None:
        await throttle.failed("customer", email, ip)
        raise Unauthorized(BAD_LOGIN)
    await throttle.succeeded("customer", email, ip)
    return contact

"""Helpers shared by the API tests: the error shape, logins, token pairs."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import PASSWORD

CLIENT_IP = "203.0.113.7"


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Check ``{"error": {"code", "message", "details"}}`` and return the inner object."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: " + (response.text[:500])
    )
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"], error
    assert "Traceback" not in response.text
    return error


def detail_paths(error: dict[str, Any]) -> list[str]:
    return sorted(d["path"] for d in error["details"])


async def login(
    client: httpx.AsyncClient,
    username: str,
    password: str = PASSWORD,
    principal: str | None = None,
) -> httpx.Response:
    body = {"username": username, "password": password}
    if principal is not None:
        body["principal"] = principal
    return await client.post("/api/v1/auth/token", json=body)


async def token_pair(
    client: httpx.AsyncClient,
    username: str,
    password: str = PASSWORD,
    principal: str | None = None,
) -> dict[str, Any]:
    response = await login(client, username, password, principal)
    assert response.status_code == 200, response.text
    return dict(response.json())


def bearer_of(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def me(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await client.get("/api/v1/me", headers=headers)

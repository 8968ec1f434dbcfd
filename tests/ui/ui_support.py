"""Driving the UI like a browser through httpx: CSRF tokens from the page, url-encoded forms."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

import httpx

from runtime.app import SESSION_COOKIE

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]*)">')
NAV = re.compile(r'<nav id="site-nav"[^>]*>(.*?)</nav>', re.S)
LINK_TEXT = re.compile(r"<a [^>]*>([^<]+)</a>")


def csrf_of(html: str) -> str:
    """The CSRF token of the page's forms: every form must carry the same, non-empty one."""
    tokens = set(CSRF_INPUT.findall(html))
    assert tokens, "no csrf_token hidden input on the page"
    assert "" not in tokens and len(tokens) == 1, f"forms carry different tokens: {tokens}"
    return tokens.pop()


def nav_labels(html: str) -> list[str]:
    """The link texts of the main navigation, in order (empty when there is no nav)."""
    match = NAV.search(html)
    return LINK_TEXT.findall(match.group(1)) if match else []


@dataclass
class Ui:
    client: httpx.AsyncClient

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get(path, **kwargs)

    async def token(self, page: str) -> str:
        response = await self.client.get(page)
        assert response.status_code == 200, (page, response.status_code, response.text[:300])
        return csrf_of(response.text)

    async def post(
        self, path: str, data: dict[str, str] | None = None, *, csrf: str | None = None
    ) -> httpx.Response:
        """POST a form as-is; ``csrf`` (when given) goes in as the ``csrf_token`` field."""
        form = dict(data or {})
        if csrf is not None:
            form["csrf_token"] = csrf
        return await self.client.post(path, data=form)

    async def submit(
        self, page: str, action: str, data: dict[str, str] | None = None
    ) -> httpx.Response:
        """Open ``page``, then submit its form to ``action`` with the page's CSRF token."""
        return await self.post(action, data, csrf=await self.token(page))

    async def sign_in(
        self, username: str, password: str, next_: str | None = None
    ) -> httpx.Response:
        login = "/login" if next_ is None else f"/login?next={next_}"
        data = {"username": username, "password": password}
        if next_ is not None:
            data["next"] = next_
        return await self.submit(login, "/login", data)

    async def portal_sign_in(self, email: str, password: str) -> httpx.Response:
        return await self.submit(
            "/portal/login", "/portal/login", {"email": email, "password": password}
        )

    def session(self) -> dict[str, Any]:
        """The decoded session cookie (signed, not encrypted: its payload is readable)."""
        raw = self.client.cookies.get(SESSION_COOKIE)
        if not raw:
            return {}
        payload = raw.split(".", 1)[0]
        return dict(json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4))))

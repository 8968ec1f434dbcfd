"""An app bound to a host name: that host serves the app's pages and nothing else."""

from __future__ import annotations

from typing import Any

import httpx

from pagebuilder import pages
from pagebuilder.models import PageAccess
from runtime.auth.principal import SYSTEM
from runtime.middleware.app_domains import mapped_path
from runtime.models import Role
from runtime.services import apps


def test_paths_map_into_the_app() -> None:
    assert mapped_path("/", "shop") == "/apps/shop"
    assert mapped_path("/contact", "shop") == "/apps/shop/contact"
    assert mapped_path("/api/v1/users", "shop") == "/apps/shop/api/v1/users"
    for kept in ("/apps/shop/index/_api/submit", "/static/dist/page.js", "/scriptforge/x"):
        assert mapped_path(kept, "shop") == kept


async def test_a_bound_host_serves_the_app(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    shop = await apps.create_app(SYSTEM, "shop")
    await pages.create_page(
        SYSTEM, shop, "index", document={"title": "Shop front"}, access=PageAccess.PUBLIC
    )
    await pages.create_page(
        SYSTEM, shop, "contact", document={"title": "Contact us"}, access=PageAccess.PUBLIC
    )
    bad = await client.patch("/api/v1/apps/shop", headers=headers, json={"domain": "not a host"})
    assert bad.status_code == 422
    bound = await client.patch(
        "/api/v1/apps/shop", headers=headers, json={"domain": "Shop.Example.com."}
    )
    assert bound.json()["domain"] == "shop.example.com"
    other = await apps.create_app(SYSTEM, "other")
    taken = await client.patch(
        "/api/v1/apps/other", headers=headers, json={"domain": "shop.example.com"}
    )
    assert taken.status_code == 409
    assert other.domain is None

    host = {"Host": "shop.example.com:8443"}
    front = await client.get("/", headers=host)
    assert front.status_code == 200 and "<title>Shop front</title>" in front.text
    assert "<title>Contact us</title>" in (await client.get("/contact", headers=host)).text
    # The platform is not reachable on the app's host, even with credentials.
    api = await client.get("/api/v1/apps", headers={**host, **headers})
    assert api.status_code == 404
    assert (await client.get("/login", headers=host)).status_code == 404
    # Elsewhere, nothing changed.
    assert (await client.get("/api/v1/apps", headers=headers)).status_code == 200

    unbound = await client.patch("/api/v1/apps/shop", headers=headers, json={"domain": ""})
    assert unbound.json()["domain"] is None
    root = await client.get("/", headers=host)  # the platform again: its sign-in
    assert root.status_code == 303 and "/login" in root.headers["location"]

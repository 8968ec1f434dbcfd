"""Requests for an app's own host name serve that app, and nothing else of the platform.

An app may be bound to a host name (``App.domain``, e.g. ``portal.example.com``). For a
request whose ``Host`` is such a name, paths are mapped into the app::

    /                    -> /apps/<app>            (its ``index`` page)
    /<page>[...]         -> /apps/<app>/<page>[...]
    /apps/<app>/...      unchanged (the page API the app's pages call)
    /scriptforge/...     unchanged (its ScriptForge functions; each checks its own app)
    /static/...          unchanged

so the operator UI and the REST API are simply not there (``/api/v1/apps`` becomes a page
of the app named ``api``, which does not exist). The host table is read from the database
and kept for :data:`REFRESH_SECONDS`; :func:`forget_domains` empties it when an app changes.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Receive, Scope, Send

REFRESH_SECONDS = 10.0
PASS_THROUGH = ("/static/", "/scriptforge/")

_table: dict[str, str] = {}
_loaded_at = 0.0


def forget_domains() -> None:
    """Reload the host table on the next request (an app's domain changed)."""
    global _loaded_at
    _loaded_at = 0.0


async def _domains() -> dict[str, str]:
    global _table, _loaded_at
    if time.monotonic() - _loaded_at > REFRESH_SECONDS:
        from runtime.models import App

        rows = await App.filter(domain__isnull=False).values_list("domain", "name")
        _table = {str(domain).lower(): str(name) for domain, name in rows}
        _loaded_at = time.monotonic()
    return _table


def _host(scope: Scope) -> str:
    for key, value in scope.get("headers", []):
        if key == b"host":
            return value.decode("latin-1").rsplit(":", 1)[0].strip().lower().rstrip(".")
    return ""


class AppDomainMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = _host(scope)
            name = (await _domains()).get(host) if host else None
            if name is not None:
                scope = dict(scope)
                scope["path"] = mapped_path(scope["path"], name)
                scope["raw_path"] = scope["path"].encode()
        await self.app(scope, receive, send)


def mapped_path(path: str, app: str) -> str:
    """Where a path on the app's own host goes.

    >>> mapped_path("/", "shop"), mapped_path("/contact", "shop")
    ('/apps/shop', '/apps/shop/contact')
    >>> mapped_path("/apps/shop/index/_api/submit", "shop"), mapped_path("/static/x.js", "shop")
    ('/apps/shop/index/_api/submit', '/static/x.js')
    """
    if path.startswith(PASS_THROUGH) or path.startswith(f"/apps/{app}/") or path == "/healthz":
        return path
    if path in ("", "/"):
        return f"/apps/{app}"
    return f"/apps/{app}{path}"

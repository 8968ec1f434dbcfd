"""The one place the application is assembled.

``create_app(settings)`` builds Starlette from the middleware list and the routes of each
area; nothing is created at import time. ``uvicorn --factory runtime.app:create_app`` works
too (settings then come from the environment).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2_fragments.starlette import Jinja2Blocks
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from runtime import db, ops
from runtime.api import build_api
from runtime.api.routes import doc_routes
from runtime.areas import installed_areas
from runtime.auth.session import csrf_token
from runtime.handlers import EXCEPTION_HANDLERS, server_error
from runtime.middleware.app_domains import AppDomainMiddleware
from runtime.middleware.body_limit import BodyLimitMiddleware
from runtime.middleware.metrics import HttpMetrics, MetricsMiddleware
from runtime.middleware.request_id import RequestIdMiddleware
from runtime.middleware.security_headers import SecurityHeadersMiddleware
from runtime.middleware.server_errors import ServerErrorMiddleware
from runtime.security.throttle import CounterStore, LoginThrottle, MemoryCounters, RedisCounters
from runtime.settings import Settings, load_settings
from runtime.ui import nav
from runtime.ui.routes import routes as ui_routes
from runtime.ui.support import pop_flashes

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
TEMPLATE_DIRS = (Path(__file__).parent / "templates",)
SESSION_COOKIE = "trunkline_session"
HOUSEKEEPING_INTERVAL = 3600.0


def app_version() -> str:
    try:
        return version("trunkline")
    except PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"


def _static_url_factory() -> Any:
    """``static_url('dist/app.css')`` with a content hash, so browsers never use stale files."""
    cache: dict[str, str] = {}

    def static_url(path: str) -> str:
        if path not in cache:
            file = STATIC_DIR / path
            digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10] if file.exists() else "0"
            cache[path] = f"/static/{path}?v={digest}"
        return cache[path]

    return static_url


def build_templates(
    nav_items: Sequence[nav.NavItem], template_dirs: Sequence[Path] = TEMPLATE_DIRS
) -> Jinja2Blocks:
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates = Jinja2Blocks(env=env)

    def page_context(request: Request) -> dict[str, Any]:
        principal = getattr(request.state, "principal", None)
        return {
            "principal": principal,
            "nav_sections": nav.visible(nav_items, principal),
            # Button Builder buttons of the side navigation (loaded by ui.support.require).
            "nav_app_buttons": getattr(request.state, "nav_buttons", ()),
            "csrf_token": csrf_token(request) if "session" in request.scope else "",
            "flashes": pop_flashes(request),
        }

    templates.context_processors.append(page_context)
    env.globals["static_url"] = _static_url_factory()
    return templates


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _housekeeping(interval: float = HOUSEKEEPING_INTERVAL) -> None:
    """Forget expired refresh tokens and revocations, hourly, for as long as the app runs."""
    from runtime.services import tokens

    while True:
        try:
            removed = await tokens.purge_expired()
            if removed:
                log.info("housekeeping: removed %d expired token records", removed)
        except Exception:  # a failed round must not end the loop; the next one retries
            log.exception("housekeeping failed")
        await asyncio.sleep(interval)


def _counter_store(settings: Settings) -> CounterStore:
    return RedisCounters(settings.redis_url) if settings.redis_url else MemoryCounters()


def create_app(
    settings: Settings | None = None,
    *,
    manage_database: bool = True,
    background: bool = True,
    extra_routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """Build the ASGI application.

    ``manage_database=False`` leaves opening and closing the database to the caller (the
    test suite binds the models to its own database before building the app).
    ``background=False`` asks areas not to start background work (job workers,
    schedulers): a web-only node (``trunkline run --no-workers``).
    """
    settings = settings or load_settings()
    areas = installed_areas()
    api = build_api()
    area_routes: list[BaseRoute] = []
    nav_items = list(nav.CORE_NAV)
    for area in areas:
        if area.api is not None:
            api.include(area.api())
        if area.routes is not None:
            area_routes.extend(area.routes())
        nav_items.extend(area.nav)
    template_dirs = [*TEMPLATE_DIRS, *(a.templates for a in areas if a.templates)]
    metrics = HttpMetrics(CollectorRegistry(auto_describe=True))
    store = _counter_store(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        log.info("Trunkline %s starting (%s database)", app.state.version, settings.dialect)
        async with contextlib.AsyncExitStack() as stack:
            if isinstance(store, RedisCounters):
                stack.push_async_callback(store.aclose)
            if manage_database:
                await stack.enter_async_context(db.open_database(settings.resolved_database_url))
                housekeeping = asyncio.create_task(_housekeeping())
                stack.push_async_callback(_cancel, housekeeping)
            # Areas start their services (sandbox workers, job runners...) in order and stop
            # them in reverse, before the database closes.
            for area in areas:
                if area.lifespan is not None:
                    await stack.enter_async_context(area.lifespan(app))
            yield
        log.info("Trunkline stopped")

    routes: list[BaseRoute] = [
        *ops.routes,
        *doc_routes(api, app_version()),
        *api.routes(),
        *ui_routes,
        *area_routes,
        *extra_routes,
        Mount("/static", app=StaticFiles(directory=STATIC_DIR, check_dir=False), name="static"),
    ]
    middleware = [
        Middleware(RequestIdMiddleware),
        Middleware(AppDomainMiddleware),
        Middleware(MetricsMiddleware, metrics=metrics),
        Middleware(SecurityHeadersMiddleware),
        Middleware(ServerErrorMiddleware, handler=server_error),
        Middleware(
            BodyLimitMiddleware,
            max_bytes=settings.max_body_bytes,
            upload_max_bytes=settings.max_upload_bytes,
        ),
        Middleware(
            SessionMiddleware,
            secret_key=settings.secret_key,
            session_cookie=SESSION_COOKIE,
            max_age=settings.session_ttl,
            same_site="lax",
            https_only=settings.https_only_cookies,
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.version = app_version()
    app.state.background = background
    app.state.api = api
    app.state.metrics = metrics
    app.state.throttle = LoginThrottle(store, settings.login_max_failures, settings.login_window)
    app.state.templates = build_templates(nav_items, template_dirs)
    return app

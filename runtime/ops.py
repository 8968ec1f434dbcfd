"""Operations endpoints: ``/healthz`` for load balancers, ``/metrics`` for Prometheus."""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from runtime import db

log = logging.getLogger(__name__)
HEALTH_TIMEOUT = 2.0


async def healthz(request: Request) -> JSONResponse:
    try:
        await asyncio.wait_for(db.ping(), HEALTH_TIMEOUT)
    except Exception as exc:  # any failure means "not healthy"; say which part failed
        log.warning("health check failed: %s", exc)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok", "version": request.app.state.version})


async def metrics(request: Request) -> Response:
    registry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


routes = [
    Route("/healthz", healthz, name="ops:healthz"),
    Route("/metrics", metrics, name="ops:metrics"),
]

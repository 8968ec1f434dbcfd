"""The only place errors become responses: JSON for the API, pages for people.

API paths (``/api/...``) and clients that ask for JSON get
``{"error": {"code", "message", "details"}}``; browsers get an error page, or a redirect to
the login page when they are not signed in. Nothing here ever shows a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from runtime.errors import RateLimited, TrunklineError, Unauthorized

log = logging.getLogger("trunkline.errors")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
    429: "rate_limited",
}


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/scriptforge/")) or path in {"/healthz", "/metrics"}:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _json(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details}},
        status_code=status,
        headers=headers,
    )


def _page(request: Request, status: int, title: str, message: str) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "runtime/error.html",
        {"status": status, "title": title, "message": message},
        status_code=status,
    )


async def trunkline_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TrunklineError)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    if wants_json(request):
        if isinstance(exc, Unauthorized):
            headers = {"WWW-Authenticate": 'Bearer realm="trunkline"'}
        return _json(exc.status_code, exc.code, exc.message, exc.details, headers)
    if isinstance(exc, Unauthorized):
        login = "portal:login" if request.url.path.startswith("/portal") else "ui:login"
        target = request.url_for(login).include_query_params(next=request.url.path)
        return RedirectResponse(str(target), status_code=303)
    return _page(request, exc.status_code, exc.code.replace("_", " ").capitalize(), exc.message)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "bad_request")
    message = "No such endpoint" if exc.status_code == 404 else str(exc.detail)
    if wants_json(request):
        return _json(exc.status_code, code, message, None, exc.headers)
    title = "Page not found" if exc.status_code == 404 else str(exc.detail)
    text = (
        "There is nothing at this address. Check the link, or go back to the dashboard."
        if exc.status_code == 404
        else str(exc.detail)
    )
    return _page(request, exc.status_code, title, text)


async def server_error(request: Request, exc: Exception) -> Response:
    from runtime import context

    rid = context.request_id.get()
    log.error(
        "unhandled error on %s %s (request %s)", request.method, request.url.path, rid, exc_info=exc
    )
    message = f"Something went wrong on our side. Quote request id {rid} to support."
    if wants_json(request):
        return _json(500, "internal", message, {"request_id": rid})
    try:
        return _page(request, 500, "Server error", message)
    except Exception:  # the template layer itself may be what failed
        return Response(message, status_code=500, media_type="text/plain")


EXCEPTION_HANDLERS = {
    TrunklineError: trunkline_error,
    HTTPException: http_error,
    Exception: server_error,
}

"""``/scriptforge/<uuid>[/<function>]``: scripts as HTTP functions.

The JSON body (or, for GET, the query parameters) is ``data``; the return value is the JSON
response. Access per script: ``apikey`` (an operator's ``X-Api-Key`` or bearer token; the
default), ``public`` (anyone), ``session`` (a signed-in operator or customer-portal user).
Calls are rate-limited per script and client address.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from runtime.auth.resolve import resolve_principal
from runtime.auth.session import CSRF_HEADER, SAFE_METHODS, check_csrf
from runtime.errors import BadRequest, NotFound, RateLimited, Unauthorized
from scriptforge.invoke import invocation_cache, invoke, raise_for_outcome
from scriptforge.models import RunTrigger, Script, ScriptAccess

RATE_WINDOW = 60


async def _script(request: Request) -> Script:
    raw = request.path_params["script_uuid"]
    try:
        key = uuidlib.UUID(raw)
    except ValueError:
        raise NotFound("No such script") from None
    script = await invocation_cache(request.app).script(key)
    if script is None:
        raise NotFound("No such script")
    return script


async def _caller(request: Request, script: Script) -> str:
    if script.access == ScriptAccess.PUBLIC:
        principal = None
        if request.headers.get("authorization") or request.headers.get("x-api-key"):
            principal = await resolve_principal(request)
        return (
            principal.name
            if principal
            else f"public:{request.client.host if request.client else ''}"
        )
    principal = await resolve_principal(request)
    if principal is None:
        raise Unauthorized(
            "This script needs an API key"
            if script.access == ScriptAccess.APIKEY
            else "This script needs a signed-in session"
        )
    if script.access == ScriptAccess.APIKEY and principal.via == "session":
        raise Unauthorized("This script needs an API key or a bearer token")
    if script.access == ScriptAccess.SESSION:
        if principal.via != "session":
            raise Unauthorized("This script needs a signed-in session")
        if request.method not in SAFE_METHODS:
            # A cookie rides along on cross-site requests; the token proves the page is ours.
            check_csrf(request, request.headers.get(CSRF_HEADER))
    return principal.name


async def _data(request: Request) -> Any:
    if request.method == "GET":
        return dict(request.query_params)
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = (
            f" at line {exc.lineno} column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise BadRequest(f"Malformed JSON{where}") from None


async def call_script(request: Request) -> Response:
    script = await _script(request)
    caller = await _caller(request, script)
    client = request.client.host if request.client else "-"
    store = request.app.state.throttle.store
    hits = await store.hit(f"scriptforge:{script.id}:{client}", RATE_WINDOW)
    if hits > script.rate_limit_per_minute:
        raise RateLimited(
            f"More than {script.rate_limit_per_minute} calls a minute to this script",
            retry_after=RATE_WINDOW,
        )
    outcome, run = await invoke(
        request.app,
        script,
        function=request.path_params.get("function"),
        data=await _data(request),
        trigger=RunTrigger.HTTP,
        caller=caller,
    )
    raise_for_outcome(outcome, run.id)
    return JSONResponse(outcome.result, headers={"X-Run-Id": str(run.id)})


def routes() -> list[Route]:
    methods = ["GET", "POST"]
    return [
        Route("/scriptforge/{script_uuid}", call_script, methods=methods, name="scriptforge:call"),
        Route(
            "/scriptforge/{script_uuid}/{function}",
            call_script,
            methods=methods,
            name="scriptforge:call_function",
        ),
    ]

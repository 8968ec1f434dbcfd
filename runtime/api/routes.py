"""HTTP routes serving the OpenAPI document and the browsable docs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from runtime.api.framework import Api
from runtime.api.openapi import build_openapi


def doc_routes(api: Api, version: str) -> list[Route]:
    cached: dict[str, object] = {}

    async def openapi(request: Request) -> JSONResponse:
        if "doc" not in cached:
            cached["doc"] = build_openapi(api, version)
        return JSONResponse(cached["doc"])

    async def docs(request: Request) -> HTMLResponse:
        return request.app.state.templates.TemplateResponse(
            request, "runtime/api_docs.html", {"spec_url": request.url_for("api:openapi")}
        )

    return [
        Route(api.prefix + "/openapi.json", openapi, name="api:openapi"),
        Route(api.prefix + "/docs", docs, name="api:docs"),
    ]

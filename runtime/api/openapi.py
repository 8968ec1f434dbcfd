"""The OpenAPI 3.1 document, generated from the endpoint declarations.

Nothing here is written by hand per route: paths, parameters, bodies, responses and
security come from :class:`runtime.api.framework.Endpoint` and its pydantic models.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from runtime.api.framework import Api, Endpoint

REF = "#/components/schemas/{model}"
_PARAM = re.compile(r"{(\w+)(?::(\w+))?}")
_STATUS_TEXT = {
    200: "OK",
    201: "Created",
    204: "No content",
    400: "Malformed request",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Request body too large",
    422: "Validation failed",
    429: "Too many requests",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


def _openapi_path(path: str) -> str:
    return _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def _path_params(path: str) -> list[dict[str, Any]]:
    params = []
    for name, conv in _PARAM.findall(path):
        schema = {"type": "integer"} if conv == "int" else {"type": "string"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return params


def _query_params(model: type[BaseModel], defs: dict[str, Any]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF)
    defs.update(schema.pop("$defs", {}))
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema.get("properties", {}).items():
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": {k: v for k, v in prop.items() if k != "description"},
        }
        if "description" in prop:
            param["description"] = prop["description"]
        params.append(param)
    return params


def _operation(e: Endpoint, names: dict[Any, str], defs: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": e.name.replace(".", "_"),
        "summary": e.summary,
        "tags": [e.tag] if e.tag else [],
    }
    doc = (e.handler.__doc__ or "").strip()
    if doc and doc != e.summary:
        op["description"] = doc
    params = _path_params(e.path)
    if e.query is not None:
        params += _query_params(e.query, defs)
    if params:
        op["parameters"] = params
    if e.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": REF.format(model=names[e.body])}}},
        }
    responses: dict[str, Any] = {}
    if e.status == 204 or e.response is None:
        responses[str(e.status)] = {"description": _STATUS_TEXT.get(e.status, "OK")}
    else:
        responses[str(e.status)] = {
            "description": _STATUS_TEXT.get(e.status, "OK"),
            "content": {
                "application/json": {"schema": {"$ref": REF.format(model=names[e.response])}}
            },
        }
    codes = set(e.errors)
    if e.body is not None:
        codes |= {400, 413, 422}
    if e.query is not None:
        codes.add(422)
    if e.permission is not None:
        codes |= {401, 403}
    for code in sorted(codes):
        responses[str(code)] = {
            "description": _STATUS_TEXT[code],
            "content": {
                "application/json": {"schema": {"$ref": REF.format(model="ErrorResponse")}}
            },
        }
    op["responses"] = responses
    if e.permission is None:
        op["security"] = []
    else:
        op["x-permission"] = e.permission.value
    return op


def build_openapi(api: Api, version: str) -> dict[str, Any]:
    models: list[tuple[Any, Any]] = [(ErrorResponse, "serialization")]
    for e in api.endpoints:
        if e.body is not None:
            models.append((e.body, "validation"))
        if e.response is not None:
            models.append((e.response, "serialization"))
    keyed, top = models_json_schema(models, ref_template=REF)
    defs: dict[str, Any] = dict(top.get("$defs", {}))
    names = {model: schema["$ref"].rsplit("/", 1)[-1] for (model, _), schema in keyed.items()}
    paths: dict[str, dict[str, Any]] = {}
    for e in api.endpoints:
        item = paths.setdefault(api.prefix + _openapi_path(e.path), {})
        item[e.method.lower()] = _operation(e, names, defs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Trunkline API",
            "version": version,
            "description": 'Errors are `{"error": {"code", "message", "details"}}`. '
            "Lists return `{items, total, limit, offset, next}` and take `limit`, `offset` "
            "and `sort=field,-other`.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": defs,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
                "session": {"type": "apiKey", "in": "cookie", "name": "trunkline_session"},
            },
        },
        "security": [{"bearer": []}, {"apiKey": []}, {"session": []}],
    }

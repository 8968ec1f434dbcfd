"""A small declarative layer over Starlette for the JSON API.

Each endpoint is declared once with its method, path, name, required permission and
pydantic models; from that one declaration come the Starlette route, input parsing and
validation, authorisation, the response, and its part of the OpenAPI document::

    api = Api()

    @api.route("GET", "/users/{user_id:int}", name="users.get",
               permission=Permission.USERS_READ, response=UserOut)
    async def get_user(call: Call) -> UserOut: ...

Handlers take one :class:`Call` and return a model (or ``None`` for 204).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.auth.resolve import resolve_principal
from runtime.auth.session import CSRF_HEADER, SAFE_METHODS, check_csrf
from runtime.errors import BadRequest, Forbidden, Unauthorized, ValidationFailed

Audience = Literal["operator", "customer", "any"]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Call(Generic[M]):
    """Everything a handler needs from its request."""

    request: Request
    principal: Principal | None
    body: Any = None
    query: Any = None
    path: dict[str, Any] = field(default_factory=dict)

    @property
    def actor(self) -> Principal:
        if self.principal is None:  # pragma: no cover - public endpoints do not audit
            raise Unauthorized()
        return self.principal


Handler = Callable[[Call[Any]], Awaitable[Any]]


@dataclass
class Endpoint:
    method: str
    path: str
    name: str
    handler: Handler
    permission: Permission | None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: Any = None
    status: int = 200
    summary: str = ""
    tag: str = ""
    audience: Audience = "operator"
    errors: tuple[int, ...] = ()


def validation_details(exc: ValidationError, prefix: str = "") -> list[dict[str, str]]:
    """pydantic errors as ``[{"path": "a.b.0", "message": ...}]``."""
    details = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        path = ".".join([prefix, *loc] if prefix else loc) or prefix or "$"
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field"
        details.append({"path": path, "message": message})
    return details


def _first_paragraph(doc: str | None) -> str:
    paragraph = (doc or "").strip().split("\n\n")[0]
    return " ".join(line.strip() for line in paragraph.splitlines())


def _first_problem(details: list[dict[str, str]]) -> str:
    first = details[0]
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return f"{first['path']}: {first['message']}{more}"


async def parse_json_body(request: Request, model: type[M]) -> M:
    raw = await request.body()
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if raw and ctype not in {"application/json", ""} and not ctype.endswith("+json"):
        raise BadRequest(f"Content-Type must be application/json, not {ctype}")
    try:
        data = json.loads(raw) if raw.strip() else {}
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = (
            f" at line {exc.lineno} column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise BadRequest(f"Malformed JSON{where}: {getattr(exc, 'msg', exc)}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = validation_details(exc)
        raise ValidationFailed(_first_problem(details), details) from None


def parse_query(request: Request, model: type[M]) -> M:
    data: dict[str, Any] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        info = model.model_fields.get(key)
        is_list = info is not None and "list" in str(info.annotation).lower()
        data[key] = values if is_list else values[-1]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = validation_details(exc)
        raise ValidationFailed(_first_problem(details), details) from None


def _render(result: Any, status: int) -> Response:
    if result is None:
        return Response(status_code=204)
    if isinstance(result, Response):
        return result
    if isinstance(result, BaseModel):
        return JSONResponse(result.model_dump(mode="json"), status_code=status)
    return JSONResponse(result, status_code=status)


async def authorize(request: Request, endpoint: Endpoint) -> Principal | None:
    if endpoint.permission is None:
        return None
    principal = await resolve_principal(request)
    if principal is None:
        raise Unauthorized()
    if principal.via == "session" and request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    if endpoint.audience == "operator" and not principal.is_operator:
        raise Forbidden("Operator access only")
    if endpoint.audience == "customer" and principal.is_operator:
        raise Forbidden("Customer-portal access only")
    if principal.is_operator and not principal.can(endpoint.permission):
        raise Forbidden(
            f"Your role ({principal.role}) lacks the permission {endpoint.permission.value!r}"
        )
    return principal


def _asgi_view(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    async def view(request: Request) -> Response:
        principal = await authorize(request, endpoint)
        call: Call[Any] = Call(request=request, principal=principal, path=dict(request.path_params))
        if endpoint.query is not None:
            call.query = parse_query(request, endpoint.query)
        if endpoint.body is not None:
            call.body = await parse_json_body(request, endpoint.body)
        return _render(await endpoint.handler(call), endpoint.status)

    view.__name__ = endpoint.name
    return view


class Api:
    """A collection of endpoints mounted under one prefix."""

    def __init__(self, prefix: str = "/api/v1") -> None:
        self.prefix = prefix
        self.endpoints: list[Endpoint] = []

    def route(
        self,
        method: str,
        path: str,
        *,
        name: str,
        permission: Permission | None,
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        response: Any = None,
        status: int = 200,
        summary: str = "",
        tag: str = "",
        audience: Audience = "operator",
        errors: tuple[int, ...] = (),
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if any(e.name == name for e in self.endpoints):
                raise ValueError(f"duplicate endpoint name {name!r}")
            self.endpoints.append(
                Endpoint(
                    method.upper(),
                    path,
                    name,
                    handler,
                    permission,
                    body,
                    query,
                    response,
                    status,
                    summary or _first_paragraph(handler.__doc__),
                    tag,
                    audience,
                    errors,
                )
            )
            return handler

        return register

    def include(self, other: Api) -> None:
        for endpoint in other.endpoints:
            if any(e.name == endpoint.name for e in self.endpoints):
                raise ValueError(f"duplicate endpoint name {endpoint.name!r}")
            self.endpoints.append(endpoint)

    def routes(self) -> list[Route]:
        return [
            Route(self.prefix + e.path, _asgi_view(e), methods=[e.method], name=f"api:{e.name}")
            for e in self.endpoints
        ]

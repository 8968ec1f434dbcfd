"""The OpenAPI document is valid 3.1 and describes every endpoint; the docs page renders."""

from __future__ import annotations

import re
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

_PARAM = re.compile(r"{(\w+)(?::\w+)?}")


async def spec_of(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return dict(response.json())


async def test_document_is_valid_openapi_31(client: httpx.AsyncClient, db: str) -> None:
    spec = await spec_of(client)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


async def test_every_endpoint_is_described(client: httpx.AsyncClient, app: Any) -> None:
    spec = await spec_of(client)
    api = app.state.api
    missing = []
    for endpoint in api.endpoints:
        path = api.prefix + _PARAM.sub(r"{\1}", endpoint.path)
        operation = spec["paths"].get(path, {}).get(endpoint.method.lower())
        if operation is None:
            missing.append(f"{endpoint.method} {path} ({endpoint.name})")
            continue
        assert operation["operationId"] == endpoint.name.replace(".", "_")
        assert str(endpoint.status) in operation["responses"], endpoint.name
        assert operation["summary"], endpoint.name
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == set(_PARAM.findall(endpoint.path)), endpoint.name
        if endpoint.body is not None:
            assert "application/json" in operation["requestBody"]["content"], endpoint.name
            assert "422" in operation["responses"], endpoint.name
        if endpoint.permission is None:
            assert operation["security"] == [], endpoint.name
        else:
            assert operation["x-permission"] == endpoint.permission.value, endpoint.name
            assert {"401", "403"} <= set(operation["responses"]), endpoint.name
    assert not missing, f"endpoints absent from openapi.json: {missing}"

    documented = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert len(documented) == len(api.endpoints), "the document lists endpoints that do not exist"


async def test_operation_ids_are_unique(client: httpx.AsyncClient, db: str) -> None:
    spec = await spec_of(client)
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, duplicates


async def test_error_responses_point_at_the_error_schema(
    client: httpx.AsyncClient, db: str
) -> None:
    spec = await spec_of(client)
    error_schema = spec["components"]["schemas"]["ErrorResponse"]
    assert error_schema["required"] == ["error"]
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorResponse", (method, path, status)


async def test_secrets_only_in_the_one_response(client: httpx.AsyncClient, db: str) -> None:
    """Only the create response of an API key documents the secret; no schema has a hash."""
    spec = await spec_of(client)
    schemas = spec["components"]["schemas"]
    # In the env-var and KV schemas "key" is a name, not a secret.
    names = {"EnvVarCreate", "EnvVarOut", "KVOut", "KVSummary"}
    holders = sorted(
        name
        for name, s in schemas.items()
        if "key" in s.get("properties", {}) and name not in names
    )
    assert holders == ["ApiKeyCreated"]
    for name, schema in schemas.items():
        for prop in schema.get("properties", {}):
            assert "hash" not in prop, (name, prop)


async def test_docs_page(client: httpx.AsyncClient, db: str) -> None:
    response = await client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/api/v1/openapi.json" in response.text


async def test_real_responses_match_their_schemas(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    """The document describes what the API actually sends (success and error bodies)."""
    spec = await spec_of(client)
    headers = await auth_headers()

    def check(path: str, method: str, response: httpx.Response) -> None:
        operation = spec["paths"][path][method]
        content = operation["responses"][str(response.status_code)]["content"]
        schema = {**content["application/json"]["schema"], "components": spec["components"]}
        errors = list(Draft202012Validator(schema).iter_errors(response.json()))
        assert not errors, (method, path, response.status_code, [e.message for e in errors])

    created = await client.post("/api/v1/apps", json={"name": "schema-app"}, headers=headers)
    check("/api/v1/apps", "post", created)
    check("/api/v1/apps", "get", await client.get("/api/v1/apps", headers=headers))
    check("/api/v1/apps/{app}", "get", await client.get("/api/v1/apps/nope", headers=headers))
    check("/api/v1/me", "get", await client.get("/api/v1/me", headers=headers))
    check("/api/v1/users", "get", await client.get("/api/v1/users", headers=headers))
    check("/api/v1/audit", "get", await client.get("/api/v1/audit", headers=headers))
    key = await client.post("/api/v1/apikeys", json={"name": "k"}, headers=headers)
    check("/api/v1/apikeys", "post", key)
    check("/api/v1/apikeys", "get", await client.get("/api/v1/apikeys", headers=headers))
    bad = await client.post("/api/v1/users", json={"username": "x"}, headers=headers)
    check("/api/v1/users", "post", bad)
    check("/api/v1/users", "get", await client.get("/api/v1/users"))

"""Every API error has one shape, ``{"error": {"code", "message", "details"}}``; lists page."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime.app import create_app
from runtime.auth.principal import SYSTEM
from runtime.models import Role, User
from runtime.services import apps, audit, users
from runtime.settings import Settings
from tests.api.api_support import assert_error, detail_paths
from tests.conftest import PASSWORD, SECRET, bearer


@pytest.fixture
async def admin(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.ADMIN))


# --- 400 ------------------------------------------------------------------------------------


async def test_malformed_json_is_400_with_position(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    response = await client.post(
        "/api/v1/apps",
        content=b'{\n  "name": "x",\n  "title": }',
        headers={**admin, "Content-Type": "application/json"},
    )
    error = assert_error(response, 400, "bad_request")
    assert "line 3 column" in error["message"]
    assert "Malformed JSON" in error["message"]


async def test_undecodable_body_is_400(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await client.post(
        "/api/v1/apps",
        content=b"\xff\xfe\xfa",
        headers={**admin, "Content-Type": "application/json"},
    )
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
async def test_wrong_content_type_is_400(
    client: httpx.AsyncClient, admin: dict[str, str], content_type: str
) -> None:
    response = await client.post(
        "/api/v1/apps",
        content=json.dumps({"name": "typed"}).encode(),
        headers={**admin, "Content-Type": content_type},
    )
    error = assert_error(response, 400, "bad_request")
    assert "Content-Type" in error["message"]
    assert (await client.get("/api/v1/apps/typed", headers=admin)).status_code == 404


async def test_json_suffix_content_type_is_accepted(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    response = await client.post(
        "/api/v1/apps",
        content=json.dumps({"name": "suffixed"}).encode(),
        headers={**admin, "Content-Type": "application/merge-patch+json; charset=utf-8"},
    )
    assert response.status_code == 201, response.text


# --- 401, 403, 404, 405 ---------------------------------------------------------------------


async def test_401_has_shape_and_challenge(client: httpx.AsyncClient, db: str) -> None:
    response = await client.get("/api/v1/users")
    error = assert_error(response, 401, "unauthorized")
    assert error["details"] is None
    assert response.headers["www-authenticate"] == 'Bearer realm="trunkline"'


async def test_api_401_is_json_even_for_browsers(client: httpx.AsyncClient, db: str) -> None:
    """Under /api a browser is told 401 in JSON, not redirected to the login form."""
    response = await client.get("/api/v1/me", headers={"Accept": "text/html"})
    assert_error(response, 401, "unauthorized")


async def test_403_has_shape(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.READONLY)
    response = await client.post("/api/v1/apps", json={"name": "nope"}, headers=headers)
    error = assert_error(response, 403, "forbidden")
    assert "apps:write" in error["message"]


@pytest.mark.parametrize(
    "path", ["/api/v1/nope", "/api/v1/users/abc", "/api/v2/users", "/api/v1/apps/x/y"]
)
async def test_unknown_route_is_json_404(client: httpx.AsyncClient, db: str, path: str) -> None:
    response = await client.get(path)
    error = assert_error(response, 404, "not_found")
    assert error["message"] == "No such endpoint"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/users/987654",
        "/api/v1/apps/987654",
        "/api/v1/apps/no-such-app",
        "/api/v1/apps/00000000-0000-4000-8000-000000000000",
        "/api/v1/customers/987654",
        "/api/v1/customers/987654/users",
    ],
)
async def test_unknown_object_is_404(
    client: httpx.AsyncClient, admin: dict[str, str], path: str
) -> None:
    response = await client.get(path, headers=admin)
    error = assert_error(response, 404, "not_found")
    assert error["message"] != "No such endpoint"


@pytest.mark.parametrize(
    ("method", "path"),
    [("DELETE", "/api/v1/me"), ("PUT", "/api/v1/users/1"), ("GET", "/api/v1/auth/token")],
)
async def test_wrong_method_is_405(
    client: httpx.AsyncClient, admin: dict[str, str], method: str, path: str
) -> None:
    response = await client.request(method, path, headers=admin)
    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"]
    assert method not in response.headers["allow"]


# --- 413 ------------------------------------------------------------------------------------


async def test_body_over_the_default_limit_is_413(
    client: httpx.AsyncClient, app: Any, admin: dict[str, str]
) -> None:
    limit = app.state.settings.max_body_bytes
    assert limit == 1_048_576
    body = json.dumps({"name": "big", "description": "x" * limit}).encode()
    response = await client.post(
        "/api/v1/apps", content=body, headers={**admin, "Content-Type": "application/json"}
    )
    error = assert_error(response, 413, "payload_too_large")
    assert str(limit) in error["message"]
    assert (await client.get("/api/v1/apps/big", headers=admin)).status_code == 404


@pytest.fixture
async def small_client(db_url: str, db: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url=db_url, secret_key=SECRET, data_dir=tmp_path, max_body_bytes=2048
    )
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def _chunks(total: int, size: int = 512) -> AsyncIterator[bytes]:
    yield b'{"name": "streamed", "description": "'
    sent = 0
    while sent < total:
        yield b"x" * size
        sent += size
    yield b'"}'


@pytest.mark.parametrize("streamed", [False, True], ids=["content-length", "chunked"])
async def test_small_limit_413(
    small_client: httpx.AsyncClient, make_user: Any, streamed: bool
) -> None:
    account = await make_user(Role.ADMIN)
    token = await small_client.post(
        "/api/v1/auth/token", json={"username": account.username, "password": PASSWORD}
    )
    headers = {
        "Authorization": f"Bearer {token.json()['access_token']}",
        "Content-Type": "application/json",
    }
    # Just under the limit is fine.
    fits = json.dumps({"name": "fits", "description": "x" * 1900}).encode()
    assert len(fits) <= 2048
    ok = await small_client.post("/api/v1/apps", content=fits, headers=headers)
    assert ok.status_code == 201, ok.text

    if streamed:
        request = small_client.build_request(
            "POST", "/api/v1/apps", content=_chunks(4096), headers=headers
        )
        assert "content-length" not in request.headers
        assert request.headers["transfer-encoding"] == "chunked"
        response = await small_client.send(request)
    else:
        body = json.dumps({"name": "streamed", "description": "x" * 4096}).encode()
        response = await small_client.post("/api/v1/apps", content=body, headers=headers)

    error = assert_error(response, 413, "payload_too_large")
    assert "2048" in error["message"]
    gone = await small_client.get("/api/v1/apps/streamed", headers=headers)
    assert gone.status_code == 404


# --- 422 ------------------------------------------------------------------------------------


async def test_validation_names_every_bad_field(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    response = await client.post(
        "/api/v1/users",
        json={"username": "someone", "password": "short", "role": "overlord"},
        headers=admin,
    )
    error = assert_error(response, 422, "validation_error")
    assert detail_paths(error) == ["password", "role"]
    assert all(isinstance(d["message"], str) and d["message"] for d in error["details"])
    assert "(and 1 more)" in error["message"]
    assert not await User.exists(username="someone")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {"username": "someone", "password": PASSWORD, "colour": "red"},
            [{"path": "colour", "message": "unknown field"}],
            id="unknown-field",
        ),
        pytest.param(
            {"password": PASSWORD},
            [{"path": "username", "message": "Field required"}],
            id="missing-field",
        ),
        pytest.param(
            {"username": "someone", "password": PASSWORD, "email": "not-an-email"},
            ["email"],
            id="bad-email",
        ),
        pytest.param(["not", "an", "object"], ["$"], id="not-an-object"),
    ],
)
async def test_validation_details(
    client: httpx.AsyncClient, admin: dict[str, str], body: Any, expected: list[Any]
) -> None:
    response = await client.post("/api/v1/users", json=body, headers=admin)
    error = assert_error(response, 422, "validation_error")
    if expected and isinstance(expected[0], dict):
        assert error["details"] == expected
    else:
        assert [d["path"] for d in error["details"]] == expected


async def test_service_level_validation_has_the_same_shape(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    """Rules the service enforces (username characters) come back like pydantic's."""
    response = await client.post(
        "/api/v1/users", json={"username": "no spaces!", "password": PASSWORD}, headers=admin
    )
    error = assert_error(response, 422, "validation_error")
    assert detail_paths(error) == ["username"]


async def test_patch_bodies_are_validated(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    response = await client.patch("/api/v1/users/1", json={"role": ["admin"]}, headers=admin)
    error = assert_error(response, 422, "validation_error")
    assert detail_paths(error) == ["role"]


# --- 409 ------------------------------------------------------------------------------------


async def test_duplicate_username_is_409(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    body = {"username": "dup", "password": PASSWORD}
    assert (await client.post("/api/v1/users", json=body, headers=admin)).status_code == 201

    response = await client.post("/api/v1/users", json={**body, "username": "DUP"}, headers=admin)

    error = assert_error(response, 409, "conflict")
    assert error["details"] == [{"path": "username", "message": "already taken"}]
    assert await User.filter(username="dup").count() == 1


async def test_duplicate_app_name_is_409(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    for name in ("one", "two"):
        response = await client.post("/api/v1/apps", json={"name": name}, headers=admin)
        assert response.status_code == 201
    assert_error(
        await client.post("/api/v1/apps", json={"name": "one"}, headers=admin), 409, "conflict"
    )
    renamed = await client.patch("/api/v1/apps/two", json={"name": "one"}, headers=admin)
    assert_error(renamed, 409, "conflict")


# --- list parameters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"sort": "password_hash"}, "sort"),
        ({"sort": "username,-nope"}, "sort"),
        ({"role": "overlord"}, "role"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_list_parameters_are_422(
    client: httpx.AsyncClient, admin: dict[str, str], params: dict[str, str], path: str
) -> None:
    response = await client.get("/api/v1/users", params=params, headers=admin)
    error = assert_error(response, 422, "validation_error")
    assert [d["path"] for d in error["details"]] == [path]


async def _make_users(names: list[str]) -> None:
    for name in names:
        await users.create_user(SYSTEM, name, PASSWORD, Role.READONLY)


async def test_sort_and_pagination(client: httpx.AsyncClient, make_user: Any) -> None:
    admin_account = await make_user(Role.ADMIN, username="aaa-admin")
    headers = await bearer(client, admin_account)
    await _make_users(["delta", "alpha", "echo", "charlie", "bravo"])
    everyone = sorted(["aaa-admin", "alpha", "bravo", "charlie", "delta", "echo"])

    default = await client.get("/api/v1/users", headers=headers)
    page = default.json()
    assert [u["username"] for u in page["items"]] == everyone
    assert (page["total"], page["limit"], page["offset"], page["next"]) == (6, 50, 0, None)

    descending = await client.get("/api/v1/users", params={"sort": "-username"}, headers=headers)
    assert [u["username"] for u in descending.json()["items"]] == everyone[::-1]

    window = await client.get(
        "/api/v1/users", params={"sort": "-username", "limit": 2, "offset": 1}, headers=headers
    )
    page = window.json()
    assert [u["username"] for u in page["items"]] == everyone[::-1][1:3]
    assert (page["total"], page["limit"], page["offset"]) == (6, 2, 1)

    past_the_end = await client.get("/api/v1/users", params={"offset": 10}, headers=headers)
    assert past_the_end.json()["items"] == []
    assert past_the_end.json()["total"] == 6

    by_role = await client.get(
        "/api/v1/users", params={"sort": "role,-username", "role": "readonly"}, headers=headers
    )
    assert [u["username"] for u in by_role.json()["items"]] == [
        "echo",
        "delta",
        "charlie",
        "bravo",
        "alpha",
    ]
    assert by_role.json()["total"] == 5

    # Walking with offset visits each user exactly once.
    seen: list[str] = []
    for offset in range(0, 6, 4):
        chunk = await client.get(
            "/api/v1/users", params={"limit": 4, "offset": offset}, headers=headers
        )
        seen += [u["username"] for u in chunk.json()["items"]]
    assert seen == everyone


async def test_audit_cursor_walks_every_entry_once(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    for n in range(9):
        await audit.record(SYSTEM, "test.event", "thing", n, f"thing {n}")
    expected_total = await client.get("/api/v1/audit", params={"limit": 500}, headers=admin)
    all_ids = [e["id"] for e in expected_total.json()["items"]]
    assert all_ids == sorted(all_ids, reverse=True)
    total = expected_total.json()["total"]
    assert total == len(all_ids) >= 10
    assert expected_total.json()["next"] is None

    walked: list[int] = []
    params: dict[str, Any] = {"limit": 3}
    pages = 0
    while True:
        response = await client.get("/api/v1/audit", params=params, headers=admin)
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["total"] == total
        assert len(page["items"]) <= 3
        walked += [e["id"] for e in page["items"]]
        pages += 1
        if page["next"] is None:
            break
        params = {"limit": 3, "cursor": page["next"]}
        assert pages < 20, "cursor does not advance"

    assert walked == all_ids
    assert len(set(walked)) == len(walked)
    assert pages == -(-total // 3)

    filtered: list[int] = []
    params = {"limit": 4, "action": "test.event"}
    while True:
        page = (await client.get("/api/v1/audit", params=params, headers=admin)).json()
        assert page["total"] == 9
        filtered += [int(e["object_id"]) for e in page["items"]]
        if not page["next"]:
            break
        params = {"limit": 4, "action": "test.event", "cursor": page["next"]}
    assert filtered == list(range(8, -1, -1))


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"cursor": "!!not-a-cursor"}, "cursor"),
        ({"cursor": "eHl6OjE"}, "cursor"),
        ({"sort": "id"}, "sort"),
    ],
)
async def test_bad_audit_list_parameters(
    client: httpx.AsyncClient, admin: dict[str, str], params: dict[str, str], path: str
) -> None:
    response = await client.get("/api/v1/audit", params=params, headers=admin)
    error = assert_error(response, 422, "validation_error")
    assert [d["path"] for d in error["details"]] == [path]


# --- 500 ------------------------------------------------------------------------------------


async def test_internal_error_never_shows_a_stack_trace(
    app: Any, admin: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def explode(ref: Any) -> Any:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(apps, "get_app", explode)
    transport = httpx.ASGITransport(
        app=app, raise_app_exceptions=False, client=("203.0.113.7", 50000)
    )
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        response = await c.get(
            "/api/v1/apps/anything", headers={**admin, "X-Request-ID": "req-boom-1"}
        )

    error = assert_error(response, 500, "internal")
    assert error["details"] == {"request_id": "req-boom-1"}
    assert "req-boom-1" in error["message"]
    assert "Traceback" not in response.text
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
    # Handled inside the middleware stack: the id and security headers are still there.
    assert response.headers["x-request-id"] == "req-boom-1"
    assert response.headers["x-content-type-options"] == "nosniff"

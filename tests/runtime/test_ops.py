"""Health, metrics, request ids, logs and security headers."""

from __future__ import annotations

import json
import logging
import uuid

import httpx
import pytest

from runtime import db as database
from runtime.logs import JsonFormatter, RequestIdFilter, configure_logging
from runtime.models import Role
from runtime.settings import LogFormat, Settings


async def test_healthz_reports_the_database(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok = await client.get("/healthz")
    assert ok.status_code == 200
    assert ok.json()["status"] == "ok"

    async def down() -> None:
        raise OSError("connection refused")

    monkeypatch.setattr(database, "ping", down)
    bad = await client.get("/healthz")
    assert bad.status_code == 503
    assert bad.json() == {"status": "unavailable", "database": "unreachable"}


async def test_metrics_count_requests_by_route_template(
    client: httpx.AsyncClient, auth_headers
) -> None:  # type: ignore[no-untyped-def]
    headers = await auth_headers(Role.ADMIN)
    for user_id in (1, 2, 999):
        await client.get(f"/api/v1/users/{user_id}", headers=headers)
    text = (await client.get("/metrics")).text
    assert "# TYPE trunkline_http_requests_total counter" in text
    line = (
        'trunkline_http_requests_total{method="GET",route="/api/v1/users/{user_id:int}",'
        'status="404"}'
    )
    assert line in text
    assert "/api/v1/users/999" not in text, "raw paths never become labels"
    assert 'trunkline_http_request_duration_seconds_bucket{le="0.005",method="GET"' in text


async def test_request_id_is_kept_when_sane_and_replaced_otherwise(
    client: httpx.AsyncClient,
) -> None:
    kept = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert kept.headers["x-request-id"] == "abc-123"
    replaced = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert replaced.headers["x-request-id"] != "bad id\twith spaces"
    assert len(replaced.headers["x-request-id"]) == 32


async def test_security_headers_on_pages_and_api(client: httpx.AsyncClient) -> None:
    for path in ("/login", "/api/v1/me"):
        response = await client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"]


def test_json_log_lines_carry_the_request_id() -> None:
    from runtime import context

    record = logging.LogRecord(
        "trunkline.access", logging.INFO, __file__, 1, "GET %s %s", ("/x", 200), None
    )
    record.status = 200
    context.request_id.set("req-42")
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == "req-42"
    assert entry["message"] == "GET /x 200"
    assert entry["status"] == 200
    assert entry["level"] == "info"


def test_configure_logging_switches_format(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(secret_key="k" * 40, data_dir=tmp_path, log_format=LogFormat.JSON)
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging(settings)
    try:
        handler = root.handlers[0]
        assert isinstance(handler.formatter, JsonFormatter)
    finally:
        root.handlers, root.level = saved[0], saved[1]


class TestThrottleStores:
    """The same throttle behaviour from the in-process and the Redis counter stores."""

    @pytest.fixture(params=["memory", "redis"])
    async def store(self, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
        from runtime.security.throttle import MemoryCounters, RedisCounters

        if request.param == "memory":
            yield MemoryCounters()
            return
        redis_store = RedisCounters("redis://127.0.0.1:6379/0")
        try:
            await redis_store._redis.ping()
        except OSError as exc:
            await redis_store.aclose()
            pytest.skip(f"Redis not reachable at 127.0.0.1:6379: {exc}")
        yield redis_store
        await redis_store.aclose()

    async def test_failures_lock_the_user_then_success_resets(self, store) -> None:  # type: ignore[no-untyped-def]
        from runtime.errors import RateLimited
        from runtime.security.throttle import LoginThrottle

        throttle = LoginThrottle(store, max_failures=2, window=60)
        realm = f"test-{uuid.uuid4().hex[:8]}"
        await throttle.check(realm, "alice", "10.0.0.1")
        await throttle.failed(realm, "alice", "10.0.0.1")
        await throttle.failed(realm, "alice", "10.0.0.1")
        with pytest.raises(RateLimited) as info:
            await throttle.check(realm, "alice", "10.0.0.2")
        assert info.value.retry_after == 60
        await throttle.check(realm, "bob", "10.0.0.2")  # other users are not locked
        await throttle.succeeded(realm, "alice", "10.0.0.1")
        await throttle.check(realm, "alice", "10.0.0.3")

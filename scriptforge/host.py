"""The host libraries: what a running script may ask of the platform.

Every request from JavaScript arrives as ``(op, args)`` — untrusted: arguments are checked
here, each op is a small function registered in :data:`OPS`, and failures the script
should see become :class:`HostError` (a rejected Promise in JS). A :class:`Scope` says for
which app a run works, what it may reach (fetch allow-list, REST user) and where its keys
live: the app's table, or a throw-away dict for ``trunkline script run``.
"""

from __future__ import annotations

import asyncio
import fnmatch
import itertools
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from runtime import netguard
from runtime.errors import TrunklineError
from scriptforge.sandbox import HostError

FETCH_TIMEOUT = 10.0
FETCH_MAX_BYTES = 5 * 1024 * 1024
JOB_POLL_SECONDS = 0.1
#: The app's environment variable listing hosts ``fetch`` may reach ("api.x.com,*.y.org").
FETCH_ALLOW_VAR = "SCRIPTFORGE_FETCH_ALLOW"
#: The app's environment variable naming the user ``cxRest.auth()`` may act as.
REST_USER_VARS = ("CX_API_USER", "cx_api_user")


class KeyValue(Protocol):
    """The store behind cxKV (and cxUserspace until app databases exist)."""

    async def get(self, key: str) -> str | None: ...
    async def get_object(self, key: str) -> Any: ...
    async def set(self, key: str, value: str, ttl: float) -> None: ...
    async def set_object(self, key: str, value: Any, ttl: float) -> None: ...
    async def incr(self, key: str, by: int, expire: float) -> int: ...
    async def delete(self, key: str) -> bool: ...
    async def keys(self, prefix: str) -> list[str]: ...
    async def usage(self) -> dict[str, int]: ...


class AppKeyValue:
    """The app's persistent store (``scriptforge.services.kv``)."""

    def __init__(self, app_id: int) -> None:
        from scriptforge.services import kv

        self.app_id = app_id
        self.kv = kv

    async def get(self, key: str) -> str | None:
        return await self.kv.kv_get(self.app_id, key)

    async def get_object(self, key: str) -> Any:
        return await self.kv.ko_get(self.app_id, key)

    async def set(self, key: str, value: str, ttl: float) -> None:
        await self.kv.kv_set(self.app_id, key, value, ttl)

    async def set_object(self, key: str, value: Any, ttl: float) -> None:
        await self.kv.ko_set(self.app_id, key, value, ttl)

    async def incr(self, key: str, by: int, expire: float) -> int:
        return await self.kv.kv_incr(self.app_id, key, by, expire)

    async def delete(self, key: str) -> bool:
        return await self.kv.kv_delete(self.app_id, key)

    async def keys(self, prefix: str) -> list[str]:
        return await self.kv.kv_keys(self.app_id, prefix)

    async def usage(self) -> dict[str, int]:
        return await self.kv.kv_usage(self.app_id)


class MemoryKeyValue:
    """A throw-away store (the command line runs files outside any app)."""

    def __init__(self) -> None:
        self.data: dict[str, tuple[Any, float | None]] = {}

    def _live(self, key: str) -> Any:
        value, expires = self.data.get(key, (None, None))
        if expires is not None and expires <= time.monotonic():
            self.data.pop(key, None)
            return None
        return value

    @staticmethod
    def _expiry(ttl: float) -> float | None:
        return time.monotonic() + ttl if ttl and ttl > 0 else None

    async def get(self, key: str) -> str | None:
        value = self._live(key)
        return value if value is None or isinstance(value, str) else json.dumps(value)

    async def get_object(self, key: str) -> Any:
        return self._live(key)

    async def set(self, key: str, value: str, ttl: float) -> None:
        self.data[key] = (value, self._expiry(ttl))

    async def set_object(self, key: str, value: Any, ttl: float) -> None:
        self.data[key] = (value, self._expiry(ttl))

    async def incr(self, key: str, by: int, expire: float) -> int:
        current = self._live(key)
        _, expires = self.data.get(key, (None, None))
        value = int(current or 0) + by
        self.data[key] = (str(value), expires if current is not None else self._expiry(expire))
        return value

    async def delete(self, key: str) -> bool:
        return self.data.pop(key, None) is not None

    async def keys(self, prefix: str) -> list[str]:
        return sorted(k for k in list(self.data) if k.startswith(prefix) and self._live(k))

    async def usage(self) -> dict[str, int]:
        keys = await self.keys("")
        size = sum(len(k) + len(json.dumps(self.data[k][0])) for k in keys)
        return {"keys": len(keys), "bytes": size}


@dataclass
class Scope:
    """Where and as what a run works."""

    kv: KeyValue
    app_id: int | None = None
    script_id: int | None = None
    #: The job this run works on (``cxJob.setProgress``), if any.
    job_id: int | None = None
    #: Host patterns ``fetch`` may reach; ``("*",)`` means anywhere (the command line).
    fetch_allow: tuple[str, ...] = ()
    #: Refuse private addresses reached through a wildcard (runtime.netguard); the command
    #: line's own runs reach any host.
    fetch_private_guard: bool = True
    #: The one user ``cxRest.auth(user)`` may act as.
    rest_user: str | None = None
    #: The ASGI application cxRest calls in-process.
    asgi_app: Any = None
    #: Protected values: scrubbed from logs, errors and results.
    secrets: tuple[str, ...] = ()
    settings: Any = None
    http: httpx.AsyncClient | None = None
    broker: Broker | None = None
    logs: list[dict[str, Any]] = field(default_factory=list)
    on_logs: Callable[[list[dict[str, Any]]], Awaitable[None]] | None = None
    #: The live call of a voice script (``telephony.voice_ops.VoiceCall``): cxC5Server's ops.
    call: Any = None


Op = Callable[["ScriptHost", list[Any]], Awaitable[Any]]
OPS: dict[str, Op] = {}


def op(name: str) -> Callable[[Op], Op]:
    def register(fn: Op) -> Op:
        OPS[name] = fn
        return fn

    return register


def _arg(
    args: list[Any], index: int, kind: type | tuple[type, ...], name: str, default: Any = ...
) -> Any:
    if index >= len(args) or args[index] is None:
        if default is ...:
            raise HostError(f"{name} is required")
        return default
    value = args[index]
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise HostError(f"{name} must be a number")
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise HostError(f"{name} must be a {names}")
    return value


class Broker:
    """In-process publish/subscribe for cxPubSub, per app and event; ``"*"`` ids match all."""

    def __init__(self) -> None:
        self._subscribers: dict[tuple[int | None, str], dict[str, tuple[str, Any]]] = {}
        self._ids = itertools.count(1)

    def subscribe(
        self, app_id: int | None, event: str, target: str, deliver: Callable[[str, Any], None]
    ) -> str:
        sub = f"sub{next(self._ids)}"
        self._subscribers.setdefault((app_id, event), {})[sub] = (target, deliver)
        return sub

    def unsubscribe(self, sub: str) -> None:
        for subscribers in self._subscribers.values():
            subscribers.pop(sub, None)

    def publish(self, app_id: int | None, event: str, target: str, payload: Any) -> int:
        delivered = 0
        for sub, (wanted, deliver) in list(self._subscribers.get((app_id, event), {}).items()):
            if wanted in ("*", target) or target == "*":
                deliver(sub, {"event": event, "id": target, "payload": payload})
                delivered += 1
        return delivered


class ScriptHost:
    """Answers one run's host calls (implements ``scriptforge.sandbox.Host``)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.handle: Any = None
        self.subscriptions: list[str] = []

    def bind(self, handle: Any) -> None:
        self.handle = handle

    def unbind(self) -> None:
        if self.scope.broker is not None:
            for sub in self.subscriptions:
                self.scope.broker.unsubscribe(sub)
        self.subscriptions = []
        self.handle = None

    async def call(self, op_name: str, args: list[Any]) -> Any:
        handler = OPS.get(op_name)
        if handler is None:
            raise HostError(f"'{op_name}' is not available")
        try:
            return await handler(self, args)
        except HostError:
            raise
        except TrunklineError as exc:  # validation in the services: the script's mistake
            raise HostError(exc.message, exc.code) from None

    async def logs(self, entries: list[dict[str, Any]]) -> None:
        if self.scope.on_logs is not None:
            await self.scope.on_logs(entries)


# -- cxKV -----------------------------------------------------------------------------------


@op("kv.get")
async def _kv_get(host: ScriptHost, args: list[Any]) -> Any:
    return await host.scope.kv.get(_arg(args, 0, str, "key"))


@op("kv.set")
async def _kv_set(host: ScriptHost, args: list[Any]) -> Any:
    await host.scope.kv.set(
        _arg(args, 0, str, "key"),
        _arg(args, 1, str, "value"),
        float(_arg(args, 2, (int, float), "ttl", 0)),
    )
    return True


@op("ko.get")
async def _ko_get(host: ScriptHost, args: list[Any]) -> Any:
    return await host.scope.kv.get_object(_arg(args, 0, str, "key"))


@op("ko.set")
async def _ko_set(host: ScriptHost, args: list[Any]) -> Any:
    value = args[1] if len(args) > 1 else None
    await host.scope.kv.set_object(
        _arg(args, 0, str, "key"), value, float(_arg(args, 2, (int, float), "ttl", 0))
    )
    return True


@op("kv.incr")
async def _kv_incr(host: ScriptHost, args: list[Any]) -> Any:
    by = _arg(args, 1, (int, float), "by", 1)
    if int(by) != by:
        raise HostError("by must be an integer")
    return await host.scope.kv.incr(
        _arg(args, 0, str, "key"), int(by), float(_arg(args, 2, (int, float), "expire", 0))
    )


@op("kv.delete")
async def _kv_delete(host: ScriptHost, args: list[Any]) -> Any:
    return await host.scope.kv.delete(_arg(args, 0, str, "key"))


@op("kv.keys")
async def _kv_keys(host: ScriptHost, args: list[Any]) -> Any:
    return await host.scope.kv.keys(_arg(args, 0, str, "prefix", ""))


@op("kv.usage")
async def _kv_usage(host: ScriptHost, args: list[Any]) -> Any:
    return await host.scope.kv.usage()


# -- cxUserspace: the app's datasets (a KV fallback for areas that are not datasets) ---------
#
# ``area`` names a dataset of the app. Rows are found by the dataset's ``key`` column when it
# has one (the Key/Value preset), else by ``id``. On a Key/Value dataset ``create(area, key,
# data)`` stores ``data`` (as JSON text unless it is a string) and ``read`` returns it back.
# An area that is no dataset keeps working on the app's key/value store, as before datasets.


async def _dataset_for(host: ScriptHost, area: str) -> Any:
    if host.scope.app_id is None:
        return None
    from querybuilder.models import Dataset

    return await Dataset.get_or_none(app_id=host.scope.app_id, name=area)


def _key_column(dataset: Any) -> str:
    return "key" if any(c.get("name") == "key" for c in dataset.columns) else "id"


async def _find_row(dataset: Any, key: Any) -> dict[str, Any] | None:
    from querybuilder import rows

    column = _key_column(dataset)
    if column == "id":
        try:
            return await rows.get_row(dataset, int(key))
        except (TrunklineError, ValueError, TypeError):
            return None
    page = await rows.list_rows(dataset, equals={column: str(key)}, limit=1)
    return page.rows[0] if page.rows else None


def _is_kv(dataset: Any) -> bool:
    return {c.get("name") for c in dataset.columns} >= {"key", "value"}


def _kv_value(row: dict[str, Any]) -> Any:
    value = row.get("value")
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _space_key(args: list[Any]) -> str:
    area = _arg(args, 0, str, "area")
    key = _arg(args, 1, (str, int, float), "key")
    return f"userspace:{area}:{key}"


@op("userspace.create")
async def _us_create(host: ScriptHost, args: list[Any]) -> Any:
    from querybuilder import rows

    area = _arg(args, 0, str, "area")
    data = args[2] if len(args) > 2 else {}
    dataset = await _dataset_for(host, area)
    if dataset is not None:
        key = args[1] if len(args) > 1 else None
        if _is_kv(dataset):
            text = data if isinstance(data, str) else json.dumps(data)
            values: dict[str, Any] = {
                "key": str(_arg(args, 1, (str, int, float), "key")),
                "value": text,
            }
        else:
            values = dict(data) if isinstance(data, dict) else {}
            if key is not None and _key_column(dataset) == "key":
                values["key"] = str(key)
        row = await rows.insert_row(dataset, values)
        return {"status": "OK", "id": row["id"]}
    space = _space_key(args)
    if await host.scope.kv.get_object(space) is not None:
        raise HostError(f"{args[0]}/{args[1]} already exists", 409)
    await host.scope.kv.set_object(space, data, 0)
    return {"status": "OK"}


@op("userspace.read")
async def _us_read(host: ScriptHost, args: list[Any]) -> Any:
    area = _arg(args, 0, str, "area")
    dataset = await _dataset_for(host, area)
    if dataset is not None:
        row = await _find_row(dataset, _arg(args, 1, (str, int, float), "key"))
        if row is None:
            return None
        return _kv_value(row) if _is_kv(dataset) else row
    return await host.scope.kv.get_object(_space_key(args))


OPS["userspace.get"] = _us_read


@op("userspace.update")
async def _us_update(host: ScriptHost, args: list[Any]) -> Any:
    from querybuilder import rows

    area = _arg(args, 0, str, "area")
    change = args[2] if len(args) > 2 else {}
    dataset = await _dataset_for(host, area)
    if dataset is not None:
        row = await _find_row(dataset, _arg(args, 1, (str, int, float), "key"))
        if row is None:
            raise HostError(f"{area}/{args[1]} does not exist", 404)
        if _is_kv(dataset):
            change = {"value": change if isinstance(change, str) else json.dumps(change)}
        await rows.update_row(dataset, row["id"], change if isinstance(change, dict) else {})
        return {"status": "OK"}
    key = _space_key(args)
    current = await host.scope.kv.get_object(key)
    if current is None:
        raise HostError(f"{args[0]}/{args[1]} does not exist", 404)
    merged = (
        {**current, **change} if isinstance(current, dict) and isinstance(change, dict) else change
    )
    await host.scope.kv.set_object(key, merged, 0)
    return {"status": "OK"}


@op("userspace.delete")
async def _us_delete(host: ScriptHost, args: list[Any]) -> Any:
    from querybuilder import rows

    area = _arg(args, 0, str, "area")
    dataset = await _dataset_for(host, area)
    if dataset is not None:
        row = await _find_row(dataset, _arg(args, 1, (str, int, float), "key"))
        if row is None:
            return {"status": "NOT_FOUND"}
        await rows.delete_row(dataset, row["id"])
        return {"status": "OK"}
    return {"status": "OK" if await host.scope.kv.delete(_space_key(args)) else "NOT_FOUND"}


@op("userspace.random")
async def _us_random(host: ScriptHost, args: list[Any]) -> Any:
    from querybuilder import rows

    area = _arg(args, 0, str, "area")
    dataset = await _dataset_for(host, area)
    if dataset is not None:
        total = (await rows.list_rows(dataset, limit=1)).total
        if not total:
            return None
        # A random offset by id order: cheap enough for app-sized tables.
        skip = random.randrange(total)
        page = await rows.list_rows(dataset, limit=min(skip + 1, rows.MAX_PAGE))
        row = page.rows[min(skip, len(page.rows) - 1)]
        return _kv_value(row) if _is_kv(dataset) else row
    keys = await host.scope.kv.keys(f"userspace:{area}:")
    return await host.scope.kv.get_object(random.choice(keys)) if keys else None


@op("userspace.sql")
async def _us_sql(host: ScriptHost, args: list[Any]) -> Any:
    """``sql(query, vars)``: a read-only SELECT over the app's datasets, as row objects."""
    from querybuilder.executor import run_sql

    if host.scope.app_id is None or host.scope.settings is None:
        raise HostError("cxUserspace.sql needs an app (the command line runs outside one)")
    result = await run_sql(
        host.scope.app_id,
        _arg(args, 0, str, "query"),
        _arg(args, 1, dict, "vars", {}),
        database_url=host.scope.settings.resolved_database_url,
    )
    names = [c["name"] for c in result.columns]
    return [dict(zip(names, row, strict=True)) for row in result.rows]


# -- environment ------------------------------------------------------------------------------


@op("env.set")
async def _env_set(host: ScriptHost, args: list[Any]) -> Any:
    key, value = _arg(args, 0, str, "key"), _arg(args, 1, str, "value")
    if host.scope.app_id is None:
        return True  # the command line: the variable lives for this run only
    from scriptforge.services.env import set_env_from_script

    await set_env_from_script(host.scope.app_id, key, value)
    return True


# -- fetch --------------------------------------------------------------------------------------


def host_allowed(hostname: str, patterns: tuple[str, ...]) -> bool:
    """``fnmatch`` against the allow-list, case-insensitive.

    >>> host_allowed("api.example.com", ("*.example.com",))
    True
    """
    name = hostname.lower().rstrip(".")
    return any(p == "*" or fnmatch.fnmatchcase(name, p.lower().strip()) for p in patterns if p)


@op("fetch")
async def _fetch(host: ScriptHost, args: list[Any]) -> Any:
    url = _arg(args, 0, str, "url")
    init = _arg(args, 1, dict, "init", {})
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HostError(f"fetch needs an absolute http(s) URL, not {url!r}")
    if not host_allowed(parts.hostname, host.scope.fetch_allow):
        raise HostError(
            f"fetch to {parts.hostname} is not allowed: add it to the app's "
            f"{FETCH_ALLOW_VAR} environment variable",
            "forbidden",
        )
    method = str(init.get("method") or "GET").upper()
    headers = {str(k): str(v) for k, v in (init.get("headers") or {}).items()}
    body = init.get("body")
    try:
        guarded = host.scope.fetch_private_guard
        to = await netguard.target(url, host.scope.fetch_allow if guarded else None)
    except netguard.Blocked as exc:
        raise HostError(f"fetch to {exc.message}", "forbidden") from None
    client = host.scope.http or httpx.AsyncClient()
    try:
        async with client.stream(
            method,
            to.url,
            headers={**headers, **to.headers},
            content=body,
            timeout=FETCH_TIMEOUT,
            follow_redirects=False,
            extensions=to.extensions,
        ) as response:
            chunks = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > FETCH_MAX_BYTES:
                    raise HostError(f"fetch response exceeds {FETCH_MAX_BYTES} bytes")
                chunks.append(chunk)
            text = b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")
            return {
                "status": response.status_code,
                "statusText": response.reason_phrase,
                "url": url,
                "body": text,
                "headers": {k.lower(): v for k, v in response.headers.items()},
            }
    except httpx.TimeoutException:
        raise HostError(
            f"fetch to {parts.hostname} timed out after {FETCH_TIMEOUT:.0f} s", "timeout"
        ) from None
    except httpx.HTTPError as exc:
        raise HostError(f"fetch to {parts.hostname} failed: {exc}", "network") from None
    finally:
        if host.scope.http is None:
            await client.aclose()


# -- cxRest ----------------------------------------------------------------------------------

#: ConnexCS resource names → Trunkline API paths (for the resources that exist).
REST_PATHS = {
    "customer": "customers",
    "customers": "customers",
    "user": "users",
    "app": "apps",
    "apps": "apps",
    "scriptforge": "scripts",
}


def rest_path(path: str) -> str:
    """Map a ConnexCS-style path onto ``/api/v1``.

    >>> rest_path("customer/12?x=1")
    '/api/v1/customers/12?x=1'
    """
    text = path.strip()
    if text.startswith("/api/v1/"):
        return text
    text = text.lstrip("/")
    head, sep, rest = text.partition("/")
    resource, qsep, query = head.partition("?")
    mapped = REST_PATHS.get(resource, resource)
    return (
        f"/api/v1/{mapped}{qsep}{query}{sep}{rest}" if not sep else f"/api/v1/{mapped}{sep}{rest}"
    )


@op("rest")
async def _rest(host: ScriptHost, args: list[Any]) -> Any:
    from runtime.models import User
    from runtime.security import jwt_tokens

    scope = host.scope
    user = args[0] if args else None
    method = _arg(args, 1, str, "method").upper()
    path = _arg(args, 2, str, "path")
    body = args[3] if len(args) > 3 else None
    if scope.asgi_app is None:
        raise HostError("cxRest is not available here")
    if not scope.rest_user:
        raise HostError(
            "cxRest needs the app's CX_API_USER environment variable to name the user it acts as"
        )
    if user not in (None, scope.rest_user):
        raise HostError(f"cxRest may act only as {scope.rest_user!r} (CX_API_USER)", 403)
    account = await User.get_or_none(username=scope.rest_user.lower(), is_active=True)
    if account is None:
        raise HostError(f"CX_API_USER {scope.rest_user!r} is not an active user", 403)
    token, _ = jwt_tokens.encode(
        scope.settings.secret_key,
        f"operator:{account.id}",
        "access",
        60,
        version=account.session_version,
    )
    transport = httpx.ASGITransport(app=scope.asgi_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://scriptforge") as client:
        response = await client.request(
            method,
            rest_path(path),
            json=body if method not in ("GET", "DELETE") else None,
            headers={"Authorization": f"Bearer {token}"},
        )
    payload = response.json() if response.content else None
    if response.status_code >= 400:
        error = payload.get("error", {}) if isinstance(payload, dict) else {}
        raise HostError(str(error.get("message") or response.reason_phrase), response.status_code)
    if isinstance(payload, dict) and "items" in payload and "total" in payload:
        return payload["items"]  # ConnexCS returns lists as arrays
    if method in ("POST", "PUT", "PATCH", "DELETE") and payload is None:
        return {"status": "OK"}
    return payload


# -- cxJob -------------------------------------------------------------------------------------


@op("job.add")
async def _job_add(host: ScriptHost, args: list[Any]) -> Any:
    from scriptforge.services import jobs, scripts

    if host.scope.app_id is None:
        raise HostError("cxJob needs an app (the command line runs outside one)")
    ref = _arg(args, 0, (str, int), "script")
    function = args[1] if len(args) > 1 and args[1] else "main"
    options = _arg(args, 3, dict, "options", {})
    try:
        script = await scripts.get_script_by_app_and_name(host.scope.app_id, str(ref))
    except TrunklineError:
        script = await scripts.get_script(ref)
        if script.app_id != host.scope.app_id:  # type: ignore[attr-defined]
            raise HostError(f"no script {ref!r} in this app", 404) from None
    job = await jobs.enqueue_job(
        script,
        str(function),
        args[2] if len(args) > 2 else None,
        attempts=int(options.get("attempts", 1)),
        backoff=options.get("backoff"),
        delay_ms=int(options.get("delay", 0)),
    )
    return {"id": job.id, "state": job.state.value}


@op("job.result")
async def _job_result(host: ScriptHost, args: list[Any]) -> Any:
    from scriptforge.models import Job, JobState

    job_id = _arg(args, 0, int, "job id")
    while True:
        job = await Job.get_or_none(id=job_id, app_id=host.scope.app_id)
        if job is None:
            raise HostError(f"no job {job_id} in this app", 404)
        if job.state == JobState.COMPLETED:
            return job.result
        if job.state == JobState.FAILED:
            error = job.error or {}
            raise HostError(f"job {job_id} failed: {error.get('message', 'unknown error')}")
        await asyncio.sleep(JOB_POLL_SECONDS)


@op("job.progress")
async def _job_progress(host: ScriptHost, args: list[Any]) -> Any:
    from scriptforge.services import jobs

    if host.scope.job_id is None:
        raise HostError("cxJob.setProgress works only inside a job")
    await jobs.set_job_progress(host.scope.job_id, args[0] if args else None)
    return True


@op("job.data")
async def _job_data(host: ScriptHost, args: list[Any]) -> Any:
    from scriptforge.services import jobs

    if host.scope.job_id is None:
        raise HostError("cxJob.setData works only inside a job")
    await jobs.set_job_data(host.scope.job_id, args[0] if args else None)
    return True


# -- cxSend ------------------------------------------------------------------------------------


@op("send.email")
async def _send_email(host: ScriptHost, args: list[Any]) -> Any:
    from runtime.mail import MailNotSent, deliver_with

    settings = host.scope.settings
    message = _arg(args, 0, dict, "message")
    to = message.get("to")
    recipients = [to] if isinstance(to, str) else to
    if not recipients or not all(isinstance(r, str) and "@" in r for r in recipients):
        raise HostError("email needs 'to': an address or a list of addresses")
    if message.get("template") is not None:
        from pagebuilder.app_templates import render_for_app
        from runtime.errors import NotFound, TrunklineError

        name = message["template"]
        if not isinstance(name, str) or not name:
            raise HostError("email 'template' must be a template's name")
        if host.scope.app_id is None:
            raise HostError("email templates need an app (the command line runs outside one)")
        try:
            rendered = await render_for_app(host.scope.app_id, name, message.get("vars") or {})
        except NotFound:
            raise HostError(
                f"email templates need an app template named {name!r}; this app has none",
                404,
            ) from None
        except TrunklineError as exc:
            raise HostError(f"email template {name!r}: {exc.message}") from None
        message = {
            **message,
            "subject": message.get("subject") or " ".join(rendered["subject"].split()),
            "html": rendered["html"],
            "text": message.get("text") or rendered["sms"] or None,
        }
    if not (message.get("text") or message.get("html")):
        raise HostError("email needs 'text' or 'html'")
    if settings is None or not settings.smtp_host:
        raise HostError("e-mail is not configured (TRUNKLINE_SMTP_HOST)")
    mail = EmailMessage()
    mail["From"] = str(message.get("from") or settings.smtp_from)
    mail["To"] = ", ".join(recipients)
    mail["Subject"] = str(message.get("subject") or "")
    if message.get("text"):
        mail.set_content(str(message["text"]))
    if message.get("html"):
        if message.get("text"):
            mail.add_alternative(str(message["html"]), subtype="html")
        else:
            mail.set_content(str(message["html"]), subtype="html")
    try:
        await deliver_with(settings, mail, time_limit=FETCH_TIMEOUT)
    except MailNotSent as exc:
        raise HostError(str(exc), "smtp") from None
    return {"status": "OK", "to": recipients}


@op("send.sms")
async def _send_sms(host: ScriptHost, args: list[Any]) -> Any:
    number, text = _arg(args, 0, str, "number"), _arg(args, 1, str, "text")
    settings = host.scope.settings
    if settings is None or not settings.sms_webhook_url:
        raise HostError("SMS is not configured (TRUNKLINE_SMS_WEBHOOK_URL)")
    if len(text) > 1600:
        raise HostError("an SMS text is at most 1600 characters")
    client = host.scope.http or httpx.AsyncClient()
    try:
        response = await client.post(
            settings.sms_webhook_url, json={"to": number, "text": text}, timeout=FETCH_TIMEOUT
        )
    except httpx.HTTPError as exc:
        raise HostError(f"SMS provider unreachable: {exc}", "network") from None
    finally:
        if host.scope.http is None:
            await client.aclose()
    if response.status_code >= 300:
        raise HostError(f"SMS provider answered {response.status_code}", response.status_code)
    return {"status": "OK"}


# -- cxPubSub ------------------------------------------------------------------------------


@op("pubsub.publish")
async def _publish(host: ScriptHost, args: list[Any]) -> Any:
    if host.scope.broker is None:
        raise HostError("cxPubSub is not available here")
    event, target = _arg(args, 0, str, "event"), _arg(args, 1, str, "id", "*")
    payload = args[2] if len(args) > 2 else None
    return {"delivered": host.scope.broker.publish(host.scope.app_id, event, target, payload)}


@op("pubsub.subscribe")
async def _subscribe(host: ScriptHost, args: list[Any]) -> Any:
    if host.scope.broker is None or host.handle is None:
        raise HostError("cxPubSub is not available here")
    event, target = _arg(args, 0, str, "event"), _arg(args, 1, str, "id", "*")
    handle = host.handle
    sub = host.scope.broker.subscribe(
        host.scope.app_id, event, target, lambda s, message: handle.send_event(s, message)
    )
    host.subscriptions.append(sub)
    return sub


@op("pubsub.unsubscribe")
async def _unsubscribe(host: ScriptHost, args: list[Any]) -> Any:
    sub = _arg(args, 0, str, "subscription")
    if host.scope.broker is not None and sub in host.subscriptions:
        host.scope.broker.unsubscribe(sub)
        host.subscriptions.remove(sub)
    return True

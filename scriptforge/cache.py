"""What an invocation needs from the database, cached per application process.

A hot script is invoked thousands of times a second; looking its app's scripts and
environment up every time would cost more than running it. Entries live ``TTL`` seconds
and are dropped at once when this process changes a script or a variable (other processes
see the change within ``TTL``).
"""

from __future__ import annotations

import time
import uuid as uuidlib
import weakref
from dataclasses import dataclass
from typing import Any

TTL = 2.0
MIN_SECRET = 4


@dataclass(frozen=True)
class AppBundle:
    modules: dict[str, str]
    env: dict[str, str]
    #: Protected values, scrubbed from whatever a run gives back.
    secrets: tuple[str, ...]


class InvocationCache:
    def __init__(self, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._bundles: dict[tuple[int, bool], tuple[float, AppBundle]] = {}
        self._scripts: dict[uuidlib.UUID, tuple[float, Any]] = {}
        _ALL.add(self)

    async def bundle(self, app_id: int, *, draft: bool = False) -> AppBundle:
        """The app's scripts and variables: the code of its live version (its draft when
        asked, or when it was never published)."""
        hit = self._bundles.get((app_id, draft))
        now = time.monotonic()
        if hit is not None and hit[0] > now:
            return hit[1]
        from scriptforge.models import EnvVar
        from scriptforge.services.env import env_for_scripts
        from scriptforge.services.scripts import app_scripts

        protected = await EnvVar.filter(app_id=app_id, protected=True).values_list(
            "value", flat=True
        )
        modules = None if draft else await _live_modules(app_id)
        bundle = AppBundle(
            modules=modules if modules is not None else await app_scripts(app_id),
            env=await env_for_scripts(app_id),
            secrets=tuple(str(v) for v in protected if isinstance(v, str) and len(v) >= MIN_SECRET),
        )
        self._bundles[(app_id, draft)] = (now + self.ttl, bundle)
        return bundle

    async def script(self, key: uuidlib.UUID) -> Any:
        from scriptforge.models import Script

        hit = self._scripts.get(key)
        now = time.monotonic()
        if hit is not None and hit[0] > now:
            return hit[1]
        script = await Script.get_or_none(uuid=key)
        if script is not None:
            self._scripts[key] = (now + self.ttl, script)
        return script

    def drop(self, app_id: int | None) -> None:
        if app_id is None:
            self._bundles.clear()
        else:
            self._bundles.pop((app_id, False), None)
            self._bundles.pop((app_id, True), None)
        self._scripts.clear()


async def _live_modules(app_id: int) -> dict[str, str] | None:
    """The scripts of the app's live version, or None when it runs its draft."""
    from runtime.models import App
    from runtime.versions import live_files

    app = await App.get_or_none(id=app_id)
    files = await live_files(app) if app is not None else None
    if files is None:
        return None
    return {
        path[len("scripts/") : -len(".js")]: data.decode()
        for path, data in files.items()
        if path.startswith("scripts/") and path.endswith(".js")
    }


_ALL: weakref.WeakSet[InvocationCache] = weakref.WeakSet()


def invalidate(app_id: int | None = None) -> None:
    """Forget what is cached about ``app_id`` (every app when None), in every cache."""
    for cache in list(_ALL):
        cache.drop(app_id)

"""Publishing: an app's draft frozen as an immutable, numbered version, and which one is live.

Work goes on in the draft (the rows the IDE edits). Publishing takes a semantic version
greater than every earlier one and a release note, and stores the app's bundle
(:mod:`runtime.bundles`) as it is now; that version becomes *live*: pages are served from
it while the draft changes. Any version can be made live again (a roll back, or forward).
An app never published runs its draft.

:func:`live_files` gives the live version's files, parsed once per version (versions never
change, so the cache needs no invalidation beyond its size).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.bundles import export_app, read_zip
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.models import App, AppVersion
from runtime.services import audit

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$"
)
CACHE_SIZE = 64
#: (app uuid, version id) -> files. The uuid: ids come back in a database made anew.
_cache: OrderedDict[tuple[str, int], Mapping[str, bytes]] = OrderedDict()


def semver_key(version: str) -> tuple[int, int, int, int, str]:
    """Sort key: 1.0.0-rc.1 < 1.0.0 < 1.0.1."""
    match = SEMVER.match(version)
    if match is None:
        raise ValidationFailed.field("version", "a semantic version such as 1.0.0 or 1.1.0-rc.1")
    major, minor, patch, pre = match.groups()
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


async def publish(actor: Principal, app: App, version: str, note: str = "") -> AppVersion:
    key = semver_key(version)
    earlier = await AppVersion.filter(app_id=app.id).values_list("version", flat=True)
    newest = max((str(v) for v in earlier), key=semver_key, default=None)
    if newest is not None and key <= semver_key(newest):
        raise Conflict(
            f"{version} is not newer than {newest}",
            [{"path": "version", "message": f"must be greater than {newest}"}],
        )
    bundle = await export_app(app, version=version)
    async with in_transaction() as conn:
        made = await AppVersion.create(
            app_id=app.id,
            version=version,
            note=note,
            bundle=bundle.to_zip(),
            published_by=actor.name[:128],
            using_db=conn,
        )
        await App.filter(id=app.id).using_db(conn).update(live_version_id=made.id)
        await audit.record(
            actor,
            "app.publish",
            "app",
            app.id,
            app.name,
            after={"version": version, "note": note, "files": len(bundle.files)},
            using_db=conn,
        )
    app.live_version_id = made.id
    return made


async def get_version(app: App, version: str) -> AppVersion:
    found = await AppVersion.get_or_none(app_id=app.id, version=version)
    if found is None:
        raise NotFound(f"App {app.name!r} has no version {version!r}")
    return found


async def make_live(actor: Principal, app: App, version: str) -> AppVersion:
    """Serve ``version`` again (roll back, or forward)."""
    chosen = await get_version(app, version)
    before = await live_version(app)
    async with in_transaction() as conn:
        await App.filter(id=app.id).using_db(conn).update(live_version_id=chosen.id)
        await audit.record(
            actor,
            "app.rollback",
            "app",
            app.id,
            app.name,
            before={"version": before.version if before else None},
            after={"version": chosen.version},
            using_db=conn,
        )
    app.live_version_id = chosen.id
    return chosen


async def live_version(app: App) -> AppVersion | None:
    if app.live_version_id is None:
        return None
    return await AppVersion.get_or_none(id=app.live_version_id, app_id=app.id)


async def live_files(app: App) -> Mapping[str, bytes] | None:
    """The live version's files (path -> bytes), or None when the app runs its draft."""
    version_id = app.live_version_id
    if version_id is None:
        return None
    key = (str(app.uuid), version_id)
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached
    version = await AppVersion.get_or_none(id=version_id, app_id=app.id)
    if version is None:
        return None
    files = read_zip(bytes(version.bundle)).files
    _cache[key] = files
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return files

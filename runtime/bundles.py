"""App bundles: one app as a zip of readable files, to move between installations or keep in git.

Layout (every text file UTF-8, JSON sorted and indented, so a bundle diffs well)::

    manifest.json            format, format_version, app (name, title, description, time zone),
                             version, exported_at, with_data, files (path -> sha256)
    scripts/<name>.js        ScriptForge code        scripts/<name>.json   its settings
    env.json                 environment variables: key and flags; the value only when the
                             variable is neither protected nor locked
    datasets/<name>.json     a dataset's preset, description and columns
    datasets/<name>.jsonl    its rows (``--with-data`` only)
    queries/<slug>.sql       a saved query's SQL      queries/<slug>.json   name, vars, spec...
    pages/<name>.json        a page: title, access, roles and its document
    templates/<slug>.hbs     a template's HTML        templates/<slug>.json name, subject, sms...

Each feature area writes and reads its own files through :class:`BundlePart` (``Area.bundle``);
this module frames them. Importing creates the app (optionally under a new name) and every
resource in one transaction per area, in the areas' start-up order (datasets before the
queries over them); a bundle whose files do not match its manifest is refused.
:func:`upgrade_app` applies a bundle over an existing app (the App Store's upgrade), every
area in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.db import schema_changed
from runtime.errors import ValidationFailed
from runtime.models import App

FORMAT = "trunkline-app"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
MAX_FILES = 10_000
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_. /-]*$")


class BundlePart(Protocol):
    """What a feature area contributes to a bundle."""

    async def export(self, app: App, *, with_data: bool) -> dict[str, bytes]: ...

    async def import_(
        self, actor: Principal, app: App, files: Mapping[str, bytes], *, with_data: bool
    ) -> list[str]: ...

    async def upgrade(self, actor: Principal, app: App, files: Mapping[str, bytes]) -> list[str]:
        """Bring the app's resources of this area to the bundle's, keeping local data
        (rows, protected values) by the area's rules; raise to refuse (nothing changes)."""
        ...


@dataclass
class Bundle:
    manifest: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)

    def to_zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            # A fixed timestamp: the same app gives the same bytes (diffable, cacheable).
            stamp = (2000, 1, 1, 0, 0, 0)
            for path in ["manifest.json", *sorted(self.files)]:
                data = dump_json(self.manifest) if path == "manifest.json" else self.files[path]
                archive.writestr(zipfile.ZipInfo(path, date_time=stamp), data)
        return buffer.getvalue()


def dump_json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def load_json(data: bytes, path: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationFailed.field(path, f"not valid JSON: {exc}") from None


def slug(name: str) -> str:
    """A file name for a resource name ("callable leads" -> "callable-leads")."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.")
    return cleaned or "unnamed"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def export_app(app: App, *, with_data: bool = False, version: str = "draft") -> Bundle:
    from runtime.areas import installed_areas

    files: dict[str, bytes] = {}
    for area in installed_areas():
        if area.bundle is not None:
            files.update(await area.bundle().export(app, with_data=with_data))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app": {
            "name": app.name,
            "title": app.title,
            "description": app.description,
            "timezone": app.timezone,
        },
        "version": version,
        "with_data": with_data,
        "exported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "files": {path: _digest(data) for path, data in sorted(files.items())},
    }
    return Bundle(manifest, files)


def read_zip(data: bytes) -> Bundle:
    """A bundle from zip bytes, checked against its manifest."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise ValidationFailed.field("bundle", "larger than 512 MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ValidationFailed.field("bundle", "not a zip file") from None
    with archive:
        names = archive.namelist()
        if len(names) > MAX_FILES:
            raise ValidationFailed.field("bundle", f"more than {MAX_FILES} files")
        for name in names:
            if not _SAFE_PATH.match(name) or ".." in name.split("/"):
                raise ValidationFailed.field("bundle", f"unsafe file name {name!r}")
        if "manifest.json" not in names:
            raise ValidationFailed.field("bundle", "no manifest.json")
        manifest = load_json(archive.read("manifest.json"), "manifest.json")
        files = {n: archive.read(n) for n in names if n != "manifest.json" and not n.endswith("/")}
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValidationFailed.field("manifest.json", f"not a {FORMAT} bundle")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValidationFailed.field(
            "manifest.json", f"format version {manifest.get('format_version')} is not supported"
        )
    listed = manifest.get("files") or {}
    problems = [
        {"path": path, "message": "missing, or changed since the bundle was made"}
        for path, digest in sorted(listed.items())
        if path not in files or _digest(files[path]) != digest
    ] + [
        {"path": path, "message": "not listed in the manifest"}
        for path in sorted(set(files) - set(listed))
    ]
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)
    return Bundle(manifest, files)


async def import_app(
    actor: Principal, bundle: Bundle, *, name: str | None = None, with_data: bool = True
) -> tuple[App, list[str]]:
    """Create the bundle's app (as ``name`` when given) with every resource in it."""
    from runtime.areas import installed_areas
    from runtime.services import apps

    meta = bundle.manifest.get("app") or {}
    app = await apps.create_app(
        actor,
        name or str(meta.get("name", "")),
        str(meta.get("title", "")),
        str(meta.get("description", "")),
        str(meta.get("timezone") or "UTC"),
    )
    notes: list[str] = []
    rows = with_data and bool(bundle.manifest.get("with_data"))
    try:
        for area in installed_areas():
            if area.bundle is not None:
                notes += await area.bundle().import_(actor, app, bundle.files, with_data=rows)
    except BaseException:
        await apps.delete_app(actor, app.id)  # all or nothing: no half-imported app stays
        raise
    return app, notes


async def upgrade_app(actor: Principal, app: App, bundle: Bundle) -> list[str]:
    """Apply ``bundle`` over an existing app, every area in one transaction: all or nothing."""
    from runtime.areas import installed_areas

    notes: list[str] = []
    async with in_transaction():
        for area in installed_areas():
            if area.bundle is not None:
                notes += await area.bundle().upgrade(actor, app, bundle.files)
    await schema_changed()  # column types may have changed (PostgreSQL caches statements)
    return notes

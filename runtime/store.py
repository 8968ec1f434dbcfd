"""The App Store: a catalogue of installable app versions, and installing, upgrading and
uninstalling them.

A *listing* is one version of an app bundle (:mod:`runtime.bundles`) under a catalogue
name, listed from a published version of an app here or uploaded as a zip. Listings never
change; the versions of a name only go up (:func:`runtime.versions.semver_key`).

Installing copies a listing's bundle into a new app (all or nothing), after a *config
step*: the environment variables the bundle carries no value for (locked and protected
ones travel without) must be answered, and *default* variables are offered with their
value. Upgrading applies a newer listing of the same name over the installed app in one
transaction (:func:`runtime.bundles.upgrade_app`: rows, locked and default values stay);
new variables without a value are asked for again. Uninstalling deletes the app with every
resource and table of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import nh3
from markupsafe import Markup
from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.bundles import Bundle, dump_json, export_app, import_app, load_json, read_zip
from runtime.bundles import upgrade_app as apply_bundle
from runtime.errors import Conflict, NotFound, ValidationFailed
from runtime.middleware.app_domains import forget_domains
from runtime.models import App, StoreListing
from runtime.services import apps, audit
from runtime.versions import get_version, semver_key


@dataclass(frozen=True)
class EnvSpec:
    """An environment variable a bundle declares, as the config step sees it."""

    key: str
    value: str
    flags: tuple[str, ...] = ()

    @property
    def is_default(self) -> bool:
        return "is_default" in self.flags

    @property
    def secret(self) -> bool:
        return "protected" in self.flags

    @property
    def required(self) -> bool:
        """No value travels with the bundle, and none is offered: the installer must answer."""
        return not self.value and not self.is_default


@dataclass
class CatalogueEntry:
    """One catalogue name: its newest listing, every version, and the apps installed from it."""

    latest: StoreListing
    versions: list[StoreListing]
    installed: list[App] = field(default_factory=list)

    def upgrade_for(self, app: App) -> str | None:
        """The newer version ``app`` can upgrade to, if any."""
        current = app.installed_version or "0.0.0"
        return self.latest.version if newer(self.latest.version, current) else None


def newer(version: str, than: str) -> bool:
    return semver_key(version) > semver_key(than)


def snapshot(listing: StoreListing) -> dict[str, Any]:
    return {
        "id": listing.id,
        "name": listing.name,
        "version": listing.version,
        "title": listing.title,
        "source_app_id": listing.source_app_id,
        "size": len(listing.bundle),
    }


# -- listings -------------------------------------------------------------------------------


async def get_listing(name: str, version: str | None = None) -> StoreListing:
    """A listing; without ``version`` the newest of ``name``."""
    if version is not None:
        found = await StoreListing.get_or_none(name=name, version=version)
        if found is None:
            raise NotFound(f"The App Store has no {name!r} version {version!r}")
        return found
    versions = await versions_of(name)
    if not versions:
        raise NotFound(f"The App Store has no app {name!r}")
    return versions[0]


async def versions_of(name: str) -> list[StoreListing]:
    """Every listing of ``name``, newest first."""
    found = await StoreListing.filter(name=name)
    return sorted(found, key=lambda s: semver_key(s.version), reverse=True)


async def catalogue() -> list[CatalogueEntry]:
    """One entry per listed name, by name."""
    by_name: dict[str, list[StoreListing]] = {}
    for listing in await StoreListing.all():
        by_name.setdefault(listing.name, []).append(listing)
    installed: dict[str, list[App]] = {}
    for app in await App.filter(installed_from__in=list(by_name)).order_by("name"):
        installed.setdefault(str(app.installed_from), []).append(app)
    entries = []
    for name in sorted(by_name):
        versions = sorted(by_name[name], key=lambda s: semver_key(s.version), reverse=True)
        entries.append(CatalogueEntry(versions[0], versions, installed.get(name, [])))
    return entries


async def list_version(
    actor: Principal,
    app: App,
    version: str,
    *,
    name: str | None = None,
    title: str = "",
    description: str = "",
    docs: str = "",
) -> StoreListing:
    """List a published version of ``app`` (under the app's name unless ``name`` is given)."""
    published = await get_version(app, version)
    return await _add(
        actor,
        name or app.name,
        published.version,
        bytes(published.bundle),
        title=title or app.title,
        description=description or app.description,
        docs=docs,
        note=published.note,
        source_app_id=app.id,
    )


async def list_upload(
    actor: Principal, data: bytes, *, title: str = "", description: str = "", docs: str = ""
) -> StoreListing:
    """List an uploaded bundle under the name and version of its manifest."""
    bundle = read_zip(data)
    meta = bundle.manifest.get("app") or {}
    version = str(bundle.manifest.get("version", ""))
    if version == "draft":
        raise ValidationFailed.field(
            "version",
            "the bundle is an export of a draft; publish a version (1.0.0) and export that",
        )
    return await _add(
        actor,
        str(meta.get("name", "")),
        version,
        data,
        title=title or str(meta.get("title", "")),
        description=description or str(meta.get("description", "")),
        docs=docs,
        note="",
        source_app_id=None,
    )


async def _add(
    actor: Principal,
    name: str,
    version: str,
    data: bytes,
    *,
    title: str,
    description: str,
    docs: str,
    note: str,
    source_app_id: int | None,
) -> StoreListing:
    apps.check_name(name)
    key = semver_key(version)
    listed = await versions_of(name)
    if any(s.version == version for s in listed):
        raise Conflict(
            f"{name} {version} is already listed; listings never change",
            [{"path": "version", "message": "already listed"}],
        )
    if listed and key <= semver_key(listed[0].version):
        raise Conflict(
            f"{version} is not newer than {name} {listed[0].version}",
            [{"path": "version", "message": f"must be greater than {listed[0].version}"}],
        )
    async with in_transaction() as conn:
        listing = await StoreListing.create(
            name=name,
            version=version,
            title=title[:128],
            description=description,
            docs=docs,
            note=note,
            bundle=data,
            source_app_id=source_app_id,
            published_by=actor.name[:128],
            using_db=conn,
        )
        await audit.record(
            actor,
            "store.list",
            "store_listing",
            listing.id,
            str(listing),
            after=snapshot(listing),
            using_db=conn,
        )
    return listing


async def delete_listing(actor: Principal, name: str, version: str) -> None:
    """Withdraw one version (apps installed from it keep running)."""
    listing = await get_listing(name, version)
    async with in_transaction() as conn:
        before = snapshot(listing)
        await listing.delete(using_db=conn)
        await audit.record(
            actor,
            "store.unlist",
            "store_listing",
            before["id"],
            f"{name} {version}",
            before=before,
            using_db=conn,
        )


# -- the config step ------------------------------------------------------------------------


def env_specs(bundle: Bundle) -> list[EnvSpec]:
    """The variables of a bundle (``env.json``), in its order."""
    if "env.json" not in bundle.files:
        return []
    variables = load_json(bundle.files["env.json"], "env.json")
    if not isinstance(variables, list):
        raise ValidationFailed.field("env.json", "must be a list of variables")
    flags = ("protected", "private", "locked", "is_default")
    return [
        EnvSpec(str(v["key"]), str(v.get("value") or ""), tuple(f for f in flags if v.get(f)))
        for v in variables
        if isinstance(v, dict) and "key" in v
    ]


def questions(bundle: Bundle, existing: AbstractSet[str] = frozenset()) -> list[EnvSpec]:
    """What the config step asks: variables without a value, and default ones (offered with
    their value); on an upgrade only those the app does not have yet (``existing``)."""
    return [
        spec
        for spec in env_specs(bundle)
        if spec.key not in existing and (spec.required or spec.is_default)
    ]


def check_answers(asked: list[EnvSpec], answers: Mapping[str, str]) -> dict[str, str]:
    """The values to store: every required variable answered; a blank default keeps its
    default. Problems name ``answers.<KEY>``."""
    keys = {spec.key for spec in asked}
    problems = [
        {"path": f"answers.{key}", "message": "not asked: the app has no such new variable"}
        for key in sorted(set(answers) - keys)
    ]
    values = {}
    for spec in asked:
        answer = str(answers.get(spec.key) or "")
        if answer.strip():
            values[spec.key] = answer
        elif spec.required:
            problems.append(
                {"path": f"answers.{spec.key}", "message": "required: the app needs a value"}
            )
    if problems:
        first = problems[0]
        raise ValidationFailed(f"{first['path']}: {first['message']}", problems)
    return values


def with_answers(bundle: Bundle, values: Mapping[str, str]) -> Bundle:
    """A copy of ``bundle`` whose variables carry ``values``."""
    if not values:
        return bundle
    variables = load_json(bundle.files["env.json"], "env.json")
    for entry in variables:
        if isinstance(entry, dict) and entry.get("key") in values:
            entry["value"] = values[entry["key"]]
    return Bundle(bundle.manifest, {**bundle.files, "env.json": dump_json(variables)})


# -- install, upgrade, uninstall ------------------------------------------------------------


async def check_app_name(name: str) -> str:
    try:
        apps.check_name(name)
    except ValidationFailed:
        raise ValidationFailed.field(
            "app_name",
            "2-64 characters: a lowercase letter, then lowercase letters, digits, - or _",
        ) from None
    if await App.exists(name=name):
        raise Conflict(
            f"An app named {name!r} already exists; choose another name",
            [{"path": "app_name", "message": "already taken"}],
        )
    return name


async def install(
    actor: Principal,
    name: str,
    version: str | None = None,
    *,
    app_name: str | None = None,
    answers: Mapping[str, str] | None = None,
    domain: str | None = None,
) -> tuple[App, list[str]]:
    """Create an app from a listing (the newest of ``name`` unless ``version``), optionally
    bound to ``domain``."""
    listing = await get_listing(name, version)
    target = await check_app_name(app_name or listing.name)
    host = apps.check_domain(domain) if domain else None
    if host and await App.exists(domain=host):
        raise Conflict(
            f"Another app is bound to {host}", [{"path": "domain", "message": "already taken"}]
        )
    bundle = read_zip(bytes(listing.bundle))
    values = check_answers(questions(bundle), answers or {})
    app, notes = await import_app(actor, with_answers(bundle, values), name=target)
    try:
        async with in_transaction() as conn:
            await (
                App.filter(id=app.id)
                .using_db(conn)
                .update(installed_from=listing.name, installed_version=listing.version, domain=host)
            )
            await audit.record(
                actor,
                "store.install",
                "app",
                app.id,
                app.name,
                after={"listing": listing.name, "version": listing.version, "domain": host},
                using_db=conn,
            )
    except BaseException:
        await apps.delete_app(actor, app.id)
        raise
    app.installed_from, app.installed_version = listing.name, listing.version
    if host:
        app.domain = host
        forget_domains()
    return app, [n for n in notes if not n.startswith("set the value of")]


async def upgrade_target(app: App, version: str | None = None) -> StoreListing:
    """The listing ``app`` would upgrade to: ``version``, or the newest."""
    if not app.installed_from:
        raise Conflict(f"App {app.name!r} was not installed from the App Store")
    listing = await get_listing(app.installed_from, version)
    current = app.installed_version or "0.0.0"
    if not newer(listing.version, current):
        raise Conflict(
            f"App {app.name!r} is at {current}; {listing.version} is not newer",
            [{"path": "version", "message": f"must be greater than {current}"}],
        )
    return listing


async def upgrade_questions(app: App, listing: StoreListing) -> list[EnvSpec]:
    """The variables the upgrade to ``listing`` must ask for: new ones only."""
    current = await export_app(app)
    existing = {spec.key for spec in env_specs(current)}
    return questions(read_zip(bytes(listing.bundle)), existing)


async def upgrade(
    actor: Principal,
    app: App,
    version: str | None = None,
    *,
    answers: Mapping[str, str] | None = None,
) -> tuple[App, list[str]]:
    """Apply a newer listing over ``app``; nothing changes if any part is refused. The app
    then runs its draft (the upgraded resources), not a version it published itself."""
    listing = await upgrade_target(app, version)
    values = check_answers(await upgrade_questions(app, listing), answers or {})
    bundle = with_answers(read_zip(bytes(listing.bundle)), values)
    before = app.installed_version
    async with in_transaction() as conn:
        notes = await apply_bundle(actor, app, bundle)
        await (
            App.filter(id=app.id)
            .using_db(conn)
            .update(installed_version=listing.version, live_version_id=None)
        )
        await audit.record(
            actor,
            "store.upgrade",
            "app",
            app.id,
            app.name,
            before={"version": before},
            after={"version": listing.version},
            using_db=conn,
        )
    app.installed_version, app.live_version_id = listing.version, None
    return app, [n for n in notes if not n.startswith("set the value of")]


async def uninstall(actor: Principal, app: App, confirm: str) -> None:
    """Delete an installed app with everything in it; ``confirm`` must repeat its name."""
    if not app.installed_from:
        raise Conflict(
            f"App {app.name!r} was not installed from the App Store; delete it in its settings"
        )
    if confirm != app.name:
        raise ValidationFailed.field("confirm", f"type the app's name, {app.name}, to confirm")
    await apps.delete_app(actor, app.id)
    await audit.record(
        actor,
        "store.uninstall",
        "app",
        app.id,
        app.name,
        before={"listing": app.installed_from, "version": app.installed_version},
    )


# -- documentation --------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
DOC_TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "h3", "h4", "h5", "hr", "i", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


def render_docs(text: str) -> Markup:
    """A listing's documentation as safe HTML: blank-line separated blocks become paragraphs,
    ``# headings`` and ``- lists``; HTML inside is kept only as formatting (nh3: no scripts,
    styles, event attributes or foreign URL schemes)."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0])
        if heading and len(lines) == 1:
            level = len(heading.group(1)) + 2  # under the page's own h1 and h2
            blocks.append(f"<h{level}>{heading.group(2)}</h{level}>")
        elif all(line.startswith(("- ", "* ")) for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{line[2:]}</li>" for line in lines) + "</ul>")
        else:
            blocks.append(f"<p>{'<br>'.join(lines)}</p>")
    cleaned = nh3.clean(
        "\n".join(blocks),
        tags=DOC_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}, "*": {"title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)  # noqa: S704 - nh3 output is safe markup

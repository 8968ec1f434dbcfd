"""``/api/v1/store``: the App Store catalogue (listings) and installing, upgrading and
uninstalling apps from it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from runtime import store
from runtime.api.framework import Api, Call
from runtime.auth.permissions import Permission
from runtime.bundles import read_zip
from runtime.errors import ValidationFailed
from runtime.models import App, StoreListing
from runtime.services import apps

api = Api()

NAME = r"^[a-z][a-z0-9_-]+$"


class ListingOut(BaseModel):
    name: str = Field(description="the catalogue name; its versions share it")
    version: str
    title: str
    description: str
    docs: str = Field(description="documentation text (plain text or HTML, shown sanitised)")
    note: str = Field(description="the release note")
    size: int = Field(description="bytes of the bundle")
    source_app_id: int | None = Field(description="the app it was listed from, if from here")
    published_by: str
    published_at: datetime

    @classmethod
    def of(cls, listing: StoreListing) -> ListingOut:
        return cls(
            name=listing.name,
            version=listing.version,
            title=listing.title,
            description=listing.description,
            docs=listing.docs,
            note=listing.note,
            size=len(listing.bundle),
            source_app_id=listing.source_app_id,
            published_by=listing.published_by,
            published_at=listing.published_at,
        )


class InstalledOut(BaseModel):
    id: int
    name: str
    installed_version: str | None
    upgrade_to: str | None = Field(description="a newer listed version, if any")


class EntryOut(BaseModel):
    latest: ListingOut
    versions: list[str] = Field(description="every listed version, newest first")
    installed: list[InstalledOut] = Field(description="apps installed from this name")

    @classmethod
    def of(cls, entry: store.CatalogueEntry) -> EntryOut:
        return cls(
            latest=ListingOut.of(entry.latest),
            versions=[v.version for v in entry.versions],
            installed=[
                InstalledOut(
                    id=app.id,
                    name=app.name,
                    installed_version=app.installed_version,
                    upgrade_to=entry.upgrade_for(app),
                )
                for app in entry.installed
            ],
        )


class Catalogue(BaseModel):
    items: list[EntryOut] = Field(description="one per catalogue name, by name")


class ListFromVersion(BaseModel):
    model_config = ConfigDict(extra="forbid")
    app: str = Field(min_length=1, max_length=64, description="the app: id, uuid or name")
    version: str = Field(min_length=5, max_length=64, description="one of its published versions")
    name: str | None = Field(
        None, min_length=2, max_length=64, pattern=NAME, description="default: the app's name"
    )
    title: str = Field("", max_length=128)
    description: str = Field("", max_length=10_000)
    docs: str = Field("", max_length=100_000)


class UploadQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field("", max_length=128, description="default: the manifest's title")
    description: str = Field("", max_length=10_000)
    docs: str = Field("", max_length=100_000)


class Question(BaseModel):
    variable: str = Field(description="the environment variable's key")
    value: str = Field(description="offered value (default variables), else empty")
    required: bool
    secret: bool = Field(description="protected: never shown again once set")
    flags: list[str]


class ConfigOut(BaseModel):
    name: str
    version: str
    questions: list[Question] = Field(description="what the config step asks")


class VersionQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str | None = Field(None, max_length=64, description="default: the newest")


class InstallIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    listing: str = Field(min_length=2, max_length=64, description="the catalogue name")
    version: str | None = Field(None, max_length=64, description="default: the newest")
    app_name: str | None = Field(None, max_length=64, description="default: the listing's name")
    answers: dict[str, str] = Field(
        default_factory=dict, description="config step: variable key -> value"
    )
    domain: str | None = Field(None, max_length=253, description="bind a host name at once")


class UpgradeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str | None = Field(None, max_length=64, description="default: the newest")
    answers: dict[str, str] = Field(
        default_factory=dict, description="values of the new variables the upgrade asks for"
    )


class UninstallIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    confirm: str = Field(max_length=64, description="the app's name, typed again")


class AppResult(BaseModel):
    id: int
    name: str
    domain: str | None
    installed_from: str | None
    installed_version: str | None
    notes: list[str] = Field(description="what to look at after the change")

    @classmethod
    def of(cls, app: App, notes: list[str]) -> AppResult:
        return cls(
            id=app.id,
            name=app.name,
            domain=app.domain,
            installed_from=app.installed_from,
            installed_version=app.installed_version,
            notes=notes,
        )


def _questions(asked: list[store.EnvSpec]) -> list[Question]:
    return [
        Question(
            variable=spec.key,
            value="" if spec.secret else spec.value,
            required=spec.required,
            secret=spec.secret,
            flags=list(spec.flags),
        )
        for spec in asked
    ]


@api.route(
    "GET",
    "/store/listings",
    name="store.listings.list",
    permission=Permission.APPS_READ,
    response=Catalogue,
    tag="store",
)
async def list_listings(call: Call) -> Catalogue:
    """The catalogue: each listed name with its newest version and the apps installed from it."""
    return Catalogue(items=[EntryOut.of(e) for e in await store.catalogue()])


@api.route(
    "GET",
    "/store/listings/{name}",
    name="store.listings.get",
    permission=Permission.APPS_READ,
    query=VersionQuery,
    response=ListingOut,
    tag="store",
    errors=(404,),
)
async def get_listing(call: Call) -> ListingOut:
    """One listing: the newest version of a name, or ``?version=``."""
    return ListingOut.of(await store.get_listing(call.path["name"], call.query.version))


@api.route(
    "GET",
    "/store/listings/{name}/config",
    name="store.listings.config",
    permission=Permission.APPS_READ,
    query=VersionQuery,
    response=ConfigOut,
    tag="store",
    errors=(404,),
)
async def listing_config(call: Call) -> ConfigOut:
    """What installing the listing asks (its config step)."""
    listing = await store.get_listing(call.path["name"], call.query.version)
    asked = store.questions(read_zip(bytes(listing.bundle)))
    return ConfigOut(name=listing.name, version=listing.version, questions=_questions(asked))


@api.route(
    "POST",
    "/store/listings",
    name="store.listings.create",
    permission=Permission.APPS_WRITE,
    body=ListFromVersion,
    response=ListingOut,
    status=201,
    tag="store",
    errors=(404, 409),
)
async def create_listing(call: Call) -> ListingOut:
    """List a published version of an app here (versions of a name must go up)."""
    b: ListFromVersion = call.body
    app = await apps.get_app(b.app)
    listing = await store.list_version(
        call.actor,
        app,
        b.version,
        name=b.name,
        title=b.title,
        description=b.description,
        docs=b.docs,
    )
    return ListingOut.of(listing)


@api.route(
    "POST",
    "/store/listings/import",
    name="store.listings.upload",
    permission=Permission.APPS_WRITE,
    query=UploadQuery,
    response=ListingOut,
    status=201,
    tag="store",
    errors=(409, 413),
)
async def upload_listing(call: Call) -> ListingOut:
    """List an uploaded app bundle (the zip is the request body); its manifest gives the
    name and version."""
    q: UploadQuery = call.query
    data = await call.request.body()
    if not data:
        raise ValidationFailed.field("bundle", "send the bundle zip as the request body")
    listing = await store.list_upload(
        call.actor, data, title=q.title, description=q.description, docs=q.docs
    )
    return ListingOut.of(listing)


@api.route(
    "DELETE",
    "/store/listings/{name}/{version}",
    name="store.listings.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="store",
    errors=(404,),
)
async def delete_listing(call: Call) -> None:
    """Withdraw one version from the catalogue (installed apps keep running)."""
    await store.delete_listing(call.actor, call.path["name"], call.path["version"])


@api.route(
    "POST",
    "/store/install",
    name="store.install",
    permission=Permission.APPS_WRITE,
    body=InstallIn,
    response=AppResult,
    status=201,
    tag="store",
    errors=(404, 409),
)
async def install(call: Call) -> AppResult:
    """Install a listing as a new app, with the answers of its config step (422 names each
    missing or unknown ``answers.<KEY>``)."""
    b: InstallIn = call.body
    app, notes = await store.install(
        call.actor, b.listing, b.version, app_name=b.app_name, answers=b.answers, domain=b.domain
    )
    return AppResult.of(app, notes)


@api.route(
    "GET",
    "/store/apps/{app}/upgrade",
    name="store.upgrade.plan",
    permission=Permission.APPS_READ,
    query=VersionQuery,
    response=ConfigOut,
    tag="store",
    errors=(404, 409),
)
async def upgrade_plan(call: Call) -> ConfigOut:
    """The version an installed app would upgrade to, and the new variables it asks for."""
    app = await apps.get_app(call.path["app"])
    listing = await store.upgrade_target(app, call.query.version)
    asked = await store.upgrade_questions(app, listing)
    return ConfigOut(name=listing.name, version=listing.version, questions=_questions(asked))


@api.route(
    "POST",
    "/store/apps/{app}/upgrade",
    name="store.upgrade",
    permission=Permission.APPS_WRITE,
    body=UpgradeIn,
    response=AppResult,
    tag="store",
    errors=(404, 409),
)
async def upgrade(call: Call) -> AppResult:
    """Upgrade an installed app to a newer listing, in one transaction: its resources become
    the new version's; rows, locked and default values stay. 422 when a dataset change
    would lose data (nothing changes)."""
    b: UpgradeIn = call.body
    app = await apps.get_app(call.path["app"])
    app, notes = await store.upgrade(call.actor, app, b.version, answers=b.answers)
    return AppResult.of(app, notes)


@api.route(
    "POST",
    "/store/apps/{app}/uninstall",
    name="store.uninstall",
    permission=Permission.APPS_WRITE,
    body=UninstallIn,
    status=204,
    tag="store",
    errors=(404, 409),
)
async def uninstall(call: Call) -> None:
    """Delete an installed app with all its resources and data (``confirm``: its name)."""
    app = await apps.get_app(call.path["app"])
    await store.uninstall(call.actor, app, call.body.confirm)

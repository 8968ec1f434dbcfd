"""The App Store pages: the catalogue, listing a version, and the install (name, then config
step, then an optional domain), upgrade and uninstall dialogs."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from runtime import store
from runtime.auth.permissions import Permission
from runtime.auth.session import CSRF_FIELD, CSRF_HEADER, check_csrf
from runtime.bundles import read_zip
from runtime.errors import TrunklineError, ValidationFailed
from runtime.models import App, AppVersion
from runtime.services import apps
from runtime.ui.support import field, flash, read_form, redirect, render, require
from runtime.versions import semver_key

ANSWER = "answer."


def _field_errors(exc: TrunklineError) -> dict[str, str]:
    """``{"answers.KEY": message}`` -> ``{"KEY": message}``; other paths as they are."""
    errors = {}
    details = exc.details if isinstance(exc.details, list) else []
    for detail in details:
        path = str(detail.get("path", ""))
        errors[path.removeprefix("answers.")] = str(detail.get("message", ""))
    return errors


def _answers(form: FormData) -> dict[str, str]:
    return {
        key[len(ANSWER) :]: value
        for key, value in form.multi_items()
        if key.startswith(ANSWER) and isinstance(value, str)
    }


async def catalogue(request: Request) -> Response:
    principal = await require(request, Permission.APPS_READ)
    return render(
        request,
        "runtime/store.html",
        {
            "entries": await store.catalogue(),
            "render_docs": store.render_docs,
            "can_write": principal.can(Permission.APPS_WRITE),
        },
    )


# -- install --------------------------------------------------------------------------------


async def install_form(request: Request) -> Response:
    await require(request, Permission.APPS_WRITE)
    name = request.path_params["name"]
    listing = await store.get_listing(name)
    return await _install_step(
        request, listing.name, {"app_name": listing.name, "version": listing.version}
    )


async def _install_step(
    request: Request,
    name: str,
    values: dict[str, Any],
    *,
    step: str = "name",
    asked: list[store.EnvSpec] | None = None,
    errors: dict[str, str] | None = None,
    form_error: str = "",
    status_code: int = 200,
) -> Response:
    versions = await store.versions_of(name)
    listing = next((v for v in versions if v.version == values.get("version")), versions[0])
    return render(
        request,
        "runtime/store_install.html",
        {
            "listing": listing,
            "versions": versions,
            "values": values,
            "step": step,
            "asked": asked or [],
            "errors": errors or {},
            "form_error": form_error,
            "render_docs": store.render_docs,
        },
        status_code=status_code,
    )


async def install_submit(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    name = request.path_params["name"]
    values: dict[str, Any] = {
        "app_name": field(form, "app_name"),
        "version": field(form, "version"),
    }
    listing = await store.get_listing(name, values["version"] or None)
    values["version"] = listing.version
    asked = store.questions(read_zip(bytes(listing.bundle)))
    answers = _answers(form)
    try:
        if field(form, "step") != "config":
            await store.check_app_name(values["app_name"] or listing.name)
            if asked:  # on to the config step
                values["answers"] = {spec.key: spec.value for spec in asked if not spec.secret}
                return await _install_step(request, name, values, step="config", asked=asked)
        app, notes = await store.install(
            actor,
            listing.name,
            listing.version,
            app_name=values["app_name"] or None,
            answers=answers,
        )
    except TrunklineError as exc:
        errors = _field_errors(exc)
        back_to_name = "app_name" in errors or field(form, "step") != "config"
        values["answers"] = answers
        return await _install_step(
            request,
            name,
            values,
            step="name" if back_to_name else "config",
            asked=asked,
            errors=errors,
            form_error=exc.message,
            status_code=exc.status_code,
        )
    flash(request, f"Installed {listing.name} {listing.version} as {app.name}.")
    for note in notes:
        flash(request, note, "info")
    return redirect(request, "ui:store_installed", app_id=app.id)


async def installed(request: Request) -> Response:
    await require(request, Permission.APPS_READ)
    app = await apps.get_app(request.path_params["app_id"])
    listing = None
    if app.installed_from and app.installed_version:
        try:
            listing = await store.get_listing(app.installed_from, app.installed_version)
        except TrunklineError:  # withdrawn since
            listing = None
    return render(
        request,
        "runtime/store_installed.html",
        {"app": app, "listing": listing, "render_docs": store.render_docs, "form_error": ""},
    )


async def bind_domain(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app_id = request.path_params["app_id"]
    try:
        app = await apps.update_app(actor, app_id, {"domain": field(form, "domain") or None})
    except TrunklineError as exc:
        app = await apps.get_app(app_id)
        return render(
            request,
            "runtime/store_installed.html",
            {
                "app": app,
                "listing": None,
                "form_error": exc.message,
                "domain": field(form, "domain"),
            },
            status_code=exc.status_code,
        )
    flash(request, f"{app.name} is served at {app.domain}." if app.domain else "No domain bound.")
    return redirect(request, "ui:app", app_id=app.id)


# -- upgrade and uninstall ------------------------------------------------------------------


async def upgrade_form(request: Request) -> Response:
    await require(request, Permission.APPS_WRITE)
    app = await apps.get_app(request.path_params["app_id"])
    return await _upgrade_step(request, app, {})


async def _upgrade_step(
    request: Request,
    app: App,
    answers: dict[str, str],
    *,
    errors: dict[str, str] | None = None,
    form_error: str = "",
    status_code: int = 200,
) -> Response:
    listing = await store.upgrade_target(app)
    asked = await store.upgrade_questions(app, listing)
    if not answers:
        answers = {spec.key: spec.value for spec in asked if not spec.secret}
    return render(
        request,
        "runtime/store_upgrade.html",
        {
            "app": app,
            "listing": listing,
            "asked": asked,
            "values": {"answers": answers},
            "errors": errors or {},
            "form_error": form_error,
            "render_docs": store.render_docs,
        },
        status_code=status_code,
    )


async def upgrade_submit(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app = await apps.get_app(request.path_params["app_id"])
    answers = _answers(form)
    before = app.installed_version
    try:
        app, notes = await store.upgrade(
            actor, app, field(form, "version") or None, answers=answers
        )
    except TrunklineError as exc:
        app = await apps.get_app(app.id)
        return await _upgrade_step(
            request,
            app,
            answers,
            errors=_field_errors(exc),
            form_error=exc.message,
            status_code=exc.status_code,
        )
    flash(request, f"Upgraded {app.name} from {before} to {app.installed_version}.")
    for note in notes:
        flash(request, note, "info")
    return redirect(request, "ui:store")


async def uninstall_form(request: Request) -> Response:
    await require(request, Permission.APPS_WRITE)
    app = await apps.get_app(request.path_params["app_id"])
    return render(request, "runtime/store_uninstall.html", {"app": app, "form_error": ""})


async def uninstall_submit(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app = await apps.get_app(request.path_params["app_id"])
    try:
        await store.uninstall(actor, app, field(form, "confirm"))
    except TrunklineError as exc:
        return render(
            request,
            "runtime/store_uninstall.html",
            {"app": app, "form_error": exc.message},
            status_code=exc.status_code,
        )
    flash(request, f"Uninstalled {app.name}: the app and all its data are deleted.")
    return redirect(request, "ui:store")


# -- listing --------------------------------------------------------------------------------


async def list_form(request: Request) -> Response:
    await require(request, Permission.APPS_WRITE)
    app = await apps.get_app(request.path_params["app_id"])
    return await _list_page(request, app, {"name": app.name})


async def _list_page(
    request: Request,
    app: App,
    values: dict[str, str],
    *,
    form_error: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    published = await AppVersion.filter(app_id=app.id)
    published.sort(key=lambda v: semver_key(v.version), reverse=True)
    return render(
        request,
        "runtime/store_list.html",
        {
            "app": app,
            "published": published,
            "values": values,
            "form_error": form_error,
            "errors": errors or {},
        },
        status_code=status_code,
    )


async def list_submit(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app = await apps.get_app(request.path_params["app_id"])
    values = {k: field(form, k) for k in ("version", "name", "title", "description", "docs")}
    try:
        listing = await store.list_version(
            actor,
            app,
            values["version"],
            name=values["name"] or None,
            title=values["title"],
            description=values["description"],
            docs=values["docs"],
        )
    except TrunklineError as exc:
        return await _list_page(
            request,
            app,
            values,
            form_error=exc.message,
            errors=_field_errors(exc),
            status_code=exc.status_code,
        )
    flash(request, f"Listed {listing.name} {listing.version} in the App Store.")
    return redirect(request, "ui:store")


async def upload(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    async with request.form(max_fields=10, max_files=1) as form:  # closes the upload
        token = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
        check_csrf(request, token if isinstance(token, str) else None)
        bundle = form.get("bundle")
        data = await bundle.read() if isinstance(bundle, UploadFile) else b""
        docs = field(form, "docs")
    try:
        if not data:
            raise ValidationFailed.field("bundle", "choose an app bundle (.zip) to upload")
        listing = await store.list_upload(actor, data, docs=docs)
    except TrunklineError as exc:
        flash(request, f"Not listed: {exc.message}", "error")
        return redirect(request, "ui:store")
    flash(request, f"Listed {listing.name} {listing.version} in the App Store.")
    return redirect(request, "ui:store")


async def withdraw(request: Request) -> Response:
    """Withdraw one listed version (apps installed from it keep running)."""
    actor = await require(request, Permission.APPS_WRITE)
    await read_form(request)
    name, version = request.path_params["name"], request.path_params["version"]
    try:
        await store.delete_listing(actor, name, version)
    except TrunklineError as exc:
        flash(request, f"Not withdrawn: {exc.message}", "error")
        return redirect(request, "ui:store")
    flash(request, f"Withdrew {name} {version} from the App Store.")
    return redirect(request, "ui:store")

"""App templates: e-mail subject, HTML body and SMS text in Handlebars, per app.

Each text is parsed when it is saved (:mod:`pagebuilder.handlebars`), so a template with a
syntax error is refused with the field and the line and column. :func:`render` fills a
template with variables plus ``env``, the app's page-readable environment variables
(neither protected nor private): the HTML escaped, subject and SMS as plain text.

The template named :data:`DOCUMENTATION` is the app's documentation page (``/apps/<app>/_docs``).
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from tortoise.transactions import in_transaction

from pagebuilder import handlebars
from pagebuilder.models import AppTemplate
from runtime.auth.principal import Principal
from runtime.errors import NotFound, ValidationFailed
from runtime.models import App
from runtime.services import audit, revisions
from runtime.services.common import find_by_ref, unique
from scriptforge.services.env import env_for_pages

TEMPLATE_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
TEMPLATE_NAME = re.compile(TEMPLATE_NAME_PATTERN)
#: The template that is the app's documentation page.
DOCUMENTATION = "app_documentation"
#: The texts of a template, and whether each is HTML (escaped) or plain text.
TEXTS = (("subject", False), ("html", True), ("sms", False))
MAX_SUBJECT = 500
MAX_SAMPLE_BYTES = 64 * 1024


def snapshot(template: AppTemplate) -> dict[str, Any]:
    return {
        "id": template.id,
        "name": template.name,
        "subject": template.subject,
        "html": template.html,
        "sms": template.sms,
        "sample": template.sample,
    }


def _check_name(name: str) -> str:
    if not TEMPLATE_NAME.match(name) or name.isdigit():
        raise ValidationFailed.field(
            "name",
            "letters, digits, '.', '-' and '_' (at most 100), starting with a letter or "
            "digit, and not only digits",
        )
    return name


def check_texts(texts: dict[str, str]) -> None:
    """Parse each text; every syntax error is named by its field and line/column."""
    problems = []
    for field, _ in TEXTS:
        if field not in texts:
            continue
        text = texts[field]
        if field == "subject" and len(text) > MAX_SUBJECT:
            problems.append({"path": field, "message": f"is longer than {MAX_SUBJECT} characters"})
            continue
        try:
            handlebars.parse(text)
        except handlebars.TemplateError as exc:
            problems.append({"path": field, "message": str(exc)})
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)


def check_vars(variables: Any, path: str = "sample") -> dict[str, Any]:
    """Variables as JSON values: an object, at most 64 KB."""
    if variables is None:
        return {}
    if not isinstance(variables, dict):
        raise ValidationFailed.field(path, "give the variables as an object")
    try:
        clean = handlebars.to_json(variables)
    except handlebars.TemplateError as exc:
        raise ValidationFailed.field(path, str(exc)) from None
    if len(json.dumps(clean)) > MAX_SAMPLE_BYTES:
        raise ValidationFailed.field(path, f"is larger than {MAX_SAMPLE_BYTES // 1024} KB")
    return dict(clean)


async def create_template(
    actor: Principal,
    app: App,
    name: str,
    *,
    subject: str = "",
    html: str = "",
    sms: str = "",
    sample: dict[str, Any] | None = None,
) -> AppTemplate:
    _check_name(name)
    check_texts({"subject": subject, "html": html, "sms": sms})
    clean_sample = check_vars(sample)
    async with (
        unique("name", f"The app already has a template named {name!r}"),
        in_transaction() as conn,
    ):
        template = await AppTemplate.create(
            uuid=uuid.uuid4(),
            app=app,
            name=name,
            subject=subject,
            html=html,
            sms=sms,
            sample=clean_sample,
            created_by=actor.name[:128],
            using_db=conn,
        )
        await audit.record(
            actor,
            "template.create",
            "app_template",
            template.id,
            f"{app.name}/{name}",
            after=snapshot(template),
            using_db=conn,
        )
        await _revision(actor, app, template, conn)
    return template


async def _revision(actor: Principal, app: App, template: AppTemplate, conn: Any) -> None:
    """The template's history for the IDE (a no-op when no text changed)."""
    text = revisions.template_text(template.subject, template.html, template.sms)
    await revisions.record(actor, app.id, "template", template.id, text, using_db=conn)


async def get_template(app: App, ref: str | int) -> AppTemplate:
    """A template of the app by numeric id, uuid or name."""
    return await find_by_ref(AppTemplate, ref, "template", f" in app {app.name!r}", app_id=app.id)


async def update_template(
    actor: Principal, app: App, ref: str | int, changes: dict[str, Any]
) -> AppTemplate:
    template = await get_template(app, ref)
    before = snapshot(template)
    texts = {f: changes[f] for f, _ in TEXTS if changes.get(f) is not None}
    check_texts(texts)
    if changes.get("name") is not None:
        template.name = _check_name(changes["name"])
    for field, value in texts.items():
        setattr(template, field, value)
    if changes.get("sample") is not None:
        template.sample = check_vars(changes["sample"])
    async with (
        unique("name", f"The app already has a template named {template.name!r}"),
        in_transaction() as conn,
    ):
        await template.save(using_db=conn)
        await audit.record(
            actor,
            "template.update",
            "app_template",
            template.id,
            f"{app.name}/{template.name}",
            before=before,
            after=snapshot(template),
            using_db=conn,
        )
        await _revision(actor, app, template, conn)
    return template


async def delete_template(actor: Principal, app: App, ref: str | int) -> None:
    template = await get_template(app, ref)
    async with in_transaction() as conn:
        before = snapshot(template)
        await template.delete(using_db=conn)
        await audit.record(
            actor,
            "template.delete",
            "app_template",
            before["id"],
            f"{app.name}/{before['name']}",
            before=before,
            using_db=conn,
        )


async def template_data(app: App, variables: dict[str, Any] | None) -> dict[str, Any]:
    """What a template sees: the variables, and ``env`` (the page-readable env vars)."""
    return {**check_vars(variables, "vars"), "env": await env_for_pages(app.id)}


def render_texts(texts: dict[str, str], data: dict[str, Any]) -> dict[str, str]:
    """Render subject, html and sms; a problem is :class:`ValidationFailed` naming the field."""
    check_texts(texts)
    out: dict[str, str] = {}
    for field, is_html in TEXTS:
        try:
            out[field] = handlebars.parse(texts.get(field, "")).render(data, escape=is_html)
        except handlebars.TemplateError as exc:
            raise ValidationFailed.field(field, str(exc)) from None
    return out


async def render(
    app: App, name_or_template: str | AppTemplate, variables: dict[str, Any] | None
) -> dict[str, str]:
    """``{"subject", "html", "sms"}`` of a template (or its name) for ``variables``."""
    template = (
        name_or_template
        if isinstance(name_or_template, AppTemplate)
        else await get_template(app, name_or_template)
    )
    texts = {"subject": template.subject, "html": template.html, "sms": template.sms}
    return render_texts(texts, await template_data(app, variables))


async def render_for_app(app_id: int, name: str, variables: Any) -> dict[str, str]:
    """Render the app's template ``name`` (by name only), for ``cxSend.email``.

    :class:`NotFound` when the app has no such template; :class:`ValidationFailed` when the
    variables are not an object or rendering fails.
    """
    app = await App.get_or_none(id=app_id)
    if app is None:
        raise NotFound(f"No app {app_id}")
    template = await AppTemplate.get_or_none(app_id=app.id, name=name)
    if template is None:
        raise NotFound(f"No template {name!r} in app {app.name!r}")
    return await render(app, template, variables)

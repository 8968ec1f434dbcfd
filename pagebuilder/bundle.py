"""The page builder's share of an app bundle: pages (documents), templates and buttons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pagebuilder import app_templates, buttons, pages
from pagebuilder.models import AppTemplate, Button, Page, PageAccess
from runtime.auth.principal import Principal
from runtime.bundles import dump_json, load_json, slug
from runtime.errors import ValidationFailed
from runtime.models import App

#: The app's Button Builder buttons, a list of objects (the fields of :data:`buttons.FIELDS`).
BUTTONS = "buttons.json"


class PageBuilderPart:
    async def export(self, app: App, *, with_data: bool) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for page in await Page.filter(app_id=app.id).order_by("name"):
            files[f"pages/{page.name}.json"] = dump_json(
                {
                    "name": page.name,
                    "title": page.title,
                    "access": page.access.value,
                    "roles": page.roles,
                    "document": page.document,
                }
            )
        for template in await AppTemplate.filter(app_id=app.id).order_by("name"):
            base = f"templates/{slug(template.name)}"
            files[f"{base}.hbs"] = template.html.encode()
            files[f"{base}.json"] = dump_json(
                {
                    "name": template.name,
                    "subject": template.subject,
                    "sms": template.sms,
                    "sample": template.sample,
                }
            )
        listed = [
            {k: v for k, v in buttons.snapshot(b).items() if k in buttons.FIELDS}
            for b in sorted(await Button.filter(app_id=app.id), key=buttons.sort_key)
        ]
        if listed:
            files[BUTTONS] = dump_json(listed)
        return files

    async def upgrade(self, actor: Principal, app: App, files: Mapping[str, bytes]) -> list[str]:
        """Pages and templates become the bundle's: updated in place by name (they keep
        their uuids), created, or deleted; buttons are replaced."""
        metas = {
            path: _meta(files, path)
            for path in sorted(files)
            if path.startswith(("pages/", "templates/")) and path.endswith(".json")
        }
        names = {path.split("/")[0] + "/" + meta["name"] for path, meta in metas.items()}
        for page in await Page.filter(app_id=app.id):
            if f"pages/{page.name}" not in names:
                await pages.delete_page(actor, app, page.id)
        for template in await AppTemplate.filter(app_id=app.id):
            if f"templates/{template.name}" not in names:
                await app_templates.delete_template(actor, app, template.id)
        created: set[str] = set()  # files of pages and templates that do not exist yet
        for path, meta in metas.items():
            if path.startswith("pages/"):
                found_page = await Page.get_or_none(app_id=app.id, name=meta["name"])
                if found_page is None:
                    created.add(path)
                    continue
                changes = {k: meta.get(k) for k in ("title", "access", "roles", "document")}
                await pages.update_page(actor, app, found_page.id, changes)
                continue
            found = await AppTemplate.get_or_none(app_id=app.id, name=meta["name"])
            if found is None:
                created.add(path)
                continue
            html = files.get(path[: -len(".json")] + ".hbs", b"").decode()
            changes = {k: meta.get(k) for k in ("subject", "sms", "sample")}
            await app_templates.update_template(actor, app, found.id, {**changes, "html": html})
        for button in await Button.filter(app_id=app.id):  # replaced, each delete audited
            await buttons.delete_button(actor, app, button.id)
        rest = {p: data for p, data in files.items() if p not in metas or p in created}
        return await self.import_(actor, app, rest, with_data=False)

    async def import_(
        self, actor: Principal, app: App, files: Mapping[str, bytes], *, with_data: bool
    ) -> list[str]:
        for path in sorted(p for p in files if p.startswith("pages/") and p.endswith(".json")):
            meta = load_json(files[path], path)
            if not isinstance(meta, dict):
                raise ValidationFailed.field(path, "must be an object")
            await pages.create_page(
                actor,
                app,
                str(meta.get("name")),
                title=str(meta.get("title", "")),
                document=meta.get("document") or {},
                access=PageAccess(meta.get("access", PageAccess.OPERATORS)),
                roles=list(meta.get("roles") or []),
            )
        for path in sorted(p for p in files if p.startswith("templates/") and p.endswith(".json")):
            meta = load_json(files[path], path)
            if not isinstance(meta, dict):
                raise ValidationFailed.field(path, "must be an object")
            html_path = path[: -len(".json")] + ".hbs"
            await app_templates.create_template(
                actor,
                app,
                str(meta.get("name")),
                subject=str(meta.get("subject", "")),
                html=files[html_path].decode() if html_path in files else "",
                sms=str(meta.get("sms", "")),
                sample=meta.get("sample") or {},
            )
        await _import_buttons(actor, app, files)
        return []


def _meta(files: Mapping[str, bytes], path: str) -> dict[str, Any]:
    meta = load_json(files[path], path)
    if not isinstance(meta, dict) or not meta.get("name"):
        raise ValidationFailed.field(path, "must be an object with a name")
    return meta


async def _import_buttons(actor: Principal, app: App, files: Mapping[str, bytes]) -> None:
    """After the pages (and the scripts: the ScriptForge part comes first) they name."""
    listed = load_json(files[BUTTONS], BUTTONS) if BUTTONS in files else []
    if not isinstance(listed, list):
        raise ValidationFailed.field(BUTTONS, "must be a list of buttons")
    for index, values in enumerate(listed):
        if not isinstance(values, dict):
            raise ValidationFailed.field(f"{BUTTONS}.{index}", "must be an object")
        try:
            await buttons.create_button(actor, app, values)
        except ValidationFailed as exc:
            raise ValidationFailed(f"{BUTTONS}.{index}: {exc.message}", exc.details) from None

"""The page builder's share of an app bundle: pages (documents) and templates."""

from __future__ import annotations

from collections.abc import Mapping

from pagebuilder import app_templates, pages
from pagebuilder.models import AppTemplate, Page, PageAccess
from runtime.auth.principal import Principal
from runtime.bundles import dump_json, load_json, slug
from runtime.errors import ValidationFailed
from runtime.models import App


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
        return files

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
        return []

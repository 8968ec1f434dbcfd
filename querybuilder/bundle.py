"""The app-data share of an app bundle: dataset schemas (and rows, on request) and saved
queries (SQL text, or a visual spec)."""

from __future__ import annotations

from collections.abc import Mapping

from querybuilder import datasets, queries
from querybuilder.models import Dataset, DatasetPreset, SavedQuery
from querybuilder.transfer import export_rows, import_rows
from runtime.auth.principal import Principal
from runtime.bundles import dump_json, load_json, slug
from runtime.errors import ValidationFailed
from runtime.models import App


class QueryBuilderPart:
    async def export(self, app: App, *, with_data: bool) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for dataset in await Dataset.filter(app_id=app.id).order_by("name"):
            files[f"datasets/{dataset.name}.json"] = dump_json(
                {
                    "name": dataset.name,
                    "preset": dataset.preset.value,
                    "description": dataset.description,
                    "columns": dataset.columns,
                    # only when set: bundles made before the flag keep their bytes
                    **({"per_customer": True} if dataset.per_customer else {}),
                }
            )
            if with_data:
                chunks = [chunk async for chunk in export_rows(dataset, format="jsonl")]
                files[f"datasets/{dataset.name}.jsonl"] = "".join(chunks).encode()
        for query in await SavedQuery.filter(app_id=app.id).order_by("name"):
            base = f"queries/{slug(query.name)}"
            meta = {"name": query.name, "description": query.description, "vars": query.vars}
            if query.spec is not None:
                meta["spec"] = query.spec
            else:
                files[f"{base}.sql"] = (query.sql.rstrip() + "\n").encode()
            files[f"{base}.json"] = dump_json(meta)
        return files

    async def import_(
        self, actor: Principal, app: App, files: Mapping[str, bytes], *, with_data: bool
    ) -> list[str]:
        notes = []
        for path in sorted(p for p in files if p.startswith("datasets/") and p.endswith(".json")):
            meta = load_json(files[path], path)
            if not isinstance(meta, dict):
                raise ValidationFailed.field(path, "must be an object")
            preset = DatasetPreset(meta.get("preset", "custom"))
            own = [c for c in meta.get("columns", []) if isinstance(c, dict)]
            preset_names = {c["name"] for c in datasets.PRESETS[preset]}
            dataset = await datasets.create_dataset(
                actor,
                app,
                str(meta.get("name")),
                preset=preset,
                columns=[c for c in own if c.get("name") not in preset_names],
                description=str(meta.get("description", "")),
                per_customer=bool(meta.get("per_customer", False)),
            )
            rows_path = path[: -len(".json")] + ".jsonl"
            if with_data and rows_path in files:
                report = await import_rows(dataset, [files[rows_path]], format="jsonl")
                if not report.committed:
                    raise ValidationFailed.field(
                        rows_path, f"rows could not be imported: {report.errors[:3]}"
                    )
                notes.append(f"{report.rows_imported} rows into {dataset.name}")
        for path in sorted(p for p in files if p.startswith("queries/") and p.endswith(".json")):
            meta = load_json(files[path], path)
            if not isinstance(meta, dict):
                raise ValidationFailed.field(path, "must be an object")
            sql_path = path[: -len(".json")] + ".sql"
            sql = files[sql_path].decode() if sql_path in files else None
            await queries.create_query(
                actor,
                app,
                str(meta.get("name")),
                sql.strip() if sql else None,
                spec=meta.get("spec"),
                vars=meta.get("vars") or {},
                description=str(meta.get("description", "")),
            )
        return notes

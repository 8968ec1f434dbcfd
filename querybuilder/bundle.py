"""The app-data share of an app bundle: dataset schemas (and rows, on request) and saved
queries (SQL text, or a visual spec)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlglot import exp

from querybuilder import datasets, ddl, queries, schema
from querybuilder.models import Dataset, DatasetPreset, SavedQuery
from querybuilder.rows import render
from querybuilder.transfer import export_rows, import_rows
from runtime import db as database
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

    async def upgrade(self, actor: Principal, app: App, files: Mapping[str, bytes]) -> list[str]:
        """Datasets take the bundle's schema keeping their rows: columns are added, changed
        (only when every value survives) or dropped (only when empty); a dataset the bundle
        lacks is dropped only when it has no rows. Saved queries become the bundle's."""
        metas = {}
        for path in sorted(p for p in files if p.startswith("datasets/") and p.endswith(".json")):
            meta = _object(files, path)
            metas[str(meta.get("name"))] = (path, meta)
        for dataset in await Dataset.filter(app_id=app.id).order_by("name"):
            if dataset.name in metas:
                path, meta = metas.pop(dataset.name)
                await _upgrade_dataset(actor, app, dataset, meta, path)
            elif await _count(app, dataset.name, None):
                raise ValidationFailed.field(
                    f"datasets/{dataset.name}.json",
                    f"the new version has no dataset {dataset.name!r}, which holds rows here; "
                    "delete the dataset first to upgrade",
                )
            else:
                await datasets.drop_dataset(actor, app, dataset.name)
        new = {p for p, _ in metas.values()}
        notes = await self.import_(actor, app, {p: files[p] for p in new}, with_data=False)
        bundled = {
            str(_object(files, p).get("name")): p
            for p in files
            if p.startswith("queries/") and p.endswith(".json")
        }
        for query in await SavedQuery.filter(app_id=app.id):
            path = bundled.pop(query.name, "")
            if not path:
                await queries.delete_query(actor, app, query.id)
                continue
            meta = _object(files, path)
            sql_path = path[: -len(".json")] + ".sql"
            sql = files[sql_path].decode().strip() if sql_path in files else None
            changes = {"sql": sql, "spec": meta.get("spec"), "vars": meta.get("vars") or {}}
            changes["description"] = str(meta.get("description", ""))
            await queries.update_query(actor, app, query.id, changes)
        stems = {p[: -len(".json")] for p in bundled.values()}  # the new queries
        rest = {p: d for p, d in files.items() if p.rsplit(".", 1)[0] in stems}
        return notes + await self.import_(actor, app, rest, with_data=False)

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


def _object(files: Mapping[str, bytes], path: str) -> dict[str, Any]:
    meta = load_json(files[path], path)
    if not isinstance(meta, dict):
        raise ValidationFailed.field(path, "must be an object")
    return meta


async def _count(app: App, dataset: str, column: str | None) -> int:
    """Rows of a dataset's table, or (``column``) its cells holding a value."""
    dialect = database.dialect_of_connection()
    counted = exp.Star() if column is None else exp.column(column, quoted=True)
    query = exp.select(exp.Count(this=counted).as_("n")).from_(
        ddl.physical_table(app.id, dataset, dialect)
    )
    found = await database.connection().execute_query_dict(render(query, dialect))
    return int(found[0]["n"])


async def _upgrade_dataset(
    actor: Principal, app: App, dataset: Dataset, meta: dict[str, Any], path: str
) -> None:
    here = {c.name: c for c in datasets.columns_of(dataset)}
    wanted = datasets.parse_columns(meta.get("columns") or [], f"{path}.columns")
    where = f"{path}.columns"
    try:
        for name in here.keys() - {c.name for c in wanted}:
            filled = await _count(app, dataset.name, name)
            if filled:
                raise ValidationFailed.field(
                    where,
                    f"the new version drops column {name!r} of {dataset.name!r}, which holds "
                    f"values in {filled} rows here",
                )
            await schema.drop_column(actor, app, dataset.name, name)
        for column in wanted:
            old = here.get(column.name)
            if old is None:
                await schema.add_column(actor, app, dataset.name, column.to_json())
            elif old != column:
                changes = {k: v for k, v in column.to_json().items() if k != "name"}
                await schema.change_column(actor, app, dataset.name, column.name, changes)
    except ValidationFailed as exc:
        if exc.message.startswith(where):
            raise
        raise ValidationFailed(
            f"{where}: dataset {dataset.name!r} cannot take the new schema: {exc.message}",
            exc.details,
        ) from exc

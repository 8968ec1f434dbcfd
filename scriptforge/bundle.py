"""ScriptForge's share of an app bundle: scripts (code + settings) and environment variables.

A protected variable's value never leaves the installation, nor a locked one's; both are
written with their flags and no value, and an import asks for them again (they arrive
empty). Scripts keep their uuid (their ``/scriptforge/<uuid>`` address) unless another
script here already has it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runtime.auth.principal import Principal
from runtime.bundles import dump_json, load_json
from runtime.errors import ValidationFailed
from runtime.models import App
from scriptforge.models import EnvVar, Script
from scriptforge.services import env, scripts

FLAGS = ("protected", "private", "locked", "is_default")


class ScriptForgePart:
    async def export(self, app: App, *, with_data: bool) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for script in await Script.filter(app_id=app.id).order_by("name"):
            files[f"scripts/{script.name}.js"] = script.code.encode()
            settings = {key: getattr(script, key) for key in scripts.SETTINGS}
            files[f"scripts/{script.name}.json"] = dump_json(
                {"name": script.name, "uuid": str(script.uuid), **settings}
            )
        variables = []
        for var in await EnvVar.filter(app_id=app.id).order_by("key"):
            entry: dict[str, Any] = {"key": var.key, **{f: getattr(var, f) for f in FLAGS}}
            if not var.protected and not var.locked:
                entry["value"] = var.value
            variables.append(entry)
        if variables:
            files["env.json"] = dump_json(variables)
        return files

    async def upgrade(self, actor: Principal, app: App, files: Mapping[str, bytes]) -> list[str]:
        """Scripts become the bundle's (updated in place by name: they keep their uuid, jobs
        and schedules; a changed code adds a version). Variables merge: a locked one is never
        touched; a default one is only added when missing; others take the bundle's value
        (a value the bundle does not carry or carries empty, such as a protected one's,
        stays). Variables the bundle lacks stay."""
        bundled = {}
        for path in sorted(p for p in files if p.startswith("scripts/") and p.endswith(".json")):
            meta = load_json(files[path], path)
            code_path = path[: -len(".json")] + ".js"
            if not isinstance(meta, dict) or code_path not in files:
                raise ValidationFailed.field(path, f"a script needs its settings and {code_path}")
            bundled[str(meta.get("name"))] = (meta, files[code_path].decode())
        for script in await Script.filter(app_id=app.id):
            if script.name not in bundled:
                await scripts.delete_script(actor, script.id)
                continue
            meta, code = bundled.pop(script.name)
            settings = {k: meta[k] for k in scripts.SETTINGS if k in meta}
            await scripts.update_script(
                actor, script.id, {"code": code, **settings}, message="Upgraded"
            )
        for name, (meta, code) in bundled.items():  # the new ones
            settings = {k: meta[k] for k in scripts.SETTINGS if k in meta}
            await scripts.create_script(actor, app, name, code, **settings)
        notes = []
        local = {var.key: var for var in await EnvVar.filter(app_id=app.id)}
        for entry in _variables(files):
            key = str(entry["key"])
            flags = {f: bool(entry.get(f, False)) for f in FLAGS}
            var = local.get(key)
            if var is None:
                value = str(entry.get("value") or "")
                await env.create_env_var(actor, app, key, value, **flags)
                if "value" not in entry:
                    notes.append(f"set the value of {key} (not in the bundle)")
            elif not (var.locked or flags["locked"] or var.is_default or flags["is_default"]):
                changes: dict[str, Any] = dict(flags)
                if entry.get("value"):  # an empty one was asked at install: keep the answer
                    changes["value"] = str(entry["value"])
                await env.update_env_var(actor, app, key, changes)
        return notes

    async def import_(
        self, actor: Principal, app: App, files: Mapping[str, bytes], *, with_data: bool
    ) -> list[str]:
        notes = []
        for path in sorted(p for p in files if p.startswith("scripts/") and p.endswith(".json")):
            meta = load_json(files[path], path)
            code_path = path[: -len(".json")] + ".js"
            if not isinstance(meta, dict) or code_path not in files:
                raise ValidationFailed.field(path, f"a script needs its settings and {code_path}")
            settings = {k: meta[k] for k in scripts.SETTINGS if k in meta}
            script = await scripts.create_script(
                actor, app, str(meta.get("name")), files[code_path].decode(), **settings
            )
            wanted = str(meta.get("uuid") or "")
            if wanted and not await Script.exists(uuid=wanted):
                await Script.filter(id=script.id).update(uuid=wanted)
        if "env.json" in files:
            variables = load_json(files["env.json"], "env.json")
            if not isinstance(variables, list):
                raise ValidationFailed.field("env.json", "must be a list of variables")
            for index, entry in enumerate(variables):
                if not isinstance(entry, dict) or "key" not in entry:
                    raise ValidationFailed.field(f"env.json.{index}", "needs a key")
                flags = {f: bool(entry.get(f, False)) for f in FLAGS}
                await env.create_env_var(
                    actor, app, str(entry["key"]), str(entry.get("value") or ""), **flags
                )
                if "value" not in entry:
                    notes.append(f"set the value of {entry['key']} (not in the bundle)")
        return notes


def _variables(files: Mapping[str, bytes]) -> list[dict[str, Any]]:
    variables = load_json(files["env.json"], "env.json") if "env.json" in files else []
    if not isinstance(variables, list):
        raise ValidationFailed.field("env.json", "must be a list of variables")
    for index, entry in enumerate(variables):
        if not isinstance(entry, dict) or "key" not in entry:
            raise ValidationFailed.field(f"env.json.{index}", "needs a key")
    return variables

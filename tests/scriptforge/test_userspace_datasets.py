"""cxUserspace works on the app's datasets; the DNC routing fixture runs unchanged."""

from __future__ import annotations

from typing import Any

from querybuilder import datasets, rows
from querybuilder.models import DatasetPreset
from runtime.auth.principal import SYSTEM
from scriptforge.hooks import routing_hook
from tests.scriptforge.conftest import Forge


async def test_dnc_check_rejects_listed_numbers(app: Any, forge: Forge) -> None:
    owner = await forge.app_named()
    dnc = await datasets.create_dataset(SYSTEM, owner, "dnc", preset=DatasetPreset.KEY_VALUE)
    await rows.insert_row(dnc, {"key": "442071234567", "value": "complaint 2026-11-01"})
    script = await forge.fixture("dnc-check.js")

    listed = await routing_hook(app, script, {"routing": {"dest_number": "+442071234567"}})
    assert listed.rejection == (604, "Number on DNC List")
    clean = await routing_hook(app, script, {"routing": {"dest_number": "442079999999"}})
    assert clean.continues
    assert clean.data == {"routing": {"dest_number": "442079999999"}}


async def test_userspace_crud_on_datasets(forge: Forge) -> None:
    owner = await forge.app_named()
    await datasets.create_dataset(SYSTEM, owner, "prefs", preset=DatasetPreset.KEY_VALUE)
    await datasets.create_dataset(SYSTEM, owner, "leads", preset=DatasetPreset.LEAD_SET)
    script = await forge.script(
        "const us = require('cxUserspace')\n"
        "async function main() {\n"
        "  await us.create('prefs', 'lang', { code: 'en' })\n"
        "  const before = await us.read('prefs', 'lang')\n"
        "  await us.update('prefs', 'lang', { code: 'fr' })\n"
        "  const after = await us.read('prefs', 'lang')\n"
        "  const made = await us.create('leads', null, { first_name: 'Ada', phone: '1' })\n"
        "  const lead = await us.read('leads', made.id)\n"
        "  const found = await us.sql('select first_name from leads where phone = :p',"
        " { p: '1' })\n"
        "  const gone = await us.delete('prefs', 'lang')\n"
        "  let bad = null\n"
        "  try { await us.create('leads', null, { phone: { not: 'text' } }) }\n"
        "  catch (e) { bad = e.message }\n"
        "  return { before, after, lead: lead.first_name, status: lead.status, gone, found,\n"
        "           missing: await us.read('prefs', 'lang'), bad,\n"
        "           fallback: await us.create('notadataset', 'k', { v: 1 }) }\n"
        "}"
    )
    result = await forge.result(script)
    assert result["before"] == {"code": "en"}
    assert result["after"] == {"code": "fr"}
    assert (result["lead"], result["status"]) == ("Ada", "new")
    assert result["found"] == [{"first_name": "Ada"}]
    assert result["gone"] == {"status": "OK"}
    assert result["missing"] is None
    assert "phone" in result["bad"]
    assert result["fallback"] == {"status": "OK"}

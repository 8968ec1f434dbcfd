"""File history: every save of a page, template or saved query that changes its text records
a revision (scripts: their versions); revisions list newest first, read back as text that
diffs line by line, and restore through the normal save — validated, audited, and itself a
new revision."""

from __future__ import annotations

import difflib
import json
from typing import Any

from pagebuilder.models import Page
from querybuilder import datasets
from querybuilder.models import SavedQuery
from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, FileRevision
from runtime.services import revisions
from scriptforge.models import Script
from scriptforge.services import scripts
from tests.api.api_support import assert_error
from tests.ide.conftest import Ide

V1 = {"title": "Sign up", "components": [{"type": "input", "id": "email"}]}
V2 = {
    "title": "Sign up",
    "components": [{"type": "input", "id": "email"}, {"type": "input", "id": "phone"}],
}


def files(kind: str, ref: Any) -> str:
    return f"/ide/apps/shop/files/{kind}/{ref}/revisions"


async def history(ide: Ide, kind: str, ref: Any) -> list[dict[str, Any]]:
    response = await ide.api("GET", files(kind, ref))
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def revision(ide: Ide, kind: str, ref: Any, rev: int) -> dict[str, Any]:
    response = await ide.api("GET", f"{files(kind, ref)}/{rev}")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def restore(ide: Ide, kind: str, ref: Any, rev: int) -> Any:
    return await ide.api("POST", f"{files(kind, ref)}/{rev}/restore")


async def test_page_saves_record_revisions_that_diff_and_restore(ide: Ide, shop: Any) -> None:
    made = await ide.api("POST", "/apps/shop/pages", json={"name": "signup", "document": V1})
    assert made.status_code == 201, made.text
    page = made.json()
    url = f"/apps/shop/pages/{page['id']}"
    assert (await ide.api("PATCH", url, json={"document": V2})).status_code == 200
    assert (await ide.api("PATCH", url, json={"title": "Renamed"})).status_code == 200

    items = await history(ide, "page", "signup")
    assert len(items) == 2, "a title change is not a new text"
    newest, oldest = items
    assert newest["id"] > oldest["id"], "newest first"
    assert {newest["author"], oldest["author"]} == {"dev"}
    first = await revision(ide, "page", page["uuid"], oldest["id"])
    second = await revision(ide, "page", page["id"], newest["id"])
    assert first["content"] == revisions.page_text(page["document"])
    assert oldest["size"] == len(first["content"].encode())
    assert json.loads(second["content"])["components"][1]["id"] == "phone"
    diff = list(difflib.unified_diff(first["content"].splitlines(), second["content"].splitlines()))
    added = [line for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert any('"phone"' in line for line in added), diff

    audits = await AuditEntry.filter(action="page.update").count()
    restored = await restore(ide, "page", "signup", oldest["id"])
    assert restored.status_code == 200, restored.text
    state = restored.json()
    assert (state["kind"], state["id"], state["name"]) == ("page", page["id"], "signup")
    assert [c["id"] for c in json.loads(state["content"])["components"]] == ["email"]
    assert (await Page.get(id=page["id"])).document["components"] == page["document"]["components"]
    items = await history(ide, "page", "signup")
    assert len(items) == 3 and items[0]["id"] == state["revision"], "newest"
    assert (await revision(ide, "page", "signup", state["revision"]))["content"] == state["content"]
    assert await AuditEntry.filter(action="page.update").count() == audits + 1, "audited"

    again = await restore(ide, "page", "signup", items[0]["id"])
    assert again.status_code == 200
    assert len(await history(ide, "page", "signup")) == 4, "a restore always leaves a mark"


async def test_restoring_a_page_state_that_no_longer_validates_is_refused(
    ide: Ide, shop: Any
) -> None:
    made = await ide.api("POST", "/apps/shop/pages", json={"name": "signup", "document": V1})
    page = made.json()
    # A state saved under older rules: its component type has since gone.
    stale = await FileRevision.create(
        app_id=shop.id,
        kind="page",
        object_id=page["id"],
        content=revisions.page_text({**V1, "components": [{"type": "marquee", "id": "x"}]}),
    )
    error = assert_error(await restore(ide, "page", "signup", stale.id), 422, "validation_error")
    assert error["details"] == [
        {"path": "components.0.type", "message": "unknown component type 'marquee'"}
    ]
    assert (await Page.get(id=page["id"])).document == page["document"], "unchanged"
    assert await FileRevision.filter(kind="page", object_id=page["id"]).count() == 2


async def test_templates_keep_subject_html_and_sms(ide: Ide, shop: Any) -> None:
    body = {"name": "welcome", "subject": "Hi {{name}}", "html": "<p>{{name}}</p>", "sms": "Hi"}
    made = await ide.api("POST", "/apps/shop/templates", json=body)
    assert made.status_code == 201, made.text
    template = made.json()
    url = f"/apps/shop/templates/{template['id']}"
    changed = await ide.api("PATCH", url, json={"html": "<p>\n  Hello {{name}}\n</p>"})
    assert changed.status_code == 200, changed.text
    items = await history(ide, "template", "welcome")
    assert len(items) == 2
    old = json.loads((await revision(ide, "template", "welcome", items[1]["id"]))["content"])
    assert old == {"subject": "Hi {{name}}", "html": "<p>{{name}}</p>", "sms": "Hi"}

    restored = await restore(ide, "template", template["uuid"], items[1]["id"])
    assert restored.status_code == 200, restored.text
    now = (await ide.api("GET", url)).json()
    assert (now["subject"], now["html"], now["sms"]) == ("Hi {{name}}", "<p>{{name}}</p>", "Hi")
    assert len(await history(ide, "template", "welcome")) == 3


async def test_queries_restore_sql_or_spec_and_refuse_a_gone_dataset(ide: Ide, shop: Any) -> None:
    await datasets.create_dataset(
        SYSTEM, shop, "contacts", columns=[{"name": "phone", "type": "string"}]
    )
    made = await ide.api(
        "POST", "/apps/shop/queries", json={"name": "phones", "sql": "select phone from contacts"}
    )
    assert made.status_code == 201, made.text
    spec = {"from": "contacts", "select": [{"column": "phone"}]}
    changed = await ide.api("PATCH", "/apps/shop/queries/phones", json={"spec": spec})
    assert changed.status_code == 200, changed.text
    items = await history(ide, "query", "phones")
    assert (await revision(ide, "query", "phones", items[1]["id"]))["content"] == (
        "select phone from contacts"
    )
    assert json.loads((await revision(ide, "query", "phones", items[0]["id"]))["content"]) == spec

    restored = await restore(ide, "query", "phones", items[1]["id"])
    assert restored.status_code == 200, restored.text
    query = await SavedQuery.get(name="phones")
    assert (query.sql, query.spec) == ("select phone from contacts", None)
    back = await restore(ide, "query", "phones", items[0]["id"])
    assert back.status_code == 200, back.text
    assert (await SavedQuery.get(name="phones")).spec == spec

    await datasets.drop_dataset(SYSTEM, shop, "contacts")
    refused = await restore(ide, "query", "phones", items[1]["id"])
    error = assert_error(refused, 422, "query_rejected")
    assert "unknown table contacts" in error["message"]
    assert (await SavedQuery.get(name="phones")).spec == spec, "unchanged"


async def test_script_history_is_its_versions(ide: Ide, shop: Any) -> None:
    script = await scripts.create_script(SYSTEM, shop, "calc", "export default 1")
    await scripts.update_script(SYSTEM, script.id, {"code": "export default 2"})
    items = await history(ide, "script", "calc")
    assert [(i["id"], i["author"]) for i in items] == [(2, "system"), (1, "system")]
    assert (await revision(ide, "script", script.uuid, 1))["content"] == "export default 1"
    restored = await restore(ide, "script", "calc", 1)
    assert restored.status_code == 200, restored.text
    assert restored.json() | {"uuid": None} == {
        "kind": "script",
        "id": script.id,
        "uuid": None,
        "name": "calc",
        "content": "export default 1",
        "revision": 3,
    }
    assert (await Script.get(id=script.id)).code == "export default 1"
    assert await AuditEntry.filter(action="script.restore").exists()


async def test_unknown_kinds_files_and_revisions(ide: Ide, shop: Any) -> None:
    await ide.api("POST", "/apps/shop/pages", json={"name": "a", "document": V1})
    await ide.api("POST", "/apps/shop/pages", json={"name": "b", "document": V2})
    (rev_of_b,) = await history(ide, "page", "b")
    assert_error(await ide.api("GET", files("dataset", "a")), 404, "not_found")
    assert_error(await ide.api("GET", files("page", "nope")), 404, "not_found")
    assert_error(await ide.api("GET", f"{files('page', 'a')}/{rev_of_b['id']}"), 404, "not_found")
    assert_error(await restore(ide, "page", "a", rev_of_b["id"]), 404, "not_found")
    assert_error(await ide.api("GET", f"{files('script', 'a')}/1"), 404, "not_found")

"""Publishing versions: semantic versions that only go up, the live one, rolling back, and
the immutable bundle each version keeps."""

from __future__ import annotations

from typing import Any

import httpx

from runtime.auth.principal import SYSTEM
from runtime.bundles import read_zip
from runtime.models import App, AuditEntry, Role
from runtime.services import apps
from runtime.versions import live_files, semver_key
from scriptforge.services import scripts


def test_semantic_versions_sort_as_they_should() -> None:
    ordered = ["0.9.0", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"]
    assert sorted(reversed(ordered), key=semver_key) == ordered


async def test_publish_roll_back_and_download(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    app = await apps.create_app(SYSTEM, "shop")
    await scripts.create_script(SYSTEM, app, "hello", "export function main() { return 1 }")
    base = "/api/v1/apps/shop/versions"
    assert (await client.get(base, headers=headers)).json() == {"items": []}
    assert await live_files(app) is None  # never published: the draft runs

    bad = await client.post(base, headers=headers, json={"version": "one.0"})
    assert bad.status_code == 422
    first = await client.post(base, headers=headers, json={"version": "1.0.0", "note": "First"})
    assert first.status_code == 201, first.text
    assert first.json()["live"] is True

    hello = await scripts.get_script_by_app_and_name(app, "hello")
    await scripts.update_script(SYSTEM, hello.id, {"code": "export function main() { return 2 }"})
    older = await client.post(base, headers=headers, json={"version": "0.9.0"})
    assert older.status_code == 409
    assert older.json()["error"]["details"][0]["path"] == "version"
    second = await client.post(base, headers=headers, json={"version": "1.1.0"})
    assert second.status_code == 201
    listed = (await client.get(base, headers=headers)).json()["items"]
    assert [(v["version"], v["live"]) for v in listed] == [("1.1.0", True), ("1.0.0", False)]

    back = await client.post(f"{base}/1.0.0/live", headers=headers)
    assert back.status_code == 200 and back.json()["live"] is True
    app = await App.get(id=app.id)
    files = await live_files(app)
    assert files is not None
    assert files["scripts/hello.js"] == b"export function main() { return 1 }"  # 1.0.0's code
    assert await AuditEntry.filter(action="app.rollback").count() == 1

    download = await client.get(f"{base}/1.0.0/bundle", headers=headers)
    assert download.headers["content-type"] == "application/zip"
    assert read_zip(download.content).manifest["version"] == "1.0.0"
    missing = await client.post(f"{base}/9.9.9/live", headers=headers)
    assert missing.status_code == 404

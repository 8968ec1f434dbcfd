"""The voice app pages under /voice/apps, driven like a browser: the list and its create
form, the editor page and its save (whole page, or the ``saved`` block for the editor's
script), problems with line and column, read-only users; and the checker endpoint."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import customers
from telephony.class5.models import VoiceApp
from telephony.class5.services import voice_apps
from telephony.connexml.parser import check
from telephony.ui.voice_apps import STARTER
from tests.ui import conftest as ui_fixtures
from tests.ui.ui_support import Ui, nav_labels

SNIPPETS = Path(__file__).parents[2] / "static/src/voice/snippets.js"
GOOD = "<Response>\n  <Say>Welcome</Say>\n  <Hangup/>\n</Response>\n"
BAD = "<Response>\n  <Say>Welcome</Say>\n  <Say loop='x' voise='man'>Hi</Say>\n</Response>\n"


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def boot_of(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="va-boot">(.*?)</script>', page, re.S)
    assert match, "no boot data"
    return dict(json.loads(html.unescape(match.group(1))))


# The UI fixtures, shared with tests/ui.
ui = ui_fixtures.ui
signed_in = ui_fixtures.signed_in


@pytest.fixture
async def admin(signed_in: Any) -> Any:
    return await signed_in(Role.ADMIN)


async def make_app(name: str = "menu", document: str = GOOD, **values: Any) -> VoiceApp:
    return await voice_apps.create_voice_app(SYSTEM, {"name": name, "document": document, **values})


async def test_the_list_filters_searches_and_pages(ui: Ui, admin: Any) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    await make_app("acme menu", customer=acme.id)
    for i in range(26):
        await make_app(f"system {i:02d}")
    page = await ui.get("/voice/apps")
    assert page.status_code == 200
    assert "Voice apps" in nav_labels(page.text)
    assert "1\u201325 of 27" in page.text and 'rel="next"' in page.text
    assert "New voice app" in page.text
    only_acme = await ui.get("/voice/apps", params={"customer": str(acme.id)})
    assert "acme menu" in only_acme.text and "system 00" not in only_acme.text
    system = await ui.get("/voice/apps", params={"customer": "system"})
    assert "acme menu" not in system.text and "system 00" in system.text
    found = await ui.get("/voice/apps", params={"q": "ACME"}, headers={"HX-Request": "true"})
    assert "acme menu" in found.text and "<html" not in found.text  # the results block only
    second = await ui.get("/voice/apps", params={"offset": "25"})
    assert "system 25" in second.text and "system 00" not in second.text


async def test_create_shows_the_secret_once_and_opens_the_editor(
    ui: Ui,
    admin: Any,
) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    form = {"name": "Front desk", "customer": str(acme.id), "kind": "connexml"}
    page = await ui.submit("/voice/apps", "/voice/apps", form)
    assert page.status_code == 200, page.text[:500]
    app = await VoiceApp.get(name="Front desk")
    assert app.customer_id == acme.id  # type: ignore[attr-defined]
    assert app.document == STARTER.format(name="Front desk")
    assert app.webhook_secret in page.text and "shown only once" in page.text
    boot = boot_of(page.text)
    assert boot["document"] == app.document
    assert boot["live_url"] == f"/voice/apps/{app.id}/live"
    assert boot["check_url"] == "/api/v1/connexml/check"
    again = await ui.get(f"/voice/apps/{app.id}")
    assert app.webhook_secret not in again.text


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        ({"name": "", "kind": "connexml"}, 422, "name"),
        ({"name": "taken", "kind": "connexml"}, 409, "exists"),
        ({"name": "script", "kind": "script", "script": "main"}, 422, "app"),
    ],
)
async def test_create_refusals_show_the_form_again(
    ui: Ui,
    admin: Any,
    form: dict[str, str],
    status: int,
    message: str,
) -> None:
    await make_app("taken")
    page = await ui.submit("/voice/apps", "/voice/apps", form)
    assert page.status_code == status
    assert 'class="form-error"' in page.text and message in text_of(page.text)
    assert await VoiceApp.all().count() == 1


async def test_save_through_the_editor_and_its_problems(ui: Ui, admin: Any) -> None:
    app = await make_app()
    path = f"/voice/apps/{app.id}"
    editor = await ui.get(path)
    assert editor.status_code == 200
    assert 'id="va-sim"' in editor.text and 'id="va-keypad"' in editor.text
    assert editor.text.count('class="va-key"') == 12
    token = await ui.token(path)
    hx = {"HX-Request": "true"}
    form = {"document": BAD, "webhook_hosts": "api.example.com", "csrf_token": token}
    refused = await ui.client.post(path, data=form, headers=hx)
    assert refused.status_code == 422
    assert "<html" not in refused.text and "Not saved" in refused.text
    # Each problem names its line and column, and the editor can jump there.
    assert 'data-line="3" data-column="3"' in refused.text
    assert "unknown attribute &#39;voise&#39;" in refused.text
    assert (await VoiceApp.get(id=app.id)).document == GOOD
    form["document"] = GOOD.replace("Welcome", "Hello")
    saved = await ui.client.post(path, data=form, headers=hx)
    assert saved.status_code == 200 and "Saved." in saved.text
    app = await VoiceApp.get(id=app.id)
    assert (app.document, app.webhook_hosts) == (form["document"], ["api.example.com"])
    # Without the editor's script: the whole page, then the editor again.
    form["webhook_hosts"] = "*"
    page = await ui.client.post(path, data=form)
    assert page.status_code == 422 and "<html" in page.text
    assert "name the hosts" in text_of(page.text)
    form["webhook_hosts"] = "a.example.com\nb.example.com"
    done = await ui.client.post(path, data=form)
    assert done.status_code == 303 and done.headers["location"].endswith(path)
    assert (await VoiceApp.get(id=app.id)).webhook_hosts == ["a.example.com", "b.example.com"]


async def test_a_read_only_user_reads_but_cannot_save(
    ui: Ui,
    signed_in: Any,
) -> None:
    app = await make_app()
    await signed_in(Role.READONLY)
    listing = await ui.get("/voice/apps")
    assert listing.status_code == 200 and "New voice app" not in listing.text
    editor = await ui.get(f"/voice/apps/{app.id}")
    assert editor.status_code == 200
    assert 'id="va-save"' not in editor.text and "readonly" in editor.text
    assert boot_of(editor.text)["can_write"] is False
    assert 'id="va-call"' in editor.text  # calling needs voice:read only
    token = await ui.token(f"/voice/apps/{app.id}")
    refused = await ui.post(f"/voice/apps/{app.id}", {"document": BAD}, csrf=token)
    assert refused.status_code == 403
    assert (await VoiceApp.get(id=app.id)).document == GOOD


async def test_a_voice_script_app_links_to_the_ide(ui: Ui, admin: Any) -> None:
    from runtime.services import apps
    from scriptforge.services import scripts

    owner = await apps.create_app(SYSTEM, "desk", "Desk", "")
    await scripts.create_script(SYSTEM, owner, "greeter", "export default () => {}")
    app = await voice_apps.create_voice_app(
        SYSTEM, {"name": "greeter", "kind": "script", "app": owner.id, "script": "greeter"}
    )
    page = await ui.get(f"/voice/apps/{app.id}")
    assert page.status_code == 200
    assert 'href="http://testserver/ide/desk"' in page.text or 'href="/ide/desk"' in page.text
    assert "greeter" in page.text and 'id="va-sim"' not in page.text


async def test_missing_apps_are_404(ui: Ui, admin: Any) -> None:
    assert (await ui.get("/voice/apps/999")).status_code == 404


# -- the checker ---------------------------------------------------------------------------


async def test_check_reports_line_column_and_severity(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.READONLY)
    doc = (
        "<Response>\n  <Gather input='speech'><Say>x</Say></Gather>\n  <Say foo='1'/>\n</Response>"
    )
    response = await client.post("/api/v1/connexml/check", json={"document": doc}, headers=headers)
    assert response.status_code == 200
    problems = response.json()["problems"]
    assert [(p["line"], p["severity"]) for p in problems] == [
        (2, "warning"),
        (3, "error"),
        (3, "error"),
    ]
    assert all(p["column"] >= 1 and p["message"] for p in problems)
    clean = await client.post("/api/v1/connexml/check", json={"document": GOOD}, headers=headers)
    assert clean.json() == {"problems": []}
    too_big = {"document": "x" * (256 * 1024 + 1)}
    response = await client.post("/api/v1/connexml/check", json=too_big, headers=headers)
    assert response.status_code == 422


def _snippets() -> list[tuple[str, str]]:
    """(label, text) of every snippet the editor's menu offers."""
    source = SNIPPETS.read_text()
    found = []
    for label, quote, body in re.findall(r'label: "([^"]+)", text: (["\'])(.*?)\2 \}', source):
        text = json.loads('"' + body.replace('"', '\\"') + '"') if quote == "'" else None
        found.append((label, text if text is not None else json.loads(f'"{body}"')))
    return found


def test_every_snippet_is_valid_inside_a_response() -> None:
    snippets = _snippets()
    labels = {label.split(" ")[0] for label, _ in snippets}
    assert {"Say", "Play", "Gather", "Dial", "Enqueue", "Conference", "Record"} <= labels
    assert {"Voicemail", "Redirect", "Condition", "Hangup"} <= labels
    for label, text in snippets:
        problems = check(f"<Response>\n{text}\n</Response>")
        assert problems == [], (label, [str(p) for p in problems])

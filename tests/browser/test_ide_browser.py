"""End to end: the IDE at /ide, driven by keyboard and mouse like a developer would.

The main story: make an app, add a script with the group's ``+``, type into CodeMirror and
save with Ctrl-S, run it with a test input and a Set Vars value and watch its console lines
stream in, start a slow script and cancel it, compare and restore a revision from History,
and jump to a file by its numeric id. The page is saved to ``var/test-artifacts/ide.png``.

Then the other kinds of file (a page in the visual editor and as JSON, a template's
rendering, a query's rows, a protected environment variable, the domain, a button, publishing
and rolling back), and the read-only workspace of a role that may not write.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Server, admin_api, sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOT = ROOT / "var" / "test-artifacts" / "ide.png"
APP = "ide-demo"
STARTER = "export function main(data){ console.log('hello', data); return data }"
# Typed key by key as a developer would: CodeMirror closes each bracket as it opens and
# indents new lines, so the closing braces and the indentation are its own.
TYPED = (
    "export function main(data) {\nconsole.log('tick', data.n);\n"
    "console.log('greeting', process.env.GREETING);\nreturn { doubled: data.n * 2 };"
)
CODE = """export function main(data) {
  console.log('tick', data.n);
  console.log('greeting', process.env.GREETING);
  return { doubled: data.n * 2 };
}"""
SLOW_TYPED = (
    "export async function main() {\nfor (let i = 0; i < 400; i++) {\n"
    "console.log('slow ' + i);\nawait sleep(50);"
)
SLOW = """export async function main() {
  for (let i = 0; i < 400; i++) {
    console.log('slow ' + i);
    await sleep(50);
  }
}"""


def _editor(page: Page) -> Locator:
    """The CodeMirror content of the visible tab."""
    return page.locator(".ide-pane:not([hidden]) .ide-view:not([hidden]) .cm-content")


def _create_script(page: Page, name: str) -> None:
    page.get_by_role("button", name="New script").click()
    dialog = page.get_by_role("dialog", name="New script")
    dialog.get_by_label("Name", exact=True).fill(name)
    expect(dialog.get_by_label("Starter code")).to_have_value(STARTER + "\n")
    dialog.get_by_role("button", name="Create").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("tab", name=re.compile(rf"\b{name}$"))).to_have_attribute(
        "aria-selected", "true"
    )


def _text(page: Page, side: str = "") -> str:
    """The document of the active tab's editor (``side``: "a" or "b" of its diff)."""
    tab = "window.trunklineIde.workspace.activeTab()"
    view = f"{tab}.diff.{side}" if side else f"{tab}.view"
    return str(page.evaluate(f"() => {view}.state.doc.toString()"))


def _replace_code(page: Page, typed: str, expected: str) -> None:
    _editor(page).click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(typed)
    assert _text(page) == expected


def test_ide_script_edit_run_cancel_history_and_search(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page)
    page.get_by_role("link", name="IDE").click()
    expect(page).to_have_url(re.compile(r"/ide$"))
    expect(page.locator("#ide")).to_have_attribute("data-ready", "true")

    # A new app: name, then "Save and continue" opens it.
    page.get_by_role("button", name="New app").click()
    dialog = page.get_by_role("dialog", name="New app")
    dialog.get_by_label("Name").fill(APP)
    dialog.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(rf"/ide/{APP}$"))
    expect(page.get_by_label("App", exact=True)).to_have_value(APP)
    scripts = page.locator('.ide-group[data-kind="script"]')
    expect(scripts.locator(".ide-count")).to_have_text("0")

    # "+" on ScriptForge: a script with the starter code, open in a tab.
    _create_script(page, "hello")
    expect(scripts.locator(".ide-count")).to_have_text("1")
    expect(_editor(page)).to_have_text(STARTER)

    # Typing marks the tab unsaved; Ctrl-S saves and clears the mark.
    _replace_code(page, TYPED, CODE)
    tab = page.get_by_role("tab", name=re.compile(r"hello"))
    expect(tab).to_contain_text("unsaved")
    page.keyboard.press("ControlOrMeta+s")
    expect(page.locator("#ide-status")).to_have_text("Saved hello")
    expect(tab).not_to_contain_text("unsaved")

    # Run with a test input and a Set Vars value: console lines arrive, then the result.
    page.get_by_role("button", name="Console").click()
    console = page.locator("#ide-console")
    console.get_by_label("Test input (JSON)").fill('{"n": 21}')
    console.get_by_role("button", name="Add var").click()
    console.get_by_label("Variable 1 name").fill("GREETING")
    console.get_by_label("Variable 1 value").fill("hi there")
    page.get_by_role("button", name="Run", exact=True).click()
    log = console.locator("#ide-log")
    expect(log.locator("li").filter(has_text="tick 21")).to_have_count(1)
    expect(log.locator("li").filter(has_text="greeting hi there")).to_have_count(1)
    expect(console.locator(".ide-outcome h3")).to_have_text("Outcome: ok")
    expect(console.locator(".ide-result")).to_contain_text('"doubled": 42')
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOT), full_page=True)

    # A slow script: Cancel shows while it runs and stops it.
    _create_script(page, "slow")
    _replace_code(page, SLOW_TYPED, SLOW)
    page.keyboard.press("ControlOrMeta+s")
    expect(page.locator("#ide-status")).to_have_text("Saved slow")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(log.locator("li").filter(has_text="slow 0")).to_have_count(1)
    page.get_by_role("button", name="Cancel").click()
    expect(console.locator(".ide-outcome h3")).to_have_text("Outcome: cancelled")
    expect(page.get_by_role("button", name="Cancel")).to_have_count(0)
    expect(page.get_by_role("button", name="Run", exact=True)).to_be_enabled()

    # History of "hello": two revisions; the first beside the current text; restore it.
    page.get_by_role("tab", name=re.compile(r"hello")).click()
    page.get_by_role("button", name="History").click()
    revisions = page.locator(".ide-revision")
    expect(revisions).to_have_count(2)
    revisions.filter(has_text="Revision 1").click()
    merge = page.locator(".cm-mergeView")
    expect(merge).to_be_visible()
    assert _text(page, "a") == STARTER + "\n"
    assert _text(page, "b") == CODE
    expect(merge.locator(".cm-changedLine").first).to_be_visible()
    page.get_by_role("button", name="Restore revision 1").click()
    expect(page.locator("#ide-status")).to_have_text("Restored revision 1 of hello")
    expect(_editor(page)).to_have_text(STARTER)
    assert _text(page) == STARTER + "\n"
    page.get_by_role("button", name="History").click()
    expect(revisions).to_have_count(3)
    page.get_by_role("button", name="History").click()

    # Search by the numeric id finds the file again once its tab is closed.
    info = page.locator(".ide-file-info").inner_text()
    found = re.search(r"ID (\d+)", info)
    assert found, info
    script_id = found.group(1)
    page.get_by_role("button", name="Close hello").click()
    expect(page.get_by_role("tab", name=re.compile(r"hello"))).to_have_count(0)
    page.get_by_label("Search files by name, ID or UUID").fill(script_id)
    result = page.locator("#ide-results button").filter(has_text="hello")
    expect(result).to_have_count(1)
    result.click()
    expect(page.get_by_role("tab", name=re.compile(r"hello"))).to_have_attribute(
        "aria-selected", "true"
    )
    expect(_editor(page)).to_have_text(STARTER)

    # Delete asks first, then the tree and the tabs forget the file.
    slow = scripts.locator(".ide-item").filter(has_text="slow")
    slow.hover()
    slow.get_by_role("button", name="Delete: slow").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(scripts.locator(".ide-count")).to_have_text("1")
    expect(page.get_by_role("tab", name=re.compile(r"slow"))).to_have_count(0)


def _create(page: Page, what: str, name: str) -> None:
    """The group's "+": a dialog asking the name, then the new file open in its tab."""
    page.get_by_role("button", name=f"New {what}").click()
    dialog = page.get_by_role("dialog", name=f"New {what}")
    dialog.locator("input[name=name]").fill(name)
    dialog.get_by_role("button", name="Create").click()
    expect(dialog).to_be_hidden()


def test_ide_other_files_forms_and_publishing(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page)
    page.goto("/ide")
    expect(page.locator("#ide")).to_have_attribute("data-ready", "true")
    page.get_by_role("button", name="New app").click()
    dialog = page.get_by_role("dialog", name="New app")
    dialog.get_by_label("Name").fill("forms-app")
    dialog.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/ide/forms-app$"))

    # A page opens in the visual editor; "JSON" shows its document, saved with Ctrl-S.
    _create(page, "page", "index")
    frame = page.locator("iframe.ide-page-frame")
    expect(frame).to_have_attribute("src", "/pages/forms-app/index/edit?embed=1")
    page.get_by_role("button", name="JSON", exact=True).click()
    expect(_editor(page)).to_contain_text('"name": "index"')
    _editor(page).click()
    page.keyboard.press("ControlOrMeta+Home")
    page.keyboard.press("ControlOrMeta+s")
    expect(page.locator("#ide-status")).to_have_text("Saved index")
    with page.context.expect_page() as preview:
        page.get_by_role("button", name="Preview").click()
    expect(preview.value).to_have_url(re.compile(r"/apps/forms-app/index\?draft=1$"))
    preview.value.close()
    page.get_by_role("button", name="Visual editor").click()
    expect(frame).to_be_visible()

    # A template runs with its sample data and renders in a sandboxed frame.
    _create(page, "template", "welcome")
    expect(_editor(page)).to_have_text("<p>Hello {{name}}</p>")
    page.get_by_role("button", name="Run", exact=True).click()
    rendered = page.locator("#ide-outcome iframe.ide-render")
    expect(rendered).to_have_attribute("sandbox", "")
    expect(page.frame_locator("#ide-outcome iframe.ide-render").locator("body")).to_have_text(
        "Hello world"
    )

    # A saved query's rows come back as a table.
    _create(page, "query", "one")
    expect(_editor(page)).to_have_text("SELECT 1 AS one")
    page.get_by_role("button", name="Run", exact=True).click()
    table = page.locator("#ide-outcome table")
    expect(table.locator("th")).to_have_text(["one"], ignore_case=True)
    expect(table.locator("td")).to_have_text(["1"])

    # An environment variable is a form; a protected value is never shown again.
    _create(page, "environment variable", "API_TOKEN")
    page.get_by_label("Value", exact=True).fill("s3cret value")
    page.get_by_label(re.compile(r"^Protected")).check()
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator("#ide-status")).to_have_text("Saved API_TOKEN")
    expect(page.get_by_label("Value", exact=True)).to_have_value("")
    expect(page.get_by_label("Value", exact=True)).to_have_attribute("placeholder", "****")
    expect(page.locator(".ide-view-editor").filter(has_text="Current value")).to_contain_text(
        "****"
    )
    assert "s3cret value" not in page.content()

    # The domain: "+" binds one, and the group then lists it.
    page.get_by_role("button", name="New domain").click()
    dialog = page.get_by_role("dialog", name="New domain")
    dialog.get_by_label("Host name").fill("forms.example.test")
    dialog.get_by_role("button", name="Create").click()
    domain = page.locator('.ide-group[data-kind="domain"]')
    expect(domain.locator(".ide-count")).to_have_text("1")
    expect(domain.locator(".ide-open")).to_have_text("forms.example.test")

    # A button (the Button Builder) opens one of the app's pages; its form shows it.
    page.get_by_role("button", name="New button").click()
    dialog = page.get_by_role("dialog", name="New button")
    dialog.get_by_label("Label").fill("Open home")
    dialog.get_by_label("Opens page").select_option("index")
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("tab", name=re.compile(r"Open home"))).to_have_attribute(
        "aria-selected", "true"
    )
    expect(page.get_by_label("Opens page")).to_have_value("index")
    page.get_by_label("Tooltip").fill("Go to the home page")
    page.keyboard.press("ControlOrMeta+s")
    expect(page.locator("#ide-status")).to_have_text("Saved Open home")

    # App settings: publish two versions, then roll back to the first.
    page.get_by_role("button", name="App settings").click()
    versions = page.locator(".ide-versions")
    expect(versions).to_have_text("Not published yet.")
    for version in ("1.0.0", "1.1.0"):
        page.get_by_label("Version", exact=True).fill(version)
        page.get_by_label("Release note").fill(f"release {version}")
        page.get_by_role("button", name="Publish").click()
        expect(versions.locator("tr").filter(has_text=version)).to_contain_text("live")
    page.get_by_role("button", name="Roll back to 1.0.0").click()
    expect(page.locator("#ide-status")).to_have_text("Version 1.0.0 is live")
    expect(versions.locator("tr").filter(has_text="1.0.0")).to_contain_text("live")
    expect(versions.get_by_role("button", name="Make live")).to_have_count(1)
    expect(page.locator(".ide-app-line .badge")).to_have_text("published")


def test_ide_is_read_only_for_a_role_that_may_not_write(page: Page, server: Server) -> None:
    with admin_api(server) as api:
        made = api.post("/apps", json={"name": "looked-at"})
        assert made.status_code == 201, made.text
        made = api.post("/scripts", json={"app": "looked-at", "name": "shown", "code": STARTER})
        assert made.status_code == 201, made.text

    sign_in(page, "carol", "carol's password")  # support: reads apps, writes none
    page.goto("/ide/looked-at")
    expect(page.locator("#ide")).to_have_attribute("data-ready", "true")
    expect(page.get_by_role("button", name="New app")).to_be_hidden()
    expect(page.get_by_role("button", name="New script")).to_have_count(0)
    page.locator(".ide-open").filter(has_text="shown").click()
    expect(_editor(page)).to_have_text(STARTER)
    expect(_editor(page)).to_have_attribute("aria-readonly", "true")
    tools = page.get_by_role("toolbar")
    expect(tools.get_by_role("button", name="History")).to_be_visible()
    expect(tools.get_by_role("button", name="Save")).to_have_count(0)
    expect(tools.get_by_role("button", name="Run", exact=True)).to_have_count(0)

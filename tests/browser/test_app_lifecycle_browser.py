"""Issue 6's acceptance story, as a new user does it in Chromium, with no API shortcuts.

In the IDE: create an app, a saved query and a ScriptForge function (run with a test input,
its console output seen); in the visual editor (inside the IDE): drag an Input, a Select and
a Button into a Grid, feed the select from the saved query, send the form to the function
with the button; preview; publish 1.0.0. Then the page is opened by an operator and, once
the app is offered to a customer on its settings page, by that customer's portal user in
the portal. A draft change leaves the published page alone until 1.1.0 is published, and
rolling back to 1.0.0 brings the first page back. Screenshots of the IDE, the page editor
and the portal go to ``var/test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FrameLocator, Locator, Page, expect

from tests.browser.conftest import Server, sign_in

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
APP = "orders"
PLANS_SQL = (
    "select 'basic' as code, 'Basic plan' as title\nunion all select 'pro', 'Pro plan'\norder by 1"
)
# Typed into CodeMirror, which closes brackets and indents by itself.
SCRIPT_TYPED = (
    "export function main(data) {\nconsole.log('order from', data.customer, 'for', data.plan);\n"
    "return { ok: true };"
)
PORTAL_EMAIL, PORTAL_PASSWORD = "buyer@acme.example", "acme portal pw 1"


def _editor(page: Page) -> Locator:
    return page.locator(".ide-pane:not([hidden]) .ide-view:not([hidden]) .cm-content")


def _create(page: Page, what: str, name: str) -> None:
    """The group's "+": a dialog asking the name, then the new file open in its tab."""
    page.get_by_role("button", name=f"New {what}").click()
    dialog = page.get_by_role("dialog", name=f"New {what}")
    dialog.locator("input[name=name]").fill(name)
    dialog.get_by_role("button", name="Create").click()
    expect(dialog).to_be_hidden()
    tab = page.get_by_role("tab", name=re.compile(rf"\b{name}$"))
    expect(tab).to_have_attribute("aria-selected", "true")


def _type_code(page: Page, text: str) -> None:
    _editor(page).click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    page.keyboard.press("ControlOrMeta+s")


def drag(page: Page, source: Locator, target: Locator) -> None:
    """A pointer drag into ``target`` (a list of the canvas): press, move in steps towards
    the lower part of the list, release once SortableJS shows where the component goes."""
    source.hover()  # waits until the palette item is attached and stable, scrolls it in view
    start = source.bounding_box()
    assert start is not None
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 8, y + 8, steps=4)
    end = target.bounding_box()
    assert end is not None
    to_x, to_y = end["x"] + end["width"] / 2, end["y"] + end["height"] - 10
    page.mouse.move(to_x, to_y, steps=20)
    page.mouse.move(to_x + 2, to_y, steps=2)
    expect(target.locator(":scope > .sortable-ghost")).to_have_count(1)
    page.mouse.up()


def _node(editor: FrameLocator, type_name: str) -> Locator:
    return editor.locator(f'#pe-canvas .pe-node[data-type-name="{type_name}"]')


def _build_page(page: Page, editor: FrameLocator) -> None:
    """The visual editor in the IDE's frame: a grid with an input, a select, a button."""
    expect(editor.locator("#page-editor")).to_have_attribute("data-ready", "true")
    palette = editor.locator("#pe-palette-groups")

    def item(label: str) -> Locator:
        return palette.locator(".pe-item", has_text=re.compile(f"^{label}$"))

    drag(page, item("Grid"), editor.locator("#pe-canvas .pe-root"))
    columns = _node(editor, "grid").locator(".pe-slot > .pe-list")
    expect(columns).to_have_count(2)
    drag(page, item("Input"), columns.nth(0))
    drag(page, item("Select"), columns.nth(1))
    drag(page, item("Button"), columns.nth(1))
    expect(columns.nth(0).locator(".pe-node .pe-node-type")).to_have_text(["Input"])
    expect(columns.nth(1).locator(".pe-node")).to_have_count(2)
    expect(_node(editor, "button")).to_have_count(1)
    expect(_node(editor, "select")).to_have_count(1)

    # The form: a data source over the saved query; submitted to the script's function.
    editor.get_by_role("tab", name="Form").click()
    editor.get_by_role("button", name="Add data source").click()
    editor.locator("#pe-f-data_sources-0-name").fill("plans")
    editor.locator("#pe-f-data_sources-0-query").select_option("plans")
    editor.locator("#pe-f-data_sources-0-auto_load").check()
    editor.get_by_role("button", name="Request test").click()
    expect(editor.locator("#pe-f-ds-0-result")).to_contain_text("2 rows")
    # A customer-portal page (staff may open those too).
    editor.get_by_label("Who may open it").select_option("portal")
    editor.get_by_label("Submit the form (to a dataset or a script)").check()
    editor.locator("#pe-f-form-submit-type").select_option("scriptforge")
    editor.locator("#pe-f-form-submit-script").select_option("place_order")
    editor.locator("#pe-f-form-submit-function").fill("main")
    editor.locator("#pe-f-form-submit-message").fill("Order placed")

    panel = editor.locator("#pe-component-panel")
    # Labels first: a new ID re-renders the panel for the renamed component.
    _node(editor, "input").click()
    panel.get_by_label("Label", exact=True).fill("Customer name")
    panel.get_by_label("ID", exact=True).fill("customer")
    panel.get_by_label("ID", exact=True).press("Tab")  # an ID applies once it is left
    expect(_node(editor, "input")).to_contain_text("#customer")
    _node(editor, "select").click()
    panel.get_by_label("Label", exact=True).fill("Plan")
    panel.get_by_label("ID", exact=True).fill("plan")
    panel.get_by_label("ID", exact=True).press("Tab")
    expect(_node(editor, "select")).to_contain_text("#plan")
    panel.get_by_label("Options come from").select_option("data_source")
    panel.get_by_label("Options data source").select_option("plans")
    panel.get_by_label("Value field").fill("code")
    panel.get_by_label("Label field").fill("title")
    # The button sends the form (to the function).
    _node(editor, "button").click()
    panel.get_by_label("Label", exact=True).fill("Place order")
    panel.get_by_label("Role", exact=True).select_option("submit")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_text("Unsaved changes")).to_be_hidden()


def _place_order(target: Page | FrameLocator, who: str) -> None:
    target.get_by_label("Customer name").fill(who)
    target.get_by_label("Plan").select_option("pro")
    target.get_by_role("button", name="Place order").click()
    expect(target.get_by_text("Order placed")).to_be_visible()


def _published_label(page: Page, server: Server) -> Locator:
    page.goto(f"{server.url}/apps/{APP}/index")
    return page.locator("label").filter(has_text=re.compile("name$"))


def _relabel(page: Page, label: str) -> None:
    """In the IDE, open the page in the editor and change the input's label (the draft)."""
    page.goto(f"/ide/{APP}")
    page.locator('.ide-group[data-kind="page"] .ide-open').filter(has_text="index").click()
    editor = page.frame_locator("iframe.ide-page-frame")
    expect(editor.locator("#page-editor")).to_have_attribute("data-ready", "true")
    _node(editor, "input").click()
    editor.locator("#pe-component-panel").get_by_label("Label", exact=True).fill(label)
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_text("Unsaved changes")).to_be_hidden()


def _publish(page: Page, version: str) -> None:
    page.get_by_role("button", name="App settings").click()
    page.get_by_label("Version", exact=True).fill(version)
    page.get_by_label("Release note").fill(f"release {version}")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".ide-versions tr").filter(has_text=version)).to_contain_text("live")


def test_build_publish_embed_change_and_roll_back(
    page: Page, browser: Browser, server: Server
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 1000})
    sign_in(page)

    # An app, made in the IDE.
    page.get_by_role("link", name="IDE").click()
    expect(page.locator("#ide")).to_have_attribute("data-ready", "true")
    page.get_by_role("button", name="New app").click()
    dialog = page.get_by_role("dialog", name="New app")
    dialog.get_by_label("Name").fill(APP)
    dialog.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(rf"/ide/{APP}$"))

    # A saved query for the select's options.
    _create(page, "query", "plans")
    _type_code(page, PLANS_SQL)
    expect(page.locator("#ide-status")).to_have_text("Saved plans")

    # A ScriptForge function, written in the editor and run with a test input.
    _create(page, "script", "place_order")
    _type_code(page, SCRIPT_TYPED)
    expect(page.locator("#ide-status")).to_have_text("Saved place_order")
    page.get_by_role("button", name="Console").click()
    console = page.locator("#ide-console")
    console.get_by_label("Test input (JSON)").fill('{"customer": "Ada", "plan": "basic"}')
    page.get_by_role("button", name="Run", exact=True).click()
    logged = console.locator("#ide-log li").filter(has_text="order from Ada for basic")
    expect(logged).to_have_count(1)
    expect(console.locator(".ide-outcome h3")).to_have_text("Outcome: ok")
    page.screenshot(path=str(ARTIFACTS / "acceptance-ide.png"), full_page=True)

    # The page, laid out in the visual editor inside the IDE (the console closed).
    console.get_by_role("button", name="Close").click()
    _create(page, "page", "index")
    editor = page.frame_locator("iframe.ide-page-frame")
    _build_page(page, editor)
    page.screenshot(path=str(ARTIFACTS / "acceptance-page-editor.png"), full_page=True)

    # Preview (the draft), where the order goes to the function.
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview").click()
    preview = opened.value
    expect(preview).to_have_url(re.compile(rf"/apps/{APP}/index\?draft=1$"))
    expect(preview.get_by_label("Plan").locator("option")).to_contain_text(
        ["Basic plan", "Pro plan"]
    )
    _place_order(preview, "Grace")
    preview.close()

    # Publish 1.0.0; an operator opens the published page.
    _publish(page, "1.0.0")
    operator = page.context.new_page()
    expect(_published_label(operator, server)).to_have_text("Customer name")
    _place_order(operator, "Linus")

    # A customer with a portal login (Customers pages) is offered the app (its settings).
    page.goto("/customers")
    page.get_by_label("Name", exact=True).fill("Acme Retail")
    page.get_by_role("button", name="Create customer").click()
    page.get_by_label("Email").fill(PORTAL_EMAIL)
    page.get_by_label("Password").fill(PORTAL_PASSWORD)
    page.get_by_role("button", name="Add login").click()
    expect(page.get_by_role("cell", name=PORTAL_EMAIL, exact=True)).to_be_visible()
    page.goto("/apps")
    page.get_by_role("link", name=APP, exact=True).click()
    page.get_by_label("Offer to").select_option(label="Acme Retail")
    page.get_by_role("button", name="Offer in portal").click()
    expect(page.get_by_role("button", name="Stop offering to Acme Retail")).to_be_visible()

    # The customer's portal user opens it from the portal's navigation.
    customer = browser.new_context(base_url=server.url).new_page()
    customer.set_viewport_size({"width": 1280, "height": 900})
    customer.goto("/portal/login")
    customer.get_by_label("Email").fill(PORTAL_EMAIL)
    customer.get_by_label("Password").fill(PORTAL_PASSWORD)
    customer.get_by_role("button", name="Sign in").click()
    customer.get_by_role("navigation", name="Apps").get_by_role("link", name=APP).click()
    expect(customer).to_have_url(re.compile(rf"/portal/apps/{APP}$"))
    framed = customer.frame_locator("iframe.portal-frame")
    expect(framed.get_by_label("Plan").locator("option")).to_contain_text(["Pro plan"])
    _place_order(framed, "Acme buyer")
    customer.screenshot(path=str(ARTIFACTS / "portal.png"), full_page=True)

    # A change to the draft leaves the published page alone until 1.1.0 is published.
    _relabel(page, "Full name")
    expect(_published_label(operator, server)).to_have_text("Customer name")
    customer.reload()
    expect(framed.get_by_label("Customer name")).to_be_visible()
    page.goto(f"/ide/{APP}")
    _publish(page, "1.1.0")
    expect(_published_label(operator, server)).to_have_text("Full name")
    customer.reload()
    expect(framed.get_by_label("Full name")).to_be_visible()

    # Roll back to 1.0.0.
    page.get_by_role("button", name="Roll back to 1.0.0").click()
    expect(page.locator("#ide-status")).to_have_text("Version 1.0.0 is live")
    expect(_published_label(operator, server)).to_have_text("Customer name")
    customer.reload()
    expect(framed.get_by_label("Customer name")).to_be_visible()
    customer.context.close()

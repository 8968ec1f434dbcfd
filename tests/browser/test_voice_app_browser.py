"""End to end: the voice app editor at /voice/apps/<id>, driven like an operator would.

Insert a Gather from the snippets menu, mistype an attribute and watch the checker flag its
line, fix it, save, then place a live call (real time: the server's clock is paced 1:1),
press a key on the keypad while the Gather's prompt plays and watch the transcript fill in:
the prompts, the key, the gather with its digit, the hang-up.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Server, admin_api, sign_in

pytestmark = pytest.mark.browser

DOCUMENT = "<Response>\n  <Say>Welcome</Say>\n  <Hangup/>\n</Response>\n"
TYPO = ' voise="man"'


def _editor(page: Page) -> Locator:
    return page.locator("#va-code .cm-content")


def _transcript(page: Page) -> Locator:
    return page.locator("#va-transcript")


def test_edit_check_save_and_call(page: Page, server: Server) -> None:
    with admin_api(server) as api:
        created = api.post("/voice-apps", json={"name": "front desk", "document": DOCUMENT})
        assert created.status_code == 201, created.text
        app_id = created.json()["id"]
    sign_in(page)
    page.goto(f"/voice/apps/{app_id}")
    expect(page.get_by_role("heading", name="front desk", level=1)).to_be_visible()
    editor = _editor(page)
    expect(editor).to_contain_text("Welcome")

    # A Gather from the snippets menu, at the end of the Say's line.
    editor.click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("End")
    page.get_by_label("Insert a verb").select_option(label="Gather (with Say)")
    expect(editor).to_contain_text("Press 1 for sales, 2 for support.")
    lint = page.locator("#va-lint")
    expect(lint).to_have_text("No problems.")

    # A mistyped attribute on line 2: flagged with its line and column, marked in the text.
    editor.click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("End")
    for _ in range(len(">Welcome</Say>")):
        page.keyboard.press("ArrowLeft")
    page.keyboard.type(TYPO)
    expect(lint).to_contain_text("Line 2:3 error: unknown attribute 'voise' on <Say>")
    expect(page.locator("#va-code .cm-lintRange-error").first).to_be_visible()
    for _ in TYPO:
        page.keyboard.press("Backspace")
    expect(lint).to_have_text("No problems.")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#va-saved")).to_have_text(re.compile(r"\s*Saved\.\s*"))
    with admin_api(server) as api:
        document = api.get(f"/voice-apps/{app_id}").json()["document"]
    assert "<Gather" in document and TYPO not in document

    # A live call: press 1 while the Gather's prompt plays.
    page.get_by_role("button", name="Call", exact=True).click()
    transcript = _transcript(page)
    expect(transcript.locator('[data-event="say"]').first).to_contain_text("Welcome")
    expect(transcript.locator('[data-event="say"]').nth(1)).to_contain_text("Press 1 for sales")
    expect(page.locator("#va-call-state")).to_have_text("In call")
    page.get_by_role("group", name="Keypad").get_by_role("button", name="1", exact=True).click()
    expect(transcript.locator('[data-event="key"]')).to_contain_text("you pressed 1")
    expect(transcript.locator('[data-event="gather"]')).to_contain_text("digits “1” (max_digits)")
    expect(transcript.locator('[data-event="hangup"]')).to_contain_text("normal_clearing by app")
    expect(page.locator("#va-call-state")).to_have_text("Call ended")
    expect(page.get_by_role("button", name="Hang up")).to_be_disabled()


def test_keys_typed_on_the_panel_and_hanging_up(page: Page, server: Server) -> None:
    document = (
        '<Response><Gather numDigits="3" timeout="30"><Say loop="0">Your PIN</Say></Gather>'
        "<Say>Thanks</Say></Response>"
    )
    with admin_api(server) as api:
        created = api.post("/voice-apps", json={"name": "pin", "document": document})
        app_id = created.json()["id"]
    sign_in(page)
    page.goto(f"/voice/apps/{app_id}")
    expect(_editor(page)).to_contain_text("Your PIN")
    page.get_by_role("button", name="Call", exact=True).click()
    transcript = _transcript(page)
    expect(transcript.locator('[data-event="say"]')).to_contain_text("Your PIN")
    page.locator("#va-sim").focus()
    page.keyboard.type("42")
    expect(transcript.locator('[data-event="key"]')).to_have_count(2)
    page.get_by_role("button", name="Hang up").click()
    expect(transcript.locator('[data-event="hangup"]')).to_contain_text("by caller")
    expect(transcript.locator('[data-event="gather"]')).to_contain_text("digits “42” (hangup)")
    expect(page.locator("#va-call-state")).to_have_text("Call ended")

    # The scripted run shows the whole transcript at once.
    page.locator("summary", has_text="Run scripted").click()
    page.get_by_label("Keys per collection").fill("123")
    page.get_by_role("button", name="Run scripted").click()
    expect(transcript.locator('[data-event="gather"]')).to_contain_text("digits “123”")
    expect(transcript.locator('[data-event="say"]').nth(1)).to_contain_text("Thanks")

"""The IVR menu builder pages (/voice/ivr): a menu built through the form is stored through
the service, its ConneXML is on the page, "Try it" walks into nested menus, refusals name
the field and change nothing, and read-only users only look."""

from __future__ import annotations

import html
import re
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Customer, Role
from runtime.services import customers
from telephony.class5.models import IvrMenu
from telephony.class5.services import base, features
from telephony.connexml.parser import check
from tests.ui.ui_support import Ui, csrf_of, nav_labels

SUB_PROMPT = "Billing. Press 1 to pay."
MAIN_PROMPT = "Welcome. Press 1 for billing, 2 for support."
CONNEXML = re.compile(r'<pre class="mono connexml" id="ivr-connexml"[^>]*>(.*?)</pre>', re.S)


@pytest.fixture
def ui(client: httpx.AsyncClient) -> Ui:
    return Ui(client)


async def sign_in(ui: Ui, make_user: Any, role: Role = Role.SUPPORT) -> None:
    account = await make_user(role)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303


async def world() -> dict[str, Any]:
    """A customer with a queue and a sub-menu, and another customer with a queue."""
    acme = await customers.create_customer(SYSTEM, "Acme", "USD")
    other = await customers.create_customer(SYSTEM, "Other", "USD")
    queue = await base.create(SYSTEM, features.QUEUE, {"name": "Support", "customer": acme.id})
    foreign = await base.create(SYSTEM, features.QUEUE, {"name": "Theirs", "customer": other.id})
    sub = await base.create(
        SYSTEM,
        features.IVR_MENU,
        {
            "name": "Billing",
            "customer": acme.id,
            "prompt": {"say": SUB_PROMPT},
            "options": {"1": {"type": "external", "target": "15550100300"}},
            "tries": 1,
        },
    )
    return {"acme": acme, "other": other, "queue": queue, "foreign": foreign, "sub": sub}


def menu_form(w: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The builder's fields for "Main": 1 -> the Billing menu, 2 -> the Support queue."""
    return {
        "name": "Main",
        "customer": str(w["acme"].id),
        "prompt_kind": "say",
        "prompt_say": MAIN_PROMPT,
        "opt_digit": ["1", "2"],
        "opt_type": ["ivr_menu", "queue"],
        "opt_target": [str(w["sub"].id), str(w["queue"].id)],
        "timeout": "4",
        "tries": "2",
        "invalid_kind": "say",
        "invalid_say": "No such key.",
        "fallback_type": "hangup",
        **changes,
    }


async def post(ui: Ui, page: str, action: str, data: dict[str, Any], **headers: str) -> Any:
    token = await ui.token(page)
    return await ui.client.post(action, data={**data, "csrf_token": token}, headers=headers)


async def build_main(ui: Ui, w: dict[str, Any]) -> IvrMenu:
    new = f"/voice/ivr/new?name=Main&customer={w['acme'].id}"
    response = await post(ui, new, "/voice/ivr", menu_form(w))
    assert response.status_code == 303, response.text
    menu = await IvrMenu.get(name="Main")
    assert response.headers["location"].endswith(f"/voice/ivr/{menu.id}")
    return menu


def connexml_of(page: str) -> str:
    found = CONNEXML.search(page)
    assert found, "no ConneXML panel"
    return html.unescape(found.group(1))


async def test_a_menu_built_through_the_form_is_stored_compiled_and_tried(
    ui: Ui, make_user: Any
) -> None:
    await sign_in(ui, make_user)
    w = await world()
    page = await ui.get(f"/voice/ivr/new?name=Main&customer={w['acme'].id}")
    assert page.status_code == 200
    assert 'value="Main"' in page.text
    assert ">Billing</option>" in page.text and ">Support</option>" in page.text
    assert "Theirs" not in page.text, "another customer's queue is not offered"

    menu = await build_main(ui, w)
    assert menu.customer_id == w["acme"].id  # type: ignore[attr-defined]
    assert menu.prompt == {"say": MAIN_PROMPT}
    assert menu.options == {
        "1": {"type": "ivr_menu", "target": w["sub"].id},
        "2": {"type": "queue", "target": w["queue"].id},
    }
    assert (menu.timeout, menu.tries, menu.fallback) == (4, 2, None)
    assert menu.invalid_prompt == {"say": "No such key."}

    shown = await ui.get(f"/voice/ivr/{menu.id}")
    assert shown.status_code == 200
    document = connexml_of(shown.text)
    assert check(document) == []
    assert document.count('<Gather numDigits="1" timeout="4" finishOnKey="">') == 2
    assert (
        f'<Condition field="gather_result" expression="^1$"><!-- ivr menu \'Billing\' -->'
        f"<Redirect>app:ivr_menu/{w['sub'].id}</Redirect></Condition>"
    ) in document
    assert f"<Redirect>app:queue/{w['queue'].id}</Redirect></Condition>" in document
    assert document.count('<Condition field="gather_result" expression="^.$">') == 2
    assert f'/voice/ivr/{w["sub"].id}" data-ivr-open>Open sub-menu' in shown.text

    tried = await post(
        ui,
        f"/voice/ivr/{menu.id}",
        f"/voice/ivr/{menu.id}/try",
        {"digits": "1"},
        **{"HX-Request": "true"},
    )
    assert tried.status_code == 200
    assert "<html" not in tried.text, "htmx gets the transcript fragment only"
    lines = [html.unescape(li) for li in re.findall(r"</span> ([^<]*)</li>", tried.text)]
    assert f"say: {MAIN_PROMPT}" in lines
    assert f"say: {SUB_PROMPT}" in lines, lines
    assert lines.index(f"say: {MAIN_PROMPT}") < lines.index(f"say: {SUB_PROMPT}")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("2", "enqueue: "),
        ("7,,", "No such key."),
    ],
    ids=["queue", "invalid-then-timeouts"],
)
async def test_try_it_reaches_each_destination(
    ui: Ui, make_user: Any, keys: str, expected: str
) -> None:
    await sign_in(ui, make_user)
    w = await world()
    menu = await build_main(ui, w)
    tried = await post(ui, f"/voice/ivr/{menu.id}", f"/voice/ivr/{menu.id}/try", {"digits": keys})
    assert tried.status_code == 200
    assert "<html" in tried.text, "without htmx the whole page comes back"
    assert expected in html.unescape(tried.text)


async def test_try_it_refuses_bad_keys(ui: Ui, make_user: Any) -> None:
    await sign_in(ui, make_user)
    menu = await build_main(ui, await world())
    tried = await post(ui, f"/voice/ivr/{menu.id}", f"/voice/ivr/{menu.id}/try", {"digits": "1x"})
    assert tried.status_code == 422
    assert 'role="alert"' in tried.text


def _other_customers_queue(w: dict[str, Any]) -> dict[str, Any]:
    return {"opt_target": [str(w["sub"].id), str(w["foreign"].id)]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (_other_customers_queue, "options.2.target: no queue"),
        (lambda w: {"opt_digit": ["1", "x"]}, "options.x: keys are single digits"),
        (lambda w: {"opt_digit": ["1", "1"]}, "options.1: this key is chosen twice"),
        (lambda w: {"timeout": "0"}, "timeout: must be between 1 and 60"),
        (lambda w: {"tries": "many"}, "tries: must be a whole number"),
        (lambda w: {"prompt_say": ""}, "prompt.say: the text to speak"),
        (lambda w: {"fallback_type": "external", "fallback_target": "12"}, "fallback.target"),
    ],
    ids=["foreign-queue", "bad-digit", "twice", "timeout-0", "tries-text", "no-prompt", "fallback"],
)
async def test_bad_input_is_named_and_changes_nothing(
    ui: Ui, make_user: Any, changes: Any, message: str
) -> None:
    await sign_in(ui, make_user)
    w = await world()
    menu = await build_main(ui, w)
    before = features.ivr_current(menu)
    audit = await AuditEntry.all().count()
    data = menu_form(w, name="Main renamed", **changes(w))
    response = await post(ui, f"/voice/ivr/{menu.id}", f"/voice/ivr/{menu.id}", data)
    assert 400 <= response.status_code < 500
    text = html.unescape(response.text)
    assert message in text
    assert 'value="Main renamed"' in response.text, "the entered values are kept"
    assert 'aria-invalid="true"' in response.text
    assert features.ivr_current(await IvrMenu.get(id=menu.id)) == before
    assert await AuditEntry.all().count() == audit


async def test_a_new_menu_with_bad_input_is_not_created(ui: Ui, make_user: Any) -> None:
    await sign_in(ui, make_user)
    w = await world()
    page = f"/voice/ivr/new?customer={w['acme'].id}"
    response = await post(ui, page, "/voice/ivr", menu_form(w, **_other_customers_queue(w)))
    assert response.status_code == 422
    assert "no queue" in html.unescape(response.text)
    assert 'value="Main"' in response.text
    assert not await IvrMenu.exists(name="Main")


async def test_a_new_sub_menu_returns_to_its_parent(ui: Ui, make_user: Any) -> None:
    await sign_in(ui, make_user)
    w = await world()
    parent = await build_main(ui, w)
    shown = await ui.get(f"/voice/ivr/{parent.id}")
    shortcut = f"/voice/ivr/new?customer={w['acme'].id}&amp;parent={parent.id}"
    assert shortcut in shown.text
    data = menu_form(w, name="Support menu", parent=str(parent.id))
    data.update(opt_digit=["1"], opt_type=["queue"], opt_target=[str(w["queue"].id)])
    response = await post(ui, html.unescape(shortcut), "/voice/ivr", data)
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/voice/ivr/{parent.id}")
    parent_page = await ui.get(f"/voice/ivr/{parent.id}")
    assert ">Support menu</option>" in parent_page.text


async def test_read_only_users_see_the_menu_without_forms(ui: Ui, make_user: Any) -> None:
    writer = Ui(ui.client)
    await sign_in(writer, make_user)
    w = await world()
    menu = await build_main(writer, w)
    await ui.client.post("/logout", data={"csrf_token": await ui.token("/")})

    await sign_in(ui, make_user, Role.READONLY)
    listing = await ui.get("/voice/ivr")
    assert "IVR menus" in nav_labels(listing.text)
    assert "Build menu" not in listing.text
    page = await ui.get(f"/voice/ivr/{menu.id}")
    assert page.status_code == 200
    for form_action in (f'action="/voice/ivr/{menu.id}"', "/try", "/delete", "Save menu"):
        assert form_action not in page.text
    assert "ivr menu &#39;Billing&#39;" in page.text or "ivr menu 'Billing'" in page.text
    assert check(connexml_of(page.text)) == []
    assert (await ui.get("/voice/ivr/new")).status_code == 403
    token = csrf_of(page.text)  # the sign-out form's
    for action, data in (
        (f"/voice/ivr/{menu.id}", menu_form(w, name="Defaced")),
        (f"/voice/ivr/{menu.id}/try", {"digits": "1"}),
        (f"/voice/ivr/{menu.id}/delete", {}),
        ("/voice/ivr", menu_form(w, name="Planted")),
    ):
        response = await ui.client.post(action, data={**data, "csrf_token": token})
        assert response.status_code == 403, action
    assert await IvrMenu.all().order_by("id").values_list("name", flat=True) == ["Billing", "Main"]


async def test_the_list_filters_searches_and_pages(ui: Ui, make_user: Any) -> None:
    await sign_in(ui, make_user)
    w = await world()
    for i in range(26):
        await base.create(
            SYSTEM,
            features.IVR_MENU,
            {
                "name": f"Menu {i:02}",
                "customer": w["other"].id,
                "prompt": {"say": "Hi"},
                "options": {"1": {"type": "queue", "target": w["foreign"].id}},
            },
        )
    first = await ui.get("/voice/ivr")
    assert "1\u201325 of 27" in first.text and 'rel="next"' in first.text
    acme = await ui.get(f"/voice/ivr?customer={w['acme'].id}")
    assert "Billing" in acme.text and "Menu 00" not in acme.text
    found = await ui.get("/voice/ivr?q=menu 1", headers={"HX-Request": "true"})
    assert "<html" not in found.text
    assert "Menu 10" in found.text and "Menu 09" not in found.text and "Billing" not in found.text


async def test_deleting_a_menu_in_use_is_refused(ui: Ui, make_user: Any) -> None:
    await sign_in(ui, make_user)
    w = await world()
    main = await build_main(ui, w)
    refused = await post(ui, f"/voice/ivr/{w['sub'].id}", f"/voice/ivr/{w['sub'].id}/delete", {})
    assert refused.status_code == 409
    assert await IvrMenu.exists(id=w["sub"].id)
    done = await post(ui, f"/voice/ivr/{main.id}", f"/voice/ivr/{main.id}/delete", {})
    assert done.status_code == 303
    assert not await IvrMenu.exists(id=main.id)
    assert await Customer.exists(id=w["acme"].id)


async def test_the_api_serves_the_document_the_page_shows(
    ui: Ui, make_user: Any, auth_headers: Any
) -> None:
    await sign_in(ui, make_user)
    menu = await build_main(ui, await world())
    shown = connexml_of((await ui.get(f"/voice/ivr/{menu.id}")).text)
    headers = await auth_headers(Role.READONLY)
    response = await ui.client.get(f"/api/v1/ivr-menus/{menu.id}/connexml", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text == shown
    missing = await ui.client.get("/api/v1/ivr-menus/999/connexml", headers=headers)
    assert missing.status_code == 404

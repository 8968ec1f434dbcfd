"""The Class 4 pages under /class4, driven like a browser through httpx: carriers, rate
cards (CSV upload and its report, the rows, the test rate lookup, parents, profit rules,
build), routes, explaining a call, exchange rates, and what a read-only user gets."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Customer, Role
from runtime.services import apps
from scriptforge.services import scripts
from telephony.rating import jobs
from telephony.rating.jobs import build_jobs
from telephony.rating.models import (
    Carrier,
    CarrierIp,
    ExchangeRate,
    ProfitRule,
    RateCard,
    RateRevision,
    ReplyRule,
    RevisionStatus,
)
from telephony.routing.models import Route
from tests.routing import support
from tests.ui.ui_support import Ui

GOOD_CSV = (
    "prefix,name,rate,connection_fee,billing\n44,UK,0.0100,0,1/1\n4420,London,0.0080,0,60/60\n"
)
#: Line 3 has a negative rate, line 4 a prefix that is not digits.
BAD_CSV = (
    "prefix,name,rate,connection_fee,billing\n44,UK,0.01,0,1/1\n33,FR,-1,0,1/1\n4x,Bad,0.1,0,1/1\n"
)


@pytest.fixture
def ui(client: httpx.AsyncClient) -> Ui:
    return Ui(client)


@pytest.fixture
async def admin(ui: Ui, make_user: Any) -> Any:
    account = await make_user(Role.ADMIN)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303
    return account


async def _upload(ui: Ui, card: RateCard, text: str, **fields: str) -> httpx.Response:
    token = await ui.token(f"/class4/cards/{card.id}")
    return await ui.client.post(
        f"/class4/cards/{card.id}/import",
        data={"csrf_token": token, **fields},
        files={"file": ("rates.csv", text.encode(), "text/csv")},
    )


async def _provider(ui: Ui, name: str = "Tel1") -> RateCard:
    """A carrier and its provider card, made through the pages."""
    made = await ui.submit("/class4/carriers", "/class4/carriers", {"name": name})
    assert made.status_code == 303, made.text
    carrier = await Carrier.get(name=name)
    data = {"name": f"{name} card", "kind": "provider", "carrier": str(carrier.id)}
    assert (await ui.submit("/class4/cards", "/class4/cards", data)).status_code == 303
    return await RateCard.get(name=f"{name} card")


async def test_a_carrier_is_created_edited_and_given_addresses_and_reply_rules(
    ui: Ui, admin: Any
) -> None:
    data = {"name": "Tel1", "currency": "eur", "channels": "30", "cps": "5"}
    data |= {"cred_username": "trunk", "cred_password": "s3cret-pw"}
    response = await ui.submit("/class4/carriers", "/class4/carriers", data)
    assert response.status_code == 303
    carrier = await Carrier.get(name="Tel1")
    assert (carrier.currency, carrier.channels, carrier.cps) == ("EUR", 30, 5)
    assert carrier.credentials_encrypted and "s3cret-pw" not in carrier.credentials_encrypted

    page = await ui.get(response.headers["location"])
    assert "Carrier Tel1" in page.text and "credentials set" in page.text
    assert "s3cret-pw" not in page.text and "trunk" not in page.text, "write-only"

    base = f"/class4/carriers/{carrier.id}"
    update = {"name": "Tel1", "status": "inactive", "channels": "10", "cps": "1"}
    assert (await ui.submit(base, base, update)).status_code == 303
    await carrier.refresh_from_db()
    assert carrier.status == "inactive" and carrier.credentials_encrypted, "kept when empty"

    address = {"address": "192.0.2.10", "direction": "receives", "protocol": "tls", "weight": "5"}
    assert (await ui.submit(base, f"{base}/addresses", address)).status_code == 303
    ip = await CarrierIp.get(carrier_id=carrier.id)
    assert (ip.address, ip.port, ip.weight) == ("192.0.2.10", 5061, 5)
    reply = {"code": "503", "action": "replace", "new_code": "480", "reason": "Busy here"}
    assert (await ui.submit(base, f"{base}/replies", reply)).status_code == 303
    rule = await ReplyRule.get(carrier_id=carrier.id)
    assert (rule.code, rule.new_code, rule.reason) == (503, 480, "Busy here")
    page = await ui.get(base)
    assert "192.0.2.10" in page.text and "480 Busy here" in page.text

    assert (await ui.submit(base, f"{base}/addresses/{ip.id}/delete")).status_code == 303
    assert (await ui.submit(base, f"{base}/replies/503/delete")).status_code == 303
    assert not await CarrierIp.exists(carrier_id=carrier.id)
    assert not await ReplyRule.exists(carrier_id=carrier.id)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Tel1", "currency": "EURO"}, "currency: must be a 3-letter ISO 4217 code"),
        ({"name": "Tel1", "channels": "many"}, "channels: must be a whole number"),
        ({"name": ""}, "name: 1 to 100 characters"),
    ],
)
async def test_a_refused_carrier_names_the_field_and_keeps_the_input(
    ui: Ui, admin: Any, data: dict[str, str], message: str
) -> None:
    response = await ui.submit("/class4/carriers", "/class4/carriers", data)
    assert response.status_code == 422
    assert message in response.text
    for value in data.values():
        if value:
            assert f'value="{value}"' in response.text, "what was typed is shown again"
    assert await Carrier.all().count() == 0


async def test_a_bad_reply_rule_is_refused_on_its_form(ui: Ui, admin: Any) -> None:
    carrier = await support.carrier("Tel1")
    base = f"/class4/carriers/{carrier.id}"
    response = await ui.submit(base, f"{base}/replies", {"code": "503", "action": "replace"})
    assert response.status_code == 422
    assert "new_code: required to replace a code" in response.text
    assert not await ReplyRule.exists()


async def test_an_upload_with_bad_rows_reports_their_lines_and_changes_nothing(
    ui: Ui, admin: Any
) -> None:
    card = await _provider(ui)
    assert (await _upload(ui, card, GOOD_CSV)).status_code == 200
    active = await RateRevision.get(card_id=card.id, status=RevisionStatus.ACTIVE)

    response = await _upload(ui, card, BAD_CSV, start_row="1", date_live="2030-01-01T00:00Z")
    assert response.status_code == 422
    text = response.text
    assert "Nothing was imported; the active revision is unchanged." in text
    assert re.search(r"<td>line 3</td><td>rate</td><td>cannot be negative", text), text
    assert re.search(r"<td>line 4</td><td>prefix</td>", text)
    assert 'value="2030-01-01T00:00Z"' in text, "the other fields are kept"
    assert await RateRevision.filter(card_id=card.id).count() == 1
    assert (await RateRevision.get(card_id=card.id, status=RevisionStatus.ACTIVE)).id == active.id


async def test_a_good_upload_shows_its_rows_and_a_mapping_and_start_row_are_used(
    ui: Ui, admin: Any
) -> None:
    card = await _provider(ui)
    response = await _upload(ui, card, GOOD_CSV)
    assert response.status_code == 200
    assert "Imported 2 rows into revision 1 (active)" in response.text
    assert "<td>4420</td><td>London</td><td>0.008</td>" in response.text
    assert "60/60" in response.text

    # A file with a title line and its own columns: code first, then the rate.
    odd = "Tel1 rates, December\ncode,cost,label\n33,0.02,France\n"
    mapped = await _upload(ui, card, odd, start_row="2", mapping="prefix=code,rate=cost,name=3")
    assert mapped.status_code == 200, mapped.text
    assert "Imported 1 rows into revision 2" in mapped.text
    page = await ui.get(f"/class4/cards/{card.id}?prefix=33")
    assert "<td>33</td><td>France</td><td>0.02</td>" in page.text
    assert "<td>44</td>" not in page.text

    export = await ui.get(
        f"/class4/cards/{card.id}/revisions/{(await _active(card)).id}/export.csv"
    )
    assert export.status_code == 200 and export.text.startswith("prefix,name,rate")
    assert "33,France,0.02,0,1/1" in export.text


async def _active(card: RateCard) -> RateRevision:
    return await RateRevision.get(card_id=card.id, status=RevisionStatus.ACTIVE)


async def test_a_pending_revision_is_activated_from_the_page(ui: Ui, admin: Any) -> None:
    card = await _provider(ui)
    await _upload(ui, card, GOOD_CSV)
    response = await _upload(ui, card, GOOD_CSV, date_live="2099-01-01T00:00Z")
    assert "Imported 2 rows into revision 2 (pending" in response.text
    pending = await RateRevision.get(card_id=card.id, number=2)
    assert "Activate<span" in response.text
    page = f"/class4/cards/{card.id}"
    action = f"{page}/revisions/{pending.id}/activate"
    assert (await ui.submit(page, action)).status_code == 303
    assert (await _active(card)).number == 2


async def test_the_test_rate_lookup_shows_the_row_and_the_price(ui: Ui, admin: Any) -> None:
    card = await _provider(ui)
    await _upload(ui, card, GOOD_CSV)
    page = await ui.get(f"/class4/cards/{card.id}?number=%2B44+20+7946+0000&seconds=61")
    assert page.status_code == 200
    assert "<dd>4420 London</dd>" in page.text
    # 60/60: 61 s bill as 120 s at 0.008 a minute.
    assert "0.0160 USD for 61.0 s (billed 120 s)" in page.text
    refused = await ui.get(f"/class4/cards/{card.id}?number=abc")
    assert refused.status_code == 422
    assert "is not a phone number" in refused.text


async def test_a_customer_card_is_built_with_a_profit_rule(app: Any, ui: Ui, admin: Any) -> None:
    provider = await _provider(ui)
    await _upload(ui, provider, GOOD_CSV)
    data = {"name": "Retail", "kind": "customer", "currency": "USD"}
    assert (await ui.submit("/class4/cards", "/class4/cards", data)).status_code == 303
    card = await RateCard.get(name="Retail")
    page = f"/class4/cards/{card.id}"
    parent = {"card": str(provider.id), "weight": "2"}
    assert (await ui.submit(page, f"{page}/parents", parent)).status_code == 303
    bad = await ui.submit(page, f"{page}/profit-rules", {"kind": "percent", "value": "ten"})
    assert bad.status_code == 422 and "value: not a number: &#39;ten&#39;" in bad.text
    assert not await ProfitRule.exists(card_id=card.id)
    rule = {"kind": "percent", "value": "10"}
    assert (await ui.submit(page, f"{page}/profit-rules", rule)).status_code == 303
    assert "stale" in (await ui.get(page)).text

    built = await ui.submit(page, f"{page}/build")
    assert built.status_code == 303
    assert built.headers["location"] == f"http://testserver{page}#build"
    await build_jobs(app).wait(card.id)
    shown = await ui.get(page)
    assert "Built revision 1 (active): 2 prefixes, 0 blocked, from 1 parent(s)" in shown.text
    assert "<td>4420</td><td>London</td><td>0.0088</td>" in shown.text
    await card.refresh_from_db()
    assert not card.stale


async def test_a_build_can_go_live_later(app: Any, ui: Ui, admin: Any) -> None:
    provider = await _provider(ui)
    await _upload(ui, provider, GOOD_CSV)
    data = {"name": "Retail", "kind": "customer", "currency": "USD"}
    assert (await ui.submit("/class4/cards", "/class4/cards", data)).status_code == 303
    card = await RateCard.get(name="Retail")
    page = f"/class4/cards/{card.id}"
    assert (await ui.submit(page, f"{page}/parents", {"card": str(provider.id)})).status_code == 303
    refused = await ui.submit(page, f"{page}/build", {"date_live": "next week"})
    assert refused.status_code == 422
    assert "not a date and time: &#39;next week&#39;" in refused.text
    assert 'value="next week"' in refused.text  # what was typed stays
    later = {"date_live": "2099-01-01T00:00Z"}
    assert (await ui.submit(page, f"{page}/build", later)).status_code == 303
    await build_jobs(app).wait(card.id)
    revision = await RateRevision.get(card_id=card.id)
    assert revision.status == RevisionStatus.PENDING
    assert revision.date_live == datetime(2099, 1, 1, tzinfo=UTC)


async def test_building_without_parents_says_so(ui: Ui, admin: Any) -> None:
    data = {"name": "Retail", "kind": "customer", "currency": "USD"}
    assert (await ui.submit("/class4/cards", "/class4/cards", data)).status_code == 303
    card = await RateCard.get(name="Retail")
    page = f"/class4/cards/{card.id}"
    response = await ui.submit(page, f"{page}/build")
    assert response.status_code == 400
    assert "Retail has no parent card to build from" in response.text
    assert not await RateRevision.exists(card_id=card.id)


class Held:
    """Stands in for the build: reports some progress, then waits to be let go."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, card: RateCard, **options: Any) -> Any:
        options["progress"](1, 4)
        self.entered.set()
        await self.release.wait()
        return await self.real(card, **options)


async def _retail(rows: tuple[tuple[str, str], ...] = (("44", "0.01"), ("4420", "0.02"))) -> Any:
    provider = await support.provider("Tel1", rows) if rows else await _bare_provider()
    return await support.customer_card("Retail", [], parents=[(provider, 1, 0)])


async def _bare_provider() -> RateCard:
    return await RateCard.create(
        uuid=uuid.uuid4(), name="Tel1", kind="provider", carrier=await support.carrier("Tel1")
    )


async def test_the_build_button_starts_a_job_whose_progress_reaches_the_report(
    app: Any, ui: Ui, admin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = Held(jobs.build)
    monkeypatch.setattr(jobs, "build", held)
    card = await _retail()
    page = f"/class4/cards/{card.id}"
    status = f"{page}/build"
    htmx = {"HX-Request": "true"}
    assert 'id="build-job"' in (await ui.get(page)).text
    assert "<p" not in (await ui.get(status, headers=htmx)).text, "no build yet: empty"

    started = await ui.submit(page, f"{page}/build")
    assert started.status_code == 303
    await held.entered.wait()
    shown = await ui.get(page)
    assert "Building Retail: 1 of 4 prefixes written" in shown.text
    polling = f'hx-get="http://testserver{status}" hx-trigger="every 1s" hx-swap="outerHTML"'
    assert polling in shown.text
    assert re.search(r'role="progressbar"[^>]*aria-valuenow="25.0"', shown.text, re.S)

    fragment = await ui.get(status, headers=htmx)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert polling in fragment.text and 'aria-valuenow="25.0"' in fragment.text
    busy = await ui.submit(page, f"{page}/build")
    assert busy.status_code == 409
    assert "Build 1 of rate card &#39;Retail&#39; is running (25.0%)" in busy.text

    held.release.set()
    await build_jobs(app).wait(card.id)
    done = await ui.get(status, headers=htmx)
    assert "Built revision 2 (active): 2 prefixes, 0 blocked, from 1 parent(s)" in done.text
    assert 'role="status"' in done.text and "every 1s" not in done.text, "polling stops"
    # The page's parts the build changed are fetched again.
    assert 'hx-select-oob="#card-facts,#revisions-table,#rows-results,#build-note"' in done.text
    refreshed = await ui.get(page)
    assert "Built revision 2 (active)" in refreshed.text and "hx-select-oob" not in refreshed.text
    for part in ('id="card-facts"', 'id="revisions-table"', 'id="rows-results"', "build-note"):
        assert part in refreshed.text
    assert "<td>4420</td><td></td><td>0.02</td>" in refreshed.text
    plain = await ui.get(status)
    assert plain.status_code == 303 and plain.headers["location"].endswith(f"{page}#build")


async def test_a_failed_build_shows_its_error(app: Any, ui: Ui, admin: Any) -> None:
    card = await _retail(rows=())  # the parent has no rates
    page = f"/class4/cards/{card.id}"
    assert (await ui.submit(page, f"{page}/build")).status_code == 303
    await build_jobs(app).wait(card.id)
    fragment = await ui.get(f"{page}/build", headers={"HX-Request": "true"})
    assert 'role="alert"' in fragment.text and "every 1s" not in fragment.text
    assert "Build 1 of Retail failed: Retail has no parent card to build from" in fragment.text
    assert await RateRevision.filter(card_id=card.id).count() == 1, "no new revision"


async def test_a_refused_parent_is_shown_on_its_form(ui: Ui, admin: Any) -> None:
    card = await _retail()
    other = await support.customer_card("Other", [])
    page = f"/class4/cards/{card.id}"
    refused = await ui.submit(page, f"{page}/parents", {"card": str(other.id), "weight": "2"})
    assert refused.status_code == 409
    assert "&#39;Other&#39; is a customer card; a parent must be a provider card" in refused.text
    assert 'id="pa-weight" name="weight" value="2"' in refused.text, "the input is kept"
    bad = await ui.submit(page, f"{page}/parents", {"card": "", "weight": "x"})
    assert bad.status_code == 422 and "card: choose a provider card" in bad.text
    provider = await RateCard.get(name="Tel1")
    assert (await ui.submit(page, f"{page}/parents/{provider.id}/delete")).status_code == 303
    await card.refresh_from_db()
    assert card.stale and not await card.parents.all().exists()  # type: ignore[attr-defined]


async def test_a_route_is_made_and_explain_shows_candidates_and_rejections(
    ui: Ui, admin: Any
) -> None:
    cheap = await support.provider("cheap", (("44", "0.010"),))
    dear = await support.provider("dear", (("44", "0.090"),))
    owner = await support.customer("Acme")
    card = await support.customer_card(
        "Acme retail",
        [("44", "0.05", [support.offer(cheap, "0.010"), support.offer(dear, "0.090")])],
        parents=[(cheap, 1, 0), (dear, 1, 1)],
    )
    data = {
        "name": "UK",
        "customer": str(owner.id),
        "card": str(card.id),
        "tech_prefix": "99#",
        "dial_string": "44\n",
        "manip-rows": "2",
        "manip-0-match": "^440",
        "manip-0-replace": "44",
        "strategy": "lcr",
        "profit_assurance": "on",
        "enabled": "on",
        "max_duration": "",
    }
    bad = await ui.submit("/class4/routes", "/class4/routes", {**data, "manip-0-match": "(("})
    assert bad.status_code == 422
    assert "manipulation.0" in bad.text and 'value="UK"' in bad.text
    assert not await Route.exists()
    made = await ui.submit("/class4/routes", "/class4/routes", data)
    assert made.status_code == 303, made.text
    rule = await Route.get(customer_id=owner.id)
    assert (rule.tech_prefix, rule.dial_string) == ("99#", ["44"])
    assert rule.manipulation == [{"match": "^440", "replace": "44"}]

    page = await ui.get(
        "/class4/explain", params={"customer": str(owner.id), "to": "99#4402079460000"}
    )
    assert page.status_code == 200
    text = page.text
    assert "Routed: 1 carrier(s) to try" in text
    assert "<dd>99#</dd>" in text and "<dd>442079460000</dd>" in text
    assert re.search(r">cheap</a></td>\s*<td><a [^>]*>cheap</a></td><td>44</td>", text)
    assert "<td>0.0100</td><td>0.0500</td><td>0.0400</td>" in text
    assert "dear" in text and "profit" in text.lower(), "the dropped carrier and why"

    rejected = await ui.get("/class4/explain", params={"customer": str(owner.id), "to": "3312"})
    assert "Rejected: 580 No Route Available" in rejected.text
    unknown = await ui.get("/class4/explain", params={"customer": "", "to": "44"})
    assert unknown.status_code == 422 and "customer: choose a customer" in unknown.text

    edit = f"/class4/routes/{rule.id}"
    changed = {**data, "priority": "5", "enabled": ""}
    assert (await ui.submit(edit, edit, changed)).status_code == 303
    await rule.refresh_from_db()
    assert (rule.priority, rule.enabled) == (5, False)
    assert (await ui.submit(edit, f"{edit}/delete")).status_code == 303
    assert not await Route.exists()


async def test_a_route_gets_a_scriptforge_hook(ui: Ui, admin: Any) -> None:
    owner = await support.customer("Acme")
    card = await support.customer_card("Retail", [])
    hooks = await apps.create_app(SYSTEM, "routing")
    code = "export function main(data) { return data; }"
    await scripts.create_script(SYSTEM, hooks, "pick", code)
    listing = await ui.get("/class4/routes")
    assert f'<option value="{hooks.id}" >routing</option>' in listing.text
    assert '<option value="" selected>Reject: 503 ScriptForge failed (default)</option>' in (
        listing.text
    )
    assert '<option value="200 OK" >Carry on as routed (200 OK)</option>' in listing.text

    data = {
        "name": "UK",
        "customer": str(owner.id),
        "card": str(card.id),
        "strategy": "lcr",
        "enabled": "on",
        "script": "pick",
        "script_timeout_action": "200 OK",
    }
    no_app = await ui.submit("/class4/routes", "/class4/routes", data)
    assert no_app.status_code == 422
    assert 'id="f-script_app-error">the app of the script<' in no_app.text
    assert 'id="f-script" name="script" value="pick"' in no_app.text, "the input is kept"
    assert '<option value="200 OK" selected>' in no_app.text
    missing = await ui.submit(
        "/class4/routes", "/class4/routes", {**data, "script_app": str(hooks.id), "script": "gone"}
    )
    assert missing.status_code == 422
    assert f'id="f-script-error">no script &#39;gone&#39; in app {hooks.id}<' in missing.text
    assert f'<option value="{hooks.id}" selected>routing</option>' in missing.text
    assert not await Route.exists()

    made = await ui.submit(
        "/class4/routes", "/class4/routes", {**data, "script_app": str(hooks.id)}
    )
    assert made.status_code == 303, made.text
    rule = await Route.get(customer_id=owner.id)
    assert (rule.script_app_id, rule.script, rule.script_timeout_action) == (  # type: ignore[attr-defined]
        hooks.id,
        "pick",
        "200 OK",
    )
    edit = f"/class4/routes/{rule.id}"
    page = await ui.get(edit)
    assert f'<option value="{hooks.id}" selected>routing</option>' in page.text
    assert 'id="f-script" name="script" value="pick"' in page.text

    # An action set through the API is offered as it is, and kept.
    rule.script_timeout_action = "503 No Routes Available"
    await rule.save()
    custom = await ui.get(edit)
    assert (
        '<option value="503 No Routes Available" selected>503 No Routes Available</option>'
        in custom.text
    )
    cleared = {**data, "script_app": "", "script": "", "script_timeout_action": ""}
    assert (await ui.submit(edit, edit, cleared)).status_code == 303
    await rule.refresh_from_db()
    assert (rule.script_app_id, rule.script, rule.script_timeout_action) == (None, "", "")  # type: ignore[attr-defined]


async def test_exchange_rates_are_listed_and_added(ui: Ui, admin: Any) -> None:
    page = "/class4/exchange-rates"
    data = {"base": "eur", "quote": "usd", "rate": "1.08", "as_of": "2026-01-01T00:00Z"}
    assert (await ui.submit(page, page, data)).status_code == 303
    row = await ExchangeRate.get()
    assert (row.base, row.quote, str(row.rate.normalize())) == ("EUR", "USD", "1.08")
    assert "1 EUR = 1.08 USD" in (await ui.get(page)).text
    bad = await ui.submit(page, page, {"base": "EUR", "quote": "EUR", "rate": "1"})
    assert bad.status_code == 422 and "quote: must differ from the base currency" in bad.text
    assert await ExchangeRate.all().count() == 1


PAGES = ["/class4/carriers", "/class4/cards", "/class4/routes", "/class4/explain"]


async def test_a_read_only_user_sees_no_forms_and_cannot_post(
    ui: Ui, make_user: Any, client: httpx.AsyncClient
) -> None:
    provider = await support.provider("cheap", (("44", "0.010"),))
    owner = await support.customer("Acme")
    card = await support.customer_card(
        "Retail", [("44", "0.05", [support.offer(provider, "0.01")])]
    )
    rule = await support.rule(owner, card, name="UK")
    carrier = await Carrier.get(name="cheap")
    account = await make_user(Role.READONLY)
    assert (await ui.sign_in(account.username, account.password)).status_code == 303
    pages = [
        *PAGES,
        "/class4/exchange-rates",
        f"/class4/carriers/{carrier.id}",
        f"/class4/cards/{card.id}",
        f"/class4/cards/{provider.id}",
        f"/class4/routes/{rule.id}",
    ]
    for path in pages:
        page = await ui.get(path)
        assert page.status_code == 200, path
        forms = re.findall(r'method="post" action="([^"]*)"', page.text)
        assert forms == ["http://testserver/logout"], (path, forms)
    token = await ui.token("/")
    audit = await AuditEntry.all().count()
    posts = {
        "/class4/carriers": {"name": "Sneaky"},
        f"/class4/carriers/{carrier.id}": {"name": "Renamed"},
        "/class4/cards": {"name": "Sneaky", "kind": "customer"},
        f"/class4/cards/{card.id}/build": {},
        f"/class4/cards/{card.id}/profit-rules": {"value": "1"},
        "/class4/routes": {"name": "Sneaky", "customer": str(owner.id), "card": str(card.id)},
        f"/class4/routes/{rule.id}/delete": {},
        "/class4/exchange-rates": {"base": "EUR", "quote": "USD", "rate": "1"},
    }
    for path, data in posts.items():
        refused = await ui.post(path, data, csrf=token)
        assert refused.status_code == 403, path
    assert await AuditEntry.all().count() == audit
    assert await Carrier.all().count() == 1 and await Route.all().count() == 1
    assert not await Customer.filter(name="Sneaky").exists()


async def test_rows_are_paginated_and_htmx_gets_only_the_fragments(ui: Ui, admin: Any) -> None:
    card = await _provider(ui)
    many = "prefix,name,rate\n" + "".join(f"{440 + i},Zone {i},0.01\n" for i in range(30))
    assert (await _upload(ui, card, many)).status_code == 200
    page = await ui.get(f"/class4/cards/{card.id}")
    assert "1\u201325 of 30" in page.text and "offset=25" in page.text
    second = await ui.get(f"/class4/cards/{card.id}?offset=25")
    assert "26\u201330 of 30" in second.text and "<td>469</td>" in second.text

    htmx = {"HX-Request": "true"}
    rows = await ui.get(f"/class4/cards/{card.id}?prefix=46", headers=htmx)
    assert (
        "<html" not in rows.text and "<td>469</td>" in rows.text and "1\u201310 of 10" in rows.text
    )
    for path in ["/class4/carriers?q=Tel", "/class4/cards?kind=provider", "/class4/routes"]:
        fragment = await ui.get(path, headers=htmx)
        assert fragment.status_code == 200 and "<html" not in fragment.text, path
    carriers = await ui.get("/class4/carriers?q=Tel", headers=htmx)
    assert ">Tel1</a>" in carriers.text

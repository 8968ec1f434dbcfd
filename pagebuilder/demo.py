"""Demo pages: a call-back form and a dashboard in support-desk, a customer-portal page of
each customer's own tickets (offered to Acme Telecom), a public opt-out page for the DNC
list in dnc-manager. Each step adds only what is missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pagebuilder import pages
from pagebuilder.models import Page, PageAccess
from runtime.auth.principal import SYSTEM
from runtime.models import App

REASONS = [
    {"value": v, "label": label}
    for v, label in (
        ("billing", "Billing"),
        ("fault", "A fault on my line"),
        ("porting", "Moving my numbers"),
        ("other", "Something else"),
    )
]

CALLBACK_FORM: dict[str, Any] = {
    "title": "Request a call-back",
    "form": {
        "label_position": "top",
        "submit": {
            "type": "dataset",
            "dataset": "callbacks",
            "message": "Thank you: a support engineer will call you back.",
        },
        "events": {"mounted": "welcome"},
    },
    "components": [
        {
            "type": "grid",
            "id": "grid_caller01",
            "slots": [
                {
                    "span": 12,
                    "children": [
                        {
                            "type": "input",
                            "id": "name",
                            "name": "Your name",
                            "rules": {"required": True, "max_length": 80},
                        }
                    ],
                },
                {
                    "span": 12,
                    "children": [
                        {
                            "type": "input",
                            "id": "phone",
                            "name": "Phone number",
                            "attributes": {"placeholder": "+441234567890"},
                            "rules": {"required": True, "type": "phone"},
                        }
                    ],
                },
            ],
        },
        {
            "type": "select",
            "id": "reason",
            "name": "What is it about?",
            "options": {"source": "static", "items": REASONS},
            "rules": {"required": True},
            "events": {"onChange": "reasonChanged"},
        },
        {
            "type": "textarea",
            "id": "notes",
            "name": "Tell us more",
            "hidden": True,
            "attributes": {"rows": 3, "max_length": 500},
        },
        {"type": "date", "id": "preferred_date", "name": "Preferred day"},
        {"type": "switch", "id": "urgent", "name": "Urgent"},
        {
            "type": "button",
            "id": "button_submit01",
            "name": "Request call-back",
            "attributes": {"role": "submit", "kind": "primary"},
        },
        {
            "type": "button",
            "id": "button_greet001",
            "name": "Preview the greeting",
            "events": {"onClick": "greet"},
        },
        {
            "type": "dialog",
            "id": "dialog_greeting",
            "attributes": {"title": "What we will say", "show_cancel": False},
            "children": [
                {"type": "text", "id": "text_greeting1", "name": "Greeting", "binding": False}
            ],
        },
    ],
    "actions": [
        {"name": "welcome", "body": "this.setData({ urgent: false });"},
        {
            "name": "reasonChanged",
            "body": "const [value] = args;\n"
            "if (value === 'other') this.show('notes'); else this.hide('notes');",
        },
        {
            "name": "greet",
            "body": "const { name, phone } = this.getValues();\n"
            "const reply = await this.scriptForge('callback', { name, phone });\n"
            "this.$('dialog_greeting.text_greeting1').setValue(reply.message);\n"
            "this.getComponent('dialog_greeting').open();",
        },
    ],
    "grants": {"scripts": ["callback"]},
}

DASHBOARD: dict[str, Any] = {
    "title": "Call-backs",
    "data_sources": [
        {
            "name": "callbacks",
            "type": "database",
            "dataset": "callbacks",
            "operation": "list",
            "auto_load": True,
        },
        {"name": "by_reason", "type": "query", "query": "callbacks by reason", "auto_load": True},
    ],
    "components": [
        {
            "type": "chart",
            "id": "echarts_reasons",
            "name": "Requests by reason",
            "data_source": "by_reason",
            "attributes": {
                "type": "bar",
                "title": "Requests by reason",
                "height": "280px",
                "series": [{"name": "Requests", "encode_x": "reason", "encode_y": "requests"}],
            },
        },
        {
            "type": "data_grid",
            "id": "aggrid_callback",
            "name": "Requests",
            "data_source": "callbacks",
            "attributes": {
                "row_selection": "multiple",
                "page_size": 25,
                "server_side": True,
                "columns": [
                    {"field": "name", "title": "Name"},
                    {"field": "phone", "title": "Phone"},
                    {"field": "reason", "title": "Reason"},
                    {"field": "preferred_date", "title": "Preferred day", "format": "date"},
                    {"field": "created_at", "title": "Asked", "format": "datetime"},
                ],
            },
        },
    ],
}

OPT_OUT: dict[str, Any] = {
    "title": "Stop calls to my number",
    "form": {
        "label_position": "top",
        "submit": {
            "type": "dataset",
            "dataset": "dnc",
            "columns": {"phone": "key"},
            "message": "Done: your number is on our do-not-call list.",
        },
    },
    "components": [
        {
            "type": "alert",
            "id": "alert_optout01",
            "name": "We will not call a number on this list again.",
            "attributes": {"kind": "info"},
        },
        {
            "type": "input",
            "id": "phone",
            "name": "Your phone number",
            "attributes": {"placeholder": "+441234567890"},
            "rules": {"required": True, "type": "phone"},
        },
        {
            "type": "button",
            "id": "button_optout01",
            "name": "Add my number",
            "attributes": {"role": "submit", "kind": "danger"},
        },
    ],
}


async def _support_desk(say: Callable[[str], None]) -> None:
    from querybuilder import datasets, queries
    from querybuilder.models import Dataset, SavedQuery

    app = await App.get_or_none(name="support-desk")
    if app is None:
        return
    if not await Dataset.exists(app_id=app.id, name="callbacks"):
        await datasets.create_dataset(
            SYSTEM,
            app,
            "callbacks",
            columns=[
                {"name": "name", "type": "string", "nullable": False},
                {"name": "phone", "type": "string", "nullable": False, "indexed": True},
                {"name": "reason", "type": "string"},
                {"name": "notes", "type": "text"},
                {"name": "preferred_date", "type": "date"},
                {"name": "urgent", "type": "boolean", "default": False},
                {"name": "status", "type": "string", "default": "new"},
            ],
            description="Call-back requests from the support page",
        )
        say("dataset support-desk/callbacks")
    if not await SavedQuery.exists(app_id=app.id, name="callbacks by reason"):
        await queries.create_query(
            SYSTEM,
            app,
            "callbacks by reason",
            spec={
                "from": "callbacks",
                "select": [{"column": "reason"}, {"aggregate": "count", "as": "requests"}],
                "group_by": ["reason"],
                "order_by": [{"column": "requests", "desc": True}],
            },
        )
        say("visual query support-desk/callbacks by reason")
    for name, document in (("index", CALLBACK_FORM), ("callbacks", DASHBOARD)):
        if not await Page.exists(app_id=app.id, name=name):
            await pages.create_page(SYSTEM, app, name, document=document)
            say(f"page /apps/support-desk/{name}")
    await _demo_buttons(app, say)


DEMO_BUTTONS: tuple[dict[str, Any], ...] = (
    {"label": "Call-backs", "icon": "☎", "area": "cp_nav", "page": "callbacks",
     "tooltip": "The support desk's call-back requests"},
    {"label": "New request", "area": "cp_page", "show_on": "callbacks", "page": "index",
     "colour": "secondary", "tooltip": "Open the call-back form"},
)  # fmt: skip


async def _demo_buttons(app: App, say: Callable[[str], None]) -> None:
    """Button Builder: the dashboard in the side navigation, and a way back to the form."""
    from pagebuilder.buttons import create_button
    from pagebuilder.models import Button

    for values in DEMO_BUTTONS:
        if not await Button.exists(app_id=app.id, label=values["label"]):
            await create_button(SYSTEM, app, values)
            say(f"button {app.name}/{values['label']} ({values['area']})")


MY_TICKETS: dict[str, Any] = {
    "title": "My tickets",
    "form": {
        "label_position": "top",
        "submit": {"type": "dataset", "dataset": "tickets", "message": "Ticket opened."},
    },
    "data_sources": [
        {"name": "tickets", "type": "database", "dataset": "tickets", "operation": "list",
         "auto_load": True},
    ],
    "components": [
        {"type": "data_grid", "id": "grid_tickets", "name": "Your tickets",
         "data_source": "tickets",
         "attributes": {"page_size": 10, "server_side": True, "columns": [
             {"field": "subject", "title": "Subject"},
             {"field": "priority", "title": "Priority"},
             {"field": "status", "title": "Status"},
             {"field": "created_at", "title": "Opened", "format": "datetime"},
         ]}},
        {"type": "input", "id": "subject", "name": "New ticket", "rules": {"required": True}},
        {"type": "select", "id": "priority", "name": "Priority", "options": {
            "source": "static",
            "items": [{"value": "normal", "label": "Normal"},
                      {"value": "urgent", "label": "Urgent"}],
        }},
        {"type": "button", "id": "button_open_ticket", "name": "Open ticket",
         "attributes": {"role": "submit"}},
    ],
}  # fmt: skip

DEMO_TICKETS = (
    ("Acme Telecom", "Calls to Spain drop after 30 s", "urgent", "open"),
    ("Acme Telecom", "Invoice for October", "normal", "closed"),
    ("Globex VoIP", "New DID range in Berlin", "normal", "open"),
)


async def _customer_tickets(say: Callable[[str], None]) -> None:
    """Per-customer data in the portal: each customer's users see their own tickets only."""
    from pagebuilder.buttons import create_button
    from pagebuilder.models import Button
    from querybuilder import datasets, rows
    from querybuilder.models import Dataset
    from runtime.models import AppAssignment, Customer
    from runtime.services import apps

    app = await App.get_or_none(name="support-desk")
    if app is None or await Dataset.exists(app_id=app.id, name="tickets"):
        return
    tickets = await datasets.create_dataset(
        SYSTEM,
        app,
        "tickets",
        columns=[
            {"name": "subject", "type": "string", "nullable": False},
            {"name": "priority", "type": "string", "default": "normal"},
            {"name": "status", "type": "string", "default": "open"},
        ],
        description="Customers' tickets; each customer's portal users see their own",
        per_customer=True,
    )
    owners = {c.name: c.id for c in await Customer.all()}
    for customer, subject, priority, status in DEMO_TICKETS:
        if customer in owners:
            values = {"subject": subject, "priority": priority, "status": status}
            await rows.insert_row(tickets, {**values, "customer_id": owners[customer]})
    say("per-customer dataset support-desk/tickets")
    if not await Page.exists(app_id=app.id, name="my-tickets"):
        await pages.create_page(
            SYSTEM, app, "my-tickets", document=MY_TICKETS, access=PageAccess.PORTAL
        )
        say("portal page /portal/apps/support-desk/my-tickets")
    acme = owners.get("Acme Telecom")
    if acme is not None and not await AppAssignment.exists(app_id=app.id, customer_id=acme):
        await apps.assign(SYSTEM, app, acme)
        say("support-desk offered to Acme Telecom in the customer portal")
    if not await Button.exists(app_id=app.id, label="My tickets"):
        await create_button(
            SYSTEM,
            app,
            {"label": "My tickets", "area": "portal_nav", "page": "my-tickets", "icon": "🎫"},
        )


async def _dnc_manager(say: Callable[[str], None]) -> None:
    app = await App.get_or_none(name="dnc-manager")
    if app is None or await Page.exists(app_id=app.id, name="opt-out"):
        return
    await pages.create_page(SYSTEM, app, "opt-out", document=OPT_OUT, access=PageAccess.PUBLIC)
    say("public page /apps/dnc-manager/opt-out")


async def seed(say: Callable[[str], None]) -> None:
    await _support_desk(say)
    await _customer_tickets(say)
    await _dnc_manager(say)

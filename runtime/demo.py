"""Demo content, so a newcomer sees a living platform at once.

``trunkline demo`` runs every step in :data:`DEMO_STEPS`; each is idempotent (it looks for
what it would create first). Feature packages append their own steps.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from runtime.auth.principal import SYSTEM
from runtime.models import App, Customer, CustomerStatus, CustomerUser
from runtime.services import apps, customers

Step = Callable[[Callable[[str], None]], Awaitable[None]]

DEMO_CUSTOMERS = (
    ("Acme Telecom", "USD", CustomerStatus.ACTIVE),
    ("Globex VoIP", "EUR", CustomerStatus.ACTIVE),
    ("Initech Call Centre", "GBP", CustomerStatus.SUSPENDED),
)

DEMO_APPS = (
    (
        "support-desk",
        "Support desk",
        "Ticket lookup and a call-back form for the support team; pages and scripts live here.",
    ),
    (
        "dnc-manager",
        "DNC manager",
        "Keeps the do-not-call list that routing checks before every outbound call.",
    ),
)


async def seed_customers(say: Callable[[str], None]) -> None:
    for name, currency, status in DEMO_CUSTOMERS:
        if not await Customer.exists(name=name):
            await customers.create_customer(SYSTEM, name, currency, status)
            say(f"customer {name} ({currency})")
    acme = await Customer.get(name="Acme Telecom")
    email = "noc@acme.example"
    if not await CustomerUser.exists(email=email):
        password = secrets.token_urlsafe(12)
        await customers.add_contact(SYSTEM, acme.id, email, password, "Acme NOC")
        say(f"customer-portal login {email} / {password}  (http://127.0.0.1:8000/portal)")


async def seed_apps(say: Callable[[str], None]) -> None:
    for name, title, description in DEMO_APPS:
        if not await App.exists(name=name):
            await apps.create_app(SYSTEM, name, title, description)
            say(f"app {name}")


DEMO_STEPS: list[Step] = [seed_customers, seed_apps]


DEMO_LISTING_DOCS = """# Support desk

Ticket lookup and a call-back form for the support team.

- Install it under a new name (support-desk is taken here)
- Answer its settings in the config step
- Bind a domain to serve its pages"""


async def seed_store(say: Callable[[str], None]) -> None:
    """The App Store lists the demo support desk (after the areas filled it), version 1.0.0."""
    from runtime import store
    from runtime.bundles import export_app
    from runtime.models import StoreListing

    app = await App.get_or_none(name="support-desk")
    if app is None or await StoreListing.exists(name="support-desk"):
        return
    bundle = await export_app(app, version="1.0.0")
    await store.list_upload(SYSTEM, bundle.to_zip(), docs=DEMO_LISTING_DOCS)
    say("App Store listing support-desk 1.0.0")


async def seed(say: Callable[[str], None]) -> None:
    from runtime.areas import installed_areas

    for step in [*DEMO_STEPS, *(s for area in installed_areas() for s in area.demo_steps)]:
        await step(say)
    await seed_store(say)  # last: the listing carries what the areas put in the app

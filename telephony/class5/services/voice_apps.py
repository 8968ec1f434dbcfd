"""Voice apps: a ConneXML document (or the URL of the first one) or a ScriptForge voice
script, reached from DIDs. Each has a webhook secret that signs its webhook requests: made
on create and shown once, then only replaced (``rotate_secret``), never read back."""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.models import App
from runtime.services import audit
from telephony.class5.destinations import Problems
from telephony.class5.models import DestinationType, VoiceApp, VoiceAppKind
from telephony.class5.services import base, fields
from telephony.connexml import parser
from telephony.connexml.nodes import Problem, Severity

HOST_PATTERN = re.compile(
    r"^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
MAX_HOSTS = 50
MAX_DOCUMENT = 1_048_576

DEFAULTS: dict[str, Any] = {
    "name": None,
    "customer": None,
    "kind": VoiceAppKind.CONNEXML.value,
    "document": "",
    "app": None,
    "script": "",
    "webhook_hosts": [],
}


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def current(app: VoiceApp) -> dict[str, Any]:
    return {
        "name": app.name,
        "customer": app.customer_id,  # type: ignore[attr-defined]
        "kind": VoiceAppKind(app.kind).value,
        "document": app.document,
        "app": app.app_id,  # type: ignore[attr-defined]
        "script": app.script,
        "webhook_hosts": list(app.webhook_hosts),
    }


def snapshot(app: VoiceApp) -> dict[str, Any]:
    """The audit log keeps the document's size, not its text; never the secret."""
    values = current(app)
    values["document"] = f"{len(app.document)} characters"
    return {"id": app.id, "uuid": str(app.uuid), **values}


def document_problems(document: str) -> list[Problem]:
    """The ConneXML errors of ``document`` (warnings do not stop saving it)."""
    return [p for p in parser.check(document) if p.severity is Severity.ERROR]


def check_hosts(problems: Problems, value: Any) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_HOSTS:
        problems.add("webhook_hosts", f"a list of at most {MAX_HOSTS} host names")
        return []
    hosts = []
    for i, host in enumerate(value):
        text = host.strip().lower().rstrip(".") if isinstance(host, str) else ""
        if text == "*":
            problems.add(
                f"webhook_hosts.{i}", "name the hosts ('*.example.com'); '*' would reach any host"
            )
        elif not HOST_PATTERN.match(text) or len(text) > 253:
            problems.add(
                f"webhook_hosts.{i}", "a host name such as api.example.com or *.example.com"
            )
        else:
            hosts.append(text)
    return sorted(set(hosts))


def host_allowed(hostname: str, patterns: list[str]) -> bool:
    from scriptforge.host import host_allowed as allowed

    return allowed(hostname, tuple(patterns))


async def check(
    problems: Problems, values: dict[str, Any], existing: VoiceApp | None
) -> dict[str, Any]:
    customer_id = await base.check_customer(problems, values.get("customer"), required=False)
    try:
        kind = VoiceAppKind(str(values.get("kind")))
    except ValueError:
        problems.add("kind", f"one of {', '.join(k.value for k in VoiceAppKind)}")
        kind = VoiceAppKind.CONNEXML
    hosts = check_hosts(problems, values.get("webhook_hosts"))
    columns: dict[str, Any] = {
        "name": fields.text(problems, values, "name", 100, required=True),
        "customer_id": customer_id,
        "kind": kind,
        "webhook_hosts": hosts,
        "document": "",
        "app_id": None,
        "script": "",
    }
    document = values.get("document") or ""
    if not isinstance(document, str):
        problems.add("document", "must be text")
        document = ""
    if kind is VoiceAppKind.CONNEXML:
        for name in ("app", "script"):
            if values.get(name):
                problems.add(name, "only voice-script apps run a script")
        if len(document) > MAX_DOCUMENT:
            problems.add("document", f"at most {MAX_DOCUMENT} characters")
        elif not document.strip():
            problems.add(
                "document", "a ConneXML document, or the URL the first document comes from"
            )
        elif document.strip().startswith(("http://", "https://")) and "<" not in document:
            url = urlsplit(document.strip())
            if not url.hostname:
                problems.add("document", "a URL with a host")
            elif not host_allowed(url.hostname, hosts):
                problems.add("document", f"{url.hostname} must be on webhook_hosts")
            document = document.strip()
        else:
            for found in document_problems(document):
                problems.add("document", str(found), line=found.line, column=found.column)
        columns["document"] = document
    else:
        if document.strip():
            problems.add("document", "only ConneXML apps have a document")
        columns["script"] = fields.text(problems, values, "script", 100, required=True)
        app_ref = values.get("app")
        app = None
        if app_ref in (None, ""):
            problems.add("app", "the Trunkline app whose script runs")
        elif isinstance(app_ref, int) and not isinstance(app_ref, bool):
            app = await App.get_or_none(id=app_ref)
        elif isinstance(app_ref, str):
            app = await App.get_or_none(name=app_ref)
        if app_ref not in (None, "") and app is None:
            problems.add("app", f"no app {app_ref!r}")
        if app is not None:
            columns["app_id"] = app.id
            from scriptforge.models import Script

            if columns["script"] and not await Script.exists(app_id=app.id, name=columns["script"]):
                problems.add("script", f"the app {app.name!r} has no script {columns['script']!r}")
    if existing is None:
        columns["webhook_secret"] = new_secret()
    return columns


async def clashes(columns: dict[str, Any], existing: VoiceApp | None) -> list[dict[str, str]]:
    return await base.name_clash(KIND, columns, existing)


KIND: base.Kind[VoiceApp] = base.Kind(
    model=VoiceApp,
    object_type="voice_app",
    label="voice app",
    defaults=DEFAULTS,
    check=check,
    current=current,
    snapshot=snapshot,
    clashes=clashes,
    reached_as=frozenset({DestinationType.CONNEXML_APP, DestinationType.VOICE_SCRIPT}),
    fixed=("customer", "kind"),
)


async def create_voice_app(actor: Principal, values: dict[str, Any]) -> VoiceApp:
    """Create an app with a fresh webhook secret (``app.webhook_secret``: show it once)."""
    return await base.create(actor, KIND, {**values})


async def rotate_secret(actor: Principal, app: VoiceApp) -> VoiceApp:
    """Replace the webhook secret; the old one stops signing at once."""
    app.webhook_secret = new_secret()
    async with in_transaction() as conn:
        await app.save(using_db=conn, update_fields=["webhook_secret", "updated_at"])
        await audit.record(
            actor,
            "voice_app.rotate_secret",
            "voice_app",
            app.id,
            app.name,
            using_db=conn,
        )
    return app

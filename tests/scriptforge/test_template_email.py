"""``cxSend.email({to, template, vars})``: the app's template rendered and sent to a real
SMTP server on localhost, from the ``template-email.js`` fixture."""

from __future__ import annotations

import email
from email import policy
from typing import Any

from pagebuilder import app_templates
from runtime.auth.principal import SYSTEM
from tests.scriptforge.conftest import Forge, Mailbox

WELCOME = {
    "subject": "Welcome {{name}} to {{plan}}",
    "html": "<h1>Hello {{name}}</h1>\n<ul>{{#each features}}<li>{{this}}</li>{{/each}}</ul>\n"
    "<p>Balance: {{currency balance}}</p><p>{{env.SUPPORT}}|{{env.TOKEN}}</p>",
    "sms": "Hi {{name}}, your {{plan}} plan is ready.",
}


async def test_template_email_reaches_the_smtp_server(
    forge: Forge, make_app: Any, smtp_server: Mailbox
) -> None:
    mailer = make_app(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    shop = await forge.app_named("shop")
    await forge.env("SUPPORT", "support@shop.example")
    await forge.env("TOKEN", "t0p-secret", private=True)
    await app_templates.create_template(SYSTEM, shop, "welcome", **WELCOME)
    script = await forge.fixture("template-email.js")
    data = {"to": "new@example.com", "name": "Ann <A&B>", "plan": "Gold", "balance": 12.5}

    assert await forge.result(script, data, application=mailer) == {"sent": True}

    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["new@example.com"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Welcome Ann <A&B> to Gold"  # plain text, not escaped
    html_part, text_part = message.get_body(("html",)), message.get_body(("plain",))
    assert html_part is not None and text_part is not None
    html = html_part.get_content()
    assert "<h1>Hello Ann &lt;A&amp;B&gt;</h1>" in html
    assert "<li>SIP trunks</li><li>Call recording</li>" in html
    assert "<p>Balance: £12.50</p>" in html
    assert "support@shop.example|" in html and "t0p-secret" not in html
    assert "Hi Ann <A&B>, your Gold plan is ready." in text_part.get_content()


SEND = """\
import { email } from 'cxSend'

export async function main(d) {
  try { return await email(d) } catch (e) { return { error: e.message } }
}
"""


async def test_subject_override_unknown_template_and_bad_vars(
    forge: Forge, make_app: Any, smtp_server: Mailbox
) -> None:
    mailer = make_app(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    shop = await forge.app_named("shop")
    await app_templates.create_template(
        SYSTEM, shop, "note", subject="From {{who}}", html="<p>{{who}}</p>"
    )
    script = await forge.script(SEND)

    sent = await forge.result(
        script,
        {"to": "a@example.com", "template": "note", "vars": {"who": "Bo"}, "subject": "Mine"},
        application=mailer,
    )
    assert sent == {"status": "OK", "to": ["a@example.com"]}
    [envelope] = smtp_server.messages
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Mine"
    assert message.get_content_type() == "text/html"  # no SMS text: no plain alternative
    assert message.get_content().strip() == "<p>Bo</p>"

    missing = await forge.result(
        script, {"to": "a@example.com", "template": "nope", "vars": {}}, application=mailer
    )
    assert "'nope'" in missing["error"]
    bad = await forge.result(
        script, {"to": "a@example.com", "template": "note", "vars": [1]}, application=mailer
    )
    assert "'note'" in bad["error"] and "object" in bad["error"]
    assert len(smtp_server.messages) == 1

"""Voicemail on simulated calls, on both databases: messages left in a SIP user's box (a WAV
under the storage root, a row, an e-mail with the WAV attached to a real local SMTP server),
then heard, saved and deleted from the inbox behind the PIN."""

from __future__ import annotations

import asyncio
import io
import wave
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from runtime.auth.principal import SYSTEM
from runtime.services import apps, customers
from telephony.calls.clock import VirtualClock
from telephony.calls.simulated import CallerScript, Media, SimulatedCallLeg, directory_resolver
from telephony.calls.transcript import Transcript
from telephony.class5.bridges import Bridges, Class5
from telephony.class5.models import MessageStatus, VoicemailBox, VoicemailMessage
from telephony.class5.services import sip_users, voicemail
from telephony.class5.voicemail_calls import Mailer, SmtpMailer
from telephony.connexml.interpreter import CallContext, run_document
from telephony.connexml.parser import parse

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PIN = "4321"


class MemoryMailer(Mailer):
    """Keeps what it is asked to send."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


# -- a small SMTP server -----------------------------------------------------------------------


@dataclass
class SmtpServer:
    port: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Enough of RFC 5321 for one client: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

        def reply(line: str) -> None:
            writer.write(f"{line}\r\n".encode())

        reply("220 localhost test SMTP")
        sender, recipients = "", list[str]()
        while line := (await reader.readline()).decode().rstrip("\r\n"):
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                reply("250 localhost")
            elif verb == "MAIL":
                sender, recipients = line.partition(":")[2].strip(), []
                reply("250 OK")
            elif verb == "RCPT":
                recipients.append(line.partition(":")[2].strip())
                reply("250 OK")
            elif verb == "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                await writer.drain()
                data = bytearray()
                while (chunk := await reader.readline()) not in (b".\r\n", b".\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.received.append({"from": sender, "to": recipients, "message": bytes(data)})
                reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                reply("250 OK")
            elif verb == "QUIT":
                reply("221 Bye")
                await writer.drain()
                break
            else:
                reply("502 Command not implemented")
            await writer.drain()
        writer.close()


@pytest.fixture
async def smtp() -> AsyncIterator[SmtpServer]:
    server = SmtpServer()
    listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    server.port = listening.sockets[0].getsockname()[1]
    try:
        yield server
    finally:
        listening.close()
        await listening.wait_closed()


def parsed(mail: dict[str, Any]) -> EmailMessage:
    message = BytesParser(policy=default).parsebytes(mail["message"])
    assert isinstance(message, EmailMessage)
    return message


# -- calls -------------------------------------------------------------------------------------


@dataclass
class Office:
    customer_id: int
    app_id: int
    storage: Path
    recordings: Path
    mailer: Mailer


@pytest.fixture
async def office(db: str, tmp_path: Path, smtp: SmtpServer) -> Office:
    acme = await customers.create_customer(SYSTEM, "Acme")
    app = await apps.create_app(SYSTEM, "pbx")
    from pagebuilder import app_templates

    await app_templates.create_template(
        SYSTEM,
        app,
        "voicemail",
        subject="Voicemail for {{box}} from {{caller}}",
        html="<p>{{seconds}} seconds from {{caller}}</p>",
        sms="New voicemail from {{caller}}, {{seconds}} s",
    )
    adam = await sip_users.create_sip_user(
        SYSTEM,
        {"customer": acme.id, "username": "adam", "password": "s3cret-sip-pass"},
        realm="pbx.test",
    )
    await voicemail.create_box(
        SYSTEM,
        {
            "name": "Adam",
            "customer": acme.id,
            "sip_user": adam.id,
            "mailbox": "101",
            "pin": PIN,
            "email": "adam@example.com",
            "email_template": "voicemail",
            "max_seconds": 60,
        },
    )
    (tmp_path / "recordings").mkdir()
    return Office(
        acme.id,
        app.id,
        tmp_path / "storage",
        tmp_path / "recordings",
        SmtpMailer("127.0.0.1", smtp.port, sender="pbx@example.com"),
    )


async def call(
    office: Office, xml: str, caller: CallerScript, variables: Mapping[str, str]
) -> Transcript:
    clock = VirtualClock(START)
    leg = SimulatedCallLeg(
        clock,
        caller=caller,
        media=Media(directory_resolver(office.storage)),
        recordings=office.recordings,
        variables=variables,
    )
    class5 = Class5(
        Bridges(clock),
        customer_id=office.customer_id,
        mailer=office.mailer,
        storage=office.storage,
        app_id=office.app_id,
    )
    context = CallContext(transcript=leg.transcript, class5=class5)
    await clock.run(run_document(parse(xml), leg, call=context))
    return leg.transcript


def voicemail_events(transcript: Transcript) -> list[tuple[str, Any]]:
    return [(e["action"], e.get("message")) for e in transcript if e["event"] == "voicemail"]


LEAVE = '<Response><Dial><Voicemail user="adam"/></Dial></Response>'
INBOX = '<Response><Dial><Voicemail inbox="true" user="adam"/></Dial></Response>'


async def test_leave_then_listen_save_and_delete_with_the_pin(
    office: Office, smtp: SmtpServer
) -> None:
    first = await call(
        office,
        LEAVE,
        CallerScript(takes=CallerScript.parse(takes="8#").takes),
        {"From": "+1555001"},
    )
    assert first.brief() == [
        "answer",
        "say:The person at extension 101 is not available. Please leave a message after the tone.",
        "record:8.0",
        "voicemail",
        "voicemail",
        "say:Your message has been recorded. Goodbye.",
        "hangup:normal_clearing",
    ]
    second = await call(office, LEAVE, CallerScript.parse(takes="3"), {"From": "+1555002"})
    box = await VoicemailBox.get(mailbox="101")
    messages = await VoicemailMessage.filter(box_id=box.id).order_by("id")
    assert [(m.caller, m.seconds, m.status) for m in messages] == [
        ("+1555001", 8.0, MessageStatus.NEW),
        ("+1555002", 3.0, MessageStatus.NEW),
    ]
    assert voicemail_events(first) == [("left", messages[0].id), ("email", None)]
    assert voicemail_events(second) == [("left", messages[1].id), ("email", None)]
    for message in messages:
        with wave.open(str(office.storage / message.path), "rb") as audio:
            assert audio.getnframes() == round(message.seconds * 8000)

    # The notifications, as the SMTP server received them: the template, the WAV attached.
    assert len(smtp.received) == 2
    mail = parsed(smtp.received[0])
    assert smtp.received[0]["to"] == ["<adam@example.com>"]
    assert mail["To"] == "adam@example.com" and mail["From"] == "pbx@example.com"
    assert mail["Subject"] == "Voicemail for Adam from +1555001"
    body = mail.get_body(("plain",))
    assert body is not None and body.get_content().strip() == "New voicemail from +1555001, 8 s"
    html = mail.get_body(("html",))
    assert html is not None and "8 seconds from +1555001" in html.get_content()
    (attachment,) = mail.iter_attachments()
    assert attachment.get_content_type() == "audio/wav"
    assert attachment.get_filename() == f"voicemail-{messages[0].id}.wav"
    wav = attachment.get_content()
    assert wav == (office.storage / messages[0].path).read_bytes()
    with wave.open(io.BytesIO(wav), "rb") as audio:
        assert audio.getnframes() / audio.getframerate() == 8.0

    # Adam calls his inbox: a wrong PIN first, then hears, saves, hears, deletes, exits.
    inbox = await call(
        office, INBOX, CallerScript.parse("1111#,4321#,1,9,1,7,1,#"), {"From": "+1555101"}
    )
    first_id, second_id = messages[0].id, messages[1].id
    assert voicemail_events(inbox) == [
        ("wrong_pin", None),
        ("login", None),
        ("count", None),
        ("play", first_id),
        ("save", first_id),
        ("play", second_id),
        ("delete", second_id),
        ("exit", None),
    ]
    said = [e["text"] for e in inbox if e["event"] == "say"]
    assert "That PIN is not correct." in said
    assert "You have 2 new and 0 saved messages." in said
    assert "There are no more messages." in said
    played = [e["source"] for e in inbox if e["event"] == "play"]
    assert played == [messages[0].path, messages[1].path]
    assert not [e for e in inbox if e["event"] == "error"]

    left = await VoicemailMessage.filter(box_id=box.id)
    assert [(m.id, m.status) for m in left] == [(first_id, MessageStatus.SAVED)]
    assert not (office.storage / messages[1].path).exists()


async def test_three_wrong_pins_end_the_inbox(office: Office) -> None:
    inbox = await call(office, INBOX, CallerScript.parse("1#,22#,333#"), {"From": "+1555101"})
    assert voicemail_events(inbox) == [("wrong_pin", None)] * 3
    assert inbox.brief()[-2:] == ["say:Goodbye.", "hangup:normal_clearing"]


async def test_an_unknown_mailbox_is_said_so(office: Office) -> None:
    transcript = await call(
        office, '<Response><Dial><Voicemail user="zed"/></Dial></Response>', CallerScript(), {}
    )
    assert voicemail_events(transcript) == [("not_found", None)]
    assert "say:That mailbox is not available." in transcript.brief()


async def test_a_box_without_template_gets_the_built_in_text_and_a_full_box_refuses(
    office: Office,
) -> None:
    box = await VoicemailBox.get(mailbox="101")
    box.email_template, box.max_messages = "", 1
    await box.save()
    mailer = office.mailer = MemoryMailer()
    condition = (
        '<Response><Condition field="From" expression="^\\+1555"><Voicemail user="101"/>'
        "</Condition></Response>"
    )
    first = await call(office, condition, CallerScript.parse(takes="4"), {"From": "+1555003"})
    assert voicemail_events(first)[1] == ("email", None)
    (mail,) = mailer.sent
    assert mail["Subject"] == "New voicemail from +1555003 (4 seconds)"
    body = mail.get_body(("plain",))
    assert body is not None and "You have a new voicemail in box Adam (101)" in body.get_content()
    (attachment,) = mail.iter_attachments()
    assert attachment.get_content_type() == "audio/wav"

    full = await call(office, LEAVE, CallerScript.parse(takes="4"), {"From": "+1555004"})
    assert voicemail_events(full) == [("full", None)]
    assert "say:The mailbox is full. Goodbye." in full.brief()
    assert await VoicemailMessage.filter(box_id=box.id).count() == 1

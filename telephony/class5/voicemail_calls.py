"""Voicemail on a call: leave a message in a box, or listen to a box's messages with its PIN.

Both flows drive a :class:`~telephony.calls.leg.CallLeg` and report through an ``emit``
callable (``voicemail`` transcript events: box, action). They need the customer's database
rows, so they run only with ``Class5.customer_id`` and a storage root.

*Leave*: the box's greeting (or a spoken one), a beep, up to ``max_seconds`` of recording
(``#`` ends it), stored as ``voicemail/<box id>/<uuid>.wav`` under the storage root and as a
:class:`~telephony.class5.models.VoicemailMessage` row; then an e-mail to the box's address
with the WAV attached, rendered from the app template the box names (variables ``box``,
``mailbox``, ``caller``, ``caller_name``, ``seconds``, ``received``, ``message_id``) or from
the built-in text.

*Inbox*: the PIN (three tries), the number of new and saved messages, then a menu —
1 plays the next message (new ones first, oldest first), 7 deletes it, 9 saves it, # ends.

An e-mail goes through a :class:`Mailer`: :class:`SmtpMailer` for a real server,
or a test's own when it only needs to see what was sent.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import uuid
import wave
from abc import ABC, abstractmethod
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tortoise.expressions import Q

from telephony.calls.leg import CallLeg, Collected
from telephony.class5.models import MessageStatus, VoicemailBox, VoicemailMessage

if TYPE_CHECKING:
    from runtime.settings import Settings
    from telephony.class5.bridges import Class5

__all__ = [
    "Mailer",
    "SmtpMailer",
    "find_box",
    "inbox",
    "leave_message",
    "notification",
]

log = logging.getLogger(__name__)

Emit = Callable[..., None]

KEYS = "0123456789*#"
PIN_TRIES = 3
MENU_IDLE = 3
GREETING = (
    "The person at extension {mailbox} is not available. Please leave a message after the tone."
)
MENU = "Press 1 to hear the next message, 7 to delete it, 9 to save it, or pound to exit."
SUBJECT = "New voicemail from {caller} ({seconds} seconds)"
BODY = (
    "You have a new voicemail in box {box} ({mailbox}).\n\n"
    "From: {caller} {caller_name}\nReceived: {received}\nLength: {seconds} seconds\n\n"
    "The recording is attached.\n"
)


# -- mail --------------------------------------------------------------------------------------


class Mailer(ABC):
    """Sends one e-mail (:class:`SmtpMailer`; tests keep what was sent)."""

    sender: str = "trunkline@localhost"

    @abstractmethod
    async def send(self, message: EmailMessage) -> None: ...


class SmtpMailer(Mailer):
    def __init__(
        self,
        host: str,
        port: int = 25,
        *,
        sender: str = "trunkline@localhost",
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout: float = 10.0,
    ) -> None:
        if not host:
            raise ValueError("an SMTP mailer needs a host")
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls = username, password, starttls
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer | None:
        """The platform's mailer (``TRUNKLINE_SMTP_*``); None when e-mail is off."""
        if not settings.smtp_host:
            return None
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            sender=settings.smtp_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )

    async def send(self, message: EmailMessage) -> None:
        from runtime.mail import deliver

        await deliver(
            message,
            host=self.host,
            port=self.port,
            username=self.username,
            password=self.password,
            starttls=self.starttls,
            time_limit=self.timeout,
        )


async def notification(
    class5: Class5, box: VoicemailBox, message: VoicemailMessage, audio: bytes, sender: str
) -> EmailMessage:
    """The e-mail telling ``box.email`` about ``message``, with the recording attached."""
    variables: dict[str, Any] = {
        "box": box.name,
        "mailbox": box.mailbox,
        "caller": message.caller or "an unknown caller",
        "caller_name": message.caller_name,
        "seconds": round(message.seconds),
        "received": message.created_at.isoformat() if message.created_at else "",
        "message_id": message.id,
    }
    subject, text, html = SUBJECT.format(**variables), BODY.format(**variables), ""
    if box.email_template and class5.app_id is not None:
        from pagebuilder.app_templates import render_for_app
        from runtime.errors import TrunklineError

        try:
            rendered = await render_for_app(class5.app_id, box.email_template, variables)
        except TrunklineError as exc:  # a missing or broken template: the built-in text
            log.warning("voicemail template %r: %s", box.email_template, exc.message)
        else:
            subject = " ".join(rendered["subject"].split()) or subject
            html = rendered["html"]
            text = rendered["sms"] or text
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = box.email
    mail["Subject"] = subject
    mail.set_content(text)
    if html:
        mail.add_alternative(html, subtype="html")
    mail.add_attachment(
        audio, maintype="audio", subtype="wav", filename=f"voicemail-{message.id}.wav"
    )
    return mail


# -- finding a box -----------------------------------------------------------------------------


async def find_box(customer_id: int, user: str) -> VoicemailBox | None:
    """The customer's box of SIP user ``user`` (by username), or with mailbox/name ``user``."""
    return (
        await VoicemailBox.filter(customer_id=customer_id)
        .filter(Q(sip_user__username=user) | Q(mailbox=user) | Q(name=user))
        .order_by("id")
        .first()
    )


# -- leaving a message -------------------------------------------------------------------------


def _store(storage: Path, recorded: str, seconds: float, relative: str) -> bytes:
    target = storage / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    source = Path(recorded) if recorded else None
    if source is not None and source.is_file():
        shutil.copyfile(source, target)
    else:  # the leg kept no audio (a simulated leg without a recordings directory)
        with wave.open(str(target), "wb") as audio:
            audio.setnchannels(1)
            audio.setsampwidth(2)
            audio.setframerate(8000)
            audio.writeframes(b"\0\0" * round(seconds * 8000))
    return target.read_bytes()


async def leave_message(
    leg: CallLeg, box: VoicemailBox, class5: Class5, storage: Path, emit: Emit
) -> VoicemailMessage | None:
    """Record a message for ``box``; the stored message, or None (box full, nothing said)."""
    event = {"box": box.mailbox}
    if await VoicemailMessage.filter(box_id=box.id).count() >= box.max_messages:
        emit("voicemail", **event, action="full")
        await leg.say("The mailbox is full. Goodbye.")
        return None
    if box.greeting:
        await leg.play(box.greeting)
    else:
        await leg.say(GREETING.format(mailbox=box.mailbox))
    recording = await leg.record(
        max_length=float(box.max_seconds), finish_on_key="#", play_beep=True, timeout=5.0
    )
    if recording.seconds <= 0:
        emit("voicemail", **event, action="empty")
        return None
    relative = f"voicemail/{box.id}/{uuid.uuid4().hex}.wav"
    audio = await asyncio.to_thread(
        _store, storage, recording.location, recording.seconds, relative
    )
    message = await VoicemailMessage.create(
        box_id=box.id,
        caller=leg.variables.get("From", ""),
        caller_name=leg.variables.get("CallerName", ""),
        path=relative,
        seconds=round(recording.seconds, 3),
    )
    emit("voicemail", **event, action="left", message=message.id, seconds=message.seconds)
    if box.email and class5.mailer is not None:
        mailer = class5.mailer
        try:
            mail = await notification(class5, box, message, audio, mailer.sender)
            await mailer.send(mail)
        except Exception as exc:  # a mail server down must not fail the call
            log.warning("voicemail e-mail to %s failed: %s", box.email, exc)
            emit("voicemail", **event, action="email_failed", error=str(exc))
        else:
            emit("voicemail", **event, action="email", to=box.email)
    if not leg.hung_up.is_set():
        await leg.say("Your message has been recorded. Goodbye.")
    return message


# -- the inbox ---------------------------------------------------------------------------------


async def _ask(leg: CallLeg, text: str, *, max_digits: int, finish: str) -> Collected:
    first = await leg.say(text, interrupt_digits=KEYS)
    return await leg.collect(
        min_digits=1, max_digits=max_digits, timeout=5.0, finish_on_key=finish, first_digit=first
    )


async def _login(leg: CallLeg, box: VoicemailBox, emit: Emit) -> bool:
    for attempt in range(1, PIN_TRIES + 1):
        got = await _ask(leg, "Please enter your PIN followed by pound.", max_digits=16, finish="#")
        if leg.hung_up.is_set():
            return False
        # argon2 is slow on purpose: off the loop (time stands still meanwhile).
        opened = False
        if got.digits:
            opened = await asyncio.to_thread(_verify, box, got.digits)
        if opened:
            emit("voicemail", box=box.mailbox, action="login")
            return True
        emit("voicemail", box=box.mailbox, action="wrong_pin", attempt=attempt)
        if attempt < PIN_TRIES:
            await leg.say("That PIN is not correct.")
    await leg.say("Goodbye.")
    return False


async def inbox(leg: CallLeg, box: VoicemailBox, class5: Class5, storage: Path, emit: Emit) -> None:
    """The mailbox menu of ``box``, behind its PIN."""
    if not await _login(leg, box, emit):
        return
    messages = sorted(
        await VoicemailMessage.filter(box_id=box.id).order_by("id"),
        key=lambda m: m.status != MessageStatus.NEW,
    )
    new = sum(1 for m in messages if m.status == MessageStatus.NEW)
    emit("voicemail", box=box.mailbox, action="count", new=new, saved=len(messages) - new)
    await leg.say(f"You have {new} new and {len(messages) - new} saved messages.")
    index, current, idle = -1, None, 0
    while not leg.hung_up.is_set():
        key = (await _ask(leg, MENU, max_digits=1, finish="")).digits
        if not key:
            idle += 1
            if idle >= MENU_IDLE:
                break
            continue
        idle = 0
        if key == "1":
            index += 1
            if index >= len(messages):
                index, current = len(messages), None
                await leg.say("There are no more messages.")
                continue
            current = messages[index]
            emit("voicemail", box=box.mailbox, action="play", message=current.id)
            await leg.say(f"Message {index + 1}, from {current.caller or 'an unknown caller'}.")
            await leg.play(current.path)
        elif key in "79" and current is None:
            await leg.say("Press 1 to hear a message first.")
        elif key == "7" and current is not None:
            await _delete(box, current, storage)
            emit("voicemail", box=box.mailbox, action="delete", message=current.id)
            messages.remove(current)
            index, current = index - 1, None
            await leg.say("Message deleted.")
        elif key == "9" and current is not None:
            current.status = MessageStatus.SAVED
            await current.save(update_fields=["status"])
            emit("voicemail", box=box.mailbox, action="save", message=current.id)
            await leg.say("Message saved.")
        elif key == "#":
            break
        else:
            await leg.say("That is not a valid choice.")
    emit("voicemail", box=box.mailbox, action="exit")
    await leg.say("Goodbye.")


def _verify(box: VoicemailBox, pin: str) -> bool:
    from telephony.class5.services.voicemail import verify_pin

    return bool(verify_pin(box, pin))


async def _delete(box: VoicemailBox, message: VoicemailMessage, storage: Path) -> None:
    from runtime.auth.principal import SYSTEM
    from telephony.class5.services.voicemail import delete_message

    await delete_message(SYSTEM, box, message.id, storage)

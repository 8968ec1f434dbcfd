"""Voicemail boxes (the PIN is write-only, kept as an argon2 hash) and their messages."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email
from tortoise.transactions import in_transaction

from runtime.auth.principal import Principal
from runtime.errors import NotFound
from runtime.security import passwords
from runtime.services import audit
from telephony.class5.destinations import Problems
from telephony.class5.models import DestinationType, VoicemailBox, VoicemailMessage
from telephony.class5.services import base, fields
from telephony.models import SipUser

MAILBOX = re.compile(r"^[0-9]{2,10}$")
BOX_PIN = re.compile(r"^[0-9]{4,16}$")


def current(box: VoicemailBox) -> dict[str, Any]:
    return {
        "name": box.name,
        "customer": box.customer_id,  # type: ignore[attr-defined]
        "sip_user": box.sip_user_id,  # type: ignore[attr-defined]
        "mailbox": box.mailbox,
        "email": box.email,
        "email_template": box.email_template,
        "greeting": box.greeting,
        "max_messages": box.max_messages,
        "max_seconds": box.max_seconds,
    }


def snapshot(box: VoicemailBox) -> dict[str, Any]:
    """Never the PIN, nor its hash."""
    return {"id": box.id, "uuid": str(box.uuid), **current(box)}


def verify_pin(box: VoicemailBox, pin: str) -> bool:
    """Whether ``pin`` opens the box (for the voicemail inbox flow)."""
    return passwords.verify_password(box.pin_hash, pin)


async def check(
    problems: Problems, values: dict[str, Any], existing: Any, *, pin: str | None = None
) -> dict[str, Any]:
    customer_id = await base.check_customer(problems, values.get("customer"))
    mailbox = values.get("mailbox")
    if not isinstance(mailbox, str) or not MAILBOX.match(mailbox):
        problems.add("mailbox", "2 to 10 digits")
    columns: dict[str, Any] = {
        "name": fields.text(problems, values, "name", 100, required=True),
        "customer_id": customer_id,
        "mailbox": mailbox,
        "email_template": fields.text(problems, values, "email_template", 100),
        "max_messages": fields.integer(problems, values, "max_messages", 1, 10_000),
        "max_seconds": fields.integer(problems, values, "max_seconds", 5, 3600),
        "sip_user_id": None,
    }
    email = fields.text(problems, values, "email", 254)
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            problems.add("email", str(exc))
    columns["email"] = email
    greeting = values.get("greeting") or ""
    columns["greeting"] = (
        await fields.audio_source(problems, greeting, "greeting", customer_id) if greeting else ""
    )
    ref = values.get("sip_user")
    if ref is not None and customer_id is not None:
        if isinstance(ref, int) and not isinstance(ref, bool):
            user = await SipUser.get_or_none(id=ref, customer_id=customer_id)
        elif isinstance(ref, str):
            user = await SipUser.get_or_none(username=ref, customer_id=customer_id)
        else:
            user = None
        if user is None:
            problems.add("sip_user", f"no SIP user {ref!r} of this customer")
        else:
            columns["sip_user_id"] = user.id
    if pin is None:
        if existing is None:
            problems.add("pin", "required")
    elif not BOX_PIN.match(pin):
        problems.add("pin", "4 to 16 digits")
    elif not problems:
        columns["pin_hash"] = passwords.hash_password(pin)
    return columns


async def clashes(columns: dict[str, Any], existing: Any) -> list[dict[str, str]]:
    qs = VoicemailBox.filter(customer_id=columns["customer_id"], mailbox=columns["mailbox"])
    if existing is not None:
        qs = qs.exclude(id=existing.id)
    found = []
    if await qs.exists():
        found.append({"path": "mailbox", "message": f"mailbox {columns['mailbox']} exists"})
    return found + await base.name_clash(KIND, columns, existing)


KIND: base.Kind[VoicemailBox] = base.Kind(
    model=VoicemailBox,
    object_type="voicemail_box",
    label="voicemail box",
    defaults={
        "name": None,
        "customer": None,
        "sip_user": None,
        "mailbox": None,
        "email": "",
        "email_template": "",
        "greeting": "",
        "max_messages": 100,
        "max_seconds": 120,
    },
    check=check,
    current=current,
    snapshot=snapshot,
    clashes=clashes,
    unique_field="mailbox",
    reached_as=frozenset({DestinationType.VOICEMAIL}),
)


async def create_box(actor: Principal, values: dict[str, Any]) -> VoicemailBox:
    values = dict(values)
    pin = values.pop("pin", None)
    return await base.create(actor, KIND, values, pin=pin)


async def update_box(actor: Principal, box: VoicemailBox, changes: dict[str, Any]) -> VoicemailBox:
    changes = dict(changes)
    pin = changes.pop("pin", None)
    return await base.update(actor, KIND, box, changes, pin=pin)


async def get_message(box: VoicemailBox, message_id: int) -> VoicemailMessage:
    message = await VoicemailMessage.get_or_none(id=message_id, box_id=box.id)
    if message is None:
        raise NotFound(f"No message {message_id} in voicemail box {box.name!r}")
    return message


async def delete_message(
    actor: Principal, box: VoicemailBox, message_id: int, data_dir: Path
) -> None:
    """Delete a message and its recording."""
    message = await get_message(box, message_id)
    before = {
        "id": message.id,
        "box": box.id,
        "caller": message.caller,
        "seconds": message.seconds,
        "status": message.status,
    }
    async with in_transaction() as conn:
        await message.delete(using_db=conn)
        await audit.record(
            actor,
            "voicemail_message.delete",
            "voicemail_message",
            message_id,
            f"{box.name}/{message_id}",
            before=before,
            using_db=conn,
        )
    await asyncio.to_thread(_remove_recording, data_dir, message.path)


def _remove_recording(data_dir: Path, relative: str) -> None:
    recording = (data_dir / relative).resolve()
    if recording.is_relative_to(data_dir.resolve()) and recording.is_file():
        recording.unlink()

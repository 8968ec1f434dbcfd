"""``<Transfer>``: hand the call to the destination in the text.

The destination is a SIP URI (``sip:...``), a number (digits, optional ``+``) or else a SIP
user/extension of the customer (``newExtension``), rung as a ``sip``, ``number`` or ``client``
target.

- **Blind** (``attended="false"``, the default): a ``transfer`` event (``kind`` blind), then
  the call is bridged to the destination and this document ends: when the bridge ends,
  whatever its outcome, the call hangs up (the caller was handed away; nothing after the
  Transfer runs).
- **Attended** (``attended="true"``): the destination is rung first and the caller is put
  through only once it answers (an IVR has no one to announce the call, so the answer is
  the announcement). On the simulated leg that is one ``bridge``: its ``dial`` event, then a
  ``transfer`` event (``kind`` attended, ``status``). Answered: the call ends with the
  bridge. Not answered (busy, no-answer, failed): the caller stays and the next verb runs,
  with ``DialCallStatus`` set.

``leg="b"`` (transfer the bridged party): there is no b leg while a document runs, so the
caller's leg is transferred, with a ``warning`` event. The ring time is
``RING_TIMEOUT`` seconds; the caller ID is the caller's own number.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from telephony.calls.leg import DialStatus, DialTarget
from telephony.connexml.run import runs
from telephony.connexml.verbs.transfer import Transfer

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

RING_TIMEOUT = 30.0
_NUMBER = re.compile(r"\+?[0-9*#]{1,32}")


def destination(text: str) -> DialTarget:
    """The party a transfer (or a refer) rings.

    >>> destination("sip:ops@pbx.example.com").kind, destination("+4420").kind
    ('sip', 'number')
    >>> destination("newExtension")
    DialTarget(kind='client', address='newExtension', options={})
    """
    address = text.strip()
    if address.lower().startswith(("sip:", "sips:")):
        return DialTarget("sip", address)
    if _NUMBER.fullmatch(address):
        return DialTarget("number", address)
    return DialTarget("client", address)


async def transfer(session: Session, target: DialTarget, kind: str, *, attended: bool) -> bool:
    """Ring ``target`` and bridge the caller; True if it answered. ``kind`` names the
    transfer in its event (blind, attended, refer)."""
    if not attended:
        session.emit("transfer", target=target.address, kind=kind, destination=target.kind)
    result = await session.leg.bridge(
        [target], timeout=RING_TIMEOUT, caller_id=session.variables.get("From", "")
    )
    status, duration = result.status.value, str(math.floor(result.duration))
    session.variables["DialCallStatus"] = status
    session.variables["DialCallDuration"] = duration
    if attended:
        session.emit(
            "transfer", target=target.address, kind=kind, destination=target.kind, status=status
        )
    return result.status is DialStatus.COMPLETED


@runs("Transfer")
async def run(node: Transfer, session: Session) -> None:
    if node.leg == "b":
        session.emit(
            "warning",
            message=f'Transfer leg="b" (line {node.line}): there is no b leg here; '
            "the caller is transferred",
        )
    target = destination(node.text)
    if not target.address:
        session.fail(f"Transfer at line {node.line} has no destination")
    kind = "attended" if node.attended else "blind"
    answered = await transfer(session, target, kind, attended=node.attended)
    if answered or not node.attended:
        await session.leg.hangup("normal_clearing")

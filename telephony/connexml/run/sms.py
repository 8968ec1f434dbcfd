"""``<Sms>`` (TwiML, deprecated there): send the text as an SMS while the call goes on.

``to`` defaults to the caller (``From``), ``from`` to the number called (``To``). Trunkline
has no SMS gateway behind the interpreter yet: the message is recorded as an ``sms`` event
(``to``, ``from``, ``body``) and the next verb runs at once; ``action``/``statusCallback``
are TwiML attributes the parser already warns about and drops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.sms import Sms

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Sms", answers=False)
async def run(node: Sms, session: Session) -> None:
    to = node.to or session.variables.get("From", "")
    sender = node.sender or session.variables.get("To", "")
    if not to:
        session.fail(f"Sms at line {node.line} has no 'to' and the call has no From")
    session.emit("sms", to=to, body=node.text, **{"from": sender})

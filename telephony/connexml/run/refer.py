"""``<Refer>`` (TwiML): transfer the caller to the nested ``<Sip>`` URI with a SIP REFER.

Like a blind transfer to a SIP URI: a ``transfer`` event with ``kind`` refer, and the
referred call (on the simulated leg, a bridge to the URI and its ``dial`` event). The
caller's side accepts the REFER (``ReferSipResponseCode`` 202) and reports the target's
answer (``NotifySipResponseCode``: 200 answered, 486 busy, 480 no answer, 503 failed);
``ReferCallStatus`` is the DialCallStatus of that call.

Answered: the call has left this document, which ends (hang-up); an ``action`` still
receives the outcome, and its reply is not run. Not answered: with an ``action``, the call
continues with its reply; without one, with the next verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.run.transfer import destination, transfer
from telephony.connexml.verbs.refer import Refer

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

#: ReferCallStatus -> the SIP code the target answered the INVITE with (NOTIFY's sipfrag).
NOTIFY_CODES = {
    "completed": "200",
    "busy": "486",
    "no-answer": "480",
    "failed": "503",
    "canceled": "487",
}


@runs("Refer")
async def run(node: Refer, session: Session) -> None:
    (sip,) = node.children  # the grammar allows exactly one Sip
    target = destination(session.resolve(sip).text)
    answered = await transfer(session, target, "refer", attended=False)
    status = session.variables["DialCallStatus"]
    if answered:
        await session.leg.hangup("normal_clearing")
    if node.action:
        params = {
            "ReferCallStatus": status,
            "ReferSipResponseCode": "202",
            "NotifySipResponseCode": NOTIFY_CODES[status],
        }
        await session.goto(node.action, node.method, params)

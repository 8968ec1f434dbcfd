"""``<Digit>``: send DTMF keys (``w``/``W`` wait half a second / a second)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.connexml.run import runs
from telephony.connexml.verbs.digit import Digit

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session


@runs("Digit")
async def run(node: Digit, session: Session) -> None:
    # dtmf_leg="b" means the bridged party; until Dial keeps its b leg around, the keys go
    # out on this leg, which is where a bridged call's in-band DTMF travels too.
    await session.leg.send_dtmf(node.text)

"""``<Conference>`` (and ``<Dial><Conference>``): join the room named in the text.

A room starts when a member with ``startConferenceOnEnter`` (the default) is in it; until
then members hear the ``waitUrl`` document or hold music. A member stays until it hangs up
or the conference ends, which it does when a member with ``endConferenceOnExit`` leaves;
the others then go on with their documents. ``muted`` members only listen. A full room
(``maxParticipants``, or the customer's ``ConferenceRoom.max_members``) is refused with a
spoken message; a room with a PIN asks for it (three tries). Each step is a ``conference``
event: room, action (join, start, leave, end, full, pin_failed) and the members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telephony.class5.bridges import DEFAULT_MUSIC, Class5, Member, Room, first_of
from telephony.connexml.run import runs
from telephony.connexml.run.enqueue import emit, hold, services, stop
from telephony.connexml.verbs.conference import Conference
from telephony.models import EXTENSION

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

FULL_TEXT = "The conference is full. Please try again later."
PIN_PROMPT = "Please enter the conference PIN followed by the pound key."
PIN_TRIES = 3


async def _room_limits(class5: Class5, name: str) -> tuple[int, str]:
    """The customer's ``ConferenceRoom`` limit (0: none) and PIN, by name or extension."""
    if class5.customer_id is None:
        return 0, ""
    from tortoise.expressions import Q

    from telephony.class5.models import ConferenceRoom

    # An extension is a short run of digits; a longer name is never one (and the column
    # refuses a value longer than it holds).
    by = Q(name=name) | Q(extension=name) if EXTENSION.fullmatch(name) else Q(name=name)
    row = await ConferenceRoom.filter(by, customer_id=class5.customer_id).first()
    return (row.max_members, row.pin) if row is not None else (0, "")


async def _pin_ok(session: Session, pin: str) -> bool:
    for _ in range(PIN_TRIES):
        first = await session.leg.say(PIN_PROMPT, interrupt_digits="0123456789")
        got = await session.leg.collect(min_digits=1, max_digits=16, timeout=5, first_digit=first)
        if got.digits:
            session.caller_acted()
        if got.digits == pin:
            return True
        if session.ended:
            return False
    return False


def _event(session: Session, room: Room, action: str, **fields: object) -> None:
    emit(session, "conference", room=room.name, action=action, members=room.names(), **fields)


async def join(node: Conference, session: Session) -> str:
    """Take part in the conference until it ends or the caller hangs up; the outcome
    (completed, full, failed)."""
    class5 = services(session, f"<Conference>{node.text}")
    bridges, clock, leg = class5.bridges, class5.bridges.clock, session.leg
    limit, pin = await _room_limits(class5, node.text)
    if pin and not await _pin_ok(session, pin):
        _event(session, bridges.room(node.text), "pin_failed")
        return "failed"
    room = bridges.room(node.text)
    most = min(node.max_participants, limit) if limit else node.max_participants
    if len(room.members) >= most:
        _event(session, room, "full", max=most)
        await leg.say(FULL_TEXT)
        return "full"
    member = Member(leg, muted=node.muted, end_on_exit=node.end_conference_on_exit)
    room.members.append(member)
    _event(session, room, "join", muted=member.muted)
    if node.start_conference_on_enter and not room.started.is_set():
        room.started.set()
        _event(session, room, "start")
    if not room.started.is_set():
        music = clock.spawn(
            hold(session, music=DEFAULT_MUSIC, wait_url=node.wait_url, wait_method=node.wait_method)
        )
        try:
            await first_of(clock, room.started, room.ended, leg.hung_up)
        finally:
            await stop(clock, music)
    await first_of(clock, room.ended, leg.hung_up)
    room.members.remove(member)
    _event(session, room, "leave")
    if not room.ended.is_set() and (member.end_on_exit or not room.members):
        room.ended.set()
        if member.end_on_exit:
            _event(session, room, "end")
    return "completed"


@runs("Conference")
async def run(node: Conference, session: Session) -> None:
    await join(node, session)

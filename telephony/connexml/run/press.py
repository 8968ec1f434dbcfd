"""``<Press>``: keys bound while the document runs, in named contexts (``<Enter>``).

``<Press digit="1" context="A">`` binds its children to the key sequence ``1`` in context
``A``; a Press without ``context`` is live in every context (a Press of the active context
with the same keys wins). ``<Enter>A</Enter>`` (:mod:`.enter`) makes ``A`` the active
context; until an Enter runs, the context of the first Press bound is active (FreeSWITCH's
``bind_digit_action`` realms, which ConnexCS contexts follow). Binding takes no time: the
document goes on at once. The bindings belong to the document: a fetched one (Redirect, an
action) starts with none.

When a bound key counts — the leg reports keys only to prompts that may be interrupted and to
digit collections, so bindings are built on those:

- **During a prompt**: a ``<Say>``, ``<Play>`` or ``<Pause>`` the document runs itself (also
  inside a Condition or a Press, not inside Gather) is interruptible by the first keys of the live
  bindings (``interrupt_digits``). A key cuts it short; the rest of a longer sequence (``#0``)
  is collected (``collect``: up to the longest binding, ``SEQUENCE_TIMEOUT`` between keys, no
  finish key) and the binding whose keys match exactly runs its children as verbs; then the
  document goes on after the interrupted prompt. Keys that match nothing are dropped with a
  ``warning`` event.
- **At the end of the document**: while the active context has bindings, the call does not
  hang up but waits ``END_WAIT`` seconds for keys (one collection, up to the longest binding,
  ``END_WAIT`` between keys too); a binding found runs and the wait starts again in the
  context that is active then (a menu made only of Press and Enter, like ConnexCS's
  ``Press.xml``, works). No key in time: the call hangs up as usual.
- **Not live**: inside ``<Gather>`` (its keys are the Gather's); during Dial (the caller's
  keys go to the bridged party, as on a real bridge; ``hangupOnStar`` is Dial's own key),
  Record (keys end the recording, its ``finishOnKey``), Echo (keys are echoed back),
  Transfer and Connect (the call has left the document).

The keys that trigger a binding show in the transcript as the leg's ``gather`` event.
``dtmf_leg="b"`` (the bridged party's keys): there is no b leg while the document runs, so
such a binding listens on the caller's leg, with a ``warning`` event when it is bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telephony.calls.leg import CollectEnd
from telephony.connexml.nodes import Node
from telephony.connexml.run import PROMPTS, RUNNERS, runs
from telephony.connexml.verbs.press import Press

if TYPE_CHECKING:
    from telephony.connexml.interpreter import Session

#: Seconds between the keys of a sequence such as ``#0`` (FreeSWITCH's digit-action default).
SEQUENCE_TIMEOUT = 1.5
#: Seconds the end of a document waits for a bound key before the call hangs up.
END_WAIT = 10.0


@dataclass
class Bindings:
    """The Press bindings of the running document and its active context."""

    context: str = ""
    #: (context, keys) -> the Press; context "" = every context.
    presses: dict[tuple[str, str], Press] = field(default_factory=dict)

    def bind(self, press: Press) -> None:
        self.presses[(press.context, press.digit)] = press
        if not self.context:
            self.context = press.context

    def live(self) -> dict[str, Press]:
        """Key sequence -> Press, for the active context."""
        found = {keys: p for (context, keys), p in self.presses.items() if not context}
        found.update(
            {keys: p for (context, keys), p in self.presses.items() if context == self.context}
        )
        return found

    async def prompt(self, node: Node, session: Session) -> None:
        """Run the prompt ``node`` cut short by a bound key, and that key's binding."""
        live = self.live()
        if not live:
            await RUNNERS[node.TAG].run(node, session)
            return
        first = await PROMPTS[node.TAG](node, session, "".join(sorted({k[0] for k in live})))
        if first:
            longest = max(len(k) for k in live if k.startswith(first))
            result = await session.leg.collect(
                min_digits=1,
                max_digits=longest,
                timeout=SEQUENCE_TIMEOUT,
                finish_on_key="",
                first_digit=first,
            )
            await self.pressed(result.digits, session)

    async def wait(self, session: Session) -> None:
        """The document has ended: wait for bound keys while the active context has some."""
        if self.live():
            await session.answer()
        while not session.ended and (live := self.live()):
            result = await session.leg.collect(
                min_digits=1,
                max_digits=max(len(k) for k in live),
                timeout=END_WAIT,
                finish_on_key="",
            )
            if not result.digits or result.reason is CollectEnd.HANGUP:
                return
            await self.pressed(result.digits, session)

    async def pressed(self, keys: str, session: Session) -> None:
        if not keys:
            return
        session.caller_acted()
        press = self.live().get(keys)
        if press is None:
            session.emit("warning", message=f"no Press for {keys!r} in context {self.context!r}")
            return
        await session.run_verbs(press.children)


def bindings(session: Session) -> Bindings:
    """The session's bindings, made on first use."""
    if session.bindings is None:
        session.bindings = Bindings()
    return session.bindings


@runs("Press", answers=False)
async def run(node: Press, session: Session) -> None:
    if node.dtmf_leg == "b":
        session.emit(
            "warning",
            message=f'Press digit={node.digit!r} dtmf_leg="b" (line {node.line}): there is no '
            "b leg here; the caller's keys are used",
        )
    bindings(session).bind(node)

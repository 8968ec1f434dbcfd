"""A call to a DID: pick its destination, turn it into ConneXML, run it on the leg.

Routing is a short pipeline: :func:`find_did` (enabled numbers only), :func:`choose` (the
first time-based alternative whose ``when`` holds at the call's time, else the main
destination), then :meth:`Router.document` makes the ConneXML of that destination and
:func:`run_did` runs it. Every destination type becomes a document the interpreter runs,
so a DID flow behaves exactly as a user's own document would:

=============  ==================================================================
connexml_app   the app's document; an app whose document is a URL redirects there
               (the first document comes from the webhook, signed with its secret)
ivr_menu       :func:`~telephony.class5.ivr_compile.compile_menu`
extension      ``<Dial><Client>username</Client></Dial>``; on busy/no answer the
               user's voicemail box, if they have one
group          simultaneous: one Dial of every member (the longest member timeout);
               sequential: one Dial per member with its own timeout, each after the
               first in a Condition on DialCallStatus, so the first to answer ends
               it; round robin: sequential from ``next_member``, which moves on by
               one per call; then the group's fallback (a Redirect)
queue          ``<Enqueue>name</Enqueue>``
conference     ``<Conference>name</Conference>``
voicemail      ``<Dial><Voicemail user="mailbox"/></Dial>``
external       ``<Dial><Number>+digits</Number></Dial>``
uri            ``<Dial><Sip>uri</Sip></Dial>``
voice_script   the voice-script runner registered with :func:`set_voice_script_runner`
=============  ==================================================================

Inside a compiled menu (and from a user's document), ``app:<type>/<id>`` names any Class 5
destination and ``app:<name>`` a ConneXML app; :meth:`Router.resolve` is the
:data:`~telephony.connexml.interpreter.TargetResolver` that serves them, limited to the
DID's customer (and system-wide apps). When the call enters a ConneXML app, that app's
webhook secret and host allow-list apply to the webhooks that follow.
``scriptforge:APP/SCRIPT[:FUNCTION]`` (or ``scriptforge:SCRIPT_ID[:FUNCTION]``) runs a
ScriptForge function with the call's parameters; the ConneXML it returns is the next
document (:func:`telephony.voice_scripts.function_document`, installed by the server).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from tortoise.expressions import Q

from runtime.errors import NotFound
from telephony.calls.leg import CallLeg
from telephony.class5.destinations import normalise_number
from telephony.class5.ivr_compile import compile_menu, destination_step
from telephony.class5.models import (
    CallQueue,
    ConferenceRoom,
    DestinationType,
    Did,
    GroupStrategy,
    IvrMenu,
    RingGroup,
    VoiceApp,
    VoiceAppKind,
    VoicemailBox,
)
from telephony.connexml.conditions import condition_matches
from telephony.connexml.interpreter import CallContext, NotSupported
from telephony.models import SipUser

__all__ = [
    "Routed",
    "Router",
    "VoiceScript",
    "VoiceScriptRunner",
    "choose",
    "find_did",
    "route",
    "run_did",
    "set_function_documents",
    "set_voice_script_runner",
]


@dataclass(frozen=True)
class VoiceScript:
    """A voice script to run: its JavaScript, and where it comes from."""

    code: str
    #: The script's name (a file name in the CLI).
    name: str
    #: The Trunkline app it belongs to (None: a file run by ``trunkline connexml simulate``).
    app_id: int | None = None


#: ``await runner(script, leg, call)`` runs a voice script on ``leg`` until the call ends.
#: The voice-script package registers it with :func:`set_voice_script_runner`.
VoiceScriptRunner = Callable[[VoiceScript, CallLeg, CallContext], Awaitable[None]]
_voice_script_runner: VoiceScriptRunner | None = None

#: Dial statuses after which a call goes on to the next step (voicemail, next member...).
_UNANSWERED = "^(busy|no-answer|failed)$"
_TYPED_TARGET = re.compile(r"^app:([a-z_]+)/(\S+)$")


def set_voice_script_runner(runner: VoiceScriptRunner | None) -> None:
    """Install (or remove, with None) what runs ``voice_script`` destinations."""
    global _voice_script_runner
    _voice_script_runner = runner


#: ``await documents("scriptforge:APP/SCRIPT:fn", params)`` -> the ConneXML a ScriptForge
#: function returns; the server installs it (it needs the app's sandbox pool).
FunctionDocuments = Callable[[str, Mapping[str, str]], Awaitable[str]]
_function_documents: FunctionDocuments | None = None


def set_function_documents(documents: FunctionDocuments | None) -> None:
    """Install (or remove, with None) what answers ``scriptforge:`` targets."""
    global _function_documents
    _function_documents = documents


def voice_script_runner() -> VoiceScriptRunner | None:
    """The installed runner; by default ScriptForge's, each script alone in a one-worker
    pool (the server installs one bound to its own app and pool)."""
    if _voice_script_runner is None:
        from telephony.voice_scripts import script_runner

        return script_runner()
    return _voice_script_runner


# -- the pipeline -------------------------------------------------------------------------


async def find_did(number: str) -> Did:
    """The enabled DID ``number`` (``+`` and punctuation ignored); :class:`NotFound` else."""
    did = await Did.get_or_none(number=normalise_number(number))
    if did is None:
        raise NotFound(f"No DID {number}")
    if not did.enabled:
        raise NotFound(f"The DID {did.number} is disabled")
    return did


def choose(did: Did, now: datetime, timezone: str = "UTC") -> dict[str, Any]:
    """The first alternative whose ``when`` holds at ``now`` (in its ``timezone``
    attribute's zone, else ``timezone``), else the DID's destination."""
    for alternative in did.alternatives or []:
        when = alternative.get("when") or {}
        dest = alternative.get("destination")
        if dest and condition_matches(when, {}, now, timezone):
            return dict(dest)
    return dict(did.destination)


# -- destinations as ConneXML -------------------------------------------------------------


@dataclass
class Router:
    """Makes the ConneXML of a customer's destinations for one call."""

    customer_id: int | None
    #: The call's context: entering an app sets its secret (and allow-list, see below).
    call: CallContext
    #: Keep the call's allow-list (the CLI's "any host") instead of each app's own.
    keep_allow: bool = False

    async def resolve(self, target: str, params: Mapping[str, str]) -> str:
        """The :data:`~telephony.connexml.interpreter.TargetResolver` for ``app:`` targets;
        ``LookupError`` when there is no such target for this customer."""
        typed = _TYPED_TARGET.match(target)
        if typed:
            try:
                kind = DestinationType(typed.group(1))
            except ValueError:
                raise LookupError(f"no destination type {typed.group(1)!r}") from None
            ref = typed.group(2)
            if kind in (DestinationType.EXTERNAL, DestinationType.URI):
                dest: dict[str, Any] = {"type": kind.value, "target": ref}
            elif ref.isdigit():
                dest = {"type": kind.value, "target": int(ref)}
            else:
                raise LookupError(f"{target}: a {kind.value} is named by its id")
            if kind is DestinationType.VOICE_SCRIPT:
                raise NotSupported(
                    f"{target}: a voice script can only be a DID's destination, not a "
                    "step of a ConneXML document (yet)"
                )
            return await self.document(dest)
        if target.startswith("app:"):
            app = await self._app_by_name(target[4:])
            return self._enter_app(app)
        if target.startswith("scriptforge:"):
            if _function_documents is None:
                raise LookupError("ScriptForge functions answer only on a running server")
            return await _function_documents(target, params)
        raise LookupError(f"{target} is not an internal target of a DID")

    async def document(self, destination: Mapping[str, Any]) -> str:
        """The whole ConneXML document of ``destination`` (``{"type", "target"}``)."""
        kind = DestinationType(destination["type"])
        target = destination["target"]
        if kind in (DestinationType.EXTERNAL, DestinationType.URI):
            return f"<Response><Dial>{self._dial_noun(destination)}</Dial></Response>"
        if kind is DestinationType.CONNEXML_APP:
            return self._enter_app(await self._get(VoiceApp, target, shared=True))
        if kind is DestinationType.VOICE_SCRIPT:
            raise NotSupported("a voice script runs through run_did, not as ConneXML")
        if kind is DestinationType.IVR_MENU:
            return await self.menu(await self._get(IvrMenu, target))
        if kind is DestinationType.EXTENSION:
            return f"<Response>{await self._extension(target)}</Response>"
        if kind is DestinationType.GROUP:
            return f"<Response>{await self.group(await self._get(RingGroup, target))}</Response>"
        if kind is DestinationType.QUEUE:
            queue = await self._get(CallQueue, target)
            return f"<Response><Enqueue>{escape(queue.name)}</Enqueue></Response>"
        if kind is DestinationType.CONFERENCE:
            room = await self._get(ConferenceRoom, target)
            limit = f' maxParticipants="{room.max_members}"' if 2 <= room.max_members <= 250 else ""
            return f"<Response><Conference{limit}>{escape(room.name)}</Conference></Response>"
        box = await self._get(VoicemailBox, target)  # DestinationType.VOICEMAIL
        return f"<Response>{_voicemail(box)}</Response>"

    async def voice_script(self, target: Any) -> VoiceScript:
        """The code of the voice app ``target`` (a ScriptForge script of a Trunkline app)."""
        from scriptforge.models import Script

        app = await self._get(VoiceApp, target, shared=True)
        script = await Script.filter(app_id=app.app_id, name=app.script).first()
        if app.kind != VoiceAppKind.SCRIPT or script is None:
            raise LookupError(f"the voice app {app.name!r} has no script {app.script!r}")
        return VoiceScript(script.code, f"{app.name}/{script.name}", script.app_id)  # type: ignore[attr-defined]

    async def menu(self, menu: IvrMenu) -> str:
        """The compiled menu, its options labelled with their targets' names."""
        labels = {digit: await self.label(dest) for digit, dest in (menu.options or {}).items()}
        if menu.fallback:
            labels["fallback"] = await self.label(menu.fallback)
        return compile_menu(menu, labels=labels)

    async def group(self, group: RingGroup) -> str:
        """The verbs that ring ``group`` by its strategy, then its fallback (or hang up).
        A round-robin group moves ``next_member`` on by one."""
        members = sorted(group.members or [], key=lambda m: m.get("sort_index", 0))
        nouns = [(await self._noun(m["destination"]), int(m["ring_timeout"])) for m in members]
        strategy = GroupStrategy(group.strategy)
        if strategy is GroupStrategy.ROUND_ROBIN and nouns:
            start = group.next_member % len(nouns)
            nouns = nouns[start:] + nouns[:start]
            group.next_member = (start + 1) % len(nouns)
            await RingGroup.filter(id=group.id).update(next_member=group.next_member)
        if strategy is GroupStrategy.SIMULTANEOUS:
            longest = max((t for _, t in nouns), default=20)
            steps = [f'<Dial timeout="{longest}">{"".join(n for n, _ in nouns)}</Dial>']
        else:
            steps = [f'<Dial timeout="{timeout}">{noun}</Dial>' for noun, timeout in nouns]
        if group.fallback:
            steps.append(destination_step(group.fallback))
        # Each step runs only while nobody has answered yet: once a bridged call is over,
        # DialCallStatus is "completed" and the rest is skipped (then the document ends).
        return steps[0] + "".join(
            f'<Condition field="DialCallStatus" expression="{_UNANSWERED}">{step}</Condition>'
            for step in steps[1:]
        )

    async def label(self, destination: Mapping[str, Any]) -> str:
        """``ring group 'Sales'``, ``number +15550001``: a destination as users read it."""
        kind = DestinationType(destination["type"])
        target = destination["target"]
        if kind is DestinationType.EXTERNAL:
            return f"number +{target}"
        if kind is DestinationType.URI:
            return f"SIP URI {target}"
        model: Any = {
            DestinationType.CONNEXML_APP: VoiceApp,
            DestinationType.VOICE_SCRIPT: VoiceApp,
            DestinationType.IVR_MENU: IvrMenu,
            DestinationType.EXTENSION: SipUser,
            DestinationType.GROUP: RingGroup,
            DestinationType.QUEUE: CallQueue,
            DestinationType.CONFERENCE: ConferenceRoom,
            DestinationType.VOICEMAIL: VoicemailBox,
        }[kind]
        found = await model.get_or_none(id=target)
        name = str(found) if found is not None else f"#{target} (missing)"
        return f"{kind.value.replace('_', ' ')} {name!r}"

    # -- pieces ---------------------------------------------------------------------------

    async def _get(self, model: Any, target: Any, *, shared: bool = False) -> Any:
        # Shared objects (ConneXML apps, voice scripts) may also be system-wide.
        system = Q(customer_id=None)
        if self.customer_id is None:
            if not shared:
                raise LookupError(
                    f"a DID without a customer cannot reach {model.__name__} {target}"
                )
            scope = system
        else:
            mine = Q(customer_id=self.customer_id)
            scope = mine | system if shared else mine
        found = await model.filter(scope, id=target).first()
        if found is None:
            raise LookupError(f"no {_label(model)} {target} for this customer")
        return found

    async def _app_by_name(self, name: str) -> VoiceApp:
        for customer_id in (self.customer_id, None) if self.customer_id else (None,):
            app = await VoiceApp.filter(
                customer_id=customer_id, name=name, kind=VoiceAppKind.CONNEXML
            ).first()
            if app is not None:
                return app
        raise LookupError(f"no ConneXML app {name!r}")

    def _enter_app(self, app: VoiceApp) -> str:
        if app.kind != VoiceAppKind.CONNEXML:
            raise NotSupported(f"the voice app {app.name!r} is a voice script, not ConneXML")
        self.call.secret = app.webhook_secret
        if not self.keep_allow:
            self.call.allow = list(app.webhook_hosts or [])
        document = app.document.strip()
        if document.startswith(("http://", "https://")):
            return f"<Response><Redirect>{escape(document)}</Redirect></Response>"
        return document

    async def _extension(self, target: Any) -> str:
        user = await self._get(SipUser, target)
        dial = f"<Dial><Client>{escape(user.username)}</Client></Dial>"
        box = await VoicemailBox.filter(sip_user_id=user.id).first()
        if box is None:
            return dial
        return (
            f'{dial}<Condition field="DialCallStatus" expression="{_UNANSWERED}">'
            f"{_voicemail(box)}</Condition>"
        )

    async def _noun(self, destination: Mapping[str, Any]) -> str:
        if destination["type"] == DestinationType.EXTENSION:
            user = await self._get(SipUser, destination["target"])
            return f"<Client>{escape(user.username)}</Client>"
        return self._dial_noun(destination)

    def _dial_noun(self, destination: Mapping[str, Any]) -> str:
        kind = DestinationType(destination["type"])
        if kind is DestinationType.EXTERNAL:
            return f"<Number>+{escape(str(destination['target']).lstrip('+'))}</Number>"
        if kind is DestinationType.URI:
            return f"<Sip>{escape(str(destination['target']))}</Sip>"
        raise LookupError(f"a ring group cannot ring a {kind.value}")


_LABELS = {
    VoiceApp: "voice app",
    IvrMenu: "IVR menu",
    SipUser: "SIP user",
    RingGroup: "ring group",
    CallQueue: "queue",
    ConferenceRoom: "conference room",
    VoicemailBox: "voicemail box",
}


def _label(model: Any) -> str:
    return _LABELS.get(model, model.__name__)


def _voicemail(box: VoicemailBox) -> str:
    return f"<Dial><Voicemail user={quoteattr(box.mailbox)}/></Dial>"


# -- running ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Routed:
    """Where one call to a DID goes."""

    did: Did
    destination: dict[str, Any]
    router: Router


async def route(
    number: str, call: CallContext, now: datetime, *, keep_allow: bool = False
) -> Routed:
    """Find the DID, choose its destination at ``now`` and set up the call's resolver."""
    did = await find_did(number)
    router = Router(did.customer_id, call, keep_allow)  # type: ignore[attr-defined]
    call.resolver = router.resolve
    return Routed(did, choose(did, now, call.timezone), router)


async def run_did(routed: Routed, leg: CallLeg, call: CallContext) -> None:
    """Run the chosen destination on ``leg`` until the call ends (always hung up after)."""
    from telephony.connexml.interpreter import run_document
    from telephony.connexml.nodes import ConneXMLError
    from telephony.connexml.parser import parse_cached

    dest = routed.destination
    try:
        if dest["type"] == DestinationType.VOICE_SCRIPT:
            script = await routed.router.voice_script(dest["target"])
            runner = voice_script_runner()
            if runner is None:
                raise NotSupported(f"voice scripts cannot run yet ({script.name!r})")
            await runner(script, leg, call)
            if not leg.hung_up.is_set():
                await leg.hangup("normal_clearing")
            return
        text = await routed.router.document(dest)
        document = parse_cached(text)
    except (LookupError, NotSupported, ConneXMLError) as exc:
        message = exc.message if isinstance(exc, NotSupported) else str(exc)
        _error(call, f"DID {routed.did.number}: {message}")
        if not leg.hung_up.is_set():
            await leg.hangup("normal_clearing")
        return
    await run_document(document, leg, call=call)


def _error(call: CallContext, message: str) -> None:
    if call.transcript is not None:
        call.transcript.emit("error", message=message)

"""Run a parsed ConneXML document on a :class:`~telephony.calls.leg.CallLeg`.

The session is only the loop: it runs the verbs of a document in order (every ``Before``
first, wherever it stands), fills ``{{var}}``/``${var}`` templates in from the call's
variables, and hands each verb to its runner in :mod:`telephony.connexml.run` (one module
per verb, registered by tag). A ``Redirect`` or an ``action`` fetches the next document
(:mod:`telephony.connexml.webhooks`, or an internal ``app:``/``scriptforge:`` target) and
the loop continues there; nothing after it in the old document runs.

>>> import asyncio
>>> from datetime import UTC, datetime
>>> from telephony.calls.clock import VirtualClock
>>> from telephony.calls.simulated import SimulatedCallLeg
>>> from telephony.connexml.parser import parse
>>> clock = VirtualClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
>>> leg = SimulatedCallLeg(clock)
>>> call = CallContext(variables={"From": "+15550001"}, transcript=leg.transcript)
>>> doc = parse("<Response><Say>Hi {{From}}</Say></Response>")
>>> asyncio.run(clock.run(run_document(doc, leg, call=call)))
>>> leg.transcript.brief()
['answer', 'say:Hi +15550001', 'hangup:normal_clearing']

What ends a call early, and how::

    TrunklineError
     └── InterpreterError      the call cannot go on: an ``error`` event, a short spoken
          │                    apology (``CallContext.error_text``), then hang-up
          ├── FetchFailed      a webhook or internal target failed (``kind``: timeout, http,
          │                    not_xml, not_allowed, network, not_found, no_resolver)
          ├── TooManyDocuments more than MAX_REDIRECTS documents fetched one after another
          │                    with no key from the caller in between
          └── NotSupported     a verb or noun this interpreter does not run (yet)

A fetched document that does not parse (:class:`~telephony.connexml.nodes.ConneXMLError`), a
templated value that turns out bad at call time, and a bad Condition value
(:class:`~telephony.connexml.conditions.ConditionError`) end the same way. A document that
simply runs out of verbs hangs up with ``normal_clearing``, as TwiML does.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urljoin, urlsplit

import httpx

from runtime.errors import TrunklineError
from telephony.calls.leg import CallLeg
from telephony.calls.transcript import Transcript
from telephony.connexml import run as runners
from telephony.connexml.conditions import ConditionError
from telephony.connexml.nodes import ConneXMLError, Node
from telephony.connexml.parser import Document, parse_cached
from telephony.connexml.variables import substitute
from telephony.connexml.webhooks import DEFAULT_TIMEOUT, MAX_REDIRECTS, WebhookError, fetch_document

if TYPE_CHECKING:
    from telephony.class5.bridges import Class5
    from telephony.connexml.run.press import Bindings

__all__ = [
    "CALL_PARAMETERS",
    "ERROR_TEXT",
    "CallContext",
    "FetchFailed",
    "InterpreterError",
    "NotSupported",
    "Session",
    "TargetResolver",
    "TooManyDocuments",
    "run_document",
]

log = logging.getLogger(__name__)

#: Call variables sent with every webhook request, when the call has them (Twilio's names).
CALL_PARAMETERS = (
    "CallSid",
    "AccountSid",
    "From",
    "To",
    "CallStatus",
    "Direction",
    "CallerName",
    "ForwardedFrom",
)
ERROR_TEXT = "We are sorry, an application error occurred."
#: URL schemes fetched through ``CallContext.resolver`` instead of HTTP.
INTERNAL_SCHEMES = frozenset({"app", "scriptforge"})

#: ``await resolver("app:sales", params)`` -> the ConneXML text of an internal target.
#: It raises :class:`FetchFailed` (or ``LookupError``) when the target does not exist.
TargetResolver = Callable[[str, Mapping[str, str]], Awaitable[str]]


class InterpreterError(TrunklineError):
    """A call that cannot go on; ``message`` goes into the transcript's ``error`` event."""

    code = "connexml_runtime"


class FetchFailed(InterpreterError):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message, {"kind": kind})
        self.kind = kind


class TooManyDocuments(InterpreterError):
    pass


class NotSupported(InterpreterError):
    pass


@dataclass
class CallContext:
    """What the platform knows about a call before its document runs."""

    #: Call variables: CallSid, AccountSid, From, To, Direction, CallStatus, Extension...
    variables: Mapping[str, str] = field(default_factory=dict)
    #: Where the first document came from; relative ``action``/``Redirect`` URLs resolve
    #: against it (and then against each fetched document's URL).
    url: str = ""
    #: The HTTP client for webhooks; None: one is made at the call's first webhook and
    #: closed when the call ends (a call that fetches nothing never builds one).
    client: httpx.AsyncClient | None = None
    #: The app's webhook secret (signs every request).
    secret: str = ""
    #: Webhook hosts the app may reach (fnmatch patterns); None: any host (the CLI simulator).
    allow: Sequence[str] | None = None
    #: IANA zone for a Condition without ``timezone``.
    timezone: str = "UTC"
    #: Fetches ``app:NAME`` and ``scriptforge:ID`` targets; None: they fail clearly.
    resolver: TargetResolver | None = None
    #: Where ``webhook``, ``set`` and ``error`` events go (the simulator's transcript).
    transcript: Transcript | None = None
    #: Seconds a webhook may take.
    webhook_timeout: float = DEFAULT_TIMEOUT
    #: What the caller hears when the application fails.
    error_text: str = ERROR_TEXT
    #: Where recordings are served (``<Record>``'s RecordingUrl: this + the file name,
    #: signed and expiring); empty: the leg's storage location, unsigned.
    recordings_url: str = ""
    #: Signs recording URLs; empty: ``secret``.
    recordings_secret: str = ""
    #: Seconds a recording URL stays valid.
    recordings_ttl: int = 3600
    #: Queues, conference rooms and voicemail of the customer (:mod:`telephony.class5.bridges`);
    #: None: those verbs and nouns fail clearly.
    class5: Class5 | None = None


class _Goto(Exception):  # control flow, not an error
    """Leave the running document for ``document`` (Redirect, an action's reply)."""

    def __init__(self, document: Document, url: str) -> None:
        super().__init__(url)
        self.document = document
        self.url = url


class Session:
    """The state of one call running ConneXML; what verb runners see."""

    def __init__(self, leg: CallLeg, call: CallContext) -> None:
        self.leg = leg
        self.call = call
        self._client = call.client
        self._own_client: httpx.AsyncClient | None = None
        #: The call's variables are the leg's, so a later script on the leg sees them.
        self.variables = leg.variables
        self.variables.update(call.variables)
        self.variables.setdefault("CallStatus", "ringing")
        self.url = call.url
        self.answered = False
        #: Documents fetched one after another without the caller pressing a key: more
        #: than MAX_REDIRECTS is a loop. A caller walking through a deep menu is not one.
        self.fetched = 0
        #: The running document's ``<Press>`` bindings (run/press.py), None until one
        #: binds: while set, prompts are cut short by bound keys and the document's end
        #: waits for one.
        self.bindings: Bindings | None = None

    # -- what runners use ---------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.leg.hung_up.is_set()

    def render(self, text: str) -> str:
        """``text`` with the call's variables substituted."""
        return substitute(text, self.variables)

    def emit(self, event: str, **fields: Any) -> None:
        if self.call.transcript is not None:
            self.call.transcript.emit(event, **fields)

    def set_variable(self, name: str, value: str, *, header: bool = False) -> None:
        self.variables[name] = value
        if header:
            self.leg.headers[name] = value
            self.emit("set", name=name, value=value, header=True)
        else:
            self.emit("set", name=name, value=value)

    async def answer(self) -> None:
        if not self.answered and not self.ended:
            self.answered = True
            await self.leg.answer()
            self.variables["CallStatus"] = "in-progress"

    def caller_acted(self) -> None:
        """The caller pressed keys: the documents fetched so far were not a loop."""
        self.fetched = 0

    def parameters(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The form parameters of a webhook request: the call's, then ``extra``."""
        params = {k: self.variables[k] for k in CALL_PARAMETERS if k in self.variables}
        params.update(extra or {})
        return params

    async def goto(
        self, target: str, method: str = "POST", extra: Mapping[str, str] | None = None
    ) -> NoReturn:
        """Fetch the document at ``target`` and continue the call there."""
        url = self.absolute(target)
        document = await self.fetch(url, method, self.parameters(extra))
        raise _Goto(document, url)

    def fail(self, message: str) -> NoReturn:
        """End the call with an application error (spoken, then hang-up)."""
        raise InterpreterError(message)

    def unsupported(self, node: Node, what: str = "") -> NoReturn:
        raise NotSupported(
            f"{what or '<' + node.TAG + '>'} is not supported yet (line {node.line})"
        )

    async def run_verbs(self, nodes: Iterable[Node]) -> None:
        """Run ``nodes`` in order until one ends the call."""
        for node in nodes:
            if self.ended:
                return
            verb = runners.RUNNERS.get(node.TAG)
            if verb is None:
                self.unsupported(node)
            if verb.answers:
                await self.answer()
            if self.bindings is not None and node.TAG in runners.PROMPTS:
                await self.bindings.prompt(self.resolve(node), self)
                continue
            await verb.run(self.resolve(node) if verb.resolve else node, self)

    def resolve(self, node: Node) -> Node:
        """``node`` with its templated attributes and text filled in and converted; a value
        that turns out bad is an :class:`InterpreterError` naming its line and column."""
        if not node.templated and "{" not in node.text:
            return node
        try:
            return node.resolve(self.render)
        except ConneXMLError as exc:
            raise InterpreterError("; ".join(str(p) for p in exc.problems)) from exc

    # -- fetching -----------------------------------------------------------------------

    def absolute(self, target: str) -> str:
        scheme = urlsplit(target).scheme.lower()
        if scheme in ("http", "https") or scheme in INTERNAL_SCHEMES:
            return target
        if not self.url or urlsplit(self.url).scheme.lower() not in ("http", "https"):
            raise FetchFailed(
                "not_allowed", f"the relative URL {target!r} needs a document fetched over HTTP"
            )
        return urljoin(self.url, target)

    async def fetch(self, url: str, method: str, params: Mapping[str, str]) -> Document:
        if self.fetched >= MAX_REDIRECTS:
            raise TooManyDocuments(
                f"more than {MAX_REDIRECTS} documents fetched one after another without "
                "the caller pressing a key (a redirect loop?)"
            )
        self.fetched += 1
        self.emit("webhook", method=method.upper(), url=url, params=dict(params))
        scheme = urlsplit(url).scheme.lower()
        if scheme in INTERNAL_SCHEMES:
            text = await self._internal(url, params)
        else:
            try:
                fetched = await fetch_document(
                    self._http(),
                    method,
                    url,
                    params,
                    secret=self.call.secret,
                    allow=self.call.allow,
                    time_limit=self.call.webhook_timeout,
                )
            except WebhookError as exc:
                raise FetchFailed(exc.kind, exc.message) from exc
            text = fetched.text
        try:
            return parse_cached(text)  # the same menu comes back call after call
        except ConneXMLError as exc:
            raise InterpreterError(f"the document from {url} is not valid ConneXML: {exc}") from exc

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = self._own_client = httpx.AsyncClient()
        return self._client

    async def _internal(self, target: str, params: Mapping[str, str]) -> str:
        if self.call.resolver is None:
            raise FetchFailed("no_resolver", f"{target} cannot be reached from this call")
        try:
            return await self.call.resolver(target, params)
        except LookupError as exc:
            raise FetchFailed("not_found", f"{target}: {exc}") from exc

    # -- the loop -----------------------------------------------------------------------

    async def run(self, document: Document) -> None:
        """Run ``document`` and whatever it leads to, then make sure the call has ended."""
        try:
            while True:
                try:
                    await self._run_document(document)
                except _Goto as goto:
                    document, self.url = goto.document, goto.url
                    continue
                break
        except (InterpreterError, ConneXMLError, ConditionError) as exc:
            await self._fail(exc.message if isinstance(exc, TrunklineError) else str(exc))
        except Exception as exc:
            # A bug here must not leave the caller on a dead line: report it, end the call
            # (no apology prompt, which could fail the same way) and let it propagate.
            log.exception("ConneXML call %s crashed", self.variables.get("CallSid", "?"))
            self.emit("error", message=f"internal error: {exc!r}")
            raise
        finally:
            if not self.ended:
                await self.leg.hangup("normal_clearing")
            self.variables["CallStatus"] = "completed"
            if self._own_client is not None:
                await self._own_client.aclose()

    async def _run_document(self, document: Document) -> None:
        verbs = document.verbs
        self.bindings = None  # Press bindings end with their document
        # Before initialises variables ahead of every other verb, wherever it stands.
        await self.run_verbs(v for v in verbs if v.TAG == "Before")
        await self.run_verbs(v for v in verbs if v.TAG != "Before")
        if self.bindings is not None:
            await self.bindings.wait(self)

    async def _fail(self, message: str) -> None:
        log.info("ConneXML call %s failed: %s", self.variables.get("CallSid", "?"), message)
        self.emit("error", message=message)
        if self.ended:
            return
        await self.answer()
        await self.leg.say(self.call.error_text)
        await self.leg.hangup("normal_clearing")


async def run_document(document: Document, leg: CallLeg, *, call: CallContext) -> None:
    """Run ``document`` on ``leg`` until the call ends; it always ends with a hang-up (or
    the Reject) when this returns. On a simulated leg, run it on the clock:
    ``await clock.run(run_document(doc, leg, call=call))``."""
    await Session(leg, call).run(document)
